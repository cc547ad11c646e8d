"""`oversight bench`: the performance figures of SPEC section 9, measured in one run against the
production server on a loopback port and compared with anchors measured in the same run.

A benchmark, not a test: it prints figures and says which targets were missed, and exits 0 either way.
It talks to the service as a browser does (HTTP, a signed-in session) and reads the database only
through `data_access`'s public functions; it never reaches into the app's internals.

Modules: `stats` (percentiles, figures, the table), `client` (HTTP and Dash callback bodies),
`server` (the gunicorn process and /proc), `anchors` (the in-process reference timings), `browser`
(page ready in headless Chromium), `load` (the throughput run), `run` (one run, its report, and the
`main` that `oversight bench` calls).
"""
