"""Materialise the entailments of the ontology's alignment axioms.

Someone who knows only schema.org or SEM must find an arrival typed only
``hkg:ContingentArrival``. A full OWL RL closure (owlrl) is slow past 10^5 triples, so
this computes, once, the closure of the ontology's subclass, subproperty, equivalence,
inverse, domain and range axioms, and applies it to the data: as one SPARQL update per
rule inside Oxigraph (``materialise``, for the build), or quad by quad as the data streams
past (entailments.py, for ``haitikg bulkload`` at 10^6–10^7 triples). owl:sameAs is not
materialised: the links point outside.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDFS

from .namespaces import INFERRED_GRAPH

Edge = tuple[str, bool]  # (property IRI, True when the triple is read backwards)


class Rules:
    """Entailment tables derived from an ontology graph."""

    def __init__(self, ontology: Graph) -> None:
        self.super_classes = _closure(_edges(ontology, RDFS.subClassOf, OWL.equivalentClass))
        sub_props = _edges(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)
        inverses: dict[str, set[str]] = defaultdict(set)
        for a, b in ontology.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                inverses[str(a)].add(str(b))
                inverses[str(b)].add(str(a))
        self.domains = _named(ontology, RDFS.domain)
        self.ranges = _named(ontology, RDFS.range)
        props = set(sub_props) | set(inverses) | set(self.domains) | set(self.ranges)
        self.property_closure: dict[str, set[Edge]] = {}
        for p in props:
            seen: set[Edge] = {(p, False)}
            todo = deque(seen)
            while todo:
                q, back = todo.popleft()
                for nxt in [(s, back) for s in sub_props.get(q, ())] + [
                    (i, not back) for i in inverses.get(q, ())
                ]:
                    if nxt not in seen:
                        seen.add(nxt)
                        todo.append(nxt)
            self.property_closure[p] = seen - {(p, False)} | {(p, False)}

    def classes_of(self, classes: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for c in classes:
            out.add(c)
            out |= self.super_classes.get(c, set())
        return out

    def type_rows(self) -> list[tuple[str, str]]:
        return sorted((c, s) for c, sups in self.super_classes.items() for s in sups)

    def property_rows(self, backwards: bool) -> list[tuple[str, str]]:
        return sorted(
            (p, q)
            for p, edges in self.property_closure.items()
            for q, back in edges
            if back == backwards and q != p
        )

    def domain_rows(self, side: str) -> list[tuple[str, str]]:
        """(property, class) pairs: the class every subject (or object) of the property has."""
        rows = set()
        for p, edges in self.property_closure.items():
            found: set[str] = set()
            for q, back in edges:
                subject_side = self.domains.get(q, set()) if not back else self.ranges.get(q, set())
                object_side = self.ranges.get(q, set()) if not back else self.domains.get(q, set())
                found |= subject_side if side == "subject" else object_side
            rows |= {(p, c) for c in self.classes_of(found)}
        return sorted(rows)


def _edges(graph: Graph, sub: URIRef, equiv: URIRef) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for a, b in graph.subject_objects(sub):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            edges[str(a)].add(str(b))
    for a, b in graph.subject_objects(equiv):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            edges[str(a)].add(str(b))
            edges[str(b)].add(str(a))
    return edges


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out = {}
    for start in edges:
        seen, todo = set(), list(edges[start])
        while todo:
            n = todo.pop()
            if n not in seen and n != start:
                seen.add(n)
                todo.extend(edges.get(n, ()))
        out[start] = seen
    return out


def _named(graph: Graph, prop: URIRef) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in graph.subject_objects(prop):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            out[str(a)].add(str(b))
    return out


def _values(rows: list[tuple[str, str]]) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in rows)


def materialise(
    store: ox.Store, rules: Rules, data_graphs: list[str], target: str = str(INFERRED_GRAPH)
) -> int:
    """Write what the rules entail from ``data_graphs`` into ``target``; return its size."""
    graphs = " ".join(f"<{g}>" for g in data_graphs)
    scope = f"VALUES ?g {{ {graphs} }}"
    updates = []
    if rows := rules.property_rows(backwards=False):
        updates.append(
            f"INSERT {{ GRAPH <{target}> {{ ?s ?q ?o }} }} WHERE {{ {scope} "
            f"VALUES (?p ?q) {{ {_values(rows)} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    if rows := rules.property_rows(backwards=True):
        updates.append(
            f"INSERT {{ GRAPH <{target}> {{ ?o ?q ?s }} }} WHERE {{ {scope} "
            f"VALUES (?p ?q) {{ {_values(rows)} }} GRAPH ?g {{ ?s ?p ?o }} "
            "FILTER(!isLiteral(?o)) }"
        )
    if rows := rules.domain_rows("subject"):
        updates.append(
            f"INSERT {{ GRAPH <{target}> {{ ?s a ?c }} }} WHERE {{ {scope} "
            f"VALUES (?p ?c) {{ {_values(rows)} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    if rows := rules.domain_rows("object"):
        updates.append(
            f"INSERT {{ GRAPH <{target}> {{ ?o a ?c }} }} WHERE {{ {scope} "
            f"VALUES (?p ?c) {{ {_values(rows)} }} GRAPH ?g {{ ?s ?p ?o }} "
            "FILTER(!isLiteral(?o)) }"
        )
    # Types last, so classes that domains and ranges gave also get their superclasses.
    if rows := rules.type_rows():
        updates.append(
            f"INSERT {{ GRAPH <{target}> {{ ?s a ?sup }} }} WHERE {{ "
            f"VALUES (?c ?sup) {{ {_values(rows)} }} "
            f"{{ {scope} GRAPH ?g {{ ?s a ?c }} }} UNION {{ GRAPH <{target}> {{ ?s a ?c }} }} }}"
        )
    for update in updates:
        store.update(update)
    # Keep the inferred graph to what no other graph asserts.
    store.update(
        f"DELETE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ "
        f"GRAPH <{target}> {{ ?s ?p ?o }} GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{target}>) }}"
    )
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(target)))
