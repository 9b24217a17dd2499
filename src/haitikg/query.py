"""Run SPARQL against the built dataset in-process (``haitikg query``, the competency tests)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .explain import MalformedQuery
from .formats import by_name
from .namespaces import PREFIXES
from .rdfterms import OxTerm, in_memory

#: Triples in each named graph; the store, the service description, /-/stats and
#: ``haitikg publish`` (on the remote store) all count with it.
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: Triples in the default graph (the union of all graphs where the store makes it so).
TRIPLES = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@cache
def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def open_store(build_dir: Path | None = None) -> ox.Store:
    """The built dataset in an in-memory Oxigraph store (loaded once per process)."""
    from .build import dataset_path, ensure_built

    return _store(dataset_path(ensure_built(build_dir)))


def graph_sizes(rows: Iterable[Mapping[str, Any] | ox.QuerySolution]) -> dict[str, int]:
    """``{graph IRI: triples}`` from the solutions of :data:`GRAPH_SIZES`."""
    return {
        row["g"].value: int(row["n"].value) for row in rows if isinstance(row["g"], ox.NamedNode)
    }


#: What a query gives: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE).
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def run(query: str, store: ox.Store | None = None) -> Result:
    """Evaluate with the union of all graphs as default graph, haitikg's prefixes predeclared
    (a query's own PREFIX wins); a query that does not parse raises :class:`MalformedQuery`."""
    store = store or open_store()
    try:
        return store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise MalformedQuery.from_engine(query, exc) from None


def serialize(result: Result, fmt_name: str) -> bytes:
    """Query results (solutions, boolean or triples) in a format of the registry."""
    fmt = by_name(fmt_name)
    if isinstance(result, ox.QueryTriples):
        if fmt.rdf is None:
            raise ValueError(f"{fmt.label} is for SELECT/ASK results; CONSTRUCT gives triples")
        return in_memory(ox.serialize(result, format=fmt.rdf, prefixes=PREFIXES))
    if fmt.results is None:
        raise ValueError(f"{fmt.label} is for CONSTRUCT/DESCRIBE results")
    return in_memory(result.serialize(format=fmt.results))


def rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """Header and cells of a SELECT result (or ASK as one cell), for printing as a table."""
    if isinstance(result, ox.QueryBoolean):
        return ["result"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [
            [str(t.subject), str(t.predicate), str(t.object)] for t in result
        ]
    names = [v.value for v in result.variables]
    return names, [[_cell(sol[n]) for n in names] for sol in result]


def _cell(term: OxTerm | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    return term.value if isinstance(term, ox.NamedNode) else str(term)
