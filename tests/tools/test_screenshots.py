"""`make screenshots` photographs exactly the pages the registry lets each role open."""
from __future__ import annotations

import dashboard  # noqa: F401 - importing the app declares every page in the registry
from tools import screenshots


def test_each_role_is_photographed_on_the_pages_it_may_open():
    tool = screenshots
    names = {role: [tool.page_slug(p) for p in tool.pages_for(role)] for role in ("admin", "coordinator",
                                                                                    "presenter", "leader")}
    assert set(names["admin"]) == {"overview", "timeline", "surveys", "themes", "local-authority", "about",
                                   "accessibility", "authorities", "publications", "present", "speaker-notes", "data",
                                   "admin"}
    assert "admin" not in names["leader"] and "data" not in names["leader"] and "present" in names["leader"]
    assert set(names["coordinator"]) == {"overview", "timeline", "surveys", "themes", "local-authority", "about",
                                         "accessibility", "publications"}
    assert "local-authority" not in names["presenter"] and {"present", "speaker-notes"} <= set(names["presenter"])


def test_a_coordinator_is_photographed_on_their_own_profile():
    tool = screenshots
    profile = next(p for p in tool.pages_for("coordinator") if p.path_template)
    assert tool.page_path(profile, "S12000049") == "/local-authorities/S12000049"
    assert tool.page_path(profile, None) == f"/local-authorities/{tool.PROFILE_CODE}"
    about = next(p for p in tool.pages_for("coordinator") if p.name == "About")
    assert tool.page_path(about, "S12000049") == "/about"


def test_the_options_default_to_every_role_at_1280_wide():
    args = screenshots.build_parser().parse_args([])
    assert args.width == 1280 and args.roles == ["admin", "leader", "inspector", "coordinator", "presenter"]
    assert args.out.parts[-2:] == ("docs", "screenshots")
