"""One benchmark run: what it starts and cleans up, the figures it measures, and its report."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

from data_access.db import Database
from data_access.scope import Scope

from . import anchors
from .anchors import BENCH_ROLE, BENCH_USER, InProcessApp
from .browser import PAGES, page_ready
from .client import BenchError, callback_body, endpoints, matrix_response, serialise, sign_in, timed_callbacks
from .load import LOAD_CLIENTS, LOAD_SECONDS, load_run
from .server import Server, pss_mb
from .stats import Figure, format_table, format_value, median, missed, percentile, time_ms

COLD_SCALES = (1, 100)
# How many samples each figure takes; small enough for the whole run to fit in a few minutes.
EMPTY_CALLS = 200
WARM_CALLS = 300
COLD_CALLS = 40


class Run:
    """Everything one benchmark run starts and must clean up, and the figures it measures."""

    def __init__(self, args):
        self.args = args
        self.scale = int(args.scale)
        self.folder = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
        self.password = secrets.token_urlsafe(18)
        self.scope = Scope(BENCH_ROLE)
        self.servers: list[Server] = []
        self.databases: list[Database] = []
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

    def prepare(self, url: str, scale: int) -> tuple[Database, InProcessApp, str, dt.date]:
        """A migrated, seeded database with the bench user, the app in this process, the review and day."""
        db = anchors.prepare_database(url, scale, self.password, self.log)
        self.databases.append(db)
        review, day = anchors.default_review(db, self.scope)
        return db, InProcessApp(url, self.folder, self.password), review, day

    def start_server(self, url: str, name: str) -> Server:
        server = Server(url, self.folder / name)
        self.servers.append(server)
        t0 = time.perf_counter()
        server.start()
        self.log(f"server up on {server.base} with workers {server.worker_pids()} in {time.perf_counter() - t0:.1f} s")
        return server

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
        db, local, review, day = self.prepare(url, self.scale)
        self.details.update(review=review, as_of=day.isoformat(), bench_role=BENCH_ROLE)
        server = self.start_server(url, f"server-scale-{self.scale}")
        session = sign_in(server.base, BENCH_USER, self.password)
        eps = endpoints(session.get(server.base + "/_dash-dependencies", timeout=10).json())

        empty, serialised, figure = self.measure_warm(server, session, eps, db, review, day)
        self.log(f"cold callback at scale {self.scale}")
        cold = {self.scale: self.cold_figure(self.scale, server, session, eps, local, db, review, day,
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

    def empty_anchor(self, session, base: str, eps: dict) -> list[float]:
        body = callback_body(eps["empty"], {})
        timed_callbacks(session, base, body, 10)
        return timed_callbacks(session, base, body, EMPTY_CALLS)

    def measure_warm(self, server: Server, session, eps: dict, db: Database, review: str, day: dt.date):
        """The anchors, then the matrix callback answered from the cache."""
        self.log("anchors: empty callback, serialising, one cache read")
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        empty = self.empty_anchor(session, server.base, eps)
        figure, _ = matrix_response(session, server.base, matrix_body)
        serialised = time_ms(lambda: serialise(figure), anchors.ANCHOR_REPEATS)
        cache_read = anchors.cache_read(self.folder, db, self.scope, review, day)
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

    def cold_figure(self, scale: int, server: Server, session, eps: dict, local: InProcessApp, db: Database,
                    review: str, day: dt.date, empty: list[float], serialised: list[float], backend: str) -> Figure:
        body = callback_body(eps["matrix"], {"overview-review.value": review})
        times = timed_callbacks(session, server.base, body, COLD_CALLS, before=anchors.bumper(db))
        work = local.callback_work(db, self.scope, review, day, body, callback_body(eps["empty"], {}))
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

    def measure_pages(self, server: Server, session, eps: dict, review: str, figure: dict) -> None:
        """Page ready in a cold browser, and the size of every figure the pages received."""
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        timed_callbacks(session, server.base, matrix_body, 2)  # warm again after the cold figure
        _, matrix_bytes = matrix_response(session, server.base, matrix_body)
        self.log("page ready in headless Chromium (cold contexts)")
        ready, payloads = page_ready(server.base, session, self.details, self.log)
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
        self.figures.append(Figure(f"payload: largest figure ({_largest(payloads)})", max(sizes) / 1024.0, "KB",
                                   "", None, None))
        self.figures.append(Figure(
            f"response bytes / figure bytes, worst ({worst['callback']})", worst["response_ratio"], "x",
            "<= 1.05x", None, all(p["response_ratio"] <= 1.05 for p in payloads),
            detail={"median": median([p["response_ratio"] for p in payloads])}))
        self.details["payloads"] = payloads

    def measure_load(self, server: Server, eps: dict, review: str) -> None:
        """The load run, then the workers' memory."""
        self.log(f"load run: {LOAD_CLIENTS} clients for {LOAD_SECONDS:.0f} s")
        load = load_run(server.base, eps, review, server.worker_pids(), BENCH_USER, self.password)
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
        db, local, review, day = self.prepare(url, scale)
        server = self.start_server(url, f"server-scale-{scale}")
        session = sign_in(server.base, BENCH_USER, self.password)
        try:
            eps = endpoints(session.get(server.base + "/_dash-dependencies", timeout=10).json())
            empty = self.empty_anchor(session, server.base, eps)
            figure, _ = matrix_response(session, server.base,
                                        callback_body(eps["matrix"], {"overview-review.value": review}))
            serialised = time_ms(lambda: serialise(figure), anchors.ANCHOR_REPEATS)
            return self.cold_figure(scale, server, session, eps, local, db, review, day, empty, serialised, "sqlite")
        finally:
            server.stop()
            session.close()

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
        return {"scale": self.scale, "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "cpus": os.cpu_count(), "details": self.details, "notes": self.notes,
                "figures": [asdict(f) for f in self.figures], "missed": [f.name for f in missed(self.figures)]}


def _largest(payloads: list[dict]) -> str:
    best = max(((cid, b, p["page"]) for p in payloads for cid, b in p["figures"].items()), key=lambda t: t[1])
    return f"{best[0]} on {best[2]}"


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
