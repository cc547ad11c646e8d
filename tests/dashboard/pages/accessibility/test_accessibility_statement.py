"""The accessibility statement: public, on the GOV.UK model, and linked from every page's footer."""
from __future__ import annotations

import re

import pytest
from accounts import ROLE_USERS, login_as
from page_helpers import links, nodes, render_page, text_of

from dashboard.pages.accessibility import statement
from dashboard.ui.format import uk_date

CRITERION = re.compile(r"^\d\.\d\.\d{1,2} [A-Z]")


def test_anyone_signed_out_reads_the_statement_with_every_part_the_regulations_ask_for(auth_client):
    assert auth_client.get("/accessibility").status_code == 200  # not a redirect to sign in
    tree = render_page(auth_client, "/accessibility")
    text = text_of(tree)
    assert "Accessibility statement for Review Oversight" in text
    assert {n["props"].get("id"): text_of(n["props"]["children"]) for n in nodes(tree)
            if n.get("props", {}).get("id") == "compliance-status"} == {"compliance-status": "partially compliant"}
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in text
    failures = [n for n in nodes(tree) if n.get("props", {}).get("className") == "known-failure"]
    assert len(failures) == len(statement.KNOWN_FAILURES) >= 1
    for item, node in zip(statement.KNOWN_FAILURES, failures):
        said = text_of(node)
        assert item.problem in said and uk_date(item.fix_by) in said
        assert all(c in said for c in item.criteria)
    assert links(tree)["accessibility-contact"] == f"mailto:{statement.CONTACT_EMAIL}"
    assert f"within {statement.RESPONSE_DAYS} working days" in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018" in text
    dates = {n["props"]["id"]: n["props"]["children"] for n in nodes(tree)
             if n.get("props", {}).get("id") in ("prepared-date", "reviewed-date")}
    assert dates == {"prepared-date": uk_date(statement.PREPARED), "reviewed-date": uk_date(statement.REVIEWED)}
    assert "axe-core" in text and "keyboard" in text


def test_the_statements_facts_are_well_formed():
    assert statement.COMPLIANCE == "partially compliant"
    assert statement.REVIEWED >= statement.PREPARED
    for item in statement.KNOWN_FAILURES:
        assert item.criteria and all(CRITERION.match(c) for c in item.criteria), item.criteria
        assert item.fix_by > statement.PREPARED


def test_a_deployment_sets_its_own_contact_address(make_app):
    client = make_app(ACCESSIBILITY_CONTACT="access@example.org").server.test_client()
    assert links(render_page(client, "/accessibility"))["accessibility-contact"] == "mailto:access@example.org"


def test_the_contact_address_is_an_environment_setting_checked_at_start_up():
    from dashboard import config, settings

    chosen = settings.load({"OVERSIGHT_ACCESSIBILITY_CONTACT": " access@council.gov.uk "})
    assert config.flask_config(chosen)["ACCESSIBILITY_CONTACT"] == "access@council.gov.uk"
    assert config.flask_config(settings.load({}))["ACCESSIBILITY_CONTACT"] is None  # the statement's own
    for wrong in ("access", "access@", "@council.gov.uk", "access@council", "a b@council.gov.uk"):
        with pytest.raises(settings.ConfigError, match="OVERSIGHT_ACCESSIBILITY_CONTACT must be an email"):
            settings.load({"OVERSIGHT_ACCESSIBILITY_CONTACT": wrong})


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_every_role_may_read_the_statement(auth_client, role):
    login_as(auth_client, role)
    assert "partially compliant" in text_of(render_page(auth_client, "/accessibility"))


def test_the_sign_in_page_and_the_page_frame_link_to_the_statement_in_a_footer(auth_client):
    html = auth_client.get("/login").get_data(as_text=True)
    footer = re.search(r"<footer[^>]*>(.*?)</footer>", html, re.S)
    assert footer is not None and 'href="/accessibility"' in footer.group(1)
    for signed_in in (False, True):
        if signed_in:
            login_as(auth_client, "presenter")
        frame = auth_client.get("/_dash-layout").get_json()
        footers = [n for n in nodes(frame) if n.get("type") == "Footer"]
        assert len(footers) == 1 and links(footers[0]).get("Accessibility statement") == "/accessibility"


def test_the_page_shell_has_no_empty_footer(auth_client):
    html = auth_client.get("/about").get_data(as_text=True)
    assert "<footer" not in html  # Dash's scripts sit in <body>; the footer is the layout's own


def test_about_leads_to_the_statement_and_no_longer_holds_it(auth_client):
    tree = render_page(auth_client, "/about")
    assert links(tree)["about-accessibility"] == "/accessibility"
    assert "Known limits" not in text_of(tree) and "compliant" not in text_of(tree)
