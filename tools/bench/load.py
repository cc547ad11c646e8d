"""The throughput run: many signed-in clients calling the overview's callbacks, all answered warm."""
from __future__ import annotations

import os
import threading
import time

import requests

from .client import CALLBACK_PATH, callback_body, post_callback, sign_in
from .server import cpu_seconds
from .stats import median, percentile

LOAD_CLIENTS = 16
LOAD_WARMUP_SECONDS = 2.0
LOAD_SECONDS = 15.0
LOAD_MAX_REQUESTS = 20_000


def load_run(base: str, eps: dict, review: str, workers: list[int], user: str, password: str) -> dict:
    """16 clients, each with its own signed-in session, calling the overview's callbacks, the words that
    follow its charts among them (all warm)."""
    bodies = [callback_body(d, {"overview-review.value": review}) for d in eps["overview"]]
    sessions = [sign_in(base, user, password) for _ in range(LOAD_CLIENTS)]
    keys = {}
    for b in bodies:  # every answer is in the cache before the clock starts
        _ms, resp = post_callback(sessions[0], base, b)
        if resp.status_code == 200:
            for cid, props in resp.json().get("response", {}).items():
                if cid.endswith("-words"):
                    keys[cid] = props.get("data")
    # The words that follow each chart, asked for with its key, as the page asks for them.
    for d in eps.get("overview_words", []):
        key = d["inputs"][0]["id"]
        bodies.append(callback_body(d, {"overview-review.value": review, f"{key}.data": keys.get(key)}))
        post_callback(sessions[0], base, bodies[-1])
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
                resp = s.post(base + CALLBACK_PATH, data=body, timeout=30)
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
    n = max(len(latencies), 1)
    machine = elapsed * (os.cpu_count() or 1)
    return {"requests": len(latencies), "seconds": elapsed, "rate": len(latencies) / elapsed,
            "p95_ms": percentile(latencies, 95) if latencies else None,
            "median_ms": median(latencies) if latencies else None,
            "errors": len(errors), "error_kinds": sorted(set(errors))[:10], "callbacks": len(bodies),
            "server_cpu_ms_per_request": 1000.0 * server_cpu / n,
            "client_cpu_ms_per_request": 1000.0 * client_cpu / n,
            "server_cpu_share_of_machine": server_cpu / machine,
            "client_cpu_share_of_machine": client_cpu / machine}
