/* The chart panels' own controls (dashboard/ui/panel.py chart_controls): download the chart as a PNG, and
   reset its zoom. They sit outside the chart, which is one image to assistive technology. */
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest && event.target.closest("button.chart-png, button.chart-reset");
  if (!button || !window.Plotly) {
    return;
  }
  var holder = document.getElementById(button.getAttribute("data-graph"));
  var plot = holder && holder.querySelector(".js-plotly-plot");
  if (!plot) {
    return;
  }
  if (button.classList.contains("chart-png")) {
    var name = (button.getAttribute("data-filename") || "chart").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
    window.Plotly.downloadImage(plot, {format: "png", scale: 2, filename: name});
  } else {
    window.Plotly.relayout(plot, {"xaxis.autorange": true, "yaxis.autorange": true});
  }
});
