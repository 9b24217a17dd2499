"""Moving terms between rdflib (used to build) and pyoxigraph (used to store and query),
and pyoxigraph's results as the precise types its stubs leave as unions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from .namespaces import XSD

XSD_STRING = str(XSD.string)
#: What a pyoxigraph quad may hold in its object (and, but for a literal, its subject).
OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: A triple as the build writes it: an IRI (never a blank node) and a property.
Triple = tuple[URIRef, URIRef, Node]
#: A triple as an rdflib Graph gives it (the ontology, background.ttl).
GraphTriple = tuple[Node, Node, Node]


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: OxTerm) -> URIRef | BNode | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == XSD_STRING else URIRef(dt))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(triples: Iterable[tuple[Node, Node, Node]], graph: str) -> Iterator[ox.Quad]:
    g = ox.NamedNode(graph)
    for s, p, o in triples:
        subject, predicate = to_ox(s), to_ox(p)
        if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
            raise TypeError(f"not an RDF triple: {s!r} {p!r} {o!r}")
        yield ox.Quad(subject, predicate, to_ox(o), g)


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes named by their content, so output is byte-stable."""
    return (
        to_canonical_graph(graph) if any(isinstance(s, BNode) for s in graph.subjects()) else graph
    )


def select(
    store: ox.Store,
    query: str,
    *,
    use_default_graph_as_union: bool = False,
    prefixes: dict[str, str] | None = None,
) -> ox.QuerySolutions:
    """The solutions of a SELECT query, the options as for ``Store.query``."""
    union = use_default_graph_as_union
    result = store.query(query, use_default_graph_as_union=union, prefixes=prefixes)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query: {query[:60]!r}")
    return result


def in_memory(data: bytes | None) -> bytes:
    """What pyoxigraph's ``serialize`` returns when given no output file: the bytes."""
    if data is None:
        raise TypeError("pyoxigraph wrote to a file, not to memory")
    return data
