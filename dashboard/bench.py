"""`oversight bench`: the performance figures of SPEC section 9, measured in one run against the
production server on a loopback port and compared with anchors measured in the same run.

A benchmark, not a test: it prints figures and says which targets were missed, and exits 0 either way.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_USER = "bench-leader"
BENCH_ROLE = "leader"
COLD_SCALES = (1, 100)
PAGES = ("/", "/timeline", "/surveys", "/themes")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# How many samples each figure takes; small enough for the whole run to fit in a few minutes.
EMPTY_CALLS = 200
WARM_CALLS = 300
COLD_CALLS = 40
ANCHOR_REPEATS = 200
IN_PROCESS_REPEATS = 30
PAGE_LOADS = {"/": 5}
PAGE_LOADS_OTHER = 2
PAGE_TIMEOUT_MS = 20_000
LOAD_CLIENTS = 16
LOAD_WARMUP_SECONDS = 2.0
LOAD_SECONDS = 15.0
LOAD_MAX_REQUESTS = 20_000

# The page is ready when every graph has drawn the figure its callback sent (the layout's
# placeholder figure has no traces and no annotations). Returns the time since navigation began.
PAGE_READY_JS = """() => {
    const graphs = Array.from(document.querySelectorAll('.dash-graph'));
    if (!graphs.length || document.querySelector('[data-dash-is-loading="true"]')) return false;
    const drawn = graphs.every(g => {
        const plot = g.querySelector('.js-plotly-plot');
        if (!plot || !plot.querySelector('.main-svg')) return false;
        return (plot.data || []).length + (((plot.layout || {}).annotations) || []).length > 0;
    });
    return drawn ? Math.max(performance.now(), 0.001) : false;
}"""


# What each graph holds, for the report when a page is not drawn in time.
GRAPH_STATE_JS = """() => Array.from(document.querySelectorAll('.dash-graph')).map(g => {
    const plot = g.querySelector('.js-plotly-plot');
    return {id: g.id, plot: !!plot, svg: !!(plot && plot.querySelector('.main-svg')),
            traces: plot ? (plot.data || []).length : 0,
            loading: !!g.closest('[data-dash-is-loading="true"]')};
})"""


class BenchError(RuntimeError):
    """The benchmark could not run (the server did not start, sign-in failed, ...)."""


# -- pure helpers (unit-tested) ---------------------------------------------------------------
def percentile(values, q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    data = sorted(float(v) for v in values)
    if not data:
        raise ValueError("no values")
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    pos = (len(data) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values) -> float:
    return percentile(values, 50)


def parse_pss_kb(smaps_rollup: str) -> int:
    """The proportional set size in kB from the text of /proc/<pid>/smaps_rollup (or smaps, summed)."""
    total, found = 0, False
    for line in smaps_rollup.splitlines():
        if line.startswith("Pss:"):
            parts = line.split()
            total += int(parts[1])
            found = True
    if not found:
        raise ValueError("no Pss line")
    return total


@dataclass
class Figure:
    """One measured figure: its value, its target and, where it has one, its ratio to the anchor."""

    name: str
    value: float | None
    unit: str  # "ms", "KB", "MB", "req/s", "x", "count"
    target: str
    ratio: float | None = None
    passed: bool | None = None  # None: an anchor or a figure without a target
    note: str = ""
    detail: dict = field(default_factory=dict)


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "count":
        return f"{int(value)}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit in ("ms", "req/s") and value >= 100:
        return f"{value:.0f} {unit}"
    if unit == "ms" and value < 10:
        return f"{value:.2f} {unit}"
    return f"{value:.1f} {unit}"


def result_word(passed: bool | None) -> str:
    return {True: "pass", False: "MISSED", None: "-"}[passed]


def format_table(figures: list[Figure]) -> str:
    """A plain-text table: figure, measured, target, ratio to anchor, result."""
    head = ("figure", "measured", "target", "ratio", "result")
    rows = [(f.name, format_value(f.value, f.unit), f.target or "-",
             f"{f.ratio:.2f}x" if f.ratio is not None else "-", result_word(f.passed)) for f in figures]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    out = [line(head), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def missed(figures: list[Figure]) -> list[Figure]:
    return [f for f in figures if f.passed is False]


def time_ms(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def callback_body(dep: dict, values: dict) -> bytes:
    """The JSON body the renderer POSTs for callback `dep`; `values` maps "id.property" to a value."""
    def parts(output: str) -> list[dict]:
        chunks = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
        out = []
        for c in chunks:
            cid, prop = c.rsplit(".", 1)
            out.append({"id": cid, "property": prop.split("@")[0]})
        return out

    outs = parts(dep["output"])
    body = {
        "output": dep["output"],
        "outputs": outs if dep["output"].startswith("..") else outs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                   for i in dep["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
                  for s in dep.get("state", [])],
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
    }
    return json.dumps(body).encode()


def find_dep(deps: list[dict], *, input_id: str, input_prop: str, output_contains: str) -> dict:
    for dep in deps:
        if output_contains in dep["output"] and any(
                i["id"] == input_id and i["property"] == input_prop for i in dep["inputs"]):
            return dep
    raise BenchError(f"no callback from {input_id}.{input_prop} to {output_contains}")


def figures_in(response_json: dict) -> list[tuple[str, dict]]:
    """(component id, figure) for every figure a callback response carries."""
    out = []
    for cid, props in (response_json.get("response") or {}).items():
        if isinstance(props, dict) and isinstance(props.get("figure"), dict):
            out.append((cid, props["figure"]))
    return out


def callback_name(figure_ids) -> str:
    """A short name for a callback by the graphs it fills: 'overview-matrix-graph', 'themes-* (8 graphs)'."""
    ids = list(figure_ids)
    if len(ids) == 1:
        return ids[0]
    return f"{os.path.commonprefix(ids).rstrip('-')}-* ({len(ids)} graphs)"


def serialise(figure: dict) -> bytes:
    """The figure as Dash sends it: plotly's JSON encoder, on orjson."""
    from plotly.io.json import to_json_plotly

    return to_json_plotly(figure, engine="orjson").encode()


# -- the server ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces or brackets: the fields after its closing ')' are fixed.
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            out.append(int(entry))
    return sorted(out)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
        fields = fh.read().rsplit(")", 1)[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        text = Path(f"/proc/{pid}/smaps").read_text()
    return parse_pss_kb(text) / 1024.0


class Server:
    """gunicorn serving `dashboard.wsgi:server` on a free loopback port, as `oversight serve` does."""

    def __init__(self, database_url: str, folder: Path, workers: int = 2, threads: int = 4):
        self.database_url, self.folder = database_url, folder
        self.workers, self.threads = workers, threads
        self.instance = folder / "instance"
        self.instance.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log_path = folder / "server.log"

    def environment(self) -> dict:
        env = dict(os.environ)
        env.update({
            "OVERSIGHT_DATABASE_URL": self.database_url,
            "OVERSIGHT_INSTANCE_PATH": str(self.instance),
            "OVERSIGHT_SECRET_KEY": secrets.token_hex(32),
            # Cookies marked Secure are not sent over plain loopback HTTP.
            "OVERSIGHT_ENV": "development",
        })
        return env

    def start(self, timeout: float = 60.0) -> None:
        from .serving import gunicorn_command

        try:
            cmd = gunicorn_command(f"127.0.0.1:{self.port}", self.workers, self.threads,
                                   access_log=str(self.folder / "access.log"), error_log=str(self.log_path))
        except FileNotFoundError as exc:
            raise BenchError(str(exc)) from None
        # A session of its own: Ctrl-C reaches the benchmark, which stops the server in order.
        self.proc = subprocess.Popen(cmd, cwd=str(ROOT), env=self.environment(), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"the server stopped at start-up:\n{self.log_tail()}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200 and \
                        len(self.worker_pids()) >= self.workers:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise BenchError(f"the server did not answer /healthz within {timeout:.0f} s:\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        return children_of(self.proc.pid) if self.proc else []

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)


# -- an HTTP client signed in like a browser ---------------------------------------------------
def sign_in(base: str, username: str, password: str):
    import requests

    s = requests.Session()
    page = s.get(base + "/login", timeout=10)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if not match:
        raise BenchError("the sign-in form has no CSRF token")
    resp = s.post(base + "/login", data={"username": username, "password": password, "csrf_token": match.group(1),
                                          "next": "/"}, allow_redirects=False, timeout=30)
    if resp.status_code not in (302, 303) or not s.cookies.get("_csrf_token"):
        raise BenchError(f"sign-in failed with HTTP {resp.status_code}")
    s.headers.update({"X-CSRFToken": s.cookies.get("_csrf_token"), "Content-Type": "application/json"})
    return s


def post_callback(session, base: str, body: bytes) -> tuple[float, object]:
    t0 = time.perf_counter()
    resp = session.post(base + "/_dash-update-component", data=body, timeout=30)
    return (time.perf_counter() - t0) * 1000.0, resp


def timed_callbacks(session, base: str, body: bytes, n: int, before=None) -> list[float]:
    out = []
    for _ in range(n):
        if before is not None:
            before()
        ms, resp = post_callback(session, base, body)
        if resp.status_code not in (200, 204):
            raise BenchError(f"a callback answered HTTP {resp.status_code}: {resp.text[:200]}")
        out.append(ms)
    return out


# -- the run ---------------------------------------------------------------------------------------
class Run:
    """Everything one benchmark run starts and must clean up, and the figures it measures."""

    def __init__(self, args):
        self.args = args
        self.scale = int(args.scale)
        self.folder = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
        self.password = secrets.token_urlsafe(18)
        self.servers: list[Server] = []
        self.databases: list = []
        self.figures: list[Figure] = []
        self.details: dict = {}
        self.saved_env: dict[str, str | None] = {}
        self.notes: list[str] = [
            "The empty-callback anchor is the smallest existing callback (a map click with no point, answered 204 "
            "without reading data); the warm and cold figures time the overview's status matrix callback."]

    # -- set-up ----------------------------------------------------------------------------
    def log(self, message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    def set_env(self, **values: str) -> None:
        for key, value in values.items():
            self.saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def prepare_database(self, url: str, scale: int):
        """Migrate, seed at `scale` and add the bench user; returns the Database."""
        from data_access.db import Database
        from data_access.users import UserError, add_user, set_password
        from seed_data.load import seed

        db = Database(url)
        self.databases.append(db)
        t0 = time.perf_counter()
        db.upgrade()
        seed(db, scale=scale)
        try:
            add_user(db, BENCH_USER, BENCH_ROLE, self.password)
        except UserError:
            set_password(db, BENCH_USER, self.password)  # a --database-url used before
        self.log(f"database ready at scale {scale} in {time.perf_counter() - t0:.1f} s")
        return db

    def start_server(self, url: str, name: str) -> Server:
        server = Server(url, self.folder / name)
        self.servers.append(server)
        t0 = time.perf_counter()
        server.start()
        self.log(f"server up on {server.base} with workers {server.worker_pids()} in {time.perf_counter() - t0:.1f} s")
        return server

    def in_process_app(self, url: str):
        """The same app in this process, with no cache and the bench user's scope: for the anchors."""
        from dashboard import create_app
        from data_access.scope import Scope

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            app = create_app({"DATABASE_URL": url, "CACHE_TYPE": "NullCache", "SECRET_KEY": secrets.token_hex(16),
                              "REDIS_URL": None, "CACHE_DIR": str(self.folder / "anchor-cache")})
        scope = Scope(BENCH_ROLE, None, k=app.server.config["SDC_K"])
        app.server.extensions["oversight_scope"] = lambda: scope
        self.databases.append(app.server.extensions["oversight_db"])
        return app, scope

    # -- measurements ----------------------------------------------------------------------
    def endpoints(self, session, base: str) -> dict:
        deps = session.get(base + "/_dash-dependencies", timeout=10).json()
        review_deps = [d for d in deps if any(i["id"] == "overview-review" and i["property"] == "value"
                                              for i in d["inputs"])]
        return {
            "matrix": find_dep(deps, input_id="overview-review", input_prop="value",
                               output_contains="overview-matrix-graph.figure"),
            # The smallest callback the app has: a map click with no point raises PreventUpdate
            # straight away, so its round trip is the fixed cost of any callback (sign-in check,
            # CSRF, session, Dash's dispatch) and nothing else.
            "empty": find_dep(deps, input_id="overview-map-graph", input_prop="clickData", output_contains="url.href"),
            "overview": review_deps,
        }

    def default_review(self, app, scope) -> tuple[str, dt.date]:
        from data_access import queries
        from data_access.db import resolve_as_of

        db = app.server.extensions["oversight_db"]
        day, _ = resolve_as_of(db, app.server.config.get("AS_OF"))
        return queries.most_active_review(queries.reviews.uncached(db, scope, as_of=day)), day

    def empty_anchor(self, session, base: str, eps: dict) -> list[float]:
        body = callback_body(eps["empty"], {})
        timed_callbacks(session, base, body, 10)
        return timed_callbacks(session, base, body, EMPTY_CALLS)

    def matrix_response(self, session, base: str, body: bytes) -> tuple[dict, bytes]:
        ms, resp = post_callback(session, base, body)
        if resp.status_code != 200:
            raise BenchError(f"the matrix callback answered HTTP {resp.status_code}: {resp.text[:200]}")
        found = figures_in(resp.json())
        if not found:
            raise BenchError("the matrix callback sent no figure")
        return found[0][1], resp.content

    def serialise_anchor(self, figure: dict) -> list[float]:
        return time_ms(lambda: serialise(figure), ANCHOR_REPEATS)

    def cache_read_anchor(self, app, scope, review: str, day: dt.date) -> list[float]:
        """One read from the same kind of cache the server uses, of the frame the callback reads."""
        from flask import Flask
        from flask_caching import Cache

        from dashboard import _cache_config
        from data_access import queries

        db = app.server.extensions["oversight_db"]
        value = queries.milestone_status.uncached(db, scope, review, as_of=day)
        holder = Flask("bench-cache")
        holder.config.update(_cache_config({"REDIS_URL": os.environ.get("OVERSIGHT_REDIS_URL") or None,
                                            "CACHE_DIR": str(self.folder / "anchor-cache")}))
        cache = Cache(holder)
        key = f"oversight:bench:{secrets.token_hex(8)}"
        with holder.app_context():
            backend = holder.extensions["cache"][cache]
            backend.set(key, value)
            try:
                return time_ms(lambda: backend.get(key), ANCHOR_REPEATS)
            finally:
                backend.delete(key)

    def callback_work_anchor(self, app, review: str, day: dt.date) -> dict:
        """The matrix callback's own work with no cache, in this process: its SQL reads and its building."""
        from data_access import queries
        from dashboard.pages.overview.callbacks import update_matrix

        server = app.server
        db = server.extensions["oversight_db"]
        scope = server.extensions["oversight_scope"]()

        def whole():
            with server.test_request_context("/_dash-update-component", method="POST"):
                update_matrix(review)

        def sql():
            queries.reviews.uncached(db, scope, as_of=day)
            queries.milestone_status.uncached(db, scope, review, as_of=day)

        whole()
        return {"query_and_build": time_ms(whole, IN_PROCESS_REPEATS), "sql": time_ms(sql, IN_PROCESS_REPEATS)}

    def bumper(self, db):
        """A one-row UPDATE of the data version, so the next callback misses every cached read."""
        from sqlalchemy import update

        from data_access.models import DatasetMeta

        def bump():
            with db.engine.begin() as conn:
                conn.execute(update(DatasetMeta).where(DatasetMeta.id == 1)
                             .values(data_version=DatasetMeta.data_version + 1))
        return bump

    def cold_figure(self, scale: int, server: Server, session, eps: dict, app, db, review: str, day: dt.date,
                    empty: list[float], serialised: list[float], backend: str) -> Figure:
        body = callback_body(eps["matrix"], {"overview-review.value": review})
        bump = self.bumper(db)
        times = timed_callbacks(session, server.base, body, COLD_CALLS, before=bump)
        work = self.callback_work_anchor(app, review, day)
        anchor = median(empty) + median(serialised) + median(work["query_and_build"])
        p95 = percentile(times, 95)
        ratio = p95 / anchor
        return Figure(
            f"cold callback p95, scale {scale} ({backend})", p95, "ms", f"<= 2.5x anchor ({anchor:.1f} ms), <= 100 ms",
            ratio, ratio <= 2.5 and p95 <= 100,
            detail={"samples": len(times), "median_ms": median(times), "anchor_ms": anchor,
                    "anchor_parts_ms": {"empty_callback": median(empty), "serialise": median(serialised),
                                        "sql_and_build": median(work["query_and_build"]),
                                        "of_which_sql": median(work["sql"])}})

    def page_ready(self, base: str, session) -> tuple[dict, list[dict]]:
        """Cold-browser load times per page (ms) and the figure payloads the pages received."""
        chromium = shutil.which("chromium")
        if chromium is None:
            self.log("Debian chromium is not installed: page-ready not measured")
            return {}, []
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        from playwright.sync_api import sync_playwright

        cookies = [{"name": c.name, "value": c.value, "url": base} for c in session.cookies]
        times: dict[str, list[float]] = {}
        timeouts: dict[str, int] = {}
        payloads: list[dict] = []
        seen: set = set()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            try:
                for path in PAGES:
                    for i in range(PAGE_LOADS.get(path, PAGE_LOADS_OTHER)):
                        # A new context is a cold browser: no HTTP cache, no service worker, no storage.
                        context = browser.new_context(viewport={"width": 1366, "height": 900})
                        try:
                            context.add_cookies(cookies)
                            page = context.new_page()
                            responses, problems = [], []
                            page.on("response", lambda r, rs=responses: rs.append(r)
                                    if "/_dash-update-component" in r.url else None)
                            page.on("console", lambda m, ps=problems: ps.append(f"console {m.type}: {m.text[:200]}")
                                    if m.type in ("error", "warning") else None)
                            page.on("pageerror", lambda e, ps=problems: ps.append(f"page error: {str(e)[:200]}"))
                            page.on("requestfailed", lambda r, ps=problems: ps.append(
                                f"request failed: {r.url[-60:]} {r.failure}"))
                            page.goto(base + path, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
                            try:
                                ready = float(page.wait_for_function(PAGE_READY_JS, timeout=PAGE_TIMEOUT_MS,
                                                                     polling="raf").json_value())
                            except PlaywrightTimeout:
                                ready = float(PAGE_TIMEOUT_MS)  # never drawn: counted at the time limit
                                timeouts[path] = timeouts.get(path, 0) + 1
                                self.details.setdefault("page_timeout_evidence", []).append({
                                    "page": path, "load": i + 1, "problems": problems[:20],
                                    "callback_statuses": [r.status for r in responses],
                                    "graphs": page.evaluate(GRAPH_STATE_JS)})
                            times.setdefault(path, []).append(ready)
                            for r in responses:  # each callback's figures once; a later load fills any gap
                                self._payloads_from(path, r, payloads, seen)
                        finally:
                            context.close()
            finally:
                browser.close()
        for path, n in timeouts.items():
            self.log(f"{path}: {n} load(s) not drawn within {PAGE_TIMEOUT_MS / 1000:.0f} s")
        self.details["page_timeouts"] = timeouts
        return times, payloads

    @staticmethod
    def _payloads_from(path: str, response, payloads: list[dict], seen: set) -> None:
        try:
            body = response.body()
            data = json.loads(body)
        except Exception:  # noqa: BLE001 - a 204 (nothing to update) has no body
            return
        found = figures_in(data)
        if not found:
            return
        key = tuple(cid for cid, _ in found)
        if key in seen:
            return
        seen.add(key)
        sizes = {cid: len(serialise(fig)) for cid, fig in found}
        payloads.append({"page": path, "callback": callback_name(sizes), "figures": sizes,
                         "response_bytes": len(body),
                         "response_ratio": len(body) / max(sum(sizes.values()), 1)})

    def load_run(self, base: str, eps: dict, review: str, workers: list[int]) -> dict:
        """16 clients, each with its own signed-in session, calling the overview's callbacks (all warm)."""
        import requests

        bodies = [callback_body(d, {"overview-review.value": review}) for d in eps["overview"]]
        sessions = [sign_in(base, BENCH_USER, self.password) for _ in range(LOAD_CLIENTS)]
        for b in bodies:  # every answer is in the cache before the clock starts
            post_callback(sessions[0], base, b)
        lock = threading.Lock()
        latencies: list[float] = []
        errors: list[str] = []
        started = threading.Event()
        state = {"count": 0}
        clock: dict[str, float] = {}

        def client(n: int, s) -> None:
            started.wait()
            warm_until, stop_at = clock["warm_until"], clock["stop_at"]
            i = n
            while True:
                now = time.monotonic()
                if now >= stop_at:
                    return
                with lock:
                    if state["count"] >= LOAD_MAX_REQUESTS:
                        return
                body = bodies[i % len(bodies)]
                i += 1
                t0 = time.perf_counter()
                try:
                    resp = s.post(base + "/_dash-update-component", data=body, timeout=30)
                    ok = resp.status_code in (200, 204)
                    why = "" if ok else f"HTTP {resp.status_code}"
                except requests.RequestException as exc:
                    ok, why = False, type(exc).__name__
                ms = (time.perf_counter() - t0) * 1000.0
                if now >= warm_until:
                    with lock:
                        state["count"] += 1
                        latencies.append(ms)
                        if not ok:
                            errors.append(why)

        threads = [threading.Thread(target=client, args=(n, s), daemon=True) for n, s in enumerate(sessions)]
        for t in threads:
            t.start()
        clock["warm_until"] = time.monotonic() + LOAD_WARMUP_SECONDS
        clock["stop_at"] = clock["warm_until"] + LOAD_SECONDS
        started.set()
        # Where the CPU goes while the clock runs: the workers, and this process's clients.
        time.sleep(max(clock["warm_until"] - time.monotonic(), 0.0))
        server_cpu0, client_cpu0 = sum(cpu_seconds(w) for w in workers), sum(os.times()[:2])
        for t in threads:
            t.join(timeout=LOAD_WARMUP_SECONDS + LOAD_SECONDS + 60)
        server_cpu = sum(cpu_seconds(w) for w in workers) - server_cpu0
        client_cpu = sum(os.times()[:2]) - client_cpu0
        elapsed = max(min(time.monotonic(), clock["stop_at"]) - clock["warm_until"], 1e-6)
        for s in sessions:
            s.close()
        return {"requests": len(latencies), "seconds": elapsed, "rate": len(latencies) / elapsed,
                "p95_ms": percentile(latencies, 95) if latencies else None,
                "median_ms": median(latencies) if latencies else None,
                "errors": len(errors), "error_kinds": sorted(set(errors))[:10], "callbacks": len(bodies),
                "server_cpu_ms_per_request": 1000.0 * server_cpu / max(len(latencies), 1),
                "client_cpu_ms_per_request": 1000.0 * client_cpu / max(len(latencies), 1),
                "server_cpu_share_of_machine": server_cpu / (elapsed * (os.cpu_count() or 1)),
                "client_cpu_share_of_machine": client_cpu / (elapsed * (os.cpu_count() or 1))}

    # -- the whole run ------------------------------------------------------------------------
    def execute(self) -> None:
        started = time.perf_counter()
        self.set_env(OVERSIGHT_INSTANCE_PATH=str(self.folder / "in-process"),
                     OVERSIGHT_SECRET_KEY=secrets.token_hex(32))
        temporary = not self.args.database_url
        url = self.args.database_url or f"sqlite:///{self.folder / f'scale-{self.scale}.sqlite3'}"
        backend = url.split(":", 1)[0].split("+", 1)[0]
        self.details["database"] = {"backend": backend, "temporary": temporary, "scale": self.scale}
        self.log(f"working in {self.folder}")
        db = self.prepare_database(url, self.scale)
        app, scope = self.in_process_app(url)
        review, day = self.default_review(app, scope)
        self.details.update(review=review, as_of=day.isoformat(), bench_role=BENCH_ROLE)
        server = self.start_server(url, f"server-scale-{self.scale}")
        session = sign_in(server.base, BENCH_USER, self.password)
        eps = self.endpoints(session, server.base)

        empty, serialised, figure = self.measure_warm(server, session, eps, app, scope, review, day)
        self.log(f"cold callback at scale {self.scale}")
        cold = {self.scale: self.cold_figure(self.scale, server, session, eps, app, db, review, day,
                                             empty, serialised, backend)}
        self.measure_pages(server, session, eps, review, figure)
        self.measure_load(server, eps, review)
        server.stop()
        session.close()

        # The other scales each on a temporary database and server of their own, one at a time.
        for other in COLD_SCALES:
            if other != self.scale:
                cold[other] = self.measure_cold_elsewhere(other)
        warm_at = next(i for i, f in enumerate(self.figures) if f.name.startswith("warm callback"))
        for k, scale in enumerate(sorted(cold)):
            self.figures.insert(warm_at + 1 + k, cold[scale])
        self.details["seconds"] = round(time.perf_counter() - started, 1)

    def measure_warm(self, server: Server, session, eps: dict, app, scope, review: str, day: dt.date):
        """The anchors, then the matrix callback answered from the cache."""
        self.log("anchors: empty callback, serialising, one cache read")
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        empty = self.empty_anchor(session, server.base, eps)
        figure, _ = self.matrix_response(session, server.base, matrix_body)
        serialised = self.serialise_anchor(figure)
        cache_read = self.cache_read_anchor(app, scope, review, day)
        anchor = median(empty) + median(serialised) + median(cache_read)
        self.figures += [
            Figure("anchor: empty callback round trip (median)", median(empty), "ms", "", note="smallest callback"),
            Figure("anchor: serialising the matrix figure (median)", median(serialised), "ms", ""),
            Figure("anchor: one cache read (median)", median(cache_read), "ms", ""),
        ]
        self.log("warm callback")
        timed_callbacks(session, server.base, matrix_body, 5)
        warm = timed_callbacks(session, server.base, matrix_body, WARM_CALLS)
        p95 = percentile(warm, 95)
        self.figures.append(Figure(
            "warm callback p95 (cache hit)", p95, "ms", f"<= 2x anchor ({anchor:.2f} ms), <= 10 ms",
            p95 / anchor, p95 / anchor <= 2 and p95 <= 10,
            detail={"samples": len(warm), "median_ms": median(warm), "anchor_ms": anchor,
                    "anchor_parts_ms": {"empty_callback": median(empty), "serialise": median(serialised),
                                        "cache_read": median(cache_read)}}))
        return empty, serialised, figure

    def measure_pages(self, server: Server, session, eps: dict, review: str, figure: dict) -> None:
        """Page ready in a cold browser, and the size of every figure the pages received."""
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        timed_callbacks(session, server.base, matrix_body, 2)  # warm again after the cold figure
        _, matrix_bytes = self.matrix_response(session, server.base, matrix_body)
        self.log("page ready in headless Chromium (cold contexts)")
        ready, payloads = self.page_ready(server.base, session)
        if not any(p["callback"] == "overview-matrix-graph" for p in payloads):
            size = len(serialise(figure))
            payloads.append({"page": "/", "callback": "overview-matrix-graph",
                             "figures": {"overview-matrix-graph": size}, "response_bytes": len(matrix_bytes),
                             "response_ratio": len(matrix_bytes) / size, "via": "http"})
        for path in PAGES:
            if path in ready:
                v = median(ready[path])
                self.figures.append(Figure(f"page ready {path} (median of {len(ready[path])} cold loads)", v, "ms",
                                           "<= 1500 ms", None, v <= 1500,
                                           detail={"samples_ms": ready[path], "worst_ms": max(ready[path])}))
        if not ready:
            self.figures.append(Figure("page ready / (cold browser)", None, "ms", "<= 1500 ms",
                                       note="chromium not installed"))
        sizes = [b for p in payloads for b in p["figures"].values()]
        worst = max(payloads, key=lambda p: p["response_ratio"])
        typical_kb = median(sizes) / 1024.0
        self.figures.append(Figure(f"payload per figure (median of {len(sizes)})", typical_kb, "KB", "<= 50 KB typical",
                                   None, typical_kb <= 50, detail={"largest_kb": max(sizes) / 1024.0}))
        self.figures.append(Figure(f"payload: largest figure ({self._largest(payloads)})", max(sizes) / 1024.0, "KB",
                                   "", None, None))
        self.figures.append(Figure(
            f"response bytes / figure bytes, worst ({worst['callback']})", worst["response_ratio"], "x",
            "<= 1.05x", None, all(p["response_ratio"] <= 1.05 for p in payloads),
            detail={"median": median([p["response_ratio"] for p in payloads])}))
        self.details["payloads"] = payloads

    def measure_load(self, server: Server, eps: dict, review: str) -> None:
        """The load run, then the workers' memory."""
        self.log(f"load run: {LOAD_CLIENTS} clients for {LOAD_SECONDS:.0f} s")
        load = self.load_run(server.base, eps, review, server.worker_pids())
        self.notes.append(
            f"Load run: the overview's {load['callbacks']} callbacks in turn, {load['requests']} requests in "
            f"{load['seconds']:.0f} s; the workers used {load['server_cpu_ms_per_request']:.1f} ms of CPU per request "
            f"({100 * load['server_cpu_share_of_machine']:.0f}% of the machine), the clients in this process "
            f"{load['client_cpu_ms_per_request']:.1f} ms ({100 * load['client_cpu_share_of_machine']:.0f}%).")
        self.figures += [
            Figure(f"throughput, warm, 2 workers, {LOAD_CLIENTS} clients", load["rate"], "req/s", ">= 250 req/s",
                   None, load["rate"] >= 250, detail=load),
            Figure("throughput p95 latency", load["p95_ms"], "ms", "<= 100 ms", None,
                   load["p95_ms"] is not None and load["p95_ms"] <= 100),
            Figure("throughput errors", load["errors"], "count", "0", None, load["errors"] == 0),
        ]
        workers = {pid: pss_mb(pid) for pid in server.worker_pids()}
        biggest = max(workers.values()) if workers else None
        self.figures.append(Figure("worker memory after the load run (PSS, largest worker)", biggest, "MB",
                                   "<= 100 MB", None, biggest is not None and biggest <= 100,
                                   detail={"pss_mb_by_worker": workers}))

    def measure_cold_elsewhere(self, scale: int) -> Figure:
        self.log(f"cold callback at scale {scale} (a temporary database of its own)")
        url = f"sqlite:///{self.folder / f'scale-{scale}.sqlite3'}"
        db = self.prepare_database(url, scale)
        app, scope = self.in_process_app(url)
        review, day = self.default_review(app, scope)
        server = self.start_server(url, f"server-scale-{scale}")
        session = sign_in(server.base, BENCH_USER, self.password)
        try:
            eps = self.endpoints(session, server.base)
            empty = self.empty_anchor(session, server.base, eps)
            figure, _ = self.matrix_response(session, server.base,
                                             callback_body(eps["matrix"], {"overview-review.value": review}))
            return self.cold_figure(scale, server, session, eps, app, db, review, day, empty,
                                    self.serialise_anchor(figure), "sqlite")
        finally:
            server.stop()
            session.close()

    @staticmethod
    def _largest(payloads: list[dict]) -> str:
        best = max(((cid, b, p["page"]) for p in payloads for cid, b in p["figures"].items()), key=lambda t: t[1])
        return f"{best[0]} on {best[2]}"

    def cleanup(self) -> None:
        for server in self.servers:
            with contextlib.suppress(Exception):
                server.stop()
        for db in self.databases:
            with contextlib.suppress(Exception):
                db.dispose()
        for key, value in self.saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.folder, ignore_errors=True)

    def report(self) -> str:
        lines = [f"Review Oversight benchmark: scale {self.scale}, {self.details['database']['backend']} "
                 f"database{' (temporary)' if self.details['database']['temporary'] else ''}, "
                 f"review {self.details.get('review')}, role {BENCH_ROLE}, {os.cpu_count()} CPUs, "
                 f"{self.details.get('seconds', 0):.0f} s", "", format_table(self.figures), ""]
        lines += self.notes
        gone = missed(self.figures)
        if gone:
            lines.append(f"Targets missed ({len(gone)}):")
            lines += [f"  - {f.name}: {format_value(f.value, f.unit)} against {f.target}" for f in gone]
        else:
            lines.append("Every target was met.")
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"scale": self.scale, "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "cpus": os.cpu_count(), "details": self.details, "notes": self.notes,
                "figures": [asdict(f) for f in self.figures], "missed": [f.name for f in missed(self.figures)]}


def main(args) -> int:
    if int(args.scale) < 1:
        print("--scale must be 1 or more", file=sys.stderr)
        return 2
    run = Run(args)

    def stop_on_term(_sig, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_term) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        try:
            run.execute()
        except BenchError as exc:
            print(f"The benchmark could not run: {exc}", file=sys.stderr)
            return 1
        print(run.report())
        if getattr(args, "json_path", None):
            Path(args.json_path).write_text(json.dumps(run.as_json(), indent=2, default=str) + "\n")
            print(f"Figures written to {args.json_path}")
        return 0
    finally:
        run.cleanup()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
