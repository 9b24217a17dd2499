"""``haitikg serve``: run the site under waitress, after loading the data, and say where it is."""

from __future__ import annotations

import signal
import sys
from typing import Any

import click
from flask import Flask

from .endpoint import runtime


def run(app: Flask, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Load the data and start the workers first, so the URLs printed already answer."""
    import waitress

    parts = runtime.start(app)
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


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5000, show_default=True, type=int, help="TCP port.")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="RDF file to serve instead of the built graph (repeatable; any format).",
)
@click.option("--store", type=click.Path(file_okay=False), help="On-disk store to serve or create.")
@click.option("--timeout", type=float, help="Seconds a query may run (default 30).")
@click.option("--max-rows", type=int, help="Rows or triples per answer; 0 = no limit.")
@click.option("--workers", type=int, help="Query worker processes (default: CPUs, at least 2).")
@click.option("--update-token", envvar="HAITIKG_UPDATE_TOKEN", help="Enable updates with it.")
@click.option("--allow-service", multiple=True, help="Endpoint IRI prefix SERVICE may call.")
@click.option("--allow-load", is_flag=True, default=None, help="Let SPARQL Update LOAD fetch.")
@click.option(
    "--throttle-budget",
    type=float,
    help="Seconds of query time each client address may spend per window (default 120).",
)
@click.option(
    "--throttle-window", type=float, help="Seconds over which a client's budget refills (60)."
)
@click.option(
    "--throttle-loopback", is_flag=True, default=None, help="Throttle loopback clients too."
)
@click.option("--no-throttle", is_flag=True, help="No per-client query-time budget.")
@click.option("--backend", envvar="HAITIKG_BACKEND", help="Remote SPARQL endpoint to answer from.")
@click.option("--backend-max-rows", type=int, help="The backend's own row cap (Virtuoso: 10000).")
def serve(host: str, port: int, no_throttle: bool, **options: Any) -> None:
    """Serve the knowledge graph as a SPARQL 1.1 endpoint (waitress, loopback by default)."""
    from .app import create_app

    config = {
        key.upper(): value
        for key, value in options.items()
        if value is not None and value != () and value is not False
    }
    if no_throttle:
        config["THROTTLE"] = False
    if "DATA" in config:
        config["DATA"] = list(config["DATA"])
    if "ALLOW_SERVICE" in config:
        config["ALLOW_SERVICE"] = list(config["ALLOW_SERVICE"])
    run(create_app(config), host=host, port=port)
