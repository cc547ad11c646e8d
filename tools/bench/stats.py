"""The benchmark's figures and the arithmetic on them: percentiles, PSS, targets, medians of runs, the printed table."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, fields


def percentile(values, q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    data = sorted(float(v) for v in values)
    if not data:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values) -> float:
    return percentile(values, 50)


def parse_pss_kb(smaps_rollup: str) -> int:
    """The proportional set size in kB from the text of /proc/<pid>/smaps_rollup (or smaps, summed)."""
    total, found = 0, False
    for line in smaps_rollup.splitlines():
        if line.startswith("Pss:"):
            parts = line.split()
            total += int(parts[1])
            found = True
    if not found:
        raise ValueError("no Pss line")
    return total


@dataclass
class Figure:
    """One measured figure: its value, its target and, where it has one, its ratio to the anchor.

    A figure measured over several runs holds the median of the runs in `value` and `ratio`, and each
    run's value in `runs` (its ratio in `ratio_runs`); `passed` is judged on the medians."""

    name: str
    value: float | None
    unit: str  # "ms", "KB", "MB", "req/s", "x", "count"
    target: str
    ratio: float | None = None
    passed: bool | None = None  # None: an anchor, a figure without a target, or one not measured
    note: str = ""
    detail: dict = field(default_factory=dict)
    limit: float | None = None  # the bound on the value: an upper one, or a lower one when `at_least`
    at_least: bool = False
    ratio_limit: float | None = None  # the bound on value / anchor
    anchor: float | None = None
    runs: list = field(default_factory=list)
    ratio_runs: list = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> Figure:
        """A figure back from `asdict`'s JSON; keys this version does not know are left out."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def judge(value: float | None, ratio: float | None, limit: float | None, ratio_limit: float | None,
          at_least: bool = False) -> bool | None:
    """Whether a value meets its bound and its ratio to the anchor; None without a target or a value."""
    if (limit is None and ratio_limit is None) or value is None:
        return None
    met = True
    if limit is not None:
        met = value >= limit if at_least else value <= limit
    if ratio_limit is not None:
        met = met and ratio is not None and ratio <= ratio_limit
    return met


def target_text(unit: str, limit: float | None, at_least: bool = False, ratio_limit: float | None = None,
                anchor: float | None = None) -> str:
    """The target in words: "<= 2x anchor (4.00 ms), <= 10 ms"; the anchor left out when not given."""
    parts = []
    if ratio_limit is not None:
        parts.append(f"<= {ratio_limit:g}x anchor" + (f" ({format_value(anchor, unit)})" if anchor is not None else ""))
    if limit is not None:
        if unit == "count" and limit == 0 and not at_least:
            parts.append("0")
        else:
            bound = f"{limit:g}x" if unit == "x" else f"{limit:g} {unit}"
            parts.append(f"{'>=' if at_least else '<='} {bound}")
    return ", ".join(parts)


def measured(name: str, value: float | None, unit: str, *, limit: float | None = None, at_least: bool = False,
             ratio_limit: float | None = None, anchor: float | None = None, note: str = "",
             detail: dict | None = None) -> Figure:
    """A figure with its target, its ratio to the anchor (when it has one) and its verdict."""
    ratio = value / anchor if value is not None and anchor else None
    return Figure(name, value, unit, target_text(unit, limit, at_least, ratio_limit, anchor), ratio,
                  judge(value, ratio, limit, ratio_limit, at_least), note, detail or {}, limit, at_least,
                  ratio_limit, anchor)


def median_or_none(values) -> float | None:
    present = [v for v in values if v is not None]
    return median(present) if present else None


def combine(runs: list[list[Figure]]) -> list[Figure]:
    """One figure per name from several runs' figures: the median of the runs' values, ratios and anchors,
    judged on those medians; each run's value kept (None where a run did not measure it)."""
    first: dict[str, Figure] = {}
    for figures in runs:
        for f in figures:
            first.setdefault(f.name, f)
    out = []
    for name, f in first.items():
        per_run = [next((g for g in figures if g.name == name), None) for figures in runs]
        values = [g.value if g else None for g in per_run]
        ratios = [g.ratio if g else None for g in per_run]
        value, ratio = median_or_none(values), median_or_none(ratios)
        anchor = median_or_none([g.anchor if g else None for g in per_run])
        target = target_text(f.unit, f.limit, f.at_least, f.ratio_limit, anchor) if f.limit is not None \
            or f.ratio_limit is not None else f.target
        out.append(Figure(name, value, f.unit, target, ratio, judge(value, ratio, f.limit, f.ratio_limit, f.at_least),
                          next((g.note for g in per_run if g and g.note), ""),
                          {"per_run": [g.detail if g else None for g in per_run]},
                          f.limit, f.at_least, f.ratio_limit, anchor, values, ratios))
    return out


def format_number(value: float, unit: str) -> str:
    """A value without its unit, at the precision its size deserves."""
    if unit == "count":
        return f"{int(value)}"
    if unit == "x":
        return f"{value:.2f}"
    if unit in ("ms", "req/s") and value >= 100:
        return f"{value:.0f}"
    if unit == "ms" and value < 10:
        return f"{value:.2f}"
    return f"{value:.1f}"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "count":
        return format_number(value, unit)
    if unit == "x":
        return f"{format_number(value, unit)}x"
    return f"{format_number(value, unit)} {unit}"


def format_measured(f: Figure) -> str:
    """The value, and each run's when there was more than one: "48.1 ms (runs: 47.0, 48.1, 52.3)"."""
    text = format_value(f.value, f.unit)
    if len(f.runs) > 1:
        text += " (runs: " + ", ".join("-" if v is None else format_number(v, f.unit) for v in f.runs) + ")"
    return text


def result_word(passed: bool | None) -> str:
    return {True: "pass", False: "MISSED", None: "-"}[passed]


def format_table(figures: list[Figure]) -> str:
    """A plain-text table: figure, measured, target, ratio to anchor, result."""
    head = ("figure", "measured", "target", "ratio", "result")
    rows = [(f.name, format_measured(f), f.target or "-",
             f"{f.ratio:.2f}x" if f.ratio is not None else "-", result_word(f.passed)) for f in figures]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]

    def line(row) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()

    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def missed(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if f.passed is False]


def time_ms(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out
