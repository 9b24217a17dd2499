"""Run haitikg's site under a given server, for bench/servers.py (the server evaluation).

    python bench/serve_with.py SERVER PORT DATA

``SERVER``: ``waitress`` (as ``haitikg serve`` runs it), ``waitress-default`` (waitress's
own defaults and a body iterated in a thread, as before issue 13), ``uvicorn`` (through
``a2wsgi``) or ``granian`` (its WSGI interface). Not a project dependency beyond waitress:
``pip install uvicorn a2wsgi granian`` to try the others.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from haitikg.app import create_app
from haitikg.endpoint import runtime
from haitikg.serve import listen, make_server, raise_file_limit

THREADS = 16


def make_app() -> Any:
    app = create_app({"DATA": [os.environ["SERVE_WITH_DATA"]], "WORKERS": 2})
    runtime.start(app)
    return app


def without_file_wrapper(app: Any) -> Any:
    """The body iterated by a server thread, as ``http.stream`` did before issue 13."""

    def wsgi(environ: dict, start_response: Any) -> Any:
        environ.pop("wsgi.file_wrapper", None)
        return app(environ, start_response)

    return wsgi


# Granian imports this module as "serve_with" in its worker; our query workers (spawn) as
# "__mp_main__", and they must not build a site of their own.
app = make_app() if os.environ.get("SERVE_WITH_GRANIAN") and __name__ == "serve_with" else None


def main() -> None:
    server, port, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    raise_file_limit(5000)  # the same for every server: 1,000s of sockets need descriptors
    os.environ["SERVE_WITH_DATA"] = data
    if server == "granian":
        from granian import Granian

        os.environ["SERVE_WITH_GRANIAN"] = "1"
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        Granian("serve_with:app", address="127.0.0.1", port=port, interface="wsgi",
                workers=1, blocking_threads=THREADS, backlog=2048).serve()  # fmt: skip
        return
    site = make_app()
    if server == "waitress":
        make_server(site, listen("127.0.0.1", port)).run()
    elif server == "waitress-default":
        import waitress

        waitress.serve(without_file_wrapper(site), host="127.0.0.1", port=port,
                       threads=THREADS, _quiet=True)  # fmt: skip
    elif server == "uvicorn":
        import uvicorn
        from a2wsgi import WSGIMiddleware

        uvicorn.run(WSGIMiddleware(site, workers=THREADS), host="127.0.0.1", port=port,
                    log_level="warning", backlog=2048, timeout_keep_alive=30)  # fmt: skip
    else:
        raise SystemExit(f"unknown server {server!r}")


if __name__ == "__main__":
    main()
