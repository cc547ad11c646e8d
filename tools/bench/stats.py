"""The benchmark's figures and the arithmetic on them: percentiles, PSS, the printed table."""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field


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
    """One measured figure: its value, its target and, where it has one, its ratio to the anchor."""

    name: str
    value: float | None
    unit: str  # "ms", "KB", "MB", "req/s", "x", "count"
    target: str
    ratio: float | None = None
    passed: bool | None = None  # None: an anchor or a figure without a target
    note: str = ""
    detail: dict = field(default_factory=dict)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "count":
        return f"{int(value)}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("ms", "req/s") and value >= 100:
        return f"{value:.0f} {unit}"
    if unit == "ms" and value < 10:
        return f"{value:.2f} {unit}"
    return f"{value:.1f} {unit}"


def result_word(passed: bool | None) -> str:
    return {True: "pass", False: "MISSED", None: "-"}[passed]


def format_table(figures: list[Figure]) -> str:
    """A plain-text table: figure, measured, target, ratio to anchor, result."""
    head = ("figure", "measured", "target", "ratio", "result")
    rows = [(f.name, format_value(f.value, f.unit), f.target or "-",
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
