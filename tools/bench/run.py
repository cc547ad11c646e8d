"""One `oversight bench` invocation: what it starts and cleans up, its runs, the medians it reports, its JSON,
and the `main` that the command calls."""
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
from typing import NamedTuple

from data_access.db import Database
from data_access.scope import Scope

from . import anchors
from .anchors import BENCH_ROLE, InProcessApp
from .client import BenchError
from .databases import ENGINE_NAMES, Databases, choose_engine
from .machine import commit_info, describe_commit, describe_machine, machine_info
from .measure import Measurement
from .server import Server
from .stats import Figure, combine, format_table, format_value, missed
from .table import markdown_table

DEFAULT_RUNS = 3
STANDING_NOTE = ("The empty-callback anchor is the smallest existing callback (a map click with no point, answered "
                 "204 without reading data); the warm and cold figures time the overview's status matrix callback.")


class Prepared(NamedTuple):
    """A database ready to measure: migrated, seeded, with the bench user; the app on it in this process;
    the review the overview opens on and the dashboard's 'today'."""

    url: str
    db: Database
    local: InProcessApp
    review: str
    day: dt.date


class Bench:
    """Everything one invocation starts and must clean up, and the runs it measures. The databases are
    prepared once and shared by the runs; each run starts servers of its own."""

    def __init__(self, args):
        self.engine = choose_engine(getattr(args, "engine", None), args.database_url)
        self.args = args
        self.scale = int(args.scale)
        self.runs = int(getattr(args, "runs", DEFAULT_RUNS))
        self.folder = Path(tempfile.mkdtemp(prefix="oversight-bench-"))
        self.password = secrets.token_urlsafe(18)
        self.scope = Scope(BENCH_ROLE)
        self.databases = Databases(self.engine, self.folder, self.scale, args.database_url, self.log)
        self._prepared: dict[int, Prepared] = {}
        self.servers: list[Server] = []
        self.saved_env: dict[str, str | None] = {}
        self.measurements: list[Measurement] = []
        self.figures: list[Figure] = []
        self.seconds = 0.0
        self.started_at = dt.datetime.now(dt.UTC)
        self.commit = commit_info()
        self.machine = machine_info()

    def log(self, message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)

    def set_env(self, **values: str) -> None:
        for key, value in values.items():
            self.saved_env.setdefault(key, os.environ.get(key))
            os.environ[key] = value

    def prepared(self, scale: int) -> Prepared:
        """The database for `scale`, prepared on first use and kept for the later runs."""
        if scale not in self._prepared:
            url = self.databases.url_for(scale)
            db = anchors.prepare_database(url, scale, self.password, self.log)
            try:
                review, day = anchors.default_review(db, self.scope)
                local = InProcessApp(url, self.folder, self.password)
            except BaseException:
                db.dispose()
                raise
            self._prepared[scale] = Prepared(url, db, local, review, day)
        return self._prepared[scale]

    def start_server(self, url: str, name: str) -> Server:
        server = Server(url, self.folder / name)
        self.servers.append(server)
        t0 = time.perf_counter()
        server.start()
        self.log(f"server up on {server.base} with workers {server.worker_pids()} in {time.perf_counter() - t0:.1f} s")
        return server

    def execute(self) -> None:
        started = time.perf_counter()
        self.set_env(OVERSIGHT_INSTANCE_PATH=str(self.folder / "in-process"),
                     OVERSIGHT_SECRET_KEY=secrets.token_hex(32))
        self.log(f"{ENGINE_NAMES[self.engine]}, scale {self.scale}, {self.runs} run(s); working in {self.folder}")
        for number in range(1, self.runs + 1):
            run = Measurement(self, number)
            self.measurements.append(run)
            run.execute()
            self.log(f"run {number} of {self.runs} done in {run.seconds:.0f} s")
        self.figures = combine([run.figures for run in self.measurements])
        self.seconds = round(time.perf_counter() - started, 1)

    def cleanup(self) -> None:
        for server in self.servers:
            with contextlib.suppress(Exception):
                server.stop()
        for prepared in self._prepared.values():
            with contextlib.suppress(Exception):
                prepared.db.dispose()
        self.databases.drop_temporary()
        for key, value in self.saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(self.folder, ignore_errors=True)

    def report(self) -> str:
        review = self.measurements[0].details.get("review") if self.measurements else None
        temporary = " (temporary)" if self.databases.is_temporary(self.scale) else ""
        lines = [f"Review Oversight benchmark: scale {self.scale}, {ENGINE_NAMES[self.engine]} database{temporary}, "
                 f"review {review}, role {BENCH_ROLE}, median of {self.runs} run(s), {self.seconds:.0f} s",
                 f"{describe_commit(self.commit)}; {describe_machine(self.machine)}", "",
                 format_table(self.figures), "", STANDING_NOTE]
        for run in self.measurements:
            lines += [f"Run {run.number}: {note}" if self.runs > 1 else note for note in run.notes]
        gone = missed(self.figures)
        judged = f", judged on the median of {self.runs} runs" if self.runs > 1 else ""
        if gone:
            lines.append(f"Targets missed ({len(gone)}){judged}:")
            lines += [f"  - {f.name}: {format_value(f.value, f.unit)} against {f.target}" for f in gone]
        else:
            lines.append(f"Every target was met{judged}.")
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"engine": self.engine, "scale": self.scale, "runs": self.runs,
                "measured_at": self.started_at.isoformat(timespec="seconds"), "seconds": self.seconds,
                "commit": self.commit, "machine": self.machine, "database": self.databases.describe(),
                "figures": [asdict(f) for f in self.figures], "missed": [f.name for f in missed(self.figures)],
                "notes": [STANDING_NOTE], "run_details": [run.as_json() for run in self.measurements]}


@contextlib.contextmanager
def signals_held():
    """Ctrl-C and SIGTERM wait while the bench stops its servers and drops its databases."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def main(args) -> int:
    if int(args.scale) < 1:
        print("--scale must be 1 or more", file=sys.stderr)
        return 2
    if int(getattr(args, "runs", DEFAULT_RUNS)) < 1:
        print("--runs must be 1 or more", file=sys.stderr)
        return 2
    try:
        bench = Bench(args)
    except BenchError as exc:
        print(f"The benchmark cannot run: {exc}", file=sys.stderr)
        return 2

    def stop_on_term(_sig, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_term) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        try:
            bench.execute()
        except BenchError as exc:
            print(f"The benchmark could not run: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            bench.log("interrupted: stopping the servers and dropping the temporary databases")
            raise
        result = bench.as_json()
        print(bench.report())
        if getattr(args, "json_path", None):
            path = Path(args.json_path)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(result, indent=2, default=str) + "\n")
            print(f"Figures written to {args.json_path}")
        if getattr(args, "markdown", False):
            print()
            print(markdown_table([result]))
        return 0
    finally:
        with signals_held():
            bench.cleanup()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
