"""A document, its text and its spans as RDF: what every fact's evidence points into.

The document is what its metadata knows and no more (no headline or date it does not
have); its text is a NIF context; each quoted span is an RFC 5147 fragment IRI
(``<doc#char=b,e>``) typed as a NIF string and a Web Annotation specific resource
(nodes.py writes each). Every node gets an IRI (no blank nodes), so output is stable
across runs.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD
from rdflib.term import Node

from .annotations import Annotations, Fact, Span
from .corpus import Document
from .errors import AnnotationError
from .markup import plain
from .namespaces import RES, SCHEMA
from .nodes import RDFLIB, Nodes, short
from .ontology import Terms
from .rdfterms import Triple
from .temporal import Clock, literal


class TextModel:
    """The triples of a document, its text and spans; facts build on it (model.py)."""

    def __init__(self, ann: Annotations, terms: Terms) -> None:
        self.ann = ann
        self.doc: Document = ann.document
        self.terms = terms
        self.iri = RES[self.doc.id]
        self.author = RES[f"{self.doc.id}-author"]
        self.out: list[Triple] = []
        self.nodes: Nodes[URIRef, Node] = Nodes(RDFLIB, self.add)
        self.clock = Clock(self.doc, self.nodes)

    def add(self, s: URIRef, p: URIRef, o: Node) -> None:
        self.out.append((s, p, o))

    def label(self, node: URIRef, text: str) -> None:
        """A label people read: without the source's emphasis markers."""
        self.nodes.label(node, text)

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
        doc, iri, meta, nodes = self.doc, self.iri, self.doc.meta, self.nodes
        kind = self.terms.hkg_class(meta["type"])
        if kind is None:
            raise self.ann_error(f"metadata type {meta['type']!r} is not an hkg class")
        language = meta["language"]
        added = literal(meta["added"])
        nodes.document(iri, kind, doc.title, language, doc.id, meta["sha256"], added)
        if meta.get("headline"):
            nodes.headline(iri, str(meta["headline"]), language)
        if doc.published:
            nodes.published(iri, literal(doc.published))
        self.clock.document(iri)
        if meta.get("url"):
            self.add(iri, SCHEMA.url, Literal(str(meta["url"]), datatype=XSD.anyURI))
        if meta.get("publisher"):
            publisher = RES[f"{doc.id}-publisher"]
            self.add(iri, SCHEMA.publisher, publisher)
            self.add(publisher, RDF.type, SCHEMA.Organization)
            self.add(publisher, SCHEMA.name, Literal(str(meta["publisher"])))
            self.label(publisher, str(meta["publisher"]))
        if meta.get("covers"):
            self.add(iri, DCTERMS.description, Literal(plain(meta["covers"]), lang="en"))
        name = meta.get("author")
        nodes.author(iri, self.author, str(name) if name else f"author of “{doc.title}” (unnamed)")
        ctx = self.context
        nodes.context(ctx, doc.text, iri, f"text of “{short(doc.title, 50)}”")
        for n, seg in enumerate(doc.sentences, 1):
            node = self.span_iri(seg.begin, seg.end)
            nodes.sentence(node, ctx, doc.text, seg.begin, seg.end, f"sentence {n} of {doc.id}")

    def span(self, span: Span) -> URIRef:
        """A quoted span: NIF string in its sentence, plus Web Annotation selectors."""
        node = self.span_iri(span.begin, span.end)
        sentence = self.doc.sentence_at(span.begin)
        self.nodes.span(
            node,
            self.context,
            self.doc.text,
            span.begin,
            span.end,
            self.iri,
            self.span_iri(sentence.begin, sentence.end),
        )
        return node

    def evidence(self, node: URIRef, fact: Fact, key: str) -> None:
        """Tie a fact's node to its spans (nodes.py: ``Nodes.evidence``)."""
        annotation = RES[f"{self.doc.id}-annotation-{key}"]
        label = f"annotation of {key} in {self.doc.id}"
        self.nodes.evidence(node, annotation, label, [self.span(s) for s in fact.spans])
