"""A 5 KB workbook declaring a sheet of 1,048,576 rows by 16,384 columns is refused before a row is read."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from import_corpus.hostile import dimension_bomb
from services import ROOT

MEMORY_CAP = int(1.5 * 1024 ** 3)
# Runs in a fresh interpreter whose address space is capped, so a reader that built the declared
# rows would die of MemoryError instead of quietly succeeding on a large machine.
CHECK = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
    from data_access.importers.problems import FileRejected
    from data_access.importers.readers import read_table
    content = open(sys.argv[1], "rb").read()
    started = time.perf_counter()
    try:
        read_table("bomb.xlsx", content, ("authority", "milestone", "due_date", "completed_on"))
        outcome = {{"refused": False}}
    except FileRejected as exc:
        outcome = {{"refused": True, "rules": [p.rule for p in exc.problems]}}
    outcome["seconds"] = time.perf_counter() - started
    print(json.dumps(outcome))
""")


def _check_in_capped_process(path: Path) -> dict:
    root = ROOT
    done = subprocess.run([sys.executable, "-c", CHECK.format(cap=MEMORY_CAP), str(path)], capture_output=True,
                          text=True, timeout=120, cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize(("dimension", "last_row", "rule"), [
    ("A1:XFD1048576", 1048576, "declares a used range of A1:XFD1048576 (1,048,576 rows by 16,384 columns)"),
    (None, 1048576, "more than 250,000 rows"),  # no declared range: the actual rows are counted as they stream
    ("A1:D2", 1048576, "more than 250,000 rows"),  # a declared range that lies is not trusted either
])
def test_a_dimension_bomb_is_refused_quickly_within_a_memory_cap(tmp_path, dimension, last_row, rule):
    content = dimension_bomb(dimension, last_row)
    assert len(content) < 8 * 1024
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(content)

    started = time.perf_counter()
    outcome = _check_in_capped_process(path)

    assert outcome["refused"], outcome
    assert any(rule in r for r in outcome["rules"]), outcome["rules"]
    assert outcome["seconds"] < 5
    assert time.perf_counter() - started < 60


def test_a_value_beyond_the_column_cap_is_refused_and_empty_cells_there_are_ignored():
    from data_access.importers.problems import FileRejected
    from data_access.importers.readers import MAX_SHEET_COLUMNS, _within_caps

    assert _within_caps(3, ["a"] + [None] * (MAX_SHEET_COLUMNS + 50)) == ["a"] + [None] * (MAX_SHEET_COLUMNS - 1)
    with pytest.raises(FileRejected, match="row 3 has a value in column IQ, beyond the 250 columns read"):
        _within_caps(3, ["a"] + [None] * (MAX_SHEET_COLUMNS - 1) + ["x"])


def test_a_workbook_whose_declared_range_is_too_small_is_still_read_whole(tmp_path):
    """openpyxl trusts the declared range in read-only mode and would cut rows short; the reader does not."""
    from data_access.importers.readers import read_table

    table = read_table("small.xlsx", dimension_bomb("A1:A1", 40), ("authority", "milestone", "due_date",
                                                                     "completed_on"))
    assert [r.number for r in table.rows] == [40]
    assert table.rows[0].values["due_date"] == "2024-08-16"
