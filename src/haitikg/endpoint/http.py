"""What every view needs from HTTP: content negotiation, ``Link`` headers, streamed bodies,
and the one rendering of errors (RFC 9457 problem documents).

Negotiation: ``format=`` first, then ``Accept`` through Werkzeug. Offers come from the
one format registry (``haitikg.formats``) in its order of preference, so ``*/*`` or a
missing ``Accept`` gets the first: SPARQL JSON for solutions, Turtle for graphs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import IO

from flask import Request, Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header

from .. import formats
from ..engine.problems import BadParameter, NotAcceptable
from ..errors import HaitikgError
from ..formats import Format

PROBLEM_JSON = "application/problem+json"
#: Bytes per piece when a body is streamed from a spool.
PIECE = 64 * 1024

#: Formats by the kind of query result they can carry.
SOLUTION_FORMATS: tuple[Format, ...] = formats.RESULT_FORMATS
BOOLEAN_FORMATS: tuple[Format, ...] = tuple(
    f for f in formats.RESULT_FORMATS if f.name in ("json", "xml", "csv", "tsv")
)
GRAPH_FORMATS: tuple[Format, ...] = formats.RDF_FORMATS


def offers(candidates: tuple[Format, ...]) -> list[str]:
    """Primary media types first (so wildcards pick them), then the other names."""
    primary = [f.media_type for f in candidates]
    return primary + [m for f in candidates for m in f.other_media_types if m not in primary]


def requested_name(request: Request) -> str | None:
    """The ``format=`` parameter (query string or form), when given."""
    values = request.args.getlist("format")
    if request.mimetype == "application/x-www-form-urlencoded":
        values += request.form.getlist("format")
    return values[-1] if values else None


#: What ``format=`` values mean for a graph result when they name another kind of format:
#: clients such as SPARQLWrapper send ``xml``, ``json`` or ``n3`` whatever the query form.
GRAPH_ALIASES = {"xml": "rdfxml", "json": "jsonld", "n3": "ttl", "rdf+n3": "ttl", "text/n3": "ttl"}


def _by_parameter(value: str, candidates: tuple[Format, ...]) -> Format | None:
    """The candidate a ``format=`` value names: a short name, a media type or a list of them."""
    if "/" in value:
        if value.strip().lower() in GRAPH_ALIASES and candidates == GRAPH_FORMATS:
            return formats.by_name(GRAPH_ALIASES[value.strip().lower()])
        accept = parse_accept_header(value, MIMEAccept)
        best = accept.best_match(offers(candidates))
        return formats.by_media_type(best) if best else None
    key = value.strip().lower()
    if candidates == GRAPH_FORMATS and key in GRAPH_ALIASES:
        return formats.by_name(GRAPH_ALIASES[key])
    try:
        fmt = formats.by_name(key)
    except KeyError as exc:
        if key in GRAPH_ALIASES:
            return None
        raise BadParameter(f"format={value!r} is unknown: {exc.args[0]}") from None
    return fmt if fmt in candidates else None


def choose(request: Request, candidates: tuple[Format, ...], what: str) -> Format | None:
    """The format to answer with, or None when the client accepts none of ``candidates``."""
    name = requested_name(request)
    if name:
        return _by_parameter(name, candidates)
    accept = request.headers.get("Accept", "").strip()
    if not accept:
        return candidates[0]
    return _by_accept(accept, candidates)


@lru_cache(maxsize=512)
def _by_accept(accept: str, candidates: tuple[Format, ...]) -> Format | None:
    """Werkzeug's choice for an ``Accept`` value; clients repeat theirs on every request,
    and parsing it three times per query was a tenth of the endpoint's own time."""
    best = parse_accept_header(accept, MIMEAccept).best_match(offers(candidates))
    return formats.by_media_type(best) if best else None


def require(request: Request, candidates: tuple[Format, ...], what: str) -> Format:
    """Like :func:`choose` but answers 406 with the formats on offer."""
    fmt = choose(request, candidates, what)
    if fmt is None:
        on_offer = ", ".join(f"{f.media_type} (format={f.name})" for f in candidates)
        raise NotAcceptable(f"{what} can be served as: {on_offer}")
    return fmt


def link_header(views: list[tuple[str, str, str]]) -> str:
    """``Link: <url>; rel="alternate"; type="…"`` for ``(path, media type, label)`` views."""
    host = request.host_url.rstrip("/")
    return ", ".join(f'<{host}{url}>; rel="alternate"; type="{mt}"' for url, mt, _ in views)


def stream(spool: IO[bytes], size: int, content_type: str) -> Response:
    """A response that sends ``spool`` (positioned at 0) in pieces and then closes it."""

    def body() -> Iterator[bytes]:
        with spool:
            while piece := spool.read(PIECE):
                yield piece

    response = Response(body(), content_type=content_type, direct_passthrough=True)
    response.content_length = size
    return response


class HTTPProblem(HaitikgError):
    """Werkzeug's own HTTP errors (404, 405, 413 …) in the same problem shape."""

    def __init__(self, exc: HTTPException) -> None:
        super().__init__(exc.description)
        self.status = exc.code or 500
        self.title = exc.name
        self.detail = exc.description or exc.name
        self.slug = exc.name.lower().replace(" ", "-")
        self.headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}


def render_problem(error: HaitikgError) -> Response:
    """One rendering for every error: problem+json unless the client prefers plain text."""
    status = getattr(error, "status", 500)
    title = getattr(error, "title", "Internal error")
    detail = getattr(error, "detail", str(error))
    wanted = request.accept_mimetypes.best_match(
        [PROBLEM_JSON, "application/json", "text/plain"], default=PROBLEM_JSON
    )
    if wanted == "text/plain":
        response = Response(f"{title}: {detail}\n", status, mimetype="text/plain")
    else:
        slug = getattr(error, "slug", "internal-error")
        body = {
            "type": f"https://w3id.org/haitikg/problems/{slug}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": request.path,
        }
        response = Response(json.dumps(body, ensure_ascii=False), status, mimetype=PROBLEM_JSON)
    for name, value in getattr(error, "headers", {}).items():
        response.headers[name] = value
    response.headers.add("Vary", "Accept")
    return response
