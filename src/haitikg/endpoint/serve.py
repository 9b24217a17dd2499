"""Run the app under waitress, after loading the data, and say where it is."""

from __future__ import annotations

import signal
import sys

from flask import Flask

from . import engine


def serve(app: Flask, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Load the data and start the workers first, so the URLs printed already answer."""
    import waitress

    parts = engine.start(app)
    # SIGTERM (systemd, docker stop) exits like Ctrl-C, so the workers and snapshots are
    # cleaned up by the atexit handler instead of being left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    base = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    isolated = "workers have no network" if parts.pool.isolated else "workers share the network"
    print(
        f"haitikg SPARQL endpoint: {base}/sparql\n"
        f"  home page:   {base}/\n"
        f"  query page:  {base}/query\n"
        f"  dumps:       {base}/downloads (every format; the dataset as N-Quads at {base}/store)\n"
        f"  {parts.pool.size} query workers ({isolated}), "
        f"{app.config['TIMEOUT']} s per query, {app.config['MAX_ROWS']} rows max, "
        f"{'updates with bearer token' if app.config.get('UPDATE_TOKEN') else 'read-only'}",
        file=sys.stderr,
        flush=True,
    )
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=int(app.config["THREADS"]),
        max_request_body_size=int(app.config["MAX_CONTENT_LENGTH"]) + 1,
        ident="haitikg",
        _quiet=True,
    )
