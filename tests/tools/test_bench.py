"""The benchmark's helpers (percentiles, PSS, callback bodies, targets, medians of runs, the tables), the
commit and machine it records, and its temporary PostgreSQL databases.

The runs here are short and assert nothing about speed: a benchmark prints figures, it does not test them.
"""
from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from importlib import metadata

import pytest
from services import PG_ADMIN_URL, ROOT, unavailable
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from dashboard.cli import build_parser
from tools.bench import anchors, browser, databases, load, measure, run, table
from tools.bench.client import BenchError, callback_body, callback_name, figures_in
from tools.bench.databases import Databases, choose_engine
from tools.bench.machine import (
    commit_info,
    describe_commit,
    describe_machine,
    machine_info,
    parse_cpu_model,
    parse_mem_total_kb,
)
from tools.bench.measure import page_figure
from tools.bench.stats import Figure, combine, format_table, judge, measured, missed, parse_pss_kb, percentile
from tools.bench.table import markdown_table

SMAPS_ROLLUP = """55d0c7a4e000-7ffd3a5f6000 ---p 00000000 00:00 0                          [rollup]
Rss:              130512 kB
Pss:              121382 kB
Pss_Dirty:        101004 kB
Pss_Anon:         100872 kB
Pss_File:          20378 kB
Shared_Clean:      19024 kB
"""


def test_percentile_interpolates_between_ranks():
    values = [5, 1, 4, 2, 3]  # order does not matter
    assert percentile(values, 0) == 1
    assert percentile(values, 50) == 3
    assert percentile(values, 100) == 5
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile([7], 95) == 7


def test_percentile_refuses_nothing_and_bad_ranks():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_pss_is_read_from_the_pss_line_only():
    assert parse_pss_kb(SMAPS_ROLLUP) == 121382


def test_pss_from_full_smaps_is_summed():
    smaps = "Size: 4 kB\nPss: 10 kB\nPss_Anon: 3 kB\nSize: 8 kB\nPss: 32 kB\n"
    assert parse_pss_kb(smaps) == 42


def test_pss_missing_is_an_error():
    with pytest.raises(ValueError):
        parse_pss_kb("Rss: 100 kB\n")


def test_table_shows_every_figure_with_target_ratio_and_result():
    figures = [
        Figure("anchor: empty callback round trip (median)", 3.1, "ms", ""),
        Figure("warm callback p95 (cache hit)", 12.5, "ms", "<= 2x anchor (4.00 ms), <= 10 ms", 3.125, False),
        Figure("throughput errors", 0, "count", "0", None, True),
        Figure("page ready /", None, "ms", "<= 1500 ms"),
    ]
    lines = format_table(figures).splitlines()
    assert lines[0].split() == ["figure", "measured", "target", "ratio", "result"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    warm = next(line for line in lines if line.startswith("warm callback"))
    assert "12.5 ms" in warm and "3.12x" in warm and warm.endswith("MISSED")
    errors = next(line for line in lines if line.startswith("throughput errors"))
    assert errors.split()[-1] == "pass" and " 0 " in errors
    assert "not measured" in next(line for line in lines if line.startswith("page ready"))
    # columns line up: every row starts its "measured" cell at the same place
    start = lines[0].index("measured")
    assert all(line[start - 2:start] == "  " for line in lines[2:])
    assert [f.name for f in missed(figures)] == ["warm callback p95 (cache hit)"]


def test_callback_body_matches_what_the_renderer_sends():
    dep = {"output": "..panel-summary.children...panel-graph.figure..",
           "inputs": [{"id": "review", "property": "value"}], "state": [{"id": "code", "property": "data"}]}
    body = json.loads(callback_body(dep, {"review.value": "social-work-governance"}))
    assert body["outputs"] == [{"id": "panel-summary", "property": "children"},
                               {"id": "panel-graph", "property": "figure"}]
    assert body["inputs"] == [{"id": "review", "property": "value", "value": "social-work-governance"}]
    assert body["state"] == [{"id": "code", "property": "data", "value": None}]
    assert body["changedPropIds"] == ["review.value"]
    single = json.loads(callback_body({"output": "url.href@abc", "inputs": []}, {}))
    assert single["outputs"] == {"id": "url", "property": "href"}


def test_figures_are_found_in_a_callback_response():
    response = {"multi": True, "response": {"panel-graph": {"figure": {"data": []}, "style": {}},
                                            "panel-summary": {"children": "text"}}}
    assert figures_in(response) == [("panel-graph", {"data": []})]
    assert figures_in({"multi": True, "response": {}}) == []


def test_a_callback_is_named_by_the_graphs_it_fills():
    assert callback_name(["overview-matrix-graph"]) == "overview-matrix-graph"
    assert callback_name(["themes-frequency-graph", "themes-sources-graph"]) == "themes-* (2 graphs)"


# -- targets and the median of several runs -------------------------------------------------------------

def test_a_figure_is_judged_on_its_bound_and_its_ratio_to_the_anchor():
    warm = measured("warm", 8.0, "ms", limit=10, ratio_limit=2, anchor=5.0)
    assert warm.ratio == pytest.approx(1.6) and warm.passed is True
    assert warm.target == "<= 2x anchor (5.00 ms), <= 10 ms"
    assert measured("warm", 8.0, "ms", limit=10, ratio_limit=2, anchor=3.0).passed is False  # 2.67x the anchor
    assert measured("warm", 11.0, "ms", limit=10, ratio_limit=2, anchor=6.0).passed is False  # over 10 ms
    assert measured("rate", 250.0, "req/s", limit=250, at_least=True).passed is True
    assert measured("rate", 249.9, "req/s", limit=250, at_least=True).target == ">= 250 req/s"
    assert measured("rate", 249.9, "req/s", limit=250, at_least=True).passed is False
    assert measured("errors", 1, "count", limit=0).passed is False
    assert measured("errors", 0, "count", limit=0).target == "0"
    assert measured("ratio", 1.2, "x", limit=1.05).target == "<= 1.05x"
    assert measured("anchor", 3.0, "ms").passed is None and measured("anchor", 3.0, "ms").target == ""
    assert measured("page", None, "ms", limit=1500).passed is None  # not measured is not a miss
    assert judge(9.0, None, None, 2.0) is False  # a ratio bound with no anchor measured


def _runs(*values, anchors=None, **bounds) -> list[list[Figure]]:
    anchors = anchors or [None] * len(values)
    return [[measured("anchor", a or 1.0, "ms"), measured("warm", v, "ms", anchor=a, **bounds)]
            if v is not None else [measured("anchor", a or 1.0, "ms")] for v, a in zip(values, anchors)]


def test_the_median_of_the_runs_is_reported_and_judged():
    [_, warm] = combine(_runs(12.0, 8.0, 9.0, limit=10))
    assert warm.value == 9.0 and warm.runs == [12.0, 8.0, 9.0]
    assert warm.passed is True  # one run missed, the median did not
    [_, warm] = combine(_runs(9.0, 11.0, 12.0, limit=10))
    assert warm.value == 11.0 and warm.passed is False  # one run met it, the median did not
    [_, even] = combine(_runs(8.0, 12.0, limit=10))
    assert even.value == 10.0 and even.passed is True


def test_ratios_and_anchors_are_medians_of_the_runs_too():
    [_, warm] = combine(_runs(6.0, 9.0, 7.0, anchors=[4.0, 3.0, 2.0], limit=10, ratio_limit=2))
    assert warm.ratio_runs == [1.5, 3.0, 3.5]
    assert warm.ratio == 3.0 and warm.anchor == 3.0 and warm.value == 7.0
    assert warm.passed is False  # 7 ms is under 10 ms, but 3x the anchor is over 2x
    assert warm.target == "<= 2x anchor (3.00 ms), <= 10 ms"


def test_a_figure_one_run_did_not_measure_keeps_its_place_and_the_gap():
    [_, warm] = combine(_runs(5.0, None, 7.0, limit=10))
    assert warm.runs == [5.0, None, 7.0] and warm.value == 6.0
    [_, never] = combine([[measured("anchor", 1.0, "ms"), measured("warm", None, "ms", limit=10)]] * 2)
    assert never.value is None and never.passed is None and never.runs == [None, None]
    assert [f.name for f in combine([[measured("b", 1, "ms")], [measured("a", 1, "ms"), measured("b", 2, "ms")]])] \
        == ["b", "a"]


def test_the_text_table_shows_each_run_beside_the_median():
    figures = combine(_runs(47.0, 48.1, 52.3, limit=100))
    warm = next(line for line in format_table(figures).splitlines() if line.startswith("warm"))
    assert "48.1 ms (runs: 47.0, 48.1, 52.3)" in warm and warm.endswith("pass")
    single = format_table(combine(_runs(47.0, limit=100)))
    assert "runs:" not in single


# -- the README's table ---------------------------------------------------------------------------------

def _report(engine: str, scale: int, warm: list[float], *, sha="abc123def4567890", cpus=2) -> dict:
    figures = combine(_runs(*warm, anchors=[5.0] * len(warm), limit=10, ratio_limit=2))
    figures.append(combine([[measured("page ready /", None, "ms", limit=1500, note="chromium not installed")]])[0])
    day = 1 if scale == 1 else 2
    return {"engine": engine, "scale": scale, "runs": len(warm), "measured_at": f"2026-01-0{day}T10:00:00",
            "commit": {"sha": sha, "dirty": False},
            "machine": {"cpus": cpus, "cpu_model": "Test CPU", "memory_gb": 8.0, "platform": "Linux-test",
                        "python": "3.11.7", "packages": {"dash": "4.4.1"}, "chromium": None},
            "figures": [asdict(f) for f in figures]}


def test_the_markdown_table_has_a_column_per_configuration_and_a_row_per_target():
    reports = [_report("postgresql", 100, [9.0, 12.0, 11.0]), _report("sqlite", 1, [4.0, 6.0, 5.0]),
               _report("postgresql", 1, [7.0, 8.0, 9.0]), _report("sqlite", 100, [8.0, 9.5, 9.0])]
    lines = markdown_table(reports).splitlines()
    assert lines[0] == ("| figure | target | SQLite, scale 1 | SQLite, scale 100 | PostgreSQL, scale 1 | "
                        "PostgreSQL, scale 100 |")
    assert lines[1] == "| --- | --- | --- | --- | --- | --- |"
    rows = {cells[0]: cells for cells in (line.strip("| ").split(" | ") for line in lines[2:] if line.startswith("|"))}
    assert set(rows) == {"warm", "page ready /"}  # anchors have no target: no row
    assert rows["warm"][1] == "<= 2x anchor, <= 10 ms"
    assert rows["warm"][2:] == ["5.00 ms, 1.00x anchor, met", "9.00 ms, 1.80x anchor, met",
                                "8.00 ms, 1.60x anchor, met", "11.0 ms, 2.20x anchor, **missed**"]
    assert rows["page ready /"][2] == "not measured (chromium not installed)"
    provenance = [line for line in lines if line and not line.startswith("|")]
    assert len(provenance) == 1  # one commit and machine for every column
    assert "commit abc123def456," in provenance[0] and "median of 3 run(s)" in provenance[0]
    assert "2 CPUs (Test CPU)" in provenance[0] and "dash 4.4.1" in provenance[0]
    assert "2026-01-01T10:00:00 to 2026-01-02T10:00:00" in provenance[0]


def test_a_figure_without_a_target_of_its_own_is_shown_for_information_never_judged():
    figures = combine([[page_figure("page complete / (every sentence shown)", [1900.0, 2100.0, 2000.0], None),
                        page_figure("page ready / (cold browser)", [1600.0, 1400.0, 1500.0], 1500)]
                       for _ in range(2)])
    complete, ready = figures
    assert complete.value == 2000.0 and complete.passed is None and complete.target == "none (for information)"
    assert ready.value == 1500.0 and ready.passed is True
    report = _report("sqlite", 1, [5.0])
    report["figures"] += [asdict(f) for f in figures]
    rows = {line.split(" | ")[0].strip("| "): line for line in markdown_table([report]).splitlines()}
    assert rows["page complete / (every sentence shown)"].endswith("| none (for information) | 2000 ms |")
    assert "Targets missed" not in format_table(figures)


def test_the_markdown_table_names_each_columns_commit_when_they_differ_and_marks_gaps():
    old, new = _report("sqlite", 1, [5.0], sha="1" * 40), _report("sqlite", 100, [5.0], sha="2" * 40)
    new["figures"] = [f for f in new["figures"] if f["name"] != "page ready /"]
    lines = markdown_table([old, new]).splitlines()
    page = next(line for line in lines if line.startswith("| page ready /"))
    assert page.endswith("| not measured (chromium not installed) | - |")
    assert [line.split(":")[0] for line in lines if line.startswith(("SQLite, scale 1:", "SQLite, scale 100:"))] \
        == ["SQLite, scale 1", "SQLite, scale 100"]
    # A later file for the same configuration replaces an earlier one.
    again = _report("sqlite", 1, [7.0])
    assert "7.00 ms" in markdown_table([old, again]) and "5.00 ms" not in markdown_table([old, again])


def test_the_table_command_reads_bench_json_files(tmp_path, capsys):
    paths = []
    for engine, scale in (("sqlite", 1), ("postgresql", 1)):
        paths.append(tmp_path / f"{engine}-scale-{scale}.json")
        paths[-1].write_text(json.dumps(_report(engine, scale, [5.0, 6.0, 7.0])))
    assert table.main([str(p) for p in paths]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| figure | target | SQLite, scale 1 | PostgreSQL, scale 1 |")
    assert "6.00 ms, 1.20x anchor, met" in out
    assert table.main([str(tmp_path / "missing.json")]) == 2


# -- the commit and the machine -------------------------------------------------------------------------

def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                   check=True, capture_output=True)


def test_the_commit_is_the_checkouts_head_and_says_whether_tracked_files_changed(tmp_path):
    repo = tmp_path / "checkout"
    (repo / "sub").mkdir(parents=True)
    (repo / "sub" / "a.py").write_text("x = 1\n")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert commit_info(repo) == {"sha": head, "dirty": False}
    (repo / "results.json").write_text("{}")  # untracked: what `make bench-all` writes as it goes
    assert commit_info(repo)["dirty"] is False
    # The results folder is tracked, and rewritten as `make bench-all` goes: it does not count.
    (repo / "docs" / "bench").mkdir(parents=True)
    (repo / "docs" / "bench" / "sqlite-scale-1.json").write_text("{}")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "results")
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    (repo / "docs" / "bench" / "sqlite-scale-1.json").write_text('{"figures": []}')
    assert commit_info(repo) == {"sha": head, "dirty": False}
    (repo / "sub" / "a.py").write_text("x = 2\n")
    assert commit_info(repo) == {"sha": head, "dirty": True}
    # Not the top of a checkout (an installed copy inside one), or not a checkout at all: unknown.
    assert commit_info(repo / "sub") == {"sha": "unknown", "dirty": None}
    assert commit_info(tmp_path) == {"sha": "unknown", "dirty": None}
    assert describe_commit({"sha": "unknown", "dirty": None}) == "commit unknown"
    assert describe_commit({"sha": head, "dirty": True}) == f"commit {head[:12]} with uncommitted changes"


def test_the_machine_is_read_from_proc_and_the_installed_packages():
    cpuinfo = "processor\t: 0\ncpu family\t: 6\nmodel name\t: Intel(R)  Xeon(R) Gold 6248\nprocessor\t: 1\n"
    assert parse_cpu_model(cpuinfo) == "Intel(R) Xeon(R) Gold 6248"
    assert parse_cpu_model("processor\t: 0\nBogoMIPS\t: 50.00\nHardware\t: BCM2835\n") == "BCM2835"
    assert parse_cpu_model("processor\t: 0\n") is None
    assert parse_mem_total_kb("MemTotal:       16318480 kB\nMemFree:         123 kB\n") == 16318480
    assert parse_mem_total_kb("MemFree: 1 kB\n") is None
    m = machine_info()
    assert m["cpus"] == os.cpu_count() and m["python"] == platform.python_version()
    assert m["packages"] == {name: metadata.version(name) for name in ("dash", "plotly", "SQLAlchemy")}
    assert m["memory_gb"] and m["memory_gb"] > 0 and m["cpu_model"] and m["kernel"] == platform.release()
    assert (m["chromium"] is None) == (shutil.which("chromium") is None)
    if m["chromium"]:
        assert "Chromium" in m["chromium"] and any(c.isdigit() for c in m["chromium"])
    line = describe_machine(m)
    assert line.startswith(f"{os.cpu_count()} CPUs") and f"dash {metadata.version('dash')}" in line


def test_the_engine_comes_from_the_flag_or_the_url():
    assert choose_engine(None, None) == "sqlite"
    assert choose_engine("postgresql", None) == "postgresql"
    assert choose_engine(None, "postgresql+psycopg://u@h/db") == "postgresql"
    assert choose_engine("sqlite", "sqlite:////tmp/x.sqlite3") == "sqlite"
    with pytest.raises(BenchError, match="does not match"):
        choose_engine("sqlite", "postgresql://u@h/db")
    with pytest.raises(BenchError, match="SQLite or PostgreSQL"):
        choose_engine(None, "mysql://u@h/db")


# -- temporary PostgreSQL databases, and a short real run -----------------------------------------------

@pytest.fixture
def pg_databases():
    """The names of the server's databases, asked afresh on each call; skips (fails under CI) without a server."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")

    def names() -> set[str]:
        with admin.connect() as conn:
            return set(conn.execute(text("SELECT datname FROM pg_database")).scalars())

    yield names
    admin.dispose()


@pytest.mark.postgres
def test_temporary_postgresql_databases_are_created_and_dropped(pg_databases, tmp_path, monkeypatch):
    monkeypatch.setattr(databases, "LOCAL_POSTGRESQL", PG_ADMIN_URL)
    said = []
    dbs = Databases("postgresql", tmp_path, 1, None, said.append)
    url = dbs.url_for(1)
    assert dbs.url_for(1) == url  # one database per scale
    other = dbs.url_for(100)
    names = [make_url(u).database for u in (url, other)]
    assert all(n.startswith("oversight_bench_") for n in names) and names[0] != names[1]
    assert set(names) <= pg_databases()
    assert dbs.is_temporary(1) and dbs.describe()["urls"] == {"1": url, "100": other}
    held = create_engine(url)
    conn = held.connect()  # left open: the drop must end it
    conn.execute(text("SELECT 1"))
    dbs.drop_temporary()
    with pytest.raises(OperationalError):
        conn.execute(text("SELECT 1"))
    conn.close()
    held.dispose()
    assert not set(names) & pg_databases()
    assert any(f"{names[0]} dropped" in line for line in said)


@pytest.mark.postgres
def test_a_named_database_is_measured_but_never_dropped(pg_databases, postgres_url, tmp_path):
    dbs = Databases("postgresql", tmp_path, 1, postgres_url, lambda _m: None)
    assert dbs.url_for(1) == postgres_url and not dbs.is_temporary(1)
    other_url = make_url(dbs.url_for(100))
    other = other_url.database
    assert other in pg_databases() and other_url.host == make_url(postgres_url).host
    dbs.drop_temporary()
    assert other not in pg_databases() and make_url(postgres_url).database in pg_databases()


# Sample counts small enough for a whole run in well under a minute; the figures mean nothing.
QUICK = {(measure, "EMPTY_CALLS"): 5, (measure, "WARM_CALLS"): 10, (measure, "COLD_CALLS"): 3,
         (measure, "COLD_SCALES"): (1, 2), (anchors, "ANCHOR_REPEATS"): 5, (anchors, "IN_PROCESS_REPEATS"): 3,
         (load, "LOAD_CLIENTS"): 2, (load, "LOAD_SECONDS"): 0.5, (load, "LOAD_WARMUP_SECONDS"): 0.2,
         (browser, "PAGES"): ("/",), (browser, "PAGE_LOADS"): {"/": 1}, (browser, "PAGE_LOADS_OTHER"): 1}


@pytest.mark.postgres
def test_a_short_run_on_postgresql_reports_medians_and_drops_its_databases(pg_databases, tmp_path, monkeypatch,
                                                                         capsys):
    for (module, name), value in QUICK.items():
        monkeypatch.setattr(module, name, value)
    monkeypatch.setattr(databases, "LOCAL_POSTGRESQL", PG_ADMIN_URL)
    # A cold Chromium would double the time taken; the pages' own tests drive it.
    monkeypatch.setattr(browser, "page_ready", lambda *_args: ({"/": [900.0]}, {"/": [1000.0]}, []))
    before = pg_databases()
    out = tmp_path / "bench.json"
    args = build_parser().parse_args(["bench", "--engine", "postgresql", "--runs", "2", "--json", str(out),
                                      "--markdown"])
    assert run.main(args) == 0
    printed = capsys.readouterr().out
    result = json.loads(out.read_text())

    assert (result["engine"], result["scale"], result["runs"]) == ("postgresql", 1, 2)
    assert result["seconds"] > 0 and len(result["run_details"]) == 2
    names = {f["name"]: f for f in result["figures"]}
    assert {"cold callback p95 (cache miss), scale 1", "cold callback p95 (cache miss), scale 2",
            "warm callback p95 (cache hit)", "throughput errors"} <= set(names)
    for f in result["figures"]:
        assert len(f["runs"]) == 2, f["name"]
        if None not in f["runs"]:
            assert f["value"] == pytest.approx(sum(f["runs"]) / 2), f["name"]
    assert names["page ready / (cold browser, median of 1 load)"]["runs"] == [900.0, 900.0]
    complete = names["page complete / (every sentence shown, same loads)"]
    assert complete["runs"] == [1000.0, 1000.0] and complete["passed"] is None
    warm = names["warm callback p95 (cache hit)"]
    assert warm["passed"] == (warm["value"] <= 10 and warm["ratio"] <= 2)

    git = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert result["commit"]["sha"] == (git.stdout.strip() if git.returncode == 0 else "unknown")
    assert result["machine"]["cpus"] == os.cpu_count()
    assert result["machine"]["packages"]["SQLAlchemy"] == metadata.version("SQLAlchemy")

    created = {make_url(u).database for u in result["database"]["urls"].values()}
    assert len(created) == 2 and all(n.startswith("oversight_bench_") for n in created)
    assert not created & before and not created & pg_databases()  # new, and gone again

    assert "median of 2 run(s)" in printed and "(runs: " in printed
    assert "| figure | target | PostgreSQL, scale 1 |" in printed


SIGTERM_RUNNER = """import sys
from tools.bench import databases
databases.LOCAL_POSTGRESQL = sys.argv[1]
from dashboard.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.postgres
def test_sigterm_stops_the_server_and_drops_the_temporary_database(pg_databases, tmp_path):
    env = dict(os.environ, OVERSIGHT_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", SIGTERM_RUNNER, PG_ADMIN_URL, "bench", "--engine", "postgresql",
                             "--runs", "1"], cwd=str(tmp_path), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    said, created, workers = [], None, []
    try:
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            said.append(line)
            if (m := re.search(r"temporary database (oversight_bench_\w+) created", line)) and created is None:
                created = m.group(1)
            if (m := re.search(r"server up on \S+ with workers \[([\d, ]+)\]", line)):
                workers = [int(p) for p in m.group(1).split(",")]
                break
            assert time.monotonic() < deadline, "".join(said)
        assert created in pg_databases() and workers, "".join(said)
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, "".join(said) + rest
    assert f"temporary database {created} dropped" in rest
    assert created not in pg_databases()
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
