"""`oversight bench`: the performance figures of SPEC section 9, measured against the production server on
a loopback port and compared with anchors measured in the same run; each figure is the median of several
runs (three unless --runs says otherwise), on SQLite or PostgreSQL.

A benchmark, not a test: it prints figures and says which targets were missed, and exits 0 either way.
It talks to the service as a browser does (HTTP, a signed-in session) and reads the database only
through `data_access`'s public functions; it never reaches into the app's internals.

Modules: `stats` (percentiles, figures and their targets, medians of runs, the text table), `client` (HTTP and
Dash callback bodies), `server` (the gunicorn process and /proc), `anchors` (the in-process reference timings),
`browser` (page ready in headless Chromium), `load` (the throughput run), `measure` (one run's figures),
`databases` (the database measured, and temporary ones), `machine` (the commit and the machine), `table` (the
README's Markdown table from `--json` files), `run` (one invocation of several runs, its report, and the `main`
that `oversight bench` calls).
"""
