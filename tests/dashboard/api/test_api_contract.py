"""The data API keeps its contract: the OpenAPI document describes every endpoint, schemathesis finds no
server error and no answer outside the schema, and pandas reads every endpoint from a URL."""
from __future__ import annotations

import threading
import urllib.request

import pandas as pd
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from werkzeug.serving import make_server

from dashboard.api.contract import ENDPOINTS
from data_access.users import add_user, issue_token

GOV = "social-work-governance"
SLUGS = [GOV, "care-experienced-young-people", "joint-inspections-children-at-risk", "no-such-review"]
SURVEYS = ["staff-survey", "young-people", "national-survey", "no-such-survey"]


def _token(db, role: str, la: str | None = None) -> str:
    name = f"api-{role}-{la or 'all'}".lower()
    add_user(db, name, role, "a-long-test-password-1", la)
    return issue_token(db, name)


def _paths(slug: str = GOV, code: str = "staff-survey") -> list[str]:
    return ["/api/v1" + e.path.format(slug=slug, code=code) for e in ENDPOINTS]


def test_openapi_document_is_public_and_describes_every_endpoint(client, app):
    resp = client.get("/api/v1/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"] == "3.1.0" and doc["servers"] == [{"url": "/api/v1"}]
    served = {r.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
              for r in app.server.url_map.iter_rules() if r.endpoint.startswith("api.") and r.endpoint != "api.unknown"}
    assert served == set(doc["paths"])
    themes = doc["components"]["schemas"]["ThemesRow"]
    assert themes["properties"]["tally"]["type"] == ["integer", "null"]
    assert themes["properties"]["tally_suppressed"]["type"] == "boolean"
    assert themes["additionalProperties"] is False
    progress = doc["paths"]["/reviews/{slug}/progress"]["get"]
    assert {p["name"] for p in progress["parameters"]} == {"slug", "format"}
    assert "oneOf" in progress["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    responses = doc["paths"]["/reviews/{slug}/surveys/{code}/responses"]["get"]
    assert {p["name"] for p in responses["parameters"]} == {"slug", "code", "family_group", "start", "end", "format"}


def test_html_reference_is_generated_from_the_document_without_scripts(client):
    resp = client.get("/api/v1/docs")
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert "<script" not in page and "http://" not in page and "https://" not in page
    for endpoint in ENDPOINTS:
        assert f"GET /api/v1{endpoint.path}" in page
    assert 'id="problem-404"' in page and "tally_suppressed" in page and "family_group" in page


def _narrowed(doc: dict) -> dict:
    """The document with path and filter values drawn from the demonstration data (and one unknown
    value each), so generated requests reach real rows rather than only 404s."""
    for item in doc["paths"].values():
        for param in item["get"].get("parameters", []):
            if param["name"] in ("slug", "review"):
                param["schema"] = {"type": "string", "enum": SLUGS}
            elif param["name"] in ("code", "survey"):
                param["schema"] = {"type": "string", "enum": SURVEYS}
            elif param["name"] in ("start", "end"):
                param["schema"] = {"type": "string", "format": "date",
                                   "enum": ["2024-08-01", "2024-09-01", "2024-09-15", "2024-10-01"]}
    return doc


@pytest.mark.parametrize("role, la", [("inspector", None), ("presenter", None), ("coordinator", "S12000036")])
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(app, seeded_db, role, la):
    token = _token(seeded_db, role, la)
    schema = schemathesis.openapi.from_dict(_narrowed(app.server.test_client().get("/api/v1/openapi.json").get_json()))
    schema.app = app.server
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(ENDPOINTS) + 2
    calls = []

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, derandomize=True, deadline=None, database=None, phases=[Phase.explicit,
                  Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
            calls.append(response.status_code)
            assert response.status_code < 500

        check()
    assert len(calls) >= len(operations) and calls.count(200) >= len(ENDPOINTS)


@pytest.fixture
def served(app):
    """The app on a free loopback port, for clients that need a URL (pandas)."""
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def bearer():
    """Send a token with every urllib request, so pandas is called with the URL alone."""
    def install(token: str):
        opener = urllib.request.build_opener()
        opener.addheaders = [("Authorization", f"Bearer {token}")]
        urllib.request.install_opener(opener)

    yield install
    urllib.request.install_opener(None)


def test_pandas_reads_every_endpoint_as_json_and_csv(served, bearer, seeded_db, client):
    bearer(_token(seeded_db, "inspector"))
    for path in _paths():
        expected = urllib.request.urlopen(served + path).read()
        as_json = pd.read_json(served + path)
        as_csv = pd.read_csv(served + path + "?format=csv")
        assert len(as_json) == len(as_csv) > 0, path
        assert [c for c in as_json.columns if not c.endswith("_suppressed")] == list(as_csv.columns), path
        assert expected.startswith(b"[{"), path
    rows = pd.read_csv(f"{served}/api/v1/reviews/{GOV}/document-returns?format=csv")
    assert rows.documents.dtype.kind == "i" and rows.documents.iloc[-1] == 1032
    assert list(rows.columns[:2]) == ["gss_code", "name"]
    timeline = pd.read_csv(f"{served}/api/v1/reviews/{GOV}/timeline?format=csv")
    assert timeline.seq.dtype.kind == "i"


def test_pandas_reads_suppressed_values_as_c_in_csv_and_null_in_json(app, served, bearer, seeded_db):
    app.server.config["SDC_K"] = 400  # a threshold above some national tallies, so some are withheld
    bearer(_token(seeded_db, "coordinator", "S12000036"))
    url = f"{served}/api/v1/reviews/{GOV}/themes"
    as_json = pd.read_json(url)
    as_csv = pd.read_csv(url + "?format=csv")
    hidden = as_json.tally_suppressed
    assert hidden.any() and not hidden.all()
    assert as_json.tally[hidden].isna().all()
    assert (as_csv.tally.astype(str)[hidden.values] == "c").all()
