"""The pack button on /present: the build runs in the background with progress, and the ZIP it offers
goes only to the user who built it."""
from __future__ import annotations

import io
import time
import zipfile

from dash_helpers import call, dependencies, find_callback, response_props

GOV = "social-work-governance"


def build(client):
    dep = find_callback(dependencies(client), "present-pack-build", output="present-pack-job")
    resp = call(client, dep, {"present-pack-build.n_clicks": 1, "present-nav.data": {"review": GOV, "slide": 1}},
                changed=["present-pack-build.n_clicks"])
    assert resp.status_code == 200
    return response_props(resp)


def poll(client, job):
    dep = find_callback(dependencies(client), "present-pack-poll", output="present-pack-progress")
    return call(client, dep, {"present-pack-poll.n_intervals": 1, "present-pack-job.data": job},
                changed=["present-pack-poll.n_intervals"])


def test_the_button_builds_the_pack_in_the_background_and_offers_a_zip(sign_in):
    client = sign_in("presenter")
    started = build(client)
    job = started["present-pack-job"]["data"]
    assert started["present-pack-poll"]["disabled"] is False  # the page polls; the request did not wait
    seen = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        props = response_props(poll(client, job))
        seen.append(props["present-pack-status"]["children"])
        if props["present-pack-poll"]["disabled"]:
            break
        time.sleep(0.5)
    assert props["present-pack-status"]["children"] == "The pack is ready.", seen[-3:]
    assert any("%" in s for s in seen[:-1])  # progress was reported on the way
    href = props["present-pack-link"]["href"]
    resp = client.get(href)
    assert resp.status_code == 200 and resp.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(resp.data)).namelist()
    assert "README.txt" in names and sum(n.endswith(".png") for n in names) >= 7
    assert any(n.endswith("_slides.pdf") for n in names) and any(n.endswith("_slides.pptx") for n in names)
    assert "webinar-pack.zip" in resp.headers["Content-Disposition"] and GOV in resp.headers["Content-Disposition"]

    other = sign_in("inspector")  # the same browser, now someone else: the pack is not theirs
    assert other.get(href).status_code == 404
    assert response_props(poll(other, job))["present-pack-status"]["children"] == ""


def test_junk_jobs_and_other_roles_get_nothing(sign_in, client):
    assert client.get("/present/pack/" + "0" * 32 + ".zip").status_code == 401
    presenter = sign_in("presenter")
    assert presenter.get("/present/pack/" + "0" * 32 + ".zip").status_code == 404
    assert presenter.get("/present/pack/..%2f..%2fetc.zip").mimetype != "application/zip"
    for junk in (None, 5, "../x", ["a"], {"a": 1}):
        assert response_props(poll(presenter, junk))["present-pack-poll"]["disabled"] is True
    coordinator = sign_in("coordinator", "S12000036")
    assert coordinator.get("/present/pack/" + "0" * 32 + ".zip").status_code == 403
