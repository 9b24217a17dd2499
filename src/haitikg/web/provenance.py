"""Where each statement comes from: the text span and document it was read from.

Three ways the graph records evidence, used in this order for a triple ``s p o``:
1. a reified ``rdf:Statement`` with ``rdf:subject s; rdf:predicate p; rdf:object o`` and
   ``prov:wasDerivedFrom`` a span (simple facts);
2. ``s prov:wasDerivedFrom`` a span (events, claims, quotations: all their triples);
3. a node without spans of its own (an event's role, a claim's quantity) takes those of
   the node it belongs to (its IRI extends the owner's: ``arrival-…-sender-kenya``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .site import cached, select, store

PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


@dataclass(frozen=True)
class Span:
    """A ``doc#char=b,e`` span, with the sentence around it."""

    iri: str
    document: str
    begin: int
    end: int
    anchor: str
    sentence_begin: int
    sentence_end: int
    text: str = field(repr=False)

    @property
    def fragment(self) -> str:
        return self.iri.partition("#")[2]

    def parts(self) -> tuple[str, str, str]:
        """The sentence split into (before, the span, after), for highlighting."""
        sb = min(self.sentence_begin, self.begin)
        se = max(self.sentence_end, self.end)
        t = self.text
        return t[sb : self.begin], t[self.begin : self.end], t[self.end : se]


@dataclass
class Index:
    spans: dict[str, Span]
    derived: dict[str, list[str]]
    reified: dict[tuple[str, str, str], list[str]]
    owner: dict[str, str]

    def spans_of(self, node: str) -> list[Span]:
        """The spans a node (or the node it belongs to) was read from."""
        seen = set()
        while node and node not in seen:
            seen.add(node)
            if node in self.derived:
                return [self.spans[s] for s in self.derived[node] if s in self.spans]
            node = self.owner.get(node, "")
        return []

    def evidence(self, s: str, p: str, o: str) -> list[Span]:
        """The spans supporting the triple ``s p o`` (empty when none is recorded)."""
        reified = self.reified.get((s, p, o))
        if reified:
            return [self.spans[x] for x in reified if x in self.spans]
        return self.spans_of(s)


SPANS = """
SELECT ?span ?b ?e ?anchor ?text ?sb ?se WHERE {
  ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?ctx .
  ?ctx nif:isString ?text .
  OPTIONAL { ?span nif:anchorOf ?anchor }
  OPTIONAL { ?span nif:sentence ?sent . ?sent nif:beginIndex ?sb ; nif:endIndex ?se }
}"""

REIFIED = """
SELECT ?s ?p ?o ?span WHERE {
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?span .
}"""


def _int(term: ox.Term | None, default: int) -> int:
    try:
        return int(term.value) if term is not None else default
    except ValueError:
        return default


def index() -> Index:
    """The provenance index, built once per dataset generation."""
    return cached("provenance", _build)


def _build() -> Index:
    spans: dict[str, Span] = {}
    for row in select(SPANS):
        iri = row["span"].value
        b, e = _int(row["b"], 0), _int(row["e"], 0)
        spans[iri] = Span(
            iri=iri,
            document=iri.partition("#")[0],
            begin=b,
            end=e,
            anchor=row["anchor"].value if row["anchor"] else "",
            sentence_begin=_int(row["sb"], b),
            sentence_end=_int(row["se"], e),
            text=row["text"].value,
        )
    derived: dict[str, list[str]] = defaultdict(list)
    for quad in store().quads_for_pattern(None, PROV_DERIVED, None, None):
        span = quad.object.value if isinstance(quad.object, ox.NamedNode) else ""
        if span in spans and span not in derived[quad.subject.value]:
            derived[quad.subject.value].append(span)
    reified: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for row in select(REIFIED):
        key = (row["s"].value, row["p"].value, object_key(row["o"]))
        if row["span"].value not in reified[key]:
            reified[key].append(row["span"].value)
    owner: dict[str, str] = {}
    for node in list(derived):
        for quad in store().quads_for_pattern(ox.NamedNode(node), None, None, None):
            child = quad.object
            if (
                isinstance(child, ox.NamedNode)
                and child.value not in derived
                and child.value.startswith(node + "-")
            ):
                owner.setdefault(child.value, node)
    return Index(spans, dict(derived), dict(reified), owner)


def object_key(term: ox.Term) -> str:
    """How :attr:`Index.reified` keys an object: IRIs by value, literals in N-Triples form."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)
