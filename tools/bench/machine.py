"""What a benchmark measured and where: the commit of the code under measurement, and the machine."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

from .server import SOURCE_ROOT

PACKAGES = ("dash", "plotly", "SQLAlchemy")
UNKNOWN = "unknown"


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


RESULTS = "docs/bench"


def commit_info(root: Path = SOURCE_ROOT) -> dict:
    """The commit checked out at `root` and whether tracked files differ from it; "unknown" (and dirty None)
    when `root` is not the top of a git checkout, e.g. an installed copy that happens to sit inside one."""
    top = _git(root, "rev-parse", "--show-toplevel")
    sha = _git(root, "rev-parse", "HEAD") if top and Path(top).resolve() == Path(root).resolve() else None
    if not sha:
        return {"sha": UNKNOWN, "dirty": None}
    # The results folder is left out, and untracked files: `make bench-all` writes its results into the
    # checkout as it goes, so its second configuration would otherwise be measured "with uncommitted changes".
    status = _git(root, "status", "--porcelain", "--untracked-files=no", "--", ".", f":(exclude){RESULTS}")
    return {"sha": sha, "dirty": None if status is None else bool(status)}


def parse_cpu_model(cpuinfo: str) -> str | None:
    """The processor's name from the text of /proc/cpuinfo (x86 "model name"; ARM and others by their field)."""
    for key in ("model name", "Hardware", "Processor", "cpu model", "cpu"):
        for line in cpuinfo.splitlines():
            name, sep, value = line.partition(":")
            if sep and name.strip() == key and value.strip():
                return " ".join(value.split())
    return None


def parse_mem_total_kb(meminfo: str) -> int | None:
    """MemTotal in kB from the text of /proc/meminfo."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1])
    return None


def _read(path: str) -> str:
    try:
        return Path(path).read_text(errors="replace")
    except OSError:
        return ""


def chromium_version() -> str | None:
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    try:
        done = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def package_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict:
    memory_kb = parse_mem_total_kb(_read("/proc/meminfo"))
    return {
        "cpus": os.cpu_count(),
        "cpu_model": parse_cpu_model(_read("/proc/cpuinfo")) or platform.processor() or None,
        "memory_gb": round(memory_kb / 1024 / 1024, 1) if memory_kb else None,
        "platform": platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": {name: package_version(name) for name in PACKAGES},
        "chromium": chromium_version(),
    }


def describe_commit(commit: dict) -> str:
    if commit.get("sha", UNKNOWN) == UNKNOWN:
        return "commit unknown"
    dirty = {True: " with uncommitted changes", False: "", None: " (working tree not checked)"}[commit.get("dirty")]
    return f"commit {commit['sha'][:12]}{dirty}"


def describe_machine(machine: dict) -> str:
    """One line: "2 CPUs (Intel(R) Xeon(R) ...), 7.8 GB, Linux-6.1-..., Python 3.11.2, dash 4.0.0, ..."."""
    cpus = f"{machine.get('cpus')} CPUs" + (f" ({machine['cpu_model']})" if machine.get("cpu_model") else "")
    parts = [cpus]
    if machine.get("memory_gb"):
        parts.append(f"{machine['memory_gb']} GB memory")
    parts += [machine.get("platform") or "", f"Python {machine.get('python')}"]
    parts += [f"{name} {version}" for name, version in (machine.get("packages") or {}).items() if version]
    parts.append(machine.get("chromium") or "no Chromium")
    return ", ".join(p for p in parts if p)
