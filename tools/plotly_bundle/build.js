// plotly.js's own esbuild settings (its esbuild-config.js), minified, with the one entry above.
const esbuild = require('esbuild');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { version } = require('plotly.js/package.json');
const path = require('path');

esbuild.build({
    entryPoints: [path.join(__dirname, 'entry.js')],
    outfile: path.join(__dirname, '..', '..', 'assets', 'vendor', `plotly-dashboard-${version}.min.js`),
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'eof',
    banner: { js: `/**\n* plotly.js (dashboard: scatter, bar, heatmap - minified) v${version}\n* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/` },
    footer: { js: 'window.Plotly = Plotly;' },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info'
}).catch(() => process.exit(1));
