"""A profile's title names its authority, for a caller who may open that profile only."""
from __future__ import annotations

from accounts import EDINBURGH, OTHER_CODE, login_as
from page_helpers import call_as, route

from dashboard.pages.local_authority.layout import profile_title
from data_access.scope import Scope

EDINBURGH_TITLE = "City of Edinburgh: local authority profile - Review Oversight"


def test_the_router_titles_the_profile_with_the_authoritys_name(auth_client):
    login_as(auth_client, "inspector")
    resp = route(auth_client, f"/local-authorities/{EDINBURGH}")
    assert resp.get_json()["response"]["_pages_store"]["data"]["title"] == EDINBURGH_TITLE
    html = auth_client.get(f"/local-authorities/{EDINBURGH}").get_data(as_text=True)
    assert f'property="og:title" content="{EDINBURGH_TITLE}"' in html  # the renderer sets the tab's title from it


def test_the_title_never_names_an_authority_the_caller_may_not_open(app):
    assert call_as(app, profile_title, EDINBURGH, scope=Scope("coordinator", EDINBURGH)) == EDINBURGH_TITLE
    generic = "Local authority - Review Oversight"
    assert call_as(app, profile_title, OTHER_CODE, scope=Scope("coordinator", EDINBURGH)) == generic
    assert call_as(app, profile_title, EDINBURGH, scope=Scope("presenter")) == generic
    assert call_as(app, profile_title, "S12999999", scope=Scope("inspector")) == generic
    assert call_as(app, profile_title, "s12000036", scope=Scope("inspector")) == EDINBURGH_TITLE
