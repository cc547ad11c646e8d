"""A chart's figures travel alone; its words follow in a second answer asked for with a key.

Every page callback that fills chart panels answers with the figures, the page's own outputs (its
address, filters and their options) and one key; the words callback, asked with that key and the same
filters, answers with each panel's sentence, stamp, download links and any table. These tests send
what the browser sends, and what it never would: another person's key, a made-up key, a key that is
not text. The key grants nothing: the words always come from the caller's own scope and filters."""
from __future__ import annotations

import pytest
from accounts import csrf_header
from dash_helpers import _post, call, dependencies, find_callback, response_props

from dashboard.ui.panel import WORD_SLOTS

GOV = "social-work-governance"
EDINBURGH = "S12000036"

# Each page callback that fills charts: the input that finds it, a graph it writes, the values sent.
CHART_CALLBACKS = {
    "overview map": ("overview-review", "overview-map-graph", {"overview-review.value": GOV}, "/"),
    "overview matrix": ("overview-review", "overview-matrix-graph", {"overview-review.value": GOV}, "/"),
    "timeline": ("timeline-review", "timeline-gantt-graph", {"timeline-review.value": GOV}, "/timeline"),
    "surveys": ("surveys-review", "surveys-rates-graph",
                {"surveys-review.value": GOV, "surveys-survey.value": "staff-survey"}, "/surveys"),
    "themes": ("themes-review", "themes-frequency-graph", {"themes-review.value": GOV}, "/themes"),
    "profile": ("profile-review", "profile-milestones-graph",
                {"profile-review.value": GOV, "profile-code.data": EDINBURGH}, f"/local-authorities/{EDINBURGH}"),
    "publications": ("publications-sort", "publications-list-graph", {"publications-sort.value": "newest"},
                     "/publications"),
}


def _dep(client, name):
    input_id, graph, _values, _path = CHART_CALLBACKS[name]
    return find_callback(dependencies(client), input_id, output=graph)


def _first(client, name, **kwargs):
    """The figures' answer alone, as JSON props."""
    _input, _graph, values, path = CHART_CALLBACKS[name]
    resp = call(client, _dep(client, name), values, csrf_header(client), pathname=path, follow=False, **kwargs)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return response_props(resp)


def _words(client, name, key_value):
    """The words' answer for a key, with the page's filters as the browser sends them."""
    _input, graph, values, path = CHART_CALLBACKS[name]
    key = f"{graph.removesuffix('-graph')}-words"
    dep = next(d for d in dependencies(client) if [i["id"] for i in d["inputs"]] == [key])
    resp = _post(client, dep, {**values, f"{key}.data": key_value}, csrf_header(client), path, [f"{key}.data"])
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    return resp.get_json()["response"]


def _is_word(cid: str) -> bool:
    return cid.endswith(WORD_SLOTS)


@pytest.mark.parametrize("name", list(CHART_CALLBACKS))
def test_the_figures_answer_carries_the_figures_and_a_key_and_no_words(sign_in, name):
    inspector = sign_in("inspector")
    first = _first(inspector, name)
    graphs = [cid for cid, p in first.items() if "figure" in p]
    keys = [cid for cid in first if cid.endswith("-words")]
    assert graphs and len(keys) == 1
    assert not [cid for cid in first if _is_word(cid)], first.keys()
    assert not [cid for cid, p in first.items() if "style" in p]  # each chart's height is set in the browser
    words = _words(inspector, name, first[keys[0]]["data"])
    # Every chart in the first answer has its sentence, stamp and both downloads in the second.
    for graph in graphs:
        panel = graph.removesuffix("-graph")
        assert words[f"{panel}-summary"]["children"], panel
        assert words[f"{panel}-updated"]["children"], panel
        assert words[f"{panel}-download"]["href"].startswith("/download/"), panel
        assert words[f"{panel}-download-xlsx"]["href"].endswith(".xlsx" + words[f"{panel}-download"]["href"][
            len(words[f"{panel}-download"]["href"].split("?")[0]):]), panel
    assert not [cid for cid, p in words.items() if "figure" in p]


@pytest.mark.parametrize("made_up", ["0" * 24, "not-a-key", 12, None, ["a"], {"k": "v"}, "x" * 100_000])
def test_a_made_up_key_gets_the_words_the_filters_give(sign_in, made_up):
    inspector = sign_in("inspector")
    first = _first(inspector, "surveys")
    real = _words(inspector, "surveys", first["surveys-rates-words"]["data"])
    assert _words(inspector, "surveys", made_up) == real


@pytest.mark.parametrize("role, la", [("presenter", None), ("coordinator", EDINBURGH)])
def test_another_persons_key_opens_nothing_of_theirs(sign_in, role, la):
    """An inspector's key, sent by a presenter or a co-ordinator, gets exactly what their own key gets:
    their own words, never the inspector's, which name authorities they may not see."""
    inspector = sign_in("inspector")
    theirs_key = _first(inspector, "surveys")["surveys-rates-words"]["data"]
    inspector_words = _words(inspector, "surveys", theirs_key)
    other = sign_in(role, la)
    own_key = _first(other, "surveys")["surveys-rates-words"]["data"]
    own = _words(other, "surveys", own_key)
    assert own_key != theirs_key
    assert _words(other, "surveys", theirs_key) == own
    assert own != inspector_words
    assert own["surveys-rates-summary"]["children"] != inspector_words["surveys-rates-summary"]["children"]
