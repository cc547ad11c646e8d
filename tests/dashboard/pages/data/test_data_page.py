"""The data page: check an upload without writing, commit it, see history and quality; roles enforced."""
import base64
import re

import pytest
from dash_helpers import call, dependencies, find_callback, response_props
from sqlalchemy import func, select, text

from dashboard import create_app
from data_access import models as m
from data_access.users import add_user

GOV = "social-work-governance"


@pytest.fixture
def app(file_cache_app):
    """Uploads are held in the cache between checking and committing: a real (file-system) one."""
    return file_cache_app


def _upload(client, body: bytes, filename="eligible.csv", kind="survey-eligible", review=GOV):
    dep = find_callback(dependencies(client), "data-upload", output="data-check")
    contents = "data:text/csv;base64," + base64.b64encode(body).decode()
    return call(client, dep, {"data-upload.contents": contents, "data-upload.filename": filename,
                              "data-kind.value": kind, "data-review.value": review})


def _commit(client, token):
    dep = find_callback(dependencies(client), "data-commit", output="data-result")
    return call(client, dep, {"data-commit.n_clicks": 1, "data-token.data": token})


def _eligible(db, code="S12000036"):
    with db.engine.connect() as conn:
        return conn.execute(text("""SELECT e.eligible FROM survey_eligible e JOIN survey s ON s.id = e.survey_id
            JOIN review r ON r.id = s.review_id JOIN local_authority la ON la.id = e.authority_id
            WHERE r.slug = :r AND s.code = 'staff-survey' AND la.gss_code = :c"""), {"r": GOV, "c": code}).scalar()


def test_check_then_commit_writes_only_on_commit(sign_in, seeded_db):
    inspector = sign_in("inspector")
    before, version = _eligible(seeded_db), seeded_db.data_version()
    body = f"survey,authority,eligible\nstaff-survey,Edinburgh,{before + 50}\n".encode()
    resp = _upload(inspector, body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    props = response_props(resp)
    token = props["data-token"]["data"]
    assert token and props["data-commit"]["disabled"] is False
    assert _eligible(seeded_db) == before and seeded_db.data_version() == version  # checking wrote nothing
    props = response_props(_commit(inspector, token))
    assert "alert-success" in str(props["data-result"]["children"])
    assert _eligible(seeded_db) == before + 50
    assert seeded_db.data_version() == version + 1
    # The held file is gone once committed: a replayed commit writes nothing more.
    again = response_props(_commit(inspector, token))
    assert "expired" in str(again["data-result"]["children"])
    assert seeded_db.data_version() == version + 1


def test_a_bad_file_is_reported_row_by_row_and_never_held(sign_in, seeded_db):
    inspector = sign_in("inspector")
    body = b"survey,authority,eligible\nstaff-survey,Edinbrugh,10\nstaff-survey,Fife,-3\n"
    props = response_props(_upload(inspector, body))
    problems = props["data-problems"]["rowData"]
    assert props["data-token"]["data"] is None and props["data-commit"]["disabled"] is True
    assert {p["Row"] for p in problems} == {2, 3}
    assert any(p["Column"] == "authority" for p in problems)
    with seeded_db.reader() as s:
        assert s.scalar(select(func.count()).select_from(m.ImportBatch)) == 0  # a check records nothing


def test_a_check_of_a_large_bad_file_answers_briefly_and_offers_every_problem_as_csv(sign_in, seeded_db):
    """5,000 bad rows: the answer lists the first 50 and links to a CSV of all of them, for this user only."""
    inspector = sign_in("inspector")
    body = ("survey,authority,eligible\n" + "staff-survey,Nowhere Council,-1\n" * 5000).encode()
    resp = _upload(inspector, body)
    assert len(resp.get_data()) < 200_000
    props = response_props(resp)
    assert len(props["data-problems"]["rowData"]) == 50
    message = str(props["data-check"]["children"])
    assert "The first 50 of" in message
    link = re.search(r"/download/data-problems\.csv\?check=[\w-]+", message).group(0)
    csv = inspector.get(link)
    assert csv.status_code == 200
    lines = csv.get_data(as_text=True).splitlines()
    assert len([line for line in lines if "Nowhere Council" in line]) >= 5000
    assert inspector.get("/download/data-problems.csv?check=made-up").status_code == 404
    other = sign_in("admin")  # the same browser, now another importer: not theirs to download
    assert other.get(link).status_code == 404


def test_history_counts_and_quality_tables(sign_in):
    admin = sign_in("admin")
    dep = find_callback(dependencies(admin), "data-refresh", output="data-history")
    props = response_props(call(admin, dep, {"data-refresh.n_intervals": 0, "data-result.children": None}))
    counts = {r["Table"]: r["Rows"] for r in props["data-counts-table"]["rowData"]}
    assert counts["Local authorities"] == 32 and counts["Reviews"] == 4
    assert "warnings" in props["data-quality-summary"]["children"].lower()


@pytest.mark.parametrize("role,la", [("leader", None), ("presenter", None), ("coordinator", "S12000036")])
def test_other_roles_cannot_upload_or_commit(sign_in, seeded_db, role, la):
    client = sign_in(role, la)
    version = seeded_db.data_version()
    resp = _upload(client, b"survey,authority,eligible\nstaff-survey,Fife,10\n")
    assert resp.status_code == 403
    assert _commit(client, "made-up-token").status_code == 403
    assert client.get("/data").status_code == 403
    assert seeded_db.data_version() == version


def test_the_server_refuses_an_upload_over_the_limit_before_reading_it(seeded_url, tmp_path, seeded_db):
    small = create_app({"DATABASE_URL": seeded_url, "CACHE_TYPE": "FileSystemCache", "SECRET_KEY": "test-secret",
                        "CACHE_DIR": str(tmp_path / "cache2"), "MAX_CONTENT_LENGTH": 64 * 1024})
    client = small.server.test_client()
    add_user(seeded_db, "big-uploader", "inspector", "a-long-test-password-1")
    client.get("/login")
    client.post("/login", data={"username": "big-uploader", "password": "a-long-test-password-1",
                                "csrf_token": client.get_cookie("_csrf_token").value})
    client.environ_base["HTTP_X_CSRFTOKEN"] = client.get_cookie("_csrf_token").value
    version = seeded_db.data_version()
    resp = _upload(client, b"survey,authority,eligible\n" + b"staff-survey,Fife,10\n" * 5000)
    assert resp.status_code == 413
    body = resp.get_data(as_text=True)
    assert "larger than this service accepts" in body and "Traceback" not in body
    assert seeded_db.data_version() == version
