"""What every view needs from HTTP: content negotiation, ``Link`` headers, streamed bodies,
and the one rendering of errors (RFC 9457 problem documents).

**The one negotiation policy.** Offers come from the format registry
(``haitikg.formats``) in its order of preference, and Werkzeug picks by ``Accept``
(q-values, wildcards, ``q=0``). A missing ``Accept`` counts as ``*/*``, and ``*/*`` gets
the first machine-readable offer: Turtle for RDF, SPARQL JSON for results, problem+json
for errors. A view with an HTML page offers ``text/html`` after its primary formats, so
only a client that names HTML (every browser does) gets the page. Every negotiated answer
says ``Vary: Accept``; none acceptable is 406. The protocol's ``format=`` parameter, when
given, wins over ``Accept``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import IO, Any, Literal
from urllib.parse import parse_qsl

from flask import Request, Response, current_app, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_accept_header
from werkzeug.wsgi import wrap_file

from .. import formats
from ..engine.problems import BadParameter, HeadersTooLarge, NotAcceptable
from ..engine.spool import Spool
from ..errors import HaitikgError
from ..formats import Format
from ..namespaces import PROBLEMS

PROBLEM_JSON = "application/problem+json"
HTML = "text/html"
HTML_TYPES = (HTML, "application/xhtml+xml")
#: What :func:`negotiate` returns when the client asks for the HTML page.
Page = Literal["html"]
PAGE: Page = "html"
#: Bytes per piece when a body is streamed from a spool.
PIECE = 64 * 1024
#: ``(path, media type, label)``: one view of a resource, for ``Link`` headers and pages.
View = tuple[str, str, str]

#: Formats by the kind of query result they can carry.
SOLUTION_FORMATS: tuple[Format, ...] = formats.RESULT_FORMATS
BOOLEAN_FORMATS: tuple[Format, ...] = tuple(
    f for f in formats.RESULT_FORMATS if f.name in ("json", "xml", "csv", "tsv")
)
GRAPH_FORMATS: tuple[Format, ...] = formats.RDF_FORMATS


def offers(candidates: Sequence[Format], *, page: bool = False) -> list[str]:
    """Primary media types first (so wildcards pick them), then HTML when the view has a
    page, then the formats' other names."""
    primary = [f.media_type for f in candidates]
    html = list(HTML_TYPES) if page else []
    return primary + html + [m for f in candidates for m in f.other_media_types if m not in primary]


def negotiate(candidates: Sequence[Format], *, page: bool = False) -> Format | Page | None:
    """The format ``Accept`` asks for (:data:`PAGE` for the HTML page), None when nothing fits."""
    return _by_accept(request.headers.get("Accept", ""), tuple(candidates), page)


def not_acceptable(what: str, candidates: Sequence[Format], *, page: bool = False) -> NotAcceptable:
    """The 406 listing what ``what`` can be served as."""
    kinds = ([HTML] if page else []) + [f.media_type for f in candidates]
    return NotAcceptable(f"{what} can be served as: {', '.join(kinds)}")


def requested_name(request: Request) -> str | None:
    """The ``format=`` parameter (query string or form), when given."""
    values = request.args.getlist("format")
    if request.mimetype == "application/x-www-form-urlencoded":
        values += request.form.getlist("format")
    return values[-1] if values else None


#: What ``format=`` values mean for a graph result when they name another kind of format:
#: clients such as SPARQLWrapper send ``xml``, ``json`` or ``n3`` whatever the query form.
GRAPH_ALIASES = {"xml": "rdfxml", "json": "jsonld", "n3": "ttl", "rdf+n3": "ttl", "text/n3": "ttl"}


def by_parameter(value: str, candidates: tuple[Format, ...]) -> Format | None:
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
        return by_parameter(name, candidates)
    chosen = _by_accept(request.headers.get("Accept", ""), candidates, False)
    return chosen if isinstance(chosen, Format) else None


@lru_cache(maxsize=512)
def _by_accept(accept: str, candidates: tuple[Format, ...], page: bool) -> Format | Page | None:
    """Werkzeug's choice for an ``Accept`` value (missing: ``*/*``), cached: clients repeat
    theirs on every request, and a query negotiates three kinds of result."""
    best = parse_accept_header(accept.strip() or "*/*", MIMEAccept).best_match(
        offers(candidates, page=page)
    )
    if best is None:
        return None
    return PAGE if best in HTML_TYPES else formats.by_media_type(best)


def require(request: Request, candidates: tuple[Format, ...], what: str) -> Format:
    """Like :func:`choose` but answers 406 with the formats on offer."""
    fmt = choose(request, candidates, what)
    if fmt is None:
        on_offer = ", ".join(f"{f.media_type} (format={f.name})" for f in candidates)
        raise NotAcceptable(f"{what} can be served as: {on_offer}")
    return fmt


def link_header(views: Sequence[View]) -> str:
    """``<url>; rel="alternate"; type="…"`` for each view (paths made absolute)."""
    host = request.host_url.rstrip("/")
    return ", ".join(f'<{host}{url}>; rel="alternate"; type="{mt}"' for url, mt, _ in views)


def with_alternates(response: Response, views: Sequence[View], *, vary: bool = True) -> Response:
    """``response`` advertising its other views in a ``Link`` header (and ``Vary: Accept``
    when the URL is negotiated)."""
    if views:
        response.headers["Link"] = link_header(views)
    if vary:
        response.headers["Vary"] = "Accept"
    return response


def stream(spool: Spool | IO[bytes], size: int, content_type: str) -> Response:
    """A response that sends ``spool`` (positioned at 0) and then closes it."""
    body = spool_body(request.environ, spool)
    response = Response(body, content_type=content_type, direct_passthrough=True)
    response.content_length = size
    return response


def spool_body(environ: dict[str, Any], spool: Spool | IO[bytes]) -> Iterable[bytes]:
    """A WSGI body that sends ``spool`` and then closes it.

    The spool goes to the server's ``wsgi.file_wrapper``: waitress sends it from its event
    loop, so a client that does not read holds no thread, and closing the connection
    closes (and so deletes) the spool.
    """
    # werkzeug's stubs ask for an IO[bytes]; a file wrapper only reads, seeks and closes it
    return wrap_file(environ, spool, PIECE)  # type: ignore[arg-type]


def check_headers() -> None:
    """431 for a request with too many header fields or one too long (``before_request``):
    refused before anything parses them, so content negotiation stays cheap."""
    config = current_app.config
    most, longest = int(config["MAX_HEADER_FIELDS"]), int(config["MAX_HEADER_BYTES"])
    if len(request.headers) > most:
        raise HeadersTooLarge(
            f"the request has {len(request.headers)} header fields; this endpoint takes {most}"
        )
    for name, value in request.headers.items():
        if len(value) > longest:
            raise HeadersTooLarge(
                f"the {name} header has {len(value)} characters; this endpoint takes {longest}"
            )


class _FormParser(FormDataParser):
    """Werkzeug's form parser, with ``max_form_parts`` held for URL-encoded forms too (it
    only counts multipart ones): five million ``a=&`` in 15 MB cost 650 MiB to parse."""

    def _parse_urlencoded(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> Any:
        limit = self.max_form_memory_size
        if limit is not None and content_length is not None and content_length > limit:
            raise RequestEntityTooLarge(f"the form has {content_length} bytes; at most {limit}")
        data = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(data) > limit:
            raise RequestEntityTooLarge(f"the form has more than {limit} bytes")
        parts = data.count(b"&") + data.count(b";") + 1
        if self.max_form_parts is not None and parts > self.max_form_parts:
            raise RequestEntityTooLarge(
                f"the form has {parts} fields; this endpoint takes {self.max_form_parts}"
            )
        items = parse_qsl(data.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        return stream, self.cls(items), self.cls()


class SiteRequest(Request):
    """The site's request class: forms parsed within ``MAX_FORM_PARTS``."""

    form_data_parser_class = _FormParser


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
    wanted = PROBLEM_JSON
    if len(request.headers.get("Accept", "")) <= int(current_app.config["MAX_HEADER_BYTES"]):
        wanted = request.accept_mimetypes.best_match(
            [PROBLEM_JSON, "application/json", "text/plain"], default=PROBLEM_JSON
        )
    if wanted == "text/plain":
        response = Response(f"{title}: {detail}\n", status, mimetype="text/plain")
    else:
        slug = getattr(error, "slug", "internal-error")
        body = {
            "type": str(PROBLEMS[slug]),
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
