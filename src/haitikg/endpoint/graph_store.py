"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

https://www.w3.org/TR/sparql11-http-rdf-update/ — ``?graph=IRI`` or ``?default`` names
a graph; ``GET /store`` with neither is the whole dataset (N-Quads or TriG), the dump.
Reading is open; ``PUT``, ``POST`` and ``DELETE`` need the update token.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Response, current_app, request

from .. import formats
from ..engine.problems import BadParameter, NotFound, RequestTooLarge, UnsupportedMediaType
from ..engine.runtime import DataStore
from ..engine.spool import Spools
from . import http
from .runtime import current_engine
from .sparql import authorize

#: An XML entity declaration, which the RDF/XML parser would expand ("billion laughs").
_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)
#: What one parsed quad costs beyond its terms' text (objects, the graph name).
_PER_QUAD = 256

#: N-Quads first: what a client asking for anything (``*/*``) gets as the dump.
DATASET_FORMATS = tuple(
    sorted((f for f in formats.RDF_FORMATS if f.holds_datasets), key=lambda f: f.name != "nq")
)


def _target() -> ox.NamedNode | ox.DefaultGraph | None:
    """The graph the request names, or None for the whole dataset."""
    graphs = request.args.getlist("graph")
    if "default" in request.args and graphs:
        raise BadParameter("give either ?default or ?graph=IRI, not both")
    if len(graphs) > 1:
        raise BadParameter("give ?graph= once")
    if graphs:
        try:
            return ox.NamedNode(graphs[0])
        except ValueError as exc:
            raise BadParameter(f"?graph= is not an IRI: {exc}") from None
    return ox.DefaultGraph() if "default" in request.args else None


def _exists(store: DataStore, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    if isinstance(graph, ox.DefaultGraph):
        return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None
    return store.contains_named_graph(graph)


def graph_store() -> Response:
    target = _target()
    if request.method == "GET":
        return _get(target)
    authorize()
    if target is None:
        raise BadParameter("name the graph to change with ?graph=IRI or ?default")
    snapshots = current_engine().snapshots
    existed = _exists(snapshots.store, target)
    if request.method == "DELETE":
        if not existed:
            raise NotFound(f"the store has no graph {target}")
        snapshots.write(
            lambda store: (
                store.clear_graph(target)
                if isinstance(target, ox.DefaultGraph)
                else store.remove_graph(target)
            )
        )
        return Response(status=204)
    quads = _parse_body(target)

    def change(store: ox.Store) -> None:
        if request.method == "PUT" and existed:
            store.clear_graph(target)
        store.extend(quads)

    snapshots.write(change)
    return Response(status=204 if existed else 201)


def _parse_body(graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    try:
        fmt = formats.by_media_type(request.mimetype)
    except KeyError:
        fmt = None
    if fmt is None or fmt.rdf is None or fmt.holds_datasets:
        offered = ", ".join(f.media_type for f in formats.GRAPH_FORMATS)
        raise UnsupportedMediaType(f"send the graph as one of: {offered}")
    body = request.get_data()
    if fmt.rdf == ox.RdfFormat.RDF_XML and _ENTITY.search(body):
        raise BadParameter(
            "the RDF/XML body declares XML entities (<!ENTITY …>); this endpoint does not "
            "expand them: write the values out"
        )
    limit = int(current_app.config["MAX_PARSED_BYTES"])
    quads, size = [], 0
    try:
        for t in ox.parse(body, fmt.rdf, base_iri=request.base_url):
            size += _PER_QUAD + len(str(t))
            if size > limit:
                raise RequestTooLarge(
                    f"the {fmt.label} body expands to more than {limit} bytes of RDF terms "
                    "(MAX_PARSED_BYTES: long prefixes repeated, for instance); send less at once"
                )
            quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
    except SyntaxError as exc:
        raise BadParameter(f"the {fmt.label} body does not parse: {exc}") from None
    return quads


def _get(target: ox.NamedNode | ox.DefaultGraph | None) -> Response:
    store = current_engine().snapshots.store
    if target is None:
        fmt = http.require(request, DATASET_FORMATS, "the whole dataset")
    else:
        fmt = http.require(request, formats.GRAPH_FORMATS, "a graph")
        if not _exists(store, target):
            raise NotFound(f"the store has no graph {target}")
    spools = getattr(current_engine().pool, "spools", None) or Spools(0)  # remote: none
    spool = spools.memory()  # counted with the answers waiting for their clients
    assert fmt.rdf is not None  # the graph and dataset formats are RDF formats
    prefixes: dict[str, str] | None = {}
    if fmt.rdf in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        prefixes = None
    # pyoxigraph writes to any object with write(); its stubs ask for an IO[bytes]
    store.dump(spool, fmt.rdf, from_graph=target, prefixes=prefixes)  # type: ignore[arg-type]
    size = spool.tell()
    spool.seek(0)
    response = http.stream(spool, size, fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response
