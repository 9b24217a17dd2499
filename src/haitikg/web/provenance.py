"""Where each statement comes from: the text span it was read from, or the cited page.

Evidence is a span of a corpus text (span-level) or a page a timeline entry cites, whose
text haitikg does not hold (document-level). Three ways the graph records it, used in this
order for a triple ``s p o``:
1. a reified ``rdf:Statement`` with ``rdf:subject s; rdf:predicate p; rdf:object o`` and
   ``prov:wasDerivedFrom`` a span or a page (simple facts; each source's time or place of
   an event several sources report);
2. ``s prov:wasDerivedFrom`` spans or pages (events, claims, quotations: all their triples);
3. a node without sources of its own (a claim's quantity) takes those of the node it
   belongs to (its IRI extends the owner's: ``figure-arrived-217-quantity``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..endpoint.data import cached, holds, select, store
from ..namespaces import HKG, NIF, PROV, RDF, SCHEMA
from .chronology import readable
from .site import label

PROV_DERIVED = ox.NamedNode(str(PROV.wasDerivedFrom))
NIF_IS_STRING = ox.NamedNode(str(NIF.isString))


@dataclass(frozen=True)
class Cited:
    """A page a timeline entry cites for a fact: document-level evidence, with the entry
    (row id and confidence) that reads the fact from it."""

    iri: str
    name: str
    url: str
    published: str  # readable, or "n.d." when the entry gives no date
    row: str = ""
    entry: str = ""
    confidence: str = ""
    kind: str = "cited"


@dataclass(frozen=True)
class SpanEvidence:
    """A ``doc#char=b,e`` span, with the sentence around it."""

    iri: str
    document: str
    begin: int
    end: int
    anchor: str
    sentence_begin: int
    sentence_end: int
    text: str = field(repr=False)
    kind: str = "span"

    @property
    def fragment(self) -> str:
        return self.iri.partition("#")[2]

    def parts(self) -> tuple[str, str, str]:
        """The sentence split into (before, the span, after), for highlighting."""
        sb = min(self.sentence_begin, self.begin)
        se = max(self.sentence_end, self.end)
        t = self.text
        return t[sb : self.begin], t[self.begin : self.end], t[self.end : se]


CITED = """
SELECT ?page ?name ?url ?date ?entry ?row ?confidence ?node WHERE {
  ?node prov:wasDerivedFrom ?page . ?page a hkg:CitedSource ; rdfs:label ?name ; schema:url ?url .
  OPTIONAL { ?page schema:datePublished ?date }
  OPTIONAL { ?node gaf:denotedBy ?entry . ?entry schema:citation ?page ; dcterms:identifier ?row ;
             hkg:confidenceLevel/skos:prefLabel ?confidence }
} ORDER BY ?row ?name ?page"""

SPAN = """
SELECT ?span ?b ?e ?ctx ?anchor ?sb ?se WHERE {
  ?span nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?ctx .
  OPTIONAL { ?span nif:anchorOf ?anchor }
  OPTIONAL { ?span nif:sentence ?sent . ?sent nif:beginIndex ?sb ; nif:endIndex ?se }
} LIMIT 1"""

RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (
    ox.NamedNode(str(RDF[n])) for n in ("subject", "predicate", "object")
)
RDF_TYPE, RDF_STATEMENT = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDF.Statement))

#: Entries kept per cache; a page needs tens, a busy server a few thousand.
CACHE_SIZE = 20_000


class Provenance:
    """Evidence looked up node by node, as a page asks for it.

    Nothing is indexed up front, so a resource page costs the same on the article's
    3,000 triples as on 10^7: each span, each node's ``prov:wasDerivedFrom`` and each
    reified statement is a few index lookups, remembered for the dataset generation.
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._spans: dict[str, SpanEvidence | None] = {}
        self._texts: dict[str, str] = {}
        self._derived: dict[str, list[str]] = {}
        self._cited: dict[str, list[Cited]] = {}

    def span(self, iri: str) -> SpanEvidence | None:
        """The NIF span ``iri`` with its document text, or None when it is not one."""
        if iri in self._spans:
            return self._spans[iri]
        rows = select(SPAN, span=ox.NamedNode(iri))
        found = None
        if rows:
            row = rows[0]
            text = self._text(row["ctx"])
            if text is not None:
                b, e = _int(row["b"], 0), _int(row["e"], 0)
                found = SpanEvidence(
                    iri=iri,
                    document=iri.partition("#")[0],
                    begin=b,
                    end=e,
                    anchor=row["anchor"].value if row["anchor"] else "",
                    sentence_begin=_int(row["sb"], b),
                    sentence_end=_int(row["se"], e),
                    text=text,
                )
        _remember(self._spans, iri, found)
        return found

    def _text(self, context: ox.Term) -> str | None:
        if not isinstance(context, ox.NamedNode):
            return None
        if context.value not in self._texts:
            strings = self.store.quads_for_pattern(context, NIF_IS_STRING, None, None)
            quad = next(iter(strings), None)
            if quad is None:
                return None
            _remember(self._texts, context.value, quad.object.value)
        return self._texts[context.value]

    def derived(self, node: str) -> list[str]:
        """The spans ``node`` is ``prov:wasDerivedFrom`` (other sources are not spans)."""
        if node not in self._derived:
            found: list[str] = []
            for quad in self.store.quads_for_pattern(ox.NamedNode(node), PROV_DERIVED, None):
                target = quad.object
                if (
                    isinstance(target, ox.NamedNode)
                    and target.value not in found
                    and self.span(target.value) is not None
                ):
                    found.append(target.value)
            _remember(self._derived, node, found)
        return self._derived[node]

    def cited(self, node: str) -> list[Cited]:
        """The pages ``node`` is derived from that haitikg cites but does not hold."""
        if node not in self._cited:
            found = [
                Cited(
                    iri=row["page"].value,
                    name=row["name"].value,
                    url=row["url"].value,
                    published=readable(row["date"].value) if row["date"] else "n.d.",
                    row=row["row"].value if row["row"] else "",
                    entry=row["entry"].value if row["entry"] else "",
                    confidence=row["confidence"].value if row["confidence"] else "",
                )
                for row in select(CITED, node=ox.NamedNode(node))
            ]
            _remember(self._cited, node, list(dict.fromkeys(found)))
        return self._cited[node]

    def sources_of(self, node: str) -> list[SpanEvidence | Cited]:
        """Every source of a node: the spans it was read from, then the pages it cites."""
        return [*self.spans_of(node), *self.cited(node)]

    def spans_of(self, node: str) -> list[SpanEvidence]:
        """The spans a node was read from, or those of the node it belongs to.

        A node without spans of its own (an event's role, a claim's quantity) belongs to
        the node whose IRI it extends with ``-…`` and that links to it.
        """
        own = self.derived(node)
        if own:
            return [s for s in map(self.span, own) if s is not None]
        target = ox.NamedNode(node)
        owner = node
        while "-" in owner.rpartition("/")[2]:
            owner = owner.rpartition("-")[0]
            spans = self.derived(owner)
            if spans and holds(ox.NamedNode(owner), None, target):
                return [s for s in map(self.span, spans) if s is not None]
        return []

    def evidence(self, s: str, p: str, o: ox.Term) -> list[SpanEvidence | Cited]:
        """The spans and cited pages supporting the triple ``s p o`` (empty when none is
        recorded).

        Index lookups, not a SPARQL query: a page asks this for every fact it shows, and
        parsing and planning a query per fact cost more than the lookups.
        """
        reified: list[SpanEvidence | Cited] = []
        predicate = ox.NamedNode(p)
        for quad in self.store.quads_for_pattern(None, RDF_SUBJECT, ox.NamedNode(s), None):
            st = quad.subject
            if (
                holds(st, RDF_PREDICATE, predicate)
                and holds(st, RDF_OBJECT, o)
                and holds(st, RDF_TYPE, RDF_STATEMENT)
                and isinstance(st, ox.NamedNode)
            ):
                for iri in self.derived(st.value):
                    span = self.span(iri)
                    if span is not None and span not in reified:
                        reified.append(span)
                reified += [c for c in self.cited(st.value) if c not in reified]
        return reified or self.sources_of(s)

    def document_spans(self, document: str) -> list[tuple[SpanEvidence, list[str]]]:
        """Every span recorded in ``document``'s text, with the nodes read from each."""
        rows = select(
            """SELECT DISTINCT ?span ?user ?doc WHERE {
                 ?ctx nif:sourceUrl ?doc . ?span nif:referenceContext ?ctx ;
                      nif:beginIndex ?b ; nif:endIndex ?e .
                 OPTIONAL { { ?user prov:wasDerivedFrom ?span }
                   UNION { ?st prov:wasDerivedFrom ?span ; a rdf:Statement ;
                                rdf:subject ?user } }
               }""",
            doc=ox.NamedNode(document),
        )
        users: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            nodes = users[row["span"].value]
            if isinstance(row["user"], ox.NamedNode):
                nodes.add(row["user"].value)
        found = [(self.span(iri), sorted(nodes)) for iri, nodes in users.items()]
        return sorted(
            ((s, u) for s, u in found if s is not None), key=lambda x: (x[0].begin, x[0].end)
        )


def _remember(cache: dict, key: str, value) -> None:
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value


def _int(term: ox.Term | None, default: int) -> int:
    try:
        return int(term.value) if term is not None else default
    except ValueError:
        return default


def provenance() -> Provenance:
    """The evidence lookups of the current dataset generation (caches start empty)."""
    return cached("provenance", lambda: Provenance(store()))


SOURCE = {
    name: ox.NamedNode(str(iri))
    for name, iri in (
        ("sha256", HKG.sha256),
        ("title", HKG.descriptiveTitle),
        ("headline", SCHEMA.headline),
        ("publisher", SCHEMA.publisher),
        ("url", SCHEMA.url),
        ("published", SCHEMA.datePublished),
        ("not-before", HKG.publishedNotBefore),
        ("not-after", HKG.publishedNotAfter),
        ("added", HKG.addedToCorpus),
    )
}


CITED_RECORD = """
SELECT ?kind ?name ?url ?date ?row ?table ?text ?figure ?qualifier ?confidence ?x WHERE {
  { ?x a hkg:CitedSource ; schema:url ?url ; schema:name ?name . BIND ("page" AS ?kind)
    OPTIONAL { ?x schema:datePublished ?date }
    OPTIONAL { ?entry schema:citation ?x ; dcterms:identifier ?row } }
  UNION
  { ?x a hkg:CitedEntry ; dcterms:identifier ?row ; schema:text ?text ; dcterms:date ?date ;
       schema:isPartOf/rdfs:label ?table ; hkg:confidenceLevel/skos:prefLabel ?confidence .
    BIND ("entry" AS ?kind)
    OPTIONAL { ?x hkg:tableFigure ?figure } OPTIONAL { ?x hkg:tableQualifier ?qualifier } }
} ORDER BY ?name ?row"""


def cited_record(node: ox.NamedNode) -> list[tuple[str, str]]:
    """A cited page (what haitikg knows of it: never its text) or a timeline entry."""
    rows = select(CITED_RECORD, x=node)
    if not rows:
        return []

    def all_of(key: str) -> str:
        return ", ".join(dict.fromkeys(r[key].value for r in rows if r[key] is not None))

    first = rows[0]
    if first["kind"].value == "page":
        return [
            (
                "Kind",
                "a cited page: haitikg holds its address, name and date, not its text, "
                "so what rests on it has document-level provenance",
            ),
            ("Name as cited", all_of("name")),
            ("URL", first["url"].value),
            ("Published", readable(first["date"].value) if first["date"] else "unknown (n.d.)"),
            ("Cited by entries", all_of("row") or "none"),
        ]
    figure = all_of("figure")
    return [
        ("Entry", f"{first['row'].value} of {first['table'].value}"),
        ("In the table's words", first["text"].value),
        ("Date", readable(first["date"].value)),
        ("Figure as the table gives it", f"{figure} ({all_of('qualifier')})" if figure else "none"),
        ("Confidence the table gives it", first["confidence"].value),
    ]


def source_record(node: ox.NamedNode) -> list[tuple[str, str]]:
    """What a researcher looks for about a corpus document, saying "unknown" for what
    the source does not give (publisher, URL, publication day), never guessing; for a cited
    page or a timeline entry, what haitikg holds of it."""

    def one(key: str) -> str | None:
        found = [q.object for q in store().quads_for_pattern(node, SOURCE[key], None, None)]
        if not found:
            return None
        term = found[0]
        return label(term.value) if isinstance(term, ox.NamedNode) else term.value

    sha = one("sha256")
    if sha is None:
        return cited_record(node)
    published = one("published")
    if published is None:
        low, high = one("not-before"), one("not-after")
        bounds = [f"not before {readable(low)}"] if low else []
        bounds += [f"not after {readable(high)}"] if high else []
        published = "unknown" + (f" ({', '.join(bounds)})" if bounds else "")
    else:
        published = readable(published)
    title = one("title")
    return [
        ("Title", f"{title} (haitikg's own descriptive title)" if title else "unknown"),
        ("Headline", one("headline") or "unknown (the source as held has none)"),
        ("Publisher", one("publisher") or "unknown"),
        ("URL", one("url") or "unknown"),
        ("Published", published),
        ("Added to the corpus", readable(one("added") or "") or "unknown"),
        ("SHA-256 of the text", sha),
    ]
