"""The README's benchmark table, from the files `oversight bench --json` writes: a column per configuration
(engine and scale), a row per figure with a SPEC section 9 target, each cell the median of the runs and
whether it met its target; then the commit and the machine.

    python -m tools.bench.table docs/bench/sqlite-scale-1.json docs/bench/postgresql-scale-1.json ...
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .databases import ENGINE_NAMES, ENGINES
from .machine import describe_commit, describe_machine
from .stats import Figure, format_value, target_text


def configuration(report: dict) -> tuple[int, int]:
    """Where a report's column goes: SQLite before PostgreSQL, then by scale."""
    engine = report.get("engine", "sqlite")
    return (ENGINES.index(engine) if engine in ENGINES else len(ENGINES), int(report.get("scale", 1)))


def column_name(report: dict) -> str:
    engine = report.get("engine", "sqlite")
    return f"{ENGINE_NAMES.get(engine, engine)}, scale {report.get('scale')}"


def cell(f: Figure | None) -> str:
    if f is None:
        return "-"
    if f.value is None:
        return f"not measured{f' ({f.note})' if f.note else ''}"
    parts = [format_value(f.value, f.unit)]
    if f.ratio is not None:
        parts.append(f"{f.ratio:.2f}x anchor")
    parts.append({True: "met", False: "**missed**", None: ""}[f.passed])
    return ", ".join(p for p in parts if p)


def markdown_table(reports: list[dict]) -> str:
    # A later file for the same configuration replaces an earlier one.
    by_config = {configuration(r): r for r in reports}
    columns = [by_config[k] for k in sorted(by_config)]
    figures = [{f.name: f for f in map(Figure.from_json, r.get("figures", []))} for r in columns]
    rows: dict[str, Figure] = {}
    for found in figures:
        for name, f in found.items():
            if f.target and name not in rows:
                rows[name] = f
    head = ["figure", "target", *(column_name(r) for r in columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    for name, f in rows.items():
        target = target_text(f.unit, f.limit, f.at_least, f.ratio_limit) if f.limit is not None \
            or f.ratio_limit is not None else f.target
        lines.append("| " + " | ".join([name, target, *(cell(found.get(name)) for found in figures)]) + " |")
    lines.append("")
    lines += _provenance(columns)
    return "\n".join(lines)


def _provenance(columns: list[dict]) -> list[str]:
    """One line for the commit, runs and machine all columns share, or one per column where they differ."""
    def line(r: dict, when: str) -> str:
        return (f"{describe_commit(r.get('commit') or {})}, median of {r.get('runs', 1)} run(s), measured {when} "
                f"on {describe_machine(r.get('machine') or {})}.")

    shared = {json.dumps([r.get("commit"), r.get("runs"), r.get("machine")], sort_keys=True) for r in columns}
    if len(shared) == 1:
        times = sorted(r.get("measured_at") or "at an unknown time" for r in columns)
        return [line(columns[0], times[0] if times[0] == times[-1] else f"{times[0]} to {times[-1]}")]
    return [f"{column_name(r)}: {line(r, r.get('measured_at') or 'at an unknown time')}" for r in columns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.table",
                                     description="Print the Markdown table of `oversight bench --json` files.")
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    args = parser.parse_args(argv)
    reports = []
    for name in args.files:
        try:
            reports.append(json.loads(Path(name).read_text()))
        except (OSError, ValueError) as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            return 2
    print(markdown_table(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
