'use strict';
// The dashboard's plotly.js: its core (which holds scatter), bar and heatmap: every trace the dashboard
// draws. tests/dashboard/ui/test_plotly_bundle.py fails when a figure uses a trace not registered here.
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);

module.exports = Plotly;
