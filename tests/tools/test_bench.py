"""The benchmark's pure helpers: percentiles, PSS parsing, the callback body and the printed table.

The benchmark itself is not run here: it prints figures, it asserts nothing about speed.
"""
from __future__ import annotations

import json

import pytest

from tools.bench.client import callback_body, callback_name, figures_in
from tools.bench.stats import Figure, format_table, missed, parse_pss_kb, percentile

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
