"""Tool endpoints under the reserved ``/-/`` prefix: health, version, stats (JSON)."""

from __future__ import annotations

import platform
import time
from importlib.metadata import PackageNotFoundError, version

from flask import Response, current_app, jsonify

from ..endpoint import data
from ..endpoint.data import select
from ..query import GRAPH_SIZES, TRIPLES, graph_sizes
from ..version import __version__
from .site import manifest

STARTED = time.time()


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def health() -> Response:
    """Liveness: 200 while the process answers HTTP. Nothing a client can do to the query
    workers changes it, so a load balancer cannot be made to drop a live server."""
    body = {
        "status": "ok",
        "workers": data.workers(),
        "uptime_seconds": round(time.time() - STARTED, 1),
    }
    return _json(body)


def ready() -> Response:
    """Readiness: 200 when the store answers a query and the query workers can take queries
    (running, or being replaced: a worker lost to a query is replaced at once); else 503."""
    try:
        ok = bool(select("SELECT ?s { ?s ?p ?o } LIMIT 1"))
    except Exception as exc:  # the store itself failing is what this endpoint reports
        return _json({"status": "error", "detail": f"{type(exc).__name__}: {exc}"}, 503)
    workers_ready = data.workers_ready()
    status = "ok" if ok and workers_ready else "not ready"
    body = {"status": status, "data": ok, "workers": data.workers(), "ready": workers_ready}
    return _json(body, 200 if status == "ok" else 503)


def versions() -> Response:
    ontology = select("SELECT ?v { ?o a owl:Ontology ; owl:versionInfo ?v } LIMIT 1")
    return _json(
        {
            "haitikg": __version__,
            "ontology": ontology[0]["v"].value if ontology else None,
            "python": platform.python_version(),
            "packages": {
                p: _version(p) for p in ("pyoxigraph", "rdflib", "flask", "werkzeug", "waitress")
            },
        }
    )


def stats() -> Response:
    facts = manifest()
    graphs = graph_sizes(select(GRAPH_SIZES))
    classes = select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c"
    )
    total = select(TRIPLES)[0]["n"].value
    return _json(
        {
            "triples": int(total),
            "graphs": dict(sorted(graphs.items())),
            "classes": {r["c"].value: int(r["n"].value) for r in classes},
            "build": {k: facts.get(k) for k in ("built", "asserted", "inferred", "facts", "spans")},
            "documents": facts.get("documents", []),
            "limits": {k: current_app.config[k] for k in ("TIMEOUT", "MAX_ROWS")},
            "cache": _cache_stats(),
        }
    )


def _cache_stats() -> dict[str, int] | None:
    """The result cache's size and hits (endpoint/cache.py), when the site has one."""
    layer = current_app.extensions.get("haitikg.cache")
    return None if layer is None else layer.results.stats()


def _json(body: dict[str, object], status: int = 200) -> Response:
    response = jsonify(body)
    response.status_code = status
    return response
