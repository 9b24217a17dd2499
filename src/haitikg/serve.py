"""``haitikg serve``: run the site under waitress, after loading the data, and say where it is."""

from __future__ import annotations

import errno
import resource
import signal
import socket
import sys
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import click
from flask import Flask
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from .endpoint import connections, runtime
from .errors import HaitikgError
from .settings import SERVER_OPTIONS, SETTINGS, Setting

F = TypeVar("F", bound=Callable[..., Any])
#: Settings whose values are paths, checked by click.
PATHS = {
    "DATA": click.Path(exists=True, dir_okay=False),
    "STORE": click.Path(file_okay=False),
    "BUILD_DIR": click.Path(file_okay=False),
}


class CannotListen(HaitikgError):
    """The address to serve on cannot be taken (in use, not ours, not allowed)."""

    status = 503
    title = "Cannot listen"


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything starts: a port in use is one message,
    not a traceback after the "ready" banner."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind)
    except OSError as exc:
        raise CannotListen(f"cannot listen on {host}:{port}: {exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        why = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror})"
        raise CannotListen(
            f"port {port} on {host} {why}: choose another with --port, or stop what holds it"
        ) from None
    return sock


def run(app: Flask, host: str = "127.0.0.1", port: int = 5000) -> None:
    """Take the port, load the data and start the workers first, so the URLs printed
    already answer."""
    sock = listen(host, port)
    engine = runtime.start(app)
    # SIGTERM (systemd, docker stop) exits like Ctrl-C, so the workers and snapshots are
    # cleaned up by the atexit handler instead of being left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    base = f"http://{host if ':' not in host else f'[{host}]'}:{port}"
    isolated = "workers have no network" if engine.pool.isolated else "workers share the network"
    print(
        f"haitikg SPARQL endpoint: {base}/sparql\n"
        f"  home page:   {base}/\n"
        f"  query page:  {base}/query\n"
        f"  dumps:       {base}/downloads (every format; the dataset as N-Quads at {base}/store)\n"
        f"  {engine.pool.size} query workers ({isolated}), "
        f"{app.config['TIMEOUT']} s per query, {app.config['MAX_ROWS']} rows max, "
        f"{'updates with bearer token' if app.config.get('UPDATE_TOKEN') else 'read-only'}",
        file=sys.stderr,
        flush=True,
    )
    make_server(app, sock).run()


def make_server(app: Flask, sock: socket.socket) -> MultiSocketServer | BaseWSGIServer:
    """waitress, set up for a public endpoint, on the bound socket ``sock``."""
    config = app.config
    dispatcher = connections.make_dispatcher(int(config["THREADS"]))
    server = create_server(app, sockets=[sock], _dispatcher=dispatcher, **waitress_options(config))
    connections.install(
        server,
        float(config["REQUEST_TIMEOUT"]),
        int(config["MAX_HEADER_FIELDS"]),
        int(config["MAX_HEADER_BYTES"]),
    )
    return server


def waitress_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """waitress's settings for a public endpoint (docs/reliability.md, "Connections").

    Connections are handled by waitress's event loop (``epoll`` with
    ``endpoint/eventloop.py``, else ``poll``: ``select`` stops at 1,024 descriptors);
    threads only run views. Idle connections are closed after ``IDLE_TIMEOUT``, slow ones
    after ``REQUEST_TIMEOUT``; answers are sent from their spool by the loop
    (``http.stream``).
    """
    limit = int(config["CONNECTION_LIMIT"])
    raise_file_limit(limit + 256)  # + spools, worker pipes, the store's files
    idle = float(config["IDLE_TIMEOUT"])
    return {
        "threads": int(config["THREADS"]),
        "connection_limit": limit,
        "channel_timeout": idle,
        "cleanup_interval": max(1.0, idle / 4),
        "asyncore_use_poll": True,
        "backlog": 2048,
        "recv_bytes": 65536,  # fewer turns of the loop for a large body
        # Room for a GET query of MAX_QUERY_LENGTH, percent-encoded, and the header fields;
        # each field is held to MAX_HEADER_BYTES before waitress parses it (connections.py).
        "max_request_header_size": 3 * int(config["MAX_QUERY_LENGTH"])
        + int(config["MAX_HEADER_FIELDS"]) * int(config["MAX_HEADER_BYTES"]),
        "inbuf_overflow": 64 * 1024,  # a request past this waits in a file, not in memory
        "max_request_body_size": int(config["MAX_CONTENT_LENGTH"]) + 1,
        "ident": "haitikg",
        # Forwarding headers reach the site, which believes them only from TRUSTED_PROXIES
        # and treats any forwarded request as not local (endpoint/throttle.py).
        "clear_untrusted_proxy_headers": False,
    }


def raise_file_limit(wanted: int) -> int:
    """Raise this process's open-file limit towards ``wanted`` (up to the hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if target > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    return soft


def _option(setting: Setting) -> Callable[[F], F]:
    """The ``haitikg serve`` option of one setting; unset (None) leaves it to the
    environment variable and the default."""
    default = setting.default_text.replace("`", "")
    meaning = setting.meaning.replace("`", "")
    kwargs: dict[str, Any] = {"default": None, "help": f"{meaning} (default: {default})."}
    if isinstance(setting.default, bool):
        kwargs["is_flag"] = True
    else:
        kind = type(setting.default) if isinstance(setting.default, int | float) else str
        kwargs["type"] = PATHS.get(setting.name, kind)
        kwargs["metavar"] = setting.metavar
        kwargs["multiple"] = setting.repeatable
    return click.option(setting.option, setting.name.lower(), **kwargs)


def _options(command: F) -> F:
    for setting in reversed(SETTINGS):
        command = _option(setting)(command)
    return command


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help=SERVER_OPTIONS[0][2] + ".")
@click.option(
    "--port",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help=SERVER_OPTIONS[1][2] + " (1–65535).",
)
@_options
def serve(host: str, port: int, **options: Any) -> None:
    """Serve the knowledge graph: the SPARQL 1.1 endpoint and the pages (waitress, loopback
    by default). Every option is also an environment variable HAITIKG_<NAME>."""
    from .app import create_app

    config = {
        key.upper(): list(value) if isinstance(value, tuple) else value
        for key, value in options.items()
        if value is not None and value != ()
    }
    run(create_app(config), host=host, port=port)
