"""The SPARQL 1.1 Protocol at ``/sparql``: query, update, service description, page.

https://www.w3.org/TR/sparql11-protocol/ — query by GET, by POST form and by POST
``application/sparql-query``; update by POST form and ``application/sparql-update``.
"""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from flask import Response, current_app, make_response, request

from ..engine import safety
from ..engine.execute import Job
from ..engine.problems import (
    BadParameter,
    MissingQuery,
    QueryTooLong,
    RepeatedParameter,
    UnsupportedMediaType,
    UpdateFailed,
    UpdateForbidden,
    UpdateSyntaxError,
)
from ..engine.workers import Outcome
from ..explain import MalformedQuery
from ..formats import Format
from ..namespaces import PREFIXES, prologue_for
from ..settings import as_list
from . import cache, http, throttle
from .http import BOOLEAN_FORMATS, GRAPH_FORMATS, SOLUTION_FORMATS
from .runtime import current_engine
from .service_description import describe_service

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
#: The endpoint name of the site's query page, which browsers get at ``GET /sparql``.
QUERY_PAGE = "queries.query"
#: The protocol's dataset parameters: meaningless without a query or an update.
DATASET_PARAMETERS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)


def sparql() -> Response:
    """One URL for every protocol operation; which one depends on method and body."""
    if _surely_a_query():
        throttle.precheck()  # a client refused any query is refused before its form is read
    operation, text = _operation()
    if operation == "query":
        return _query(text)
    if operation == "update":
        return _update(text)
    return _service_description()


def _surely_a_query() -> bool:
    """A POST that can only be a query: the query type, or a form with no ``update=``."""
    if request.method != "POST":
        return False
    if request.mimetype == QUERY_TYPE:
        return True
    small = (request.content_length or 0) <= int(current_app.config["MAX_FORM_MEMORY_SIZE"])
    return request.mimetype == FORM and small and b"update=" not in request.get_data(cache=True)


def _operation() -> tuple[str | None, str]:
    """``("query" | "update" | None, text)`` read from the request as the protocol says."""
    if request.method in ("GET", "HEAD"):
        if "update" in request.args:
            raise BadParameter("updates must be sent with POST, never GET")
        given = [name for name in DATASET_PARAMETERS if name in request.args]
        if given and "query" not in request.args:  # the description answers a bare GET only
            raise MissingQuery(f"the request gives {given[0]}= but no query= to apply it to")
        return _single("query", request.args.getlist("query"))
    mimetype = request.mimetype
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the request must be UTF-8 encoded, not {charset}")
    if mimetype == FORM:
        queries, updates = request.form.getlist("query"), request.form.getlist("update")
        if queries and updates:
            raise BadParameter("a request carries either query= or update=, not both")
        if updates:
            return _single("update", updates)
        return _single("query", queries, required=True)
    if mimetype in (QUERY_TYPE, UPDATE_TYPE):
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnsupportedMediaType(f"the request body is not UTF-8: {exc}") from None
        return ("query" if mimetype == QUERY_TYPE else "update"), text
    sent = f"Content-Type {mimetype!r}" if mimetype else "no Content-Type"
    raise UnsupportedMediaType(
        f"POST /sparql takes {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}; the request has {sent}"
    )


def _single(name: str, values: list[str], required: bool = False) -> tuple[str | None, str]:
    if len(values) > 1:
        raise RepeatedParameter(f"the request gives {name}= {len(values)} times; give it once")
    if not values:
        if required:
            raise MissingQuery("the request has no query= (nor update=) parameter")
        return None, ""
    if not values[0].strip():
        raise MissingQuery(f"the {name}= parameter is empty")
    return name, values[0]


def _dataset_param(name: str) -> list[str] | None:
    """The graph IRIs given as ``name=``; each must be an absolute IRI (they reach the
    engine as graph names, and an update's ``USING <…>`` clauses as text)."""
    values = request.args.getlist(name)
    if request.mimetype == FORM:
        values += request.form.getlist(name)
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise BadParameter(f"{name}={value!r} is not an absolute IRI: {exc}") from None
    return values or None


def _check_length(text: str) -> None:
    limit = int(current_app.config["MAX_QUERY_LENGTH"])
    if limit and len(text) > limit:
        raise QueryTooLong(f"the text has {len(text)} characters; this endpoint takes {limit}")


def answer(text: str, format_name: str) -> Response:
    """A query the site asks itself (a catalogue question), answered in the named format
    through the same worker pool, time limit, row limit and throttle as ``/sparql``."""
    return _query(text, format_name)


def _query(text: str, format_name: str | None = None) -> Response:
    _check_length(text)
    config = current_app.config
    engine = current_engine()
    snapshots = engine.snapshots

    def offer(candidates: tuple[Format, ...]) -> str | None:
        if format_name is not None:
            fmt = http.by_parameter(format_name, candidates)
        else:
            fmt = http.choose(request, candidates, "")
        return fmt.name if fmt else None

    solution_format = offer(SOLUTION_FORMATS)
    boolean_format = offer(BOOLEAN_FORMATS)
    graph_format = offer(GRAPH_FORMATS)
    if not (solution_format or boolean_format or graph_format):
        http.require(request, SOLUTION_FORMATS + GRAPH_FORMATS, "query results")
    generation = snapshots.generation
    job: Job = {
        "query": text,
        "base_iri": request.base_url,
        "union": bool(config["UNION_DEFAULT_GRAPH"]),
        "default_graphs": _dataset_param("default-graph-uri"),
        "named_graphs": _dataset_param("named-graph-uri"),
        "max_rows": int(config["MAX_ROWS"]),
        "max_bytes": int(config["MAX_ANSWER_BYTES"]),
        "max_nesting": int(config["MAX_NESTING"]),
        "allow_service": as_list(config["ALLOW_SERVICE"]),
        "prefixes": PREFIXES,
        "generation": generation,
        "snapshot": str(snapshots.snapshot),
        "in_memory": bool(snapshots.in_memory),
        "solution_format": solution_format,
        "boolean_format": boolean_format,
        "graph_format": graph_format,
    }
    layer = current_app.extensions.get("haitikg.cache")
    tag = None
    if layer is not None and cache.cacheable(text):
        tag = cache.etag(layer.instance, generation, job)
    if cache.not_modified(request, tag):
        return cache.mark(Response(status=304), request, tag, config["CACHE_CONTROL"])
    ticket = throttle.admit()
    try:
        charge = ticket.charge if ticket is not None else None
        outcome = engine.pool.run(job, float(config["TIMEOUT"]), charge=charge)
    finally:
        if ticket is not None:
            ticket.release()
    snapshots.forget(engine.pool.generations())
    response = _respond(outcome, int(config["MAX_ROWS"]), int(config["MAX_ANSWER_BYTES"]))
    return cache.mark(response, request, tag, config["CACHE_CONTROL"])


def _respond(outcome: Outcome, max_rows: int, max_bytes: int) -> Response:
    response = http.stream(outcome.body, outcome.size, outcome.media_type)
    response.headers["Vary"] = "Accept"
    if max_rows:
        response.headers["X-Haitikg-Max-Rows"] = str(max_rows)
    if max_bytes:
        response.headers["X-Haitikg-Max-Bytes"] = str(max_bytes)
    if outcome.truncated:
        unit = "triples" if outcome.kind == "graph" else "rows"
        response.headers["X-Haitikg-Truncated"] = "true"
        if outcome.cut == "bytes":
            why = f"after {outcome.rows} {unit}: the next would pass the {max_bytes} bytes"
            why += " the endpoint allows an answer"
        else:
            why = f"at {max_rows} {unit} by the endpoint's row limit"
        response.headers["Warning"] = f'199 haitikg "results cut {why}"'
        if warning := getattr(outcome, "warning", None):  # a remote backend's own reason
            response.headers["Warning"] = warning
    return response


def authorize() -> None:
    """Raise 403 unless the server has an update token and the request carries it."""
    token = current_app.config.get("UPDATE_TOKEN")
    if not token:
        raise UpdateForbidden(
            "this endpoint is read-only; updates need a server started with --update-token"
        )
    given = request.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip(), str(token)):
        raise UpdateForbidden(
            "updates need the header 'Authorization: Bearer <token>' with the server's token",
            WWW_Authenticate='Bearer realm="haitikg"',
        )


def _update(text: str) -> Response:
    authorize()
    _check_length(text)
    config = current_app.config
    engine = current_engine()
    isolated = bool(getattr(engine.snapshots, "isolate_updates", False))
    safety.check(
        text,
        update=True,
        allow_service=tuple(as_list(config["ALLOW_SERVICE"])),
        allow_load=bool(config["ALLOW_LOAD"]),
        base_iri=request.base_url,
        max_nesting=int(config["MAX_NESTING"]),
        strict=not isolated and not config["ALLOW_LOAD"],
        prefixes=PREFIXES,
    )
    text = safety.lenient_clear(text)
    text = safety.add_using(
        text,
        _dataset_param("using-graph-uri") or [],
        _dataset_param("using-named-graph-uri") or [],
    )
    prologue = prologue_for(text)  # the standard prefixes, declared where the update uses them
    try:
        engine.snapshots.update(prologue + text, base_iri=request.base_url, isolate=isolated)
    except SyntaxError as exc:
        problem = MalformedQuery.from_engine(prologue + text, exc, update=True)
        raise UpdateSyntaxError(str(problem.shifted(prologue.count("\n")))) from None
    except RuntimeError as exc:
        raise UpdateFailed(f"{exc}; nothing was changed") from None
    engine.snapshots.forget(engine.pool.generations())
    return Response(status=204, headers={"Vary": "Accept"})


def _service_description() -> Response:
    """The service description; a browser gets the site's query page (one page, served by
    the view registered as :data:`QUERY_PAGE`, with the description as its alternate)."""
    page = current_app.view_functions.get(QUERY_PAGE)
    if (
        page is not None
        and http.requested_name(request) is None
        and http.negotiate(GRAPH_FORMATS, page=True) == http.PAGE
    ):
        response = make_response(page())
    else:
        fmt = http.require(request, GRAPH_FORMATS, "the service description")
        body = describe_service(request.base_url, current_engine(), current_app.config, fmt)
        response = Response(body, content_type=fmt.content_type)
    response.headers["Vary"] = "Accept"
    return response
