"""The attack suite's reach over the spreadsheet downloads: the XLSX beside every CSV and a review's ZIP.

A co-ordinator sees no other authority's name or code, a presenter no authority's at all, and neither
a count of people from 1 to k-1, in any cell, sheet, file name or header. Each XLSX holds exactly
its CSV's numbers and each file in a ZIP is exactly the CSV the caller gets alone, so the ZIP and the
XLSX add nothing to what the per-chart downloads (and the differencing suite over the same reads) give.
"""
from __future__ import annotations

import io
import zipfile
from urllib.parse import parse_qsl

import pandas as pd
import pytest
from accounts import EDINBURGH, OTHER_CODE, leaks, login_as

from dashboard import registry

K = 5
REVIEWS = ["social-work-governance", "care-experienced-young-people", "self-evaluation-qi-6-4",
           "joint-inspections-children-at-risk"]
# Surveys of people (the others count authorities: a national survey of them, a self-evaluation each).
PEOPLE_SURVEYS = {"staff-survey", "young-people", "frontline-staff"}
PEOPLE_COLUMNS = {"Responses", "Responses so far", "Times coded", "Strengths", "Areas for improvement", "Total"}


def _small_counts(frame: pd.DataFrame, member: str) -> list[str]:
    if "surveys-" in member and not any(f"-{s}-" in member for s in PEOPLE_SURVEYS):
        return []
    found = []
    for column in PEOPLE_COLUMNS & set(frame.columns):
        values = pd.to_numeric(frame[column], errors="coerce")
        small = values[(values >= 1) & (values < K)]
        found += [f"{member}: {column} = {v:g}" for v in small]
    return found


def _zip_members(resp) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("role", ["coordinator", "presenter"])
def test_a_reviews_zip_holds_only_what_the_role_may_see(auth_client, role):
    login_as(auth_client, role)
    seen = 0
    for review in REVIEWS:
        resp = auth_client.get(f"/download/review/{review}.zip")
        if resp.status_code == 404:
            continue  # a review the co-ordinator's authority is not part of
        assert resp.status_code == 200, (review, resp.status_code)
        assert not leaks(str(resp.headers), role)
        members = _zip_members(resp)
        about = pd.read_csv(io.BytesIO(members.pop("about.csv")))
        assert sorted(about.File) == sorted(members)
        for name, body in members.items():
            text = body.decode()
            assert not leaks(name + text, role), (role, name, leaks(name + text, role)[:3])
            if role == "presenter":
                assert _small_counts(pd.read_csv(io.BytesIO(body)), name) == []
            # The same file as the caller downloads it alone: the ZIP adds nothing to the CSVs.
            row = about.loc[about.File == name].iloc[0]
            chart = next(n for n in registry.DOWNLOADS if f"-{n}-" in f"-{name}")
            alone = auth_client.get(f"/download/{chart}.csv?{row.Filters}")
            assert alone.data == body, (role, name)
            seen += 1
    assert seen >= 20


@pytest.mark.parametrize("role", ["coordinator", "presenter"])
def test_every_xlsx_holds_its_csvs_numbers_and_nothing_outside_the_scope(auth_client, role):
    login_as(auth_client, role)
    allowed = registry.paths_for(role)
    read = 0
    for name, (page, _download) in registry.DOWNLOADS.items():
        for review in REVIEWS:
            own = f"&authority={EDINBURGH}" if role == "coordinator" else ""
            query = f"review={review}&survey=staff-survey{own}"
            xlsx = auth_client.get(f"/download/{name}.xlsx?{query}")
            if page.path not in allowed:
                assert xlsx.status_code == 403, (role, name)
                break
            if xlsx.status_code == 404:
                continue
            assert xlsx.status_code == 200, (role, name, xlsx.status_code)
            sheets = pd.read_excel(io.BytesIO(xlsx.data), sheet_name=None, dtype=str, keep_default_na=False)
            every_cell = " ".join(" ".join(map(str, s.columns)) + " " + " ".join(s.to_numpy().ravel())
                                  for s in sheets.values())
            assert not leaks(every_cell + str(xlsx.headers), role), (role, name, review)
            csv = pd.read_csv(io.BytesIO(auth_client.get(f"/download/{name}.csv?{query}").data), dtype=str,
                              keep_default_na=False)
            data = sheets["Data"]
            assert list(data.columns) == list(csv.columns) and len(data) == len(csv), (role, name)
            if role == "presenter":
                assert _small_counts(pd.read_excel(io.BytesIO(xlsx.data)), f"{review}-staff-survey-{name}") == []
            read += 1
    assert read >= 20


@pytest.mark.parametrize("path", [f"/download/surveys-rates.xlsx?review=social-work-governance&authority={OTHER_CODE}",
                                  f"/download/review/social-work-governance.zip?authority={OTHER_CODE}",
                                  f"/download/review/social-work-governance.zip?x={OTHER_CODE.lower()}"])
def test_another_authoritys_code_is_refused_before_any_download(auth_client, path):
    login_as(auth_client, "coordinator")
    assert auth_client.get(path).status_code == 403


def test_the_zip_follows_the_page_roles(auth_client):
    """A presenter's ZIP has no profile; a co-ordinator's has their own authority's profile only."""
    login_as(auth_client, "coordinator")
    own = _zip_members(auth_client.get("/download/review/social-work-governance.zip"))
    assert any(f"-{EDINBURGH}-profile-" in n for n in own)
    assert all(dict(parse_qsl(f)).get("authority") in (None, EDINBURGH)
               for f in pd.read_csv(io.BytesIO(own["about.csv"])).Filters)
    auth_client.post("/logout", data={"csrf_token": auth_client.get_cookie("_csrf_token").value})
    login_as(auth_client, "presenter")
    national = _zip_members(auth_client.get("/download/review/social-work-governance.zip"))
    assert national and not any("profile-" in n for n in national)
