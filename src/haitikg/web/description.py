"""A resource's description: its triples, incoming links, events and the evidence of each.

Used twice: as data (``rdf_triples``) for the Turtle/JSON-LD/RDF-XML/N-Triples views, and
as a view model (``description``) for the HTML page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from ..disagreements import Disagreement, read
from ..endpoint.data import cached, holds, select, store
from ..namespaces import DCTERMS, HKG, OWL, RDF, RDFS, SKOS, VOCAB
from ..namespaces import GRAPH as GRAPH_NS
from .events import EventRow, count, events_involving
from .provenance import Cited, SpanEvidence, provenance, source_record
from .site import label

RDF_TYPE = str(RDF.type)
SAME_AS = str(OWL.sameAs)
COMMENTS = (str(RDFS.comment), str(DCTERMS.description), str(SKOS.definition))
GRAPH = str(GRAPH_NS)
REIFICATION = (str(RDF.subject), str(RDF.object), str(RDF.predicate))

#: Kinds of fact, in the order the page shows them, by the named graph that holds them.
GROUPS = {
    "stated": "Stated in the sources",
    "instances": "From several sources together (one label, the time they agree on, what "
    "two sources say alike)",
    "drafts": "Drafted from the source, not yet reviewed",
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
    if name.startswith("drafts"):  # graph/drafts/<document-id>, graph/drafts-inferred
        return "drafts"
    return {
        "entities": "registry",
        "instances": "instances",
        "background": "background",
        "ontology": "ontology",
        "void": "void",
        "inferred": "inferred",
    }.get(name, "stated" if graph.value.startswith(GRAPH) else "data")


@dataclass
class Assertion:
    subject: ox.Term
    predicate: ox.NamedNode
    object: ox.Term
    group: str
    evidence: list[SpanEvidence | Cited]


@dataclass
class TextRun:
    text: str
    marked: bool


@dataclass
class Sentence:
    fragment: str
    segments: list[TextRun]


@dataclass
class DocumentText:
    context: str
    sentences: list[Sentence]
    spans: list[tuple[SpanEvidence, list[str]]]

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
    groups: list[tuple[str, list[Assertion]]]
    incoming: list[Assertion]
    events: list[EventRow]
    own_evidence: list[SpanEvidence | Cited]
    document: DocumentText | None = None
    fragments: list[str] = field(default_factory=list)
    incoming_total: int = 0  # more than len(incoming) when the page lists only the first
    events_total: int = 0  # more than len(events) when the page lists only the latest
    source: list[tuple[str, str]] = field(default_factory=list)  # a corpus document's record
    #: Where sources disagree about it (its time, or a figure concerning it), side by side.
    disagreements: list[Disagreement] = field(default_factory=list)
    #: "span", "document" or both: how precisely its sources can be checked.
    evidence_levels: list[str] = field(default_factory=list)

    @property
    def document_level_only(self) -> bool:
        return self.evidence_levels == ["document"]


#: Incoming links a page lists; a busy actor has tens of thousands, which no page can
#: show: the page gives the count and a query for the rest (events: events.py).
MAX_INCOMING = 100
#: Links to ?x, without the reified statements' rdf:subject/rdf:object (shown as evidence).
INCOMING_COUNT = (
    "SELECT ?x (COUNT(*) AS ?n) { ?s ?p ?x FILTER(?p NOT IN (rdf:subject, rdf:object)) } "
    "GROUP BY ?x"
)


def _quads(subject=None, obj=None, limit: int | None = None) -> list[ox.Quad]:
    return list(islice(store().quads_for_pattern(subject, None, obj, None), limit))


def fragments_of(iri: str) -> list[str]:
    """IRIs ``iri#…``: a document's NIF contexts and the spans and sentences in them.

    Found through ``nif:sourceUrl`` and ``nif:referenceContext``, not by scanning every
    subject for the prefix (IRIs have no prefix index: a scan reads every subject).
    """
    rows = select(
        "SELECT DISTINCT ?s ?doc { { ?s nif:sourceUrl ?doc } "
        "UNION { ?ctx nif:sourceUrl ?doc . ?s nif:referenceContext ?ctx } }",
        doc=ox.NamedNode(iri),
    )
    prefix = iri + "#"
    return sorted(r["s"].value for r in rows if r["s"].value.startswith(prefix))


def exists(iri: str) -> bool:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # a path no IRI can have (spaces, quotes …): nothing is known of it
        return False
    return holds(node) or holds(obj=node) or bool(fragments_of(iri))


def rdf_triples(iri: str) -> list[ox.Triple]:
    """Triples about ``iri`` and its ``#`` fragments, links to it, and their evidence."""
    node = ox.NamedNode(iri)
    prov = provenance()
    quads = _quads(subject=node) + _quads(obj=node, limit=MAX_INCOMING)
    subjects = set(fragments_of(iri))
    spans = {s.iri for s in prov.spans_of(iri)}
    for quad in _quads(subject=node):
        spans.update(s.iri for s in prov.evidence(iri, quad.predicate.value, quad.object))
    subjects.update(spans)
    statements = select(
        "SELECT DISTINCT ?st ?x { ?st a rdf:Statement . { ?st rdf:subject ?x } UNION "
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


def _facts(quads: list[ox.Quad], incoming: bool) -> list[Assertion]:
    prov = provenance()
    by_triple: dict[tuple, list[ox.Term]] = defaultdict(list)
    for q in quads:
        by_triple[(q.subject, q.predicate, q.object)].append(q.graph_name)
    order = list(GROUPS)
    facts = []
    for (s, p, o), graphs in by_triple.items():
        group = min((group_of(g) for g in graphs), key=order.index)
        evidence = []
        if group in ("stated", "instances", "drafts", "inferred") and isinstance(s, ox.NamedNode):
            evidence = prov.evidence(s.value, p.value, o)
        facts.append(Assertion(s, p, o, group, evidence))
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


def document_text(iri: str) -> DocumentText | None:
    """The text of a document, sentence by sentence, with every recorded span marked."""
    contexts = select(
        "SELECT ?ctx ?text ?doc ?prefix { ?ctx nif:sourceUrl ?doc ; nif:isString ?text "
        "FILTER(STRSTARTS(STR(?ctx), ?prefix)) } ORDER BY ?ctx LIMIT 1",
        doc=ox.NamedNode(iri),
        prefix=ox.Literal(iri + "#"),
    )
    if not contexts:
        return None
    context, text = contexts[0]["ctx"].value, contexts[0]["text"].value
    marked = [False] * len(text)
    spans = [(s, users) for s, users in provenance().document_spans(iri) if s.document == iri]
    for s, _users in spans:
        for i in range(max(0, s.begin), min(len(text), s.end)):
            marked[i] = True
    bounds = select(
        "SELECT ?b ?e ?ctx { ?s nif:referenceContext ?ctx ; a nif:Sentence ; "
        "nif:beginIndex ?b ; nif:endIndex ?e }",
        ctx=ox.NamedNode(context),
    )
    cuts = sorted({(int(r["b"].value), int(r["e"].value)) for r in bounds}) or [(0, len(text))]
    sentences = []
    for b, e in cuts:
        segments: list[TextRun] = []
        for i in range(b, min(e, len(text))):
            if segments and segments[-1].marked == marked[i]:
                segments[-1].text += text[i]
            else:
                segments.append(TextRun(text[i], marked[i]))
        sentences.append(Sentence(f"char={b},{e}", segments))
    return DocumentText(context, sentences, spans)


#: Descriptions kept per dataset generation: a busy actor's page on a large store reads
#: tens of thousands of events to find the latest, and the data cannot change until the
#: next generation.
KEEP_DESCRIPTIONS = 256


def description(iri: str) -> Description:
    """What the resource page shows of ``iri``, from the cache when it has it."""
    kept: OrderedDict[str, Description] = cached("descriptions", OrderedDict)
    with _kept_lock:
        if iri in kept:
            kept.move_to_end(iri)
            return kept[iri]
    found = _build_description(iri)
    with _kept_lock:
        kept[iri] = found
        while len(kept) > KEEP_DESCRIPTIONS:
            kept.popitem(last=False)
    return found


_kept_lock = threading.Lock()


def _build_description(iri: str) -> Description:
    node = ox.NamedNode(iri)
    out = _quads(subject=node)
    # reified statements point at it with rdf:subject/rdf:object: shown as evidence instead
    linked = _quads(obj=node, limit=MAX_INCOMING)
    incoming = [q for q in linked if q.predicate.value not in REIFICATION]
    incoming_total = len(incoming)
    if len(linked) == MAX_INCOMING:  # the page shows the first ones; count them all
        incoming_total = count(INCOMING_COUNT, node)
    events, events_total = events_involving(iri)
    facts = _facts(out, incoming=False)
    types: dict[str, bool] = {}
    for q in out:
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            asserted = group_of(q.graph_name) != "inferred"
            types[q.object.value] = types.get(q.object.value, False) or asserted
    same_as = sorted({q.object.value for q in out if q.predicate.value == SAME_AS})
    comment = next((q.object.value for p in COMMENTS for q in out if q.predicate.value == p), "")
    grouped: dict[str, list[Assertion]] = defaultdict(list)
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
        events=events,
        own_evidence=provenance().sources_of(iri),
        document=doc,
        fragments=fragments_of(iri) if doc is None else [],
        incoming_total=incoming_total,
        events_total=events_total,
        source=source_record(node),
        disagreements=read(select, iri),
        evidence_levels=sorted(
            str(q.object.value).removeprefix(f"{VOCAB}evidence-")
            for q in out
            if q.predicate.value == str(HKG.evidenceLevel)
        ),
    )
