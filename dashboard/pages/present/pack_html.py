"""The slides as standalone HTML for the webinar pack: one page per slide to photograph, one to print.

The markup and stylesheet are the presenter canvas's own (assets/oversight.css and present.css), and
the charts are drawn by the plotly.js that ships inside the plotly package: nothing from a CDN.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import plotly
import plotly.utils

from dashboard.ui.format import uk_date

from .panels import Slide, value_class

ASSETS = Path(__file__).resolve().parents[3] / "assets"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PAGE_CSS = """
html, body { margin: 0; padding: 0; background: #fff; }
.present-canvas { position: relative; transform: none; }
.print-page { width: 1920px; height: 1080px; overflow: hidden; page-break-after: always; break-after: page; }
.print-page:last-of-type { page-break-after: auto; break-after: auto; }
@page { size: 1920px 1080px; margin: 0; }
"""
DRAW = """
<script>
window.packDrawn = false;
Promise.all(Array.from(document.querySelectorAll('[data-figure]')).map(function (el) {
  var fig = JSON.parse(el.getAttribute('data-figure'));
  return Plotly.newPlot(el, fig.data || [], fig.layout || {}, {staticPlot: true, displayModeBar: false});
})).then(function () { window.packDrawn = true; }, function (e) { window.packError = String(e); });
</script>
"""


def _css() -> str:
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in ("oversight.css", "present.css"))


def canvas_html(slide: Slide, number: int, total: int, day, demo: bool) -> str:
    """One slide's canvas: heading, sentence, cards, list or chart, and its source line."""
    e = html.escape
    parts = [f'<h1 class="present-heading">{e(slide.heading)}</h1>',
             f'<p class="present-summary">{e(slide.summary)}</p>']
    if slide.cards:
        parts.append('<div class="present-cards">' + "".join(
            f'<div class="headline-card"><div class="card-label">{e(str(c["label"]))}</div>'
            f'<div class="{value_class(c["value"])}">{e(str(c["value"]))}</div>'
            f'<div class="card-note">{e(str(c["note"]))}</div></div>'
            for c in slide.cards) + "</div>")
    if slide.items:
        parts.append('<ul class="present-items">' + "".join(f"<li>{e(i)}</li>" for i in slide.items) + "</ul>")
    if slide.figure is not None:
        figure = e(json.dumps(slide.figure, cls=plotly.utils.PlotlyJSONEncoder), quote=True)
        parts.append(f'<div class="present-graph-box"><div class="pack-graph" style="width:100%;height:100%" '
                     f'data-figure="{figure}"></div></div>')
    demo_label = '<span class="present-demo">Demonstration data</span>' if demo else ""
    parts.append(f'<div class="present-source"><span>Source: Review Oversight, national figures. Data as of '
                 f'{e(uk_date(day))}. Slide {number} of {total}.</span>{demo_label}</div>')
    return '<div class="present-canvas">' + "".join(parts) + "</div>"


def document(title: str, bodies: list[str]) -> str:
    """A whole HTML page holding one or more slide canvases, each on its own 1920x1080 page."""
    pages = "".join(f'<div class="print-page">{b}</div>' for b in bodies)
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{_css()}{PAGE_CSS}</style>"
            f'<script src="{PLOTLY_JS.as_uri()}"></script></head><body>{pages}{DRAW}</body></html>')
