"""`make screenshots` in a real browser: one role's every page, signed in through the form, at 1280 wide."""
from __future__ import annotations

import struct

import pytest
from browser_support import chromium_or_skip

from data_access.users import add_user
from tools import screenshots

PASSWORD = "a-long-secret-for-screenshots-9"


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


@pytest.mark.browser
def test_a_presenter_gets_a_picture_of_every_page_they_may_open(live_app, tmp_path):
    chromium_or_skip()
    app, base = live_app
    add_user(app.server.extensions["oversight_db"], "pictures", "presenter", PASSWORD)
    tool = screenshots
    failures = tool.take(base, [("pictures", "presenter", None, PASSWORD)], ["presenter"], tmp_path,
                         1280, 900, full_page=False)
    assert failures == 0
    written = sorted(p.name for p in tmp_path.glob("*.png"))
    assert written == sorted(f"presenter-{tool.page_slug(p)}.png" for p in tool.pages_for("presenter"))
    assert "presenter-data.png" not in written and "presenter-overview.png" in written
    assert all(png_size(tmp_path / name) == (1280, 900) for name in written)
