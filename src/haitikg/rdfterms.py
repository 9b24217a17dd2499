"""Moving terms between rdflib (used to build) and pyoxigraph (used to store and query)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from .namespaces import XSD

XSD_STRING = str(XSD.string)

#: An RDF term as pyoxigraph gives it (its stubs name no common base class).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: What may stand as a subject.
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
#: The graph a quad is in.
GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def lexical(term: Term) -> str:
    """A term's IRI, blank node id or lexical form (an RDF-star triple in N-Triples)."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
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


def from_ox(term) -> URIRef | BNode | Literal:
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


def quads(triples: Iterable[tuple], graph: str) -> Iterable[ox.Quad]:
    g = ox.NamedNode(graph)
    for s, p, o in triples:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)


def canonical(graph: Graph) -> Graph:
    """The graph with blank nodes named by their content, so output is byte-stable."""
    return (
        to_canonical_graph(graph) if any(isinstance(s, BNode) for s in graph.subjects()) else graph
    )
