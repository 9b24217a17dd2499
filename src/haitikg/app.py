"""The site: one application factory, and every URL it answers in one table.

``create_app`` reads the settings (``haitikg.settings``: defaults, then ``HAITIKG_*``
environment variables, then ``config``), registers one blueprint per view module from
:func:`routes`, and installs the one error renderer and the CORS headers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, request
from flask.typing import RouteCallable
from werkzeug.exceptions import HTTPException

from .endpoint import cache, graph_store, sparql
from .endpoint.http import HTTPProblem, SiteRequest, check_headers, render_problem
from .errors import HaitikgError
from .settings import DEFAULTS
from .web import (
    ontology_page,
    pages,
    pictures,
    queries,
    resources,
    review,
    tables,
    templating,
    tools,
)

EXPOSED = "X-Haitikg-Truncated, X-Haitikg-Max-Rows, X-Haitikg-Max-Bytes, Warning, Content-Length"
GRAPH_STORE_METHODS = ("GET", "PUT", "POST", "DELETE")


@dataclass(frozen=True)
class Route:
    """One URL rule and the view that answers it (GET rules answer HEAD and OPTIONS too)."""

    rule: str
    view: RouteCallable
    methods: tuple[str, ...] = ("GET",)
    options: dict[str, Any] = field(default_factory=dict)


def routes() -> tuple[Route, ...]:
    """Every URL of the site with its view: the place to find any page's code from its URL."""
    return (
        # The SPARQL 1.1 Protocol: query, update, service description (endpoint/sparql.py).
        Route("/sparql", sparql.sparql, ("GET", "POST"), {"strict_slashes": False}),
        # The SPARQL 1.1 Graph Store HTTP Protocol; GET /store is the dump.
        Route("/store", graph_store.graph_store, GRAPH_STORE_METHODS),
        # Linked data: dereferenceable IRIs, negotiated or by suffix (web/resources.py).
        Route("/resource/<path:name>", resources.resource),
        Route("/vocab/<path:name>", resources.vocab),
        Route("/ontology", ontology_page.ontology),
        Route("/ontology.<ext>", ontology_page.ontology),
        # Pages (web/pages.py, queries.py, pictures.py); their CSS and JavaScript: /-/static/.
        Route("/", pages.home),
        Route("/query", queries.query),
        Route("/queries", queries.index),
        Route("/queries/<name>", queries.question),
        Route("/downloads", pages.downloads),
        Route("/downloads/events.<ext>", tables.events),  # web/tables.py
        Route("/dumps/<path:name>", pages.dump_file),
        Route("/.well-known/void", pages.void),
        Route("/context.jsonld", pages.context),
        Route("/timeline", pictures.timeline),
        Route("/disagreements", pages.disagreements),
        Route("/network", pictures.network),
        # Review of drafted annotations (web/review.py): token protected, writes YAML.
        Route("/-/review", review.index),
        Route("/-/review/login", review.login, ("POST",)),
        Route("/-/review/<doc>", review.document, ("GET", "POST")),
        # Tools under the reserved /-/ prefix (web/tools.py).
        Route("/-/health", tools.health),
        Route("/-/ready", tools.ready),
        Route("/-/version", tools.versions),
        Route("/-/stats", tools.stats),
    )


#: Blueprint options beyond the name, by view module: the pages' CSS and JavaScript.
BLUEPRINT_OPTIONS: dict[str, dict[str, Any]] = {
    "pages": {"static_folder": "static", "static_url_path": "/-/static"},
}


def blueprints() -> list[Blueprint]:
    """One blueprint per view module (``sparql``, ``pages`` …) holding its routes."""
    found: dict[str, Blueprint] = {}
    for route in routes():
        module = route.view.__module__
        name = module.rpartition(".")[2]
        if name not in found:
            found[name] = Blueprint(name, module, **BLUEPRINT_OPTIONS.get(name, {}))
        found[name].add_url_rule(
            route.rule, view_func=route.view, methods=list(route.methods), **route.options
        )
    return list(found.values())


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Defaults, then ``HAITIKG_*`` environment variables, then ``config``."""
    app = Flask(__name__, template_folder="web/templates", static_folder=None)
    app.request_class = SiteRequest
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("HAITIKG")
    if config:
        app.config.update(config)
    for blueprint in blueprints():
        app.register_blueprint(blueprint)
    app.jinja_env.globals.update(templating.template_globals())
    app.before_request(check_headers)
    cache.install(app)

    @app.errorhandler(HaitikgError)
    def _haitikg_error(exc: HaitikgError) -> Response:
        return render_problem(exc)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        return render_problem(HTTPProblem(exc))

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
