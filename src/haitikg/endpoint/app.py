"""The Flask application factory for the endpoint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from ..errors import HaitikgError
from . import problems
from .engine import DEFAULTS

EXPOSED = "X-Haitikg-Truncated, X-Haitikg-Max-Rows, Warning, Content-Length"


class _HTTPProblem(HaitikgError):
    """Werkzeug's own HTTP errors (404, 405, 413 …) in the same problem shape."""

    def __init__(self, exc: HTTPException) -> None:
        super().__init__(exc.description)
        self.status = exc.code or 500
        self.title = exc.name
        self.detail = exc.description or exc.name
        self.slug = exc.name.lower().replace(" ", "-")
        self.headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then ``HAITIKG_*`` environment variables, then ``config``."""
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config["MAX_FORM_MEMORY_SIZE"] = None  # form fields: MAX_CONTENT_LENGTH is the limit
    app.config.from_prefixed_env("HAITIKG")
    if config:
        app.config.update(config)

    from . import graph_store, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(graph_store.bp)

    from ..web import register as register_pages

    register_pages(app)

    @app.errorhandler(HaitikgError)
    def _haitikg_error(exc: HaitikgError) -> Response:
        return problems.render(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return problems.render(_HTTPProblem(exc))

    @app.after_request
    def _cors(response: Response) -> Response:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = response.headers.get(
                "Allow", "GET, POST, OPTIONS"
            )
            response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, Authorization"
            response.headers["Access-Control-Max-Age"] = "86400"
        return response

    return app
