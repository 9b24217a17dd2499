"""A resource's description: its triples, incoming links, events and the evidence of each.

Used twice: as data (``rdf_triples``) for the Turtle/JSON-LD/RDF-XML/N-Triples views, and
as a view model (``describe``) for the HTML page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import BASE
from .provenance import Span, index, object_key
from .site import label, select, store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
COMMENTS = (
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2004/02/skos/core#definition",
)
GRAPH = BASE + "graph/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
REIFICATION = (RDF_NS + "subject", RDF_NS + "object", RDF_NS + "predicate")

#: Kinds of fact, in the order the page shows them, by the named graph that holds them.
GROUPS = {
    "stated": "Stated in the source",
    "registry": "From the entity registry",
    "background": "Background knowledge (outside the article)",
    "ontology": "Defined in the ontology",
    "void": "Dataset description",
    "inferred": "Entailed by the ontology's alignment axioms",
    "data": "Other loaded data",
}


def group_of(graph: ox.Term) -> str:
    if not isinstance(graph, ox.NamedNode):
        return "data"
    name = graph.value.removeprefix(GRAPH)
    return {
        "entities": "registry",
        "background": "background",
        "ontology": "ontology",
        "void": "void",
        "inferred": "inferred",
    }.get(name, "stated" if graph.value.startswith(GRAPH) else "data")


@dataclass
class Fact:
    subject: ox.Term
    predicate: ox.NamedNode
    object: ox.Term
    group: str
    evidence: list[Span]


@dataclass
class EventRow:
    iri: str
    label: str
    when: str
    sort_key: str
    basis: str
    how: list[str]


@dataclass
class Segment:
    text: str
    marked: bool


@dataclass
class Sentence:
    fragment: str
    segments: list[Segment]


@dataclass
class DocumentText:
    context: str
    sentences: list[Sentence]
    spans: list[tuple[Span, list[str]]]

    @property
    def sentence_ids(self) -> set[str]:
        """Fragments already used as sentence anchors (a span may cover a whole sentence)."""
        return {s.fragment for s in self.sentences} | {self.context.partition("#")[2]}


@dataclass
class Description:
    iri: str
    label: str
    comment: str
    types: list[tuple[str, bool]]  # (type IRI, asserted?)
    same_as: list[str]
    groups: list[tuple[str, list[Fact]]]
    incoming: list[Fact]
    events: list[EventRow]
    own_evidence: list[Span]
    document: DocumentText | None = None
    fragments: list[str] = field(default_factory=list)


def _quads(subject=None, obj=None) -> list[ox.Quad]:
    return list(store().quads_for_pattern(subject, None, obj, None))


def fragments_of(iri: str) -> list[str]:
    """IRIs ``iri#…`` (a document's spans, sentences and context)."""
    rows = select(
        "SELECT DISTINCT ?s { ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix)) }",
        prefix=ox.Literal(iri + "#"),
    )
    return sorted(r["s"].value for r in rows)


def exists(iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # a path no IRI can have (spaces, quotes …): nothing is known of it
        return False
    if next(iter(store().quads_for_pattern(node, None, None, None)), None) is not None:
        return True
    if next(iter(store().quads_for_pattern(None, None, node, None)), None) is not None:
        return True
    return bool(fragments_of(iri))


def rdf_triples(iri: str) -> list[ox.Triple]:
    """Triples about ``iri`` and its ``#`` fragments, links to it, and their evidence."""
    node = ox.NamedNode(iri)
    prov = index()
    quads = _quads(subject=node) + _quads(obj=node)
    subjects = set(fragments_of(iri))
    spans = {s.iri for s in prov.spans_of(iri)}
    for quad in _quads(subject=node):
        spans.update(
            s.iri for s in prov.evidence(iri, quad.predicate.value, object_key(quad.object))
        )
    subjects.update(spans)
    statements = select(
        "SELECT DISTINCT ?st { ?st a rdf:Statement . { ?st rdf:subject ?x } UNION "
        "{ ?st rdf:object ?x } }",
        x=node,
    )
    subjects.update(r["st"].value for r in statements)
    for subject in sorted(subjects):
        quads += _quads(subject=ox.NamedNode(subject))
    seen: set[ox.Triple] = set()
    triples = []
    for q in quads:
        triple = ox.Triple(q.subject, q.predicate, q.object)
        if triple not in seen:
            seen.add(triple)
            triples.append(triple)
    return triples


def _facts(quads: list[ox.Quad], incoming: bool) -> list[Fact]:
    prov = index()
    by_triple: dict[tuple, list[ox.Term]] = defaultdict(list)
    for q in quads:
        by_triple[(q.subject, q.predicate, q.object)].append(q.graph_name)
    order = list(GROUPS)
    facts = []
    for (s, p, o), graphs in by_triple.items():
        group = min((group_of(g) for g in graphs), key=order.index)
        evidence = []
        if group in ("stated", "inferred") and isinstance(s, ox.NamedNode):
            evidence = prov.evidence(s.value, p.value, object_key(o))
        facts.append(Fact(s, p, o, group, evidence))
    key = (
        (
            lambda f: (
                label(f.predicate.value),
                label(f.subject.value) if isinstance(f.subject, ox.NamedNode) else str(f.subject),
            )
        )
        if incoming
        else (lambda f: (order.index(f.group), label(f.predicate.value), str(f.object)))
    )
    return sorted(facts, key=key)


EVENTS = """
SELECT DISTINCT ?e ?date ?begin ?end ?basis ?how WHERE {
  { ?e sem:hasActor ?x BIND("actor" AS ?how) }
  UNION { ?e sem:hasPlace ?x BIND("place" AS ?how) }
  UNION { ?e hkg:hasRole ?r . ?r rdf:value ?x ; sem:roleType ?rt .
          OPTIONAL { ?rt skos:prefLabel ?pref } OPTIONAL { ?rt rdfs:label ?lab }
          BIND(COALESCE(?pref, ?lab, "role") AS ?how) }
  UNION { ?e sem:subEventOf ?x BIND("sub-event of it" AS ?how) }
  UNION { ?x sem:subEventOf ?e BIND("contains it" AS ?how) }
  UNION { ?e hkg:concerns|schema:about ?x BIND("about it" AS ?how) }
  FILTER EXISTS { ?e a hkg:Event }  # a filter, not a join: Oxigraph would loop over all events
  OPTIONAL { ?e hkg:date ?date } OPTIONAL { ?e hkg:beginDate ?begin }
  OPTIONAL { ?e hkg:endDate ?end } OPTIONAL { ?e hkg:dateBasis ?basis }
}"""


def when(date, begin, end) -> tuple[str, str]:
    """A readable date (``18 Jan 2025``, ``since 2024-06``) and a sort key."""
    if date is not None:
        return date.value, date.value
    if begin is not None and end is not None and begin.value != end.value:
        return f"{begin.value} – {end.value}", begin.value
    if begin is not None and end is not None:
        return f"during {begin.value}", begin.value
    if begin is not None:
        return f"since {begin.value}", begin.value
    return "undated", "9999"


def events_involving(iri: str) -> list[EventRow]:
    rows: dict[str, EventRow] = {}
    for r in select(EVENTS, x=ox.NamedNode(iri)):
        e = r["e"].value
        if e not in rows:
            text, key = when(r["date"], r["begin"], r["end"])
            basis = label(r["basis"].value) if r["basis"] else ""
            rows[e] = EventRow(e, label(e), text, key, basis, [])
        how = r["how"].value if r["how"] else ""
        if how and how not in rows[e].how:
            rows[e].how.append(how)
    for row in rows.values():  # a role says more than "actor"
        if len(row.how) > 1 and "actor" in row.how:
            row.how.remove("actor")
    return sorted(rows.values(), key=lambda ev: (ev.sort_key, ev.label))


def document_text(iri: str) -> DocumentText | None:
    """The text of a document, sentence by sentence, with every recorded span marked."""
    prov = index()
    contexts = select(
        "SELECT ?ctx ?text { ?ctx nif:isString ?text FILTER(STRSTARTS(STR(?ctx), ?prefix)) }",
        prefix=ox.Literal(iri + "#"),
    )
    if not contexts:
        return None
    context, text = contexts[0]["ctx"].value, contexts[0]["text"].value
    marked = [False] * len(text)
    spans = sorted(
        (s for s in prov.spans.values() if s.document == iri), key=lambda s: (s.begin, s.end)
    )
    for s in spans:
        for i in range(max(0, s.begin), min(len(text), s.end)):
            marked[i] = True
    bounds = select(
        "SELECT ?b ?e { ?s a nif:Sentence ; nif:beginIndex ?b ; nif:endIndex ?e "
        "FILTER(STRSTARTS(STR(?s), ?prefix)) }",
        prefix=ox.Literal(iri + "#"),
    )
    cuts = sorted({(int(r["b"].value), int(r["e"].value)) for r in bounds}) or [(0, len(text))]
    sentences = []
    for b, e in cuts:
        segments: list[Segment] = []
        for i in range(b, min(e, len(text))):
            if segments and segments[-1].marked == marked[i]:
                segments[-1].text += text[i]
            else:
                segments.append(Segment(text[i], marked[i]))
        sentences.append(Sentence(f"char={b},{e}", segments))
    users: dict[str, list[str]] = defaultdict(list)
    for node, span_iris in prov.derived.items():
        for s in span_iris:
            users[s].append(node)
    for (s, _p, _o), span_iris in prov.reified.items():
        for span in span_iris:
            users[span].append(s)
    return DocumentText(context, sentences, [(s, sorted(set(users[s.iri]))) for s in spans])


def describe(iri: str) -> Description:
    node = ox.NamedNode(iri)
    out = _quads(subject=node)
    # reified statements point at it with rdf:subject/rdf:object: shown as evidence instead
    incoming = [q for q in _quads(obj=node) if q.predicate.value not in REIFICATION]
    facts = _facts(out, incoming=False)
    types: dict[str, bool] = {}
    for q in out:
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            asserted = group_of(q.graph_name) != "inferred"
            types[q.object.value] = types.get(q.object.value, False) or asserted
    same_as = sorted({q.object.value for q in out if q.predicate.value == SAME_AS})
    comment = next((q.object.value for p in COMMENTS for q in out if q.predicate.value == p), "")
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        grouped[f.group].append(f)
    doc = document_text(iri)
    return Description(
        iri=iri,
        label=label(iri),
        comment=comment,
        types=sorted(types.items(), key=lambda t: (not t[1], label(t[0]))),
        same_as=same_as,
        groups=[(GROUPS[g], grouped[g]) for g in GROUPS if grouped.get(g)],
        incoming=_facts(incoming, incoming=True),
        events=events_involving(iri),
        own_evidence=index().spans_of(iri),
        document=doc,
        fragments=fragments_of(iri) if doc is None else [],
    )
