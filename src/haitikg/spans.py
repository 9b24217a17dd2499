"""A document, its text and its spans as RDF: what every fact's evidence points into.

The document is what its metadata knows and no more (no headline or date it does not
have); its text is a NIF context; each quoted span is an RFC 5147 fragment IRI
(``<doc#char=b,e>``) typed as a NIF string and a Web Annotation specific resource. Every
node gets an IRI (no blank nodes), so output is stable across runs.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .annotations import Annotations, Fact, Span
from .corpus import Document, Segment
from .errors import AnnotationError
from .markup import plain
from .namespaces import GAF, HKG, NIF, OA, RES, SCHEMA, VOCAB
from .ontology import Terms
from .temporal import Clock, literal

Triple = tuple[URIRef, URIRef, Any]
#: Evidence levels (hkg:evidenceLevel): a span of a held text, or a cited source as a whole.
SPAN_LEVEL = URIRef(f"{VOCAB}evidence-span")
DOCUMENT_LEVEL = URIRef(f"{VOCAB}evidence-document")


def short(text: str, width: int = 60) -> str:
    text = " ".join(plain(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class TextModel:
    """The triples of a document, its text and spans; facts build on it (model.py)."""

    def __init__(self, ann: Annotations, terms: Terms) -> None:
        self.ann = ann
        self.doc: Document = ann.document
        self.terms = terms
        self.iri = RES[self.doc.id]
        self.author = RES[f"{self.doc.id}-author"]
        self.out: list[Triple] = []
        self.clock = Clock(self.doc, self.add)

    def add(self, s, p, o) -> None:
        self.out.append((s, p, o))

    def label(self, node: URIRef, text: str) -> None:
        """A label people read: without the source's emphasis markers."""
        self.add(node, RDFS.label, Literal(plain(text), lang="en"))

    def span_iri(self, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.iri}#char={begin},{end}")

    @property
    def context(self) -> URIRef:
        return self.span_iri(0, len(self.doc.text))

    def ann_error(self, message: str) -> AnnotationError:
        return AnnotationError(self.ann.path.name, 1, message)

    def document(self) -> None:
        """The document as its metadata knows it: a title of ours, never an invented
        headline or day; a publication instant, its day or bounds; when it was added."""
        doc, iri, meta = self.doc, self.iri, self.doc.meta
        kind = self.terms.hkg_class(meta["type"])
        if kind is None:
            raise self.ann_error(f"metadata type {meta['type']!r} is not an hkg class")
        language = meta["language"]
        self.add(iri, RDF.type, kind)
        self.label(iri, doc.title)
        self.add(iri, HKG.descriptiveTitle, Literal(plain(doc.title), lang="en"))
        if meta.get("headline"):
            for prop in (SCHEMA.headline, DCTERMS.title):
                self.add(iri, prop, Literal(plain(str(meta["headline"])), lang=language))
        if doc.published:
            self.add(iri, SCHEMA.datePublished, literal(doc.published))
            self.add(iri, DCTERMS.issued, literal(doc.published))
        self.clock.document(iri)
        self.add(iri, HKG.addedToCorpus, literal(meta["added"]))
        if meta.get("url"):
            self.add(iri, SCHEMA.url, Literal(str(meta["url"]), datatype=XSD.anyURI))
        if meta.get("publisher"):
            publisher = RES[f"{doc.id}-publisher"]
            self.add(iri, SCHEMA.publisher, publisher)
            self.add(publisher, RDF.type, SCHEMA.Organization)
            self.add(publisher, SCHEMA.name, Literal(str(meta["publisher"])))
            self.label(publisher, str(meta["publisher"]))
        self.add(iri, DCTERMS.identifier, Literal(doc.id))
        self.add(iri, DCTERMS.language, Literal(language))
        self.add(iri, SCHEMA.inLanguage, Literal(language))
        self.add(iri, HKG.sha256, Literal(meta["sha256"]))
        if meta.get("covers"):
            self.add(iri, DCTERMS.description, Literal(plain(meta["covers"]), lang="en"))
        self.add(iri, PROV.wasAttributedTo, self.author)
        self.add(iri, SCHEMA.author, self.author)
        self.add(self.author, RDF.type, HKG.Actor)
        name = meta.get("author")
        self.label(self.author, str(name) if name else f"author of “{doc.title}” (unnamed)")
        ctx = self.context
        for t in (NIF.Context, NIF.String, NIF.RFC5147String):
            self.add(ctx, RDF.type, t)
        self.add(ctx, NIF.isString, Literal(doc.text))
        self.add(ctx, NIF.beginIndex, Literal(0, datatype=XSD.integer))
        self.add(ctx, NIF.endIndex, Literal(len(doc.text), datatype=XSD.integer))
        self.add(ctx, NIF.sourceUrl, iri)
        self.label(ctx, f"text of “{short(doc.title, 50)}”")
        for n, seg in enumerate(doc.sentences, 1):
            node = self.segment(seg)
            self.add(node, RDF.type, NIF.Sentence)
            self.add(node, RDFS.comment, Literal(f"sentence {n} of {doc.id}", lang="en"))

    def segment(self, seg: Segment | Span) -> URIRef:
        """A NIF string for a stretch of the text, with its offsets and exact words."""
        node = self.span_iri(seg.begin, seg.end)
        anchor = self.doc.text[seg.begin : seg.end]
        self.add(node, RDF.type, NIF.String)
        self.add(node, RDF.type, NIF.RFC5147String)
        self.add(node, NIF.beginIndex, Literal(seg.begin, datatype=XSD.integer))
        self.add(node, NIF.endIndex, Literal(seg.end, datatype=XSD.integer))
        self.add(node, NIF.anchorOf, Literal(anchor))
        self.add(node, NIF.referenceContext, self.context)
        self.label(node, f"“{short(anchor)}” [{seg.begin}–{seg.end}]")
        return node

    def span(self, span: Span) -> URIRef:
        """A quoted span: NIF string in its sentence, plus Web Annotation selectors."""
        node = self.segment(span)
        text, b, e = self.doc.text, span.begin, span.end
        sentence = self.doc.sentence_at(b)
        self.add(node, NIF.sentence, self.span_iri(sentence.begin, sentence.end))
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, OA.hasSource, self.iri)
        quote, pos = RES[f"{self.doc.id}-quote-{b}-{e}"], RES[f"{self.doc.id}-position-{b}-{e}"]
        self.add(node, OA.hasSelector, quote)
        self.add(node, OA.hasSelector, pos)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(text[b:e]))
        self.add(quote, OA.prefix, Literal(text[max(0, b - 32) : b]))
        self.add(quote, OA.suffix, Literal(text[e : e + 32]))
        self.label(quote, f"quote selector [{b}–{e}]")
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, Literal(b, datatype=XSD.integer))
        self.add(pos, OA.end, Literal(e, datatype=XSD.integer))
        self.label(pos, f"position selector [{b}–{e}]")
        return node

    def evidence(self, node: URIRef, fact: Fact, key: str) -> None:
        """Tie a fact's node to its spans: prov:wasDerivedFrom and GAF's gaf:denotedBy (each
        span is a mention of the instance), a Web Annotation of the document, and the
        evidence level (span)."""
        annotation = RES[f"{self.doc.id}-annotation-{key}"]
        self.add(annotation, RDF.type, OA.Annotation)
        self.add(annotation, OA.hasBody, node)
        self.label(annotation, f"annotation of {key} in {self.doc.id}")
        for span in fact.spans:
            target = self.span(span)
            self.add(node, PROV.wasDerivedFrom, target)
            self.add(node, GAF.denotedBy, target)
            self.add(annotation, OA.hasTarget, target)
        self.add(node, HKG.evidenceLevel, SPAN_LEVEL)
