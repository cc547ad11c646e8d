"""The charts draw with the dashboard's own build of plotly.js served from its own assets (bar, scatter and
heatmap are all it uses; tools/plotly_bundle builds it): a third of the full bundle's time to parse,
fetched only when a page first draws a chart (assets/plotly_bundle.js), and never from a CDN."""
from __future__ import annotations

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ASSETS = Path(__file__).resolve().parents[3] / "assets"
TRACE_TYPES = {"bar", "scatter", "heatmap"}  # what tools/plotly_bundle/entry.js registers


def _bundles() -> list[Path]:
    return sorted((ASSETS / "vendor").glob("plotly-*.min.js"))


def test_one_bundle_of_the_same_plotly_js_version_plotly_writes_figures_for():
    bundles = _bundles()
    assert len(bundles) == 1, bundles
    head = bundles[0].read_text(encoding="utf-8")[:200]
    assert re.search(r"plotly\.js \(dashboard: scatter, bar, heatmap - minified\) v(\S+)", head).group(1) \
        == get_plotlyjs_version()
    assert get_plotlyjs_version() in bundles[0].name


def test_every_trace_type_the_dashboard_draws_is_in_the_bundle():
    root = ASSETS.parent
    entry = (root / "tools" / "plotly_bundle" / "entry.js").read_text(encoding="utf-8")
    registered = {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", entry)) - {"core"}
    assert registered == TRACE_TYPES, registered
    used = set()
    for path in list((root / "dashboard").rglob("*.py")):
        used |= set(re.findall(r'"type": "(bar|scatter|heatmap|pie|box|histogram|choropleth|funnel|table|'
                               r'sankey|treemap|sunburst|indicator|violin|scattergeo|scattermapbox)"',
                               path.read_text(encoding="utf-8")))
    assert used and used <= TRACE_TYPES, used


def test_the_page_points_the_charts_at_the_bundle_and_fetches_no_plotly_before_it_is_needed(signed_in_client):
    page = signed_in_client.get("/").get_data(as_text=True)
    assert "/assets/plotly_bundle.js" in page
    assert "plotly.min.js" not in page and "cdn.plot.ly" not in page and "vendor/plotly" not in page
    named = re.search(r'"(assets/vendor/plotly-[^"]+)"', (ASSETS / "plotly_bundle.js").read_text()).group(1)
    assert (ASSETS.parent / named) == _bundles()[0]
    asset = signed_in_client.get("/" + named)
    assert asset.status_code == 200 and b"window.Plotly = Plotly" in asset.data


def test_the_page_runs_no_babel_polyfill_and_gets_the_generator_runtime_before_the_components(signed_in_client):
    page = signed_in_client.get("/").get_data(as_text=True)
    assert "polyfill@" not in page  # core-js for old browsers: not run by every page
    runtime = page.index("/assets/vendor/regenerator-runtime-0.14.1.js")
    assert runtime < page.index("/dcc/dash_core_components") and runtime < page.index("/build/dash_renderer")
    asset = signed_in_client.get("/assets/vendor/regenerator-runtime-0.14.1.js")
    assert asset.status_code == 200 and b"regeneratorRuntime = runtime" in asset.data
