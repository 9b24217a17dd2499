"""The triples of each kind of node of the data model (docs/model.md), written once.

A text, its sentences and quoted spans, a fact's evidence, a role, a quantity, a claim, a
quotation, an instant, a document: the build (model.py, with rdflib terms) and ``haitikg
synth`` (N-Triples strings, for speed) write them through the same :class:`Nodes`, so the
synthetic data has the shape of the real thing. The two differ only in how a term is
spelled, which a :class:`TermFactory` decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, Protocol, TypeVar

from rdflib import Literal, URIRef
from rdflib.term import Node

from .markup import plain
from .namespaces import (
    DCTERMS,
    GAF,
    HKG,
    NIF,
    OA,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SEM,
    SKOS,
    TIME,
    VOCAB,
    XSD,
)  # fmt: skip

#: Evidence levels (hkg:evidenceLevel): a span of a held text, or a cited source as a whole.
SPAN_LEVEL = URIRef(f"{VOCAB}evidence-span")
DOCUMENT_LEVEL = URIRef(f"{VOCAB}evidence-document")
XSD_INTEGER = str(XSD.integer)

N = TypeVar("N", bound=str)  # a node (subject), as the writer takes it
T = TypeVar("T")  # a term (object): an IRI or a literal, as the writer takes it
N_co = TypeVar("N_co", bound=str, covariant=True)
T_co = TypeVar("T_co", covariant=True)


class TermFactory(Protocol[N_co, T_co]):
    """How one writer spells terms."""

    def iri(self, value: str) -> N_co:
        """A node, as a subject."""
        ...

    def ref(self, value: str) -> T_co:
        """An IRI, as an object."""
        ...

    def text(self, value: str, lang: str | None = None) -> T_co: ...

    def integer(self, value: int) -> T_co: ...

    def typed(self, value: str, datatype: str) -> T_co: ...


class RdflibTerms:
    """rdflib's terms, for the build."""

    def iri(self, value: str) -> URIRef:
        return value if type(value) is URIRef else URIRef(value)

    def ref(self, value: str) -> Node:
        return value if type(value) is URIRef else URIRef(value)

    def text(self, value: str, lang: str | None = None) -> Node:
        return Literal(value, lang=lang)

    def integer(self, value: int) -> Node:
        return Literal(value, datatype=XSD.integer)

    def typed(self, value: str, datatype: str) -> Node:
        return Literal(value, datatype=URIRef(datatype))


def _quoted(value: str) -> str:
    """A string literal's quoted form in N-Triples."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class NTriplesTerms:
    """Terms as N-Triples spells them; subjects stay bare IRIs (the writer adds ``<>``)."""

    def iri(self, value: str) -> str:
        return value

    def ref(self, value: str) -> str:
        return f"<{value}>"  # a plain str, even of a URIRef (whose + makes URIRefs)

    def text(self, value: str, lang: str | None = None) -> str:
        return f"{_quoted(value)}@{lang}" if lang else _quoted(value)

    def integer(self, value: int) -> str:
        return f'"{value}"^^<{XSD_INTEGER}>'

    def typed(self, value: str, datatype: str) -> str:
        return f"{_quoted(value)}^^<{datatype}>"


RDFLIB = RdflibTerms()
NTRIPLES = NTriplesTerms()


def short(text: str, width: int = 60) -> str:
    """Words for a label: without emphasis markers, on one line, at most ``width`` long."""
    text = " ".join(plain(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class Nodes(Generic[N, T]):
    """Writes nodes of the data model as triples ``add(subject, predicate, object)``."""

    def __init__(self, terms: TermFactory[N, T], add: Callable[[N, URIRef, T], None]) -> None:
        self.terms = terms
        self.add = add

    def label(self, node: N, words: str) -> None:
        """A label people read: without the source's emphasis markers."""
        self.add(node, RDFS.label, self.terms.text(plain(words), "en"))

    def types(self, node: N, *classes: str) -> None:
        for cls in classes:
            self.add(node, RDF.type, self.terms.ref(cls))

    def links(self, node: N, prop: URIRef, targets: Iterable[str]) -> None:
        for target in targets:
            self.add(node, prop, self.terms.ref(target))

    def entity(
        self,
        node: N,
        cls: str,
        label: str,
        alt: Iterable[str] = (),
        comment: str | None = None,
        same_as: Iterable[str] = (),
    ) -> None:
        """A named thing of the registry: its class, names and reference links."""
        t, add = self.terms, self.add
        add(node, RDF.type, t.ref(cls))
        self.label(node, label)
        add(node, SCHEMA.name, t.text(plain(label), "en"))
        for name in alt:
            add(node, SKOS.altLabel, t.text(plain(name), "en"))
            add(node, SCHEMA.alternateName, t.text(plain(name), "en"))
        if comment:
            add(node, RDFS.comment, t.text(plain(comment), "en"))
        self.links(node, OWL.sameAs, same_as)

    # -- the text and its spans ---------------------------------------------------------

    def context(self, node: N, text: str, source: str, label: str) -> None:
        """A document's whole text: a NIF context, the string every span is a part of."""
        t, add = self.terms, self.add
        self.types(node, NIF.Context, NIF.String, NIF.RFC5147String)
        add(node, NIF.isString, t.text(text))
        add(node, NIF.beginIndex, t.integer(0))
        add(node, NIF.endIndex, t.integer(len(text)))
        add(node, NIF.sourceUrl, t.ref(source))
        self.label(node, label)

    def string(self, node: N, context: str, text: str, begin: int, end: int) -> None:
        """A NIF string for a stretch of the text, with its offsets and exact words."""
        t, add = self.terms, self.add
        anchor = text[begin:end]
        self.types(node, NIF.String, NIF.RFC5147String)
        add(node, NIF.beginIndex, t.integer(begin))
        add(node, NIF.endIndex, t.integer(end))
        add(node, NIF.anchorOf, t.text(anchor))
        add(node, NIF.referenceContext, t.ref(context))
        self.label(node, f"“{short(anchor)}” [{begin}–{end}]")

    def sentence(self, node: N, context: str, text: str, begin: int, end: int, words: str) -> None:
        self.string(node, context, text, begin, end)
        self.add(node, RDF.type, self.terms.ref(NIF.Sentence))
        self.add(node, RDFS.comment, self.terms.text(words, "en"))

    def span(
        self, node: N, context: str, text: str, begin: int, end: int, source: str, sentence: str
    ) -> None:
        """A quoted span: a NIF string in its sentence, and a Web Annotation specific
        resource of ``source`` with a quote selector and a position selector."""
        t, add = self.terms, self.add
        self.string(node, context, text, begin, end)
        add(node, NIF.sentence, t.ref(sentence))
        add(node, RDF.type, t.ref(OA.SpecificResource))
        add(node, OA.hasSource, t.ref(source))
        quote = f"{source}-quote-{begin}-{end}"
        position = f"{source}-position-{begin}-{end}"
        add(node, OA.hasSelector, t.ref(quote))
        add(node, OA.hasSelector, t.ref(position))
        q = t.iri(quote)
        add(q, RDF.type, t.ref(OA.TextQuoteSelector))
        add(q, OA.exact, t.text(text[begin:end]))
        add(q, OA.prefix, t.text(text[max(0, begin - 32) : begin]))
        add(q, OA.suffix, t.text(text[end : end + 32]))
        self.label(q, f"quote selector [{begin}–{end}]")
        p = t.iri(position)
        add(p, RDF.type, t.ref(OA.TextPositionSelector))
        add(p, OA.start, t.integer(begin))
        add(p, OA.end, t.integer(end))
        self.label(p, f"position selector [{begin}–{end}]")

    def evidence(self, node: N, annotation: N, label: str, spans: Iterable[str]) -> None:
        """Tie a node to the spans it rests on: ``prov:wasDerivedFrom`` and GAF's
        ``gaf:denotedBy`` (each span is a mention of it), a Web Annotation whose body it is,
        and the evidence level (span)."""
        t, add = self.terms, self.add
        add(annotation, RDF.type, t.ref(OA.Annotation))
        add(annotation, OA.hasBody, t.ref(node))
        self.label(annotation, label)
        for span in spans:
            target = t.ref(span)
            add(node, PROV.wasDerivedFrom, target)
            add(node, GAF.denotedBy, target)
            add(annotation, OA.hasTarget, target)
        add(node, HKG.evidenceLevel, t.ref(SPAN_LEVEL))

    # -- documents and time ---------------------------------------------------------------

    def document(
        self,
        node: N,
        kind: str,
        title: str,
        language: str,
        identifier: str,
        sha256: str,
        added: T,
    ) -> None:
        """What every document has: its class, our title, language, id, hash, and the day
        it was added to the corpus."""
        t, add = self.terms, self.add
        add(node, RDF.type, t.ref(kind))
        self.label(node, title)
        add(node, HKG.descriptiveTitle, t.text(plain(title), "en"))
        add(node, DCTERMS.identifier, t.text(identifier))
        add(node, DCTERMS.language, t.text(language))
        add(node, SCHEMA.inLanguage, t.text(language))
        add(node, HKG.sha256, t.text(sha256))
        add(node, HKG.addedToCorpus, added)

    def headline(self, node: N, headline: str, language: str) -> None:
        for prop in (SCHEMA.headline, DCTERMS.title):
            self.add(node, prop, self.terms.text(plain(headline), language))

    def published(self, node: N, day: T) -> None:
        self.add(node, SCHEMA.datePublished, day)
        self.add(node, DCTERMS.issued, day)

    def author(self, document: N, author: N, name: str) -> None:
        ref = self.terms.ref(author)
        self.add(document, PROV.wasAttributedTo, ref)
        self.add(document, SCHEMA.author, ref)
        self.add(author, RDF.type, self.terms.ref(HKG.Actor))
        self.label(author, name)

    def publication(self, document: N, node: N, label: str, day: T | None) -> None:
        """The instant a document was published, with its day when that is known."""
        self.add(document, HKG.publicationTime, self.terms.ref(node))
        self.add(node, RDF.type, self.terms.ref(TIME.Instant))
        self.label(node, label)
        if day is not None:
            self.add(node, TIME.inXSDDate, day)

    def instant(self, node: N, prop: URIRef, value: T, label: str) -> None:
        """An OWL-Time instant known to the day, month or year."""
        self.add(node, RDF.type, self.terms.ref(TIME.Instant))
        self.add(node, prop, value)
        self.label(node, label)

    # -- events and claims --------------------------------------------------------------

    def place(self, node: N, prop: URIRef, place: str, basis: str) -> None:
        """The place the text gives or its context fixes, with which of the two it is."""
        self.add(node, prop, self.terms.ref(place))
        self.add(node, HKG.placeBasis, self.terms.ref(basis))

    def role(
        self, event: N, node: N, actor: str, role_type: str, label: str, spans: Iterable[str]
    ) -> None:
        """SEM's role pattern: the actor directly, and a ``sem:Role`` node saying in which
        role, derived from the spans that say so."""
        t, add = self.terms, self.add
        add(event, SEM.hasActor, t.ref(actor))
        add(event, HKG.hasRole, t.ref(node))
        add(node, RDF.type, t.ref(SEM.Role))
        add(node, RDF.value, t.ref(actor))
        add(node, SEM.roleType, t.ref(role_type))
        self.label(node, label)
        self.links(node, PROV.wasDerivedFrom, spans)

    def claim(
        self, node: N, cls: str, label: str, reporters: Iterable[str], sources: Iterable[str]
    ) -> None:
        """What every claim has: its class, label, who reports it and where it is stated."""
        self.add(node, RDF.type, self.terms.ref(cls))
        self.label(node, label)
        self.links(node, HKG.reportedBy, reporters)
        self.links(node, HKG.statedIn, sources)

    def figure(
        self, node: N, quantity: str, measure: str, wording: str, qualifiers: Iterable[str]
    ) -> None:
        """A figure claim's own part: what it measures, its words, its quantity."""
        t, add = self.terms, self.add
        add(node, HKG.measure, t.ref(measure))
        add(node, HKG.wording, t.text(wording))
        add(node, HKG.figure, t.ref(quantity))
        self.links(node, HKG.qualifier, qualifiers)

    def quantity(
        self,
        node: N,
        prop: URIRef,
        value: T,
        unit: str,
        wording: str,
        label: str,
        qualifiers: Iterable[str],
        spans: Iterable[str],
    ) -> None:
        """A figure's number (``hkg:value``, or a bound), unit and words."""
        t, add = self.terms, self.add
        add(node, RDF.type, t.ref(HKG.Quantity))
        self.links(node, SCHEMA.valueReference, qualifiers)
        add(node, prop, value)
        add(node, HKG.unit, t.text(unit))
        add(node, HKG.wording, t.text(wording))
        self.label(node, label)
        self.links(node, PROV.wasDerivedFrom, spans)

    def quotation(self, node: N, text: str, speaker: str, event: str | None) -> None:
        """A quotation's own part: the words quoted, who spoke them, in which event."""
        self.add(node, SCHEMA.text, self.terms.text(text))
        self.add(node, SCHEMA.creator, self.terms.ref(speaker))
        if event is not None:
            self.add(node, HKG.quotedIn, self.terms.ref(event))
