/* Charts draw with the dashboard's own build of plotly.js, holding only bar, scatter and heatmap (all
   the dashboard draws; tools/plotly_bundle builds it), served from the dashboard's own assets and
   fetched only when a page first shows a chart, alongside its data rather than before it. dcc.Graph
   fetches the address in window._dashPlotlyJSURL when window.Plotly is not there yet; the renderer
   sets that address to the full bundle, so here it reads back as the dashboard's one, under the same
   path prefix. The full bundle is never fetched. */
(function () {
  var BUNDLE = "assets/vendor/plotly-dashboard-4.1.1.min.js";
  var prefix = "/";
  Object.defineProperty(window, "_dashPlotlyJSURL", {
    configurable: true,
    get: function () { return prefix + BUNDLE; },
    set: function (url) {
      var at = String(url).indexOf("_dash-component-suites/");
      if (at >= 0) { prefix = String(url).slice(0, at); }
    }
  });
})();
