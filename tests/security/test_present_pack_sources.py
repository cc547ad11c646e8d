"""The webinar pack is drawn from this machine alone: the slide pages Chromium opens load plotly.js from
the installed plotly package and nothing from any other host."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from dashboard.pages.present import pack_html
from dashboard.pages.present.figures import ranked_bars
from dashboard.pages.present.panels import Slide


def test_slide_pages_load_nothing_from_another_host():
    frame = pd.DataFrame({"theme": ["A", "B"], "strengths": [12, 9]})
    slide = Slide("strengths", "Top strengths", "A and B.", ranked_bars(frame, "strengths", "Times", True),
                  frame, cards=[{"label": "x", "value": "1", "note": "<b>n</b>"}], items=["<script>x</script>"])
    page = pack_html.document("Deck", [pack_html.canvas_html(slide, 1, 1, dt.date(2024, 10, 1), demo=True)])
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources == [pack_html.PLOTLY_JS.as_uri()] and pack_html.PLOTLY_JS.exists()
    assert "@import" not in page and "url(http" not in page
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page  # slide text is escaped
    assert "Demonstration data" in page
