"""What the production tests run and break: `oversight serve` hosts, a browser behind a load balancer,
a private Redis, a TCP proxy that cuts (or stalls) the way to PostgreSQL, and fresh databases.

Every service a test breaks is its own: the shared PostgreSQL and Redis are never stopped or
reconfigured, only reached through a proxy the test owns or given a database of the test's own.
Waits poll with generous deadlines; nothing here measures time.
"""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
from services import PG_ADMIN_URL, ROOT, unavailable
from sqlalchemy import create_engine, text

START_TIMEOUT = 120.0  # a busy 2-core machine can take a while to import Dash and fork the workers
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, what: str, timeout: float = 60.0, every: float = 0.2):
    """Poll `check()` until it returns something true; fail naming `what` after `timeout` seconds."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            last = check()
        except Exception as exc:  # a poll may meet the very fault under test
            last = exc
        else:
            if last:
                return last
        time.sleep(every)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s (last: {last!r})")


# -- databases --------------------------------------------------------------------------------------
@contextmanager
def fresh_postgres() -> Iterator[str]:
    """A new, empty PostgreSQL database (as conftest's `postgres_url` makes), dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    name = f"oversight_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# -- hosts ------------------------------------------------------------------------------------------
def host_env(instance: Path, database_url: str, secret: str, *, redis_url: str | None = None,
             production: bool = True, trusted_proxies: int = 1) -> dict:
    """The environment one host is started with: its own instance folder, the shared services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OVERSIGHT_")}
    env.update(OVERSIGHT_ENV="production" if production else "development", OVERSIGHT_DATABASE_URL=database_url,
               OVERSIGHT_SECRET_KEY=secret, OVERSIGHT_INSTANCE_PATH=str(instance),
               OVERSIGHT_TRUSTED_PROXIES=str(trusted_proxies), PYTHONPATH=str(ROOT))
    if redis_url:
        env["OVERSIGHT_REDIS_URL"] = redis_url
    return env


class Host:
    """`oversight serve` (real gunicorn) in a subprocess of its own session, on a free port."""

    def __init__(self, env: dict, *, workers: int = 2, threads: int = 4):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        instance = Path(env["OVERSIGHT_INSTANCE_PATH"])
        instance.mkdir(parents=True, exist_ok=True)
        self.log = instance / f"serve-{self.port}.log"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "serve", "--port", str(self.port), "--workers", str(workers),
             "--threads", str(threads)],
            cwd=str(ROOT), env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)

    def __repr__(self) -> str:
        return f"Host({self.base})"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        def ready():
            assert self.proc.poll() is None, f"the server exited:\n{self.output()}"
            return requests.get(self.base + "/readyz", timeout=10).status_code == 200
        wait_until(ready, f"{self} ready", timeout)

    def master_pid(self) -> int:
        return wait_until(lambda: next(iter(children(self.proc.pid)), None), f"{self}'s gunicorn master")

    def worker_pids(self) -> set[int]:
        return set(children(self.master_pid()))

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def children(pid: int) -> list[int]:
    """The live child processes of `pid`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)": state, ppid, ...
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return sorted(found)


def pids_with_connection_on(port: int, among: set[int]) -> set[int]:
    """Which of `among` hold an established TCP connection whose local port is `port` (serving a request)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":  # 01: ESTABLISHED
                inodes.add(fields[9])
    holding = set()
    for pid in among:
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes for link in links):
            holding.add(pid)
    return holding


# -- a browser behind the load balancer --------------------------------------------------------------
class Browser:
    """One person's browser reaching the hosts through a load balancer: one cookie jar for every host
    (they share the site's name), and the balancer's X-Forwarded-For and X-Forwarded-Proto headers."""

    def __init__(self, address: str | None = None):
        self.address = address or "10.{}.{}.{}".format(*uuid.uuid4().bytes[:3])
        self.http = requests.Session()
        self.http.headers.update({"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"})

    def request(self, method: str, host: Host, path: str, **kw) -> requests.Response:
        kw.setdefault("timeout", 60)
        kw.setdefault("allow_redirects", False)
        resp = self.http.request(method, host.base + path, **kw)
        for cookie in self.http.cookies:
            # The load balancer terminates TLS, so to the browser the site is https and its Secure
            # cookies travel; here the last hop is plain HTTP, where the jar would hold them back.
            cookie.secure = False
        return resp

    def get(self, host: Host, path: str, **kw) -> requests.Response:
        return self.request("GET", host, path, **kw)

    def post(self, host: Host, path: str, **kw) -> requests.Response:
        return self.request("POST", host, path, **kw)

    def sign_in(self, host: Host, username: str, password: str) -> requests.Response:
        form = self.get(host, "/login").text
        token = CSRF.search(form).group(1)
        return self.post(host, "/login", data={"username": username, "password": password, "csrf_token": token,
                                               "next": "/"})

    def csrf(self) -> str:
        return self.http.cookies.get("_csrf_token", "")

    def callback(self, host: Host, input_id: str, output: str, values: dict) -> requests.Response:
        """Fire the Dash callback taking `input_id` and writing `output...`, as the renderer does."""
        deps = self.get(host, "/_dash-dependencies").json()
        dep = next(d for d in deps if output in d["output"] and any(i["id"] == input_id for i in d["inputs"]))
        outputs = [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in dep["output"].strip(".").split("...")]
        outputs = [{"id": o["id"], "property": o["property"].split("@")[0]} for o in outputs]
        body = {
            "output": dep["output"],
            "outputs": outputs if dep["output"].startswith("..") else outputs[0],
            "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in dep["inputs"]],
            "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in dep.get("state", [])],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]
                               if f"{i['id']}.{i['property']}" in values],
        }
        return self.post(host, "/_dash-update-component", data=json.dumps(body),
                         headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf()})


# -- a private Redis --------------------------------------------------------------------------------
class PrivateRedis:
    """A `redis-server` of the test's own on a free port, with nothing saved to disk; stopped and
    started again on the same port, as a Redis host going away and coming back."""

    def __init__(self, folder: Path):
        self.port, self.folder = free_port(), folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        binary = _which("redis-server")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder), "--protected-mode", "yes"],
            stdout=(self.folder / "redis.log").open("a"), stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(self.ping, "the private Redis answering", 30)

    def client(self):
        # Imported here: only these tests talk to Redis directly.
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)

    def ping(self) -> bool:
        try:
            return bool(self.client().ping())
        except Exception:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # as a host vanishing: no goodbye to the clients
            self.proc.wait(timeout=10)


def _which(name: str) -> str:
    for folder in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin", "/usr/local/bin"]:
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    unavailable(f"{name} is not installed")
    raise AssertionError  # unreachable: unavailable() skips or fails


# -- a TCP proxy the test cuts, stalls and restores -----------------------------------------------------
class Proxy:
    """A TCP forwarder in front of a server (the shared PostgreSQL): `down()` refuses new connections
    and cuts the open ones, as a database host going away does; `hold()` stalls what clients send,
    as a hung network does; `up()` and `release()` undo them. The server itself is never touched."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []
        self.lock = threading.Lock()
        self.flowing = threading.Event()
        self.flowing.set()
        self.held = threading.Event()  # set once a hold_on() pattern has stalled the traffic
        self._pattern: bytes | None = None
        self._remaining = 0

    def up(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        if self.listener is not None:
            try:  # wakes the thread blocked in accept(); close() alone would leave it listening
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            for s in self.open:
                _close(s)
            self.open.clear()
        self.flowing.set()  # stalled pumps wake and find their sockets closed

    def hold(self) -> None:
        self.flowing.clear()

    def hold_on(self, pattern: bytes, occurrence: int = 1) -> None:
        """Stall client traffic just before the `occurrence`-th chunk carrying `pattern` is forwarded."""
        with self.lock:
            self._pattern, self._remaining = pattern, occurrence
            self.held.clear()

    def release(self) -> None:
        with self.lock:
            self._pattern = None
        self.flowing.set()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.open += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if from_client:
                    self._watch(data)
                self.flowing.wait()
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _close(src)
            _close(dst)

    def _watch(self, data: bytes) -> None:
        with self.lock:
            if self._pattern is None or self._pattern not in data:
                return
            self._remaining -= data.count(self._pattern)
            if self._remaining <= 0:
                self._pattern = None
                self.flowing.clear()
                self.held.set()


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


# -- steady traffic -------------------------------------------------------------------------------------
class Load:
    """Clients asking a host for `paths` in a loop from a few threads, each answer recorded with the
    phase it was asked in (`phase` is set by the test as it breaks and mends things)."""

    def __init__(self, host: Host, paths: list[str], *, headers: dict | None = None, clients: int = 4):
        self.host, self.paths, self.headers = host, paths, headers or {}
        self.phase = "before"
        self.answers: list[tuple[str, str, int | str, str]] = []  # phase, path, status or error, body excerpt
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(clients)]

    def __enter__(self) -> Load:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=90)

    def _run(self, n: int) -> None:
        session = requests.Session()
        i = n
        while not self._stop.is_set():
            path, phase = self.paths[i % len(self.paths)], self.phase
            i += 1
            try:
                resp = session.get(self.host.base + path, headers=self.headers, timeout=60, allow_redirects=False)
                answer = (phase, path, resp.status_code, resp.text[:4000])
            except requests.RequestException as exc:
                answer = (phase, path, f"error: {type(exc).__name__}", str(exc)[:200])
            with self._lock:
                self.answers.append(answer)

    def in_phase(self, phase: str) -> list[tuple[str, str, int | str, str]]:
        with self._lock:
            return [a for a in self.answers if a[0] == phase]

    def wait_for(self, phase: str, count: int, timeout: float = 60.0) -> None:
        """Wait until `count` answers to requests asked in `phase` have come back."""
        wait_until(lambda: len(self.in_phase(phase)) >= count, f"{count} answers in phase {phase!r}", timeout)

    def server_errors(self) -> list[tuple[str, str, int | str, str]]:
        """Answers no user should see: a 5xx other than the plain 503, a dropped connection, a traceback."""
        with self._lock:
            return [a for a in self.answers if not isinstance(a[2], int) or (a[2] >= 500 and a[2] != 503)
                    or "Traceback" in a[3]]
