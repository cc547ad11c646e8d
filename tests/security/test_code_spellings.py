"""Another authority's code, however it is spelled (lower case, percent-encoded, old code), is refused
by the guard with 403 and an audit row; the data layer's own refusal is not the only line."""
from __future__ import annotations

import pytest
from accounts import OTHER_CODE, login_as

from data_access import audit

SPELLINGS = [OTHER_CODE.lower(), "%53%31%32%30%30%30%30%34%39", "%2553%2531%2532000049",
             "S12000046",  # Glasgow City's old code
             f" {OTHER_CODE} ", OTHER_CODE.replace("S", "s")]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_coordinator_asking_for_another_authority_is_refused_and_audited(auth_client, auth_app, spelling):
    login_as(auth_client, "coordinator")
    db = auth_app.server.extensions["oversight_db"]
    before = len(audit.recent(db, 1000))
    download = auth_client.get(f"/download/profile-milestones.csv?review=social-work-governance&authority={spelling}")
    assert download.status_code == 403, download.status_code  # refused by the guard, not only by data_access
    for url in (f"/local-authorities/{spelling}",
                f"/api/v1/reviews/social-work-governance/progress?authority={spelling}"):
        resp = auth_client.get(url)
        assert resp.status_code in (400, 403, 404), (url, resp.status_code)
        assert "Glasgow" not in resp.get_data(as_text=True)
    rows = audit.recent(db, 1000)
    assert len(rows) > before and (rows.outcome.head(len(rows) - before) == audit.DENIED).any()
