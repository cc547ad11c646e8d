"""One measurement of every figure of SPEC section 9: warm and cold callbacks against their anchors, page
ready and payloads, the load run and the workers' memory, each on a fresh server."""
from __future__ import annotations

import dataclasses
import datetime as dt
import time

from data_access.db import Database

from . import anchors, browser, load
from .client import callback_body, endpoints, matrix_response, serialise, sign_in, timed_callbacks
from .server import Server, pss_mb
from .stats import Figure, measured, median, percentile, time_ms

COLD_SCALES = (1, 100)
# The target column of a figure reported beside the targets, without one of its own.
INFORMATION = "none (for information)"
# How many samples each figure takes; small enough for one measurement to fit in a few minutes.
EMPTY_CALLS = 200
WARM_CALLS = 300
COLD_CALLS = 40


class Measurement:
    """The figures of one run. `bench` owns what outlives a run: the prepared databases (each with the bench
    user and the in-process app), the folder, the servers to stop on the way out."""

    def __init__(self, bench, number: int):
        self.bench, self.number = bench, number
        self.log = bench.log
        self.figures: list[Figure] = []
        self.details: dict = {}
        self.notes: list[str] = []
        self.seconds = 0.0

    def execute(self) -> None:
        started = time.perf_counter()
        scale = self.bench.scale
        here = self.bench.prepared(scale)
        self.details.update(review=here.review, as_of=here.day.isoformat())
        server = self.bench.start_server(here.url, f"run-{self.number}-scale-{scale}")
        session = sign_in(server.base, anchors.BENCH_USER, self.bench.password)
        try:
            eps = endpoints(session.get(server.base + "/_dash-dependencies", timeout=10).json())
            empty, serialised, figure = self.measure_warm(server, session, eps, here.db, here.review, here.day)
            self.log(f"run {self.number}: cold callback at scale {scale}")
            cold = {scale: self.cold_figure(scale, server, session, eps, here, empty, serialised)}
            self.measure_pages(server, session, eps, here.review, figure)
            self.measure_load(server, eps, here.review)
        finally:
            server.stop()
            session.close()
        # The other scales each on a database and a server of their own, one at a time.
        for other in COLD_SCALES:
            if other != scale:
                cold[other] = self.measure_cold_elsewhere(other)
        warm_at = next(i for i, f in enumerate(self.figures) if f.name.startswith("warm callback"))
        for k, s in enumerate(sorted(cold)):
            self.figures.insert(warm_at + 1 + k, cold[s])
        self.seconds = round(time.perf_counter() - started, 1)

    def empty_anchor(self, session, base: str, eps: dict) -> list[float]:
        body = callback_body(eps["empty"], {})
        timed_callbacks(session, base, body, 10)
        return timed_callbacks(session, base, body, EMPTY_CALLS)

    def measure_warm(self, server: Server, session, eps: dict, db: Database, review: str, day: dt.date):
        """The anchors, then the matrix callback answered from the cache."""
        self.log(f"run {self.number}: anchors (empty callback, serialising, one cache read), then warm callback")
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        empty = self.empty_anchor(session, server.base, eps)
        figure, _ = matrix_response(session, server.base, matrix_body)
        serialised = time_ms(lambda: serialise(figure), anchors.ANCHOR_REPEATS)
        cache_read = anchors.cache_read(self.bench.folder, db, self.bench.scope, review, day)
        anchor = median(empty) + median(serialised) + median(cache_read)
        self.figures += [
            measured("anchor: empty callback round trip (median)", median(empty), "ms", note="smallest callback"),
            measured("anchor: serialising the matrix figure (median)", median(serialised), "ms"),
            measured("anchor: one cache read (median)", median(cache_read), "ms"),
        ]
        timed_callbacks(session, server.base, matrix_body, 5)
        warm = timed_callbacks(session, server.base, matrix_body, WARM_CALLS)
        self.figures.append(measured(
            "warm callback p95 (cache hit)", percentile(warm, 95), "ms", limit=10, ratio_limit=2, anchor=anchor,
            detail={"samples": len(warm), "median_ms": median(warm), "anchor_ms": anchor,
                    "anchor_parts_ms": {"empty_callback": median(empty), "serialise": median(serialised),
                                        "cache_read": median(cache_read)}}))
        return empty, serialised, figure

    def cold_figure(self, scale: int, server: Server, session, eps: dict, here, empty: list[float],
                    serialised: list[float]) -> Figure:
        body = callback_body(eps["matrix"], {"overview-review.value": here.review})
        times = timed_callbacks(session, server.base, body, COLD_CALLS, before=anchors.bumper(here.db))
        work = here.local.callback_work(here.db, self.bench.scope, here.review, here.day, body,
                                        callback_body(eps["empty"], {}))
        anchor = median(empty) + median(serialised) + median(work["query_and_build"])
        return measured(
            f"cold callback p95 (cache miss), scale {scale}", percentile(times, 95), "ms", limit=100,
            ratio_limit=2.5, anchor=anchor,
            detail={"samples": len(times), "median_ms": median(times), "anchor_ms": anchor,
                    "anchor_parts_ms": {"empty_callback": median(empty), "serialise": median(serialised),
                                        "sql_and_build": median(work["query_and_build"]),
                                        "of_which_sql": median(work["sql"])}})

    def measure_pages(self, server: Server, session, eps: dict, review: str, figure: dict) -> None:
        """Page ready in a cold browser, and the size of every figure the pages received."""
        matrix_body = callback_body(eps["matrix"], {"overview-review.value": review})
        timed_callbacks(session, server.base, matrix_body, 2)  # warm again after the cold figure
        _, matrix_bytes = matrix_response(session, server.base, matrix_body)
        self.log(f"run {self.number}: page ready in headless Chromium (cold contexts)")
        ready, complete, payloads = browser.page_ready(server.base, session, self.details, self.log)
        if not any(p["callback"] == "overview-matrix-graph" for p in payloads):
            size = len(serialise(figure))
            payloads.append({"page": "/", "callback": "overview-matrix-graph",
                             "figures": {"overview-matrix-graph": size}, "response_bytes": len(matrix_bytes),
                             "response_ratio": len(matrix_bytes) / size, "via": "http"})
        for path in browser.PAGES:
            loads = browser.PAGE_LOADS.get(path, browser.PAGE_LOADS_OTHER)
            plural = "s" if loads != 1 else ""
            self.figures.append(page_figure(f"page ready {path} (cold browser, median of {loads} load{plural})",
                                            ready.get(path), limit=1500))
        # When the sentences beside the charts have arrived too: no target of its own, reported beside.
        for path in browser.PAGES:
            self.figures.append(page_figure(f"page complete {path} (every sentence shown, same loads)",
                                            complete.get(path), limit=None))
        sizes = [b for p in payloads for b in p["figures"].values()]
        worst = max(payloads, key=lambda p: p["response_ratio"])
        largest = _largest(payloads)
        self.figures += [
            measured("payload per figure, typical (median)", median(sizes) / 1024.0, "KB", limit=50,
                     detail={"figures": len(sizes), "largest_kb": max(sizes) / 1024.0}),
            measured("payload: largest figure", largest[1] / 1024.0, "KB", detail={"figure": largest[0]}),
            measured("response bytes / figure bytes, worst", worst["response_ratio"], "x", limit=1.05,
                     detail={"callback": worst["callback"],
                             "median": median([p["response_ratio"] for p in payloads])}),
        ]
        self.notes.append(f"Largest figure: {largest[0]} ({largest[1] / 1024.0:.1f} KB); largest response "
                          f"against its figures: {worst['callback']} ({worst['response_ratio']:.2f}x).")
        self.details["payloads"] = payloads

    def measure_load(self, server: Server, eps: dict, review: str) -> None:
        """The load run, then the workers' memory."""
        self.log(f"run {self.number}: load run, {load.LOAD_CLIENTS} clients for {load.LOAD_SECONDS:.0f} s")
        result = load.load_run(server.base, eps, review, server.worker_pids(), anchors.BENCH_USER,
                               self.bench.password)
        self.notes.append(
            f"Load run: the overview's {result['callbacks']} callbacks in turn, {result['requests']} requests in "
            f"{result['seconds']:.0f} s; the workers used {result['server_cpu_ms_per_request']:.1f} ms of CPU per "
            f"request ({100 * result['server_cpu_share_of_machine']:.0f}% of the machine), the clients in this "
            f"process {result['client_cpu_ms_per_request']:.1f} ms "
            f"({100 * result['client_cpu_share_of_machine']:.0f}%).")
        workers = {pid: pss_mb(pid) for pid in server.worker_pids()}
        self.figures += [
            measured(f"throughput, warm, {server.workers} workers, {load.LOAD_CLIENTS} clients", result["rate"],
                     "req/s", limit=250, at_least=True, detail=result),
            measured("throughput p95 latency", result["p95_ms"], "ms", limit=100),
            measured("throughput errors", result["errors"], "count", limit=0),
            measured("worker memory after the load run (PSS, largest worker)",
                     max(workers.values()) if workers else None, "MB", limit=100,
                     detail={"pss_mb_by_worker": workers}),
        ]

    def measure_cold_elsewhere(self, scale: int) -> Figure:
        self.log(f"run {self.number}: cold callback at scale {scale} (a database and server of its own)")
        there = self.bench.prepared(scale)
        server = self.bench.start_server(there.url, f"run-{self.number}-scale-{scale}")
        session = sign_in(server.base, anchors.BENCH_USER, self.bench.password)
        try:
            eps = endpoints(session.get(server.base + "/_dash-dependencies", timeout=10).json())
            empty = self.empty_anchor(session, server.base, eps)
            figure, _ = matrix_response(session, server.base,
                                        callback_body(eps["matrix"], {"overview-review.value": there.review}))
            serialised = time_ms(lambda: serialise(figure), anchors.ANCHOR_REPEATS)
            return self.cold_figure(scale, server, session, eps, there, empty, serialised)
        finally:
            server.stop()
            session.close()

    def as_json(self) -> dict:
        return {"run": self.number, "seconds": self.seconds, "details": self.details, "notes": self.notes}


def _largest(payloads: list[dict]) -> tuple[str, int]:
    cid, size, page = max(((cid, b, p["page"]) for p in payloads for cid, b in p["figures"].items()),
                          key=lambda t: t[1])
    return f"{cid} on {page}", size


def page_figure(name: str, samples: list[float] | None, limit: float | None) -> Figure:
    """A page's load time, the median of its loads; one without a limit is reported for information."""
    figure = measured(name, median(samples) if samples else None, "ms", limit=limit,
                      note="" if samples else "chromium not installed",
                      detail={"samples_ms": samples, "worst_ms": max(samples)} if samples else {})
    return figure if limit is not None else dataclasses.replace(figure, target=INFORMATION)
