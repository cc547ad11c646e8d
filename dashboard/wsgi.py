"""WSGI entry point for gunicorn: `gunicorn dashboard.wsgi:server`."""
import gc
import os

from dashboard import create_app
from dashboard.serving import warm_up

app = create_app()
server = app.server
warm_up(app)

# Everything built so far (modules, layouts, callback maps) lives as long as the worker. Freezing it
# keeps full collections from walking those ~150,000 objects, which otherwise pauses whichever
# request triggers one for about 70 ms; with `--preload` it also keeps those pages shared between
# the workers instead of copied when the collector touches them.
gc.collect()
gc.freeze()


def _own_connections_after_fork() -> None:
    # A worker forked from a process that already holds the engine (`--preload`) opens its own
    # connections rather than sharing the parent's. (redis-py's pools notice the new process id and
    # open their own connections by themselves.)
    server.extensions["oversight_db"].engine.dispose(close=False)


os.register_at_fork(after_in_child=_own_connections_after_fork)
