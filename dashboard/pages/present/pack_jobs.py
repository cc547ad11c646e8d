"""The webinar pack built in the background for the button on /present: progress kept on disk (so any
worker can answer the page's polling), and a ZIP that only the user who asked for it can download.

The build itself never runs inside a web request: the request starts a thread and returns.
"""
from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
import uuid
import zipfile
from pathlib import Path

import dash_bootstrap_components as dbc
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate
from flask import abort, current_app, send_file

from dashboard import registry
from dashboard.auth.identity import current_account
from dashboard.context import as_of, current_db
from data_access.queries import NotFound

from .callbacks import read_nav
from .pack import PackError, build_pack, stem
from .prefs import current_prefs

log = logging.getLogger(__name__)
JOB = re.compile(r"[0-9a-f]{32}")
ROLES = {"admin", "leader", "inspector", "presenter"}
registry.route("present_pack_zip", roles=ROLES, kind="api")  # signed in, a presenting role, and the job's owner


def jobs_root() -> Path:
    return Path(current_app.config.get("CACHE_DIR") or tempfile.gettempdir()) / "present-packs"


def _write(folder: Path, **status) -> None:
    path = folder / "status.json"
    current = json.loads(path.read_text()) if path.exists() else {}
    tmp = folder / "status.json.tmp"
    tmp.write_text(json.dumps({**current, **status}))
    tmp.replace(path)


def _run(db, k, choice, order, hidden, day, demo, folder: Path) -> None:
    try:
        pack = build_pack(db, k, choice.review, folder / "pack", day=day, demo=demo, survey=choice.survey,
                          order=order, hidden=hidden,
                          progress=lambda f, m: _write(folder, fraction=round(0.95 * f, 3), message=m))
        name = f"{stem(choice.review, day)}_webinar-pack.zip"
        with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_DEFLATED) as z:
            for path in pack.files:
                z.write(path, path.name)
        _write(folder, fraction=1.0, message="Ready", done=True, zip=name)
    except NotFound:
        _write(folder, done=True, error="That review is not available.")
    except PackError as exc:
        _write(folder, done=True, error=str(exc))
    except Exception:  # a failed background build must report, never hang the page's progress bar
        log.exception("webinar pack build failed")
        _write(folder, done=True, error="The pack could not be built. Try again, or ask an administrator.")


def start(account, choice, root: Path) -> str:
    job = uuid.uuid4().hex
    folder = root / job
    folder.mkdir(parents=True)
    _write(folder, user=account.id, fraction=0.0, message="Starting", done=False, error=None, zip=None)
    order, hidden = current_prefs(choice.review)
    day, demo = as_of()
    threading.Thread(target=_run, daemon=True, name=f"present-pack-{job[:8]}", args=(
        current_db(), current_app.config["SDC_K"], choice, order, hidden, day, demo, folder)).start()
    return job


def status(job, account, root: Path) -> dict | None:
    """The job's progress, for its owner only; None for anything else."""
    if account is None or not isinstance(job, str) or not JOB.fullmatch(job):
        return None
    path = root / job / "status.json"
    if not path.exists():
        return None
    found = json.loads(path.read_text())
    return found if found.get("user") == account.id else None


# -- the button, its progress and the ZIP ------------------------------------------------------------
def controls() -> html.Div:
    return html.Div([
        html.Button("Build the webinar pack (ZIP)", id="present-pack-build", type="button",
                    className="btn btn-outline-primary"),
        dbc.Progress(id="present-pack-progress", value=0, className="present-pack-progress my-2",
                     style={"display": "none"}),
        html.Span(id="present-pack-status", role="status", className="present-pack-status"),
        html.A("Download the webinar pack", id="present-pack-link", href="#", className="ms-3",
               style={"display": "none"}, **{"download": ""}),
        dcc.Store(id="present-pack-job"),
        dcc.Interval(id="present-pack-poll", interval=1000, disabled=True),
    ], className="present-pack")


def begin(_clicks, nav):
    account = current_account()
    choice, _number = read_nav(nav)
    if account is None or not choice.review:
        raise PreventUpdate
    job = start(account, choice, jobs_root())
    return job, False, "Building the pack: this takes a minute or so.", {}, 0, {"display": "none"}


def poll(_n, job):
    found = status(job, current_account(), jobs_root())
    if found is None:
        return 0, "", "#", {"display": "none"}, True
    percent = int(100 * float(found.get("fraction") or 0))
    if found.get("error"):
        return percent, found["error"], "#", {"display": "none"}, True
    if found.get("done"):
        return 100, "The pack is ready.", f"/present/pack/{job}.zip", {}, True
    return percent, f"{found.get('message') or 'Working'} ({percent}%)", "#", {"display": "none"}, False


def register(app) -> None:
    app.callback(
        Output("present-pack-job", "data"), Output("present-pack-poll", "disabled"),
        Output("present-pack-status", "children"), Output("present-pack-progress", "style"),
        Output("present-pack-progress", "value"), Output("present-pack-link", "style"),
        Input("present-pack-build", "n_clicks"), State("present-nav", "data"), prevent_initial_call=True,
    )(begin)
    app.callback(
        Output("present-pack-progress", "value", allow_duplicate=True),
        Output("present-pack-status", "children", allow_duplicate=True),
        Output("present-pack-link", "href"), Output("present-pack-link", "style", allow_duplicate=True),
        Output("present-pack-poll", "disabled", allow_duplicate=True),
        Input("present-pack-poll", "n_intervals"), State("present-pack-job", "data"), prevent_initial_call=True,
    )(poll)


def register_routes(server) -> None:
    @server.get("/present/pack/<job>.zip")
    def present_pack_zip(job: str):
        found = status(job, current_account(), jobs_root())
        if found is None or not found.get("zip"):
            abort(404)
        return send_file(jobs_root() / job / found["zip"], as_attachment=True, download_name=found["zip"],
                         mimetype="application/zip", max_age=0)
