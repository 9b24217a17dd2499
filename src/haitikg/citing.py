"""A table of cited facts as RDF: its entries, the pages they cite, and the facts read
from each, with document-level provenance only.

Each cited page is a ``prov:Entity`` and an ``hkg:CitedSource`` (a ``schema:NewsArticle``
or ``schema:WebPage``) with ``schema:url``, ``schema:name`` and, where known,
``schema:datePublished``. Each entry is an ``hkg:CitedEntry`` that ``schema:citation``s its
sources, with the table's words (``schema:text``), date, figure and confidence. The facts
read from an entry are built as a corpus text's are (model.py), except their evidence: they
are ``prov:wasDerivedFrom`` the entry's sources, ``gaf:denotedBy`` the entry (the mention),
and marked ``hkg:evidenceLevel voc:evidence-document``; a figure also carries the entry's
``hkg:confidenceLevel``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from .annotations import Fact
from .cited import CitedSource, CitedTable, Entry
from .corpus import Document
from .entities import Entity
from .instances import Plan, claim_iri
from .model import DocumentModel
from .namespaces import GAF, HKG, RES, SCHEMA, VOCAB
from .nodes import DOCUMENT_LEVEL, RDFLIB, Nodes, short
from .ontology import Terms
from .rdfterms import Triple
from .temporal import Clock, literal


def table_triples(table: CitedTable) -> list[Triple]:
    """The table and every page its entries cite (once each, however often cited)."""
    node = RES[table.id]
    out: list[Triple] = [
        (node, RDF.type, HKG.CitedTable),
        (node, RDFS.label, Literal(table.title, lang="en")),
        (node, DCTERMS.identifier, Literal(table.id)),
    ]
    if table.description:
        out.append((node, DCTERMS.description, Literal(table.description, lang="en")))
    for entry in table.entries:
        out.append((node, SCHEMA.hasPart, RES[entry.key]))
    for source in sorted(table.sources.values(), key=lambda s: s.key):
        out += source_triples(source)
    return out


def source_triples(source: CitedSource) -> list[Triple]:
    """A cited page: what haitikg knows of it, and nothing it does not (no day for n.d.)."""
    node, author = RES[source.key], RES[f"{source.key}-author"]
    out: list[Triple] = [
        (node, RDF.type, HKG.CitedSource),
        (node, RDF.type, SCHEMA[source.type]),
        (node, RDFS.label, Literal(source.name)),
        (node, SCHEMA.url, Literal(source.url, datatype=XSD.anyURI)),
        (node, PROV.wasAttributedTo, author),
        (node, SCHEMA.author, author),
        (author, RDF.type, HKG.Actor),
        (author, RDFS.label, Literal(f"author of “{source.name}” (unnamed)", lang="en")),
    ]
    out += [(node, SCHEMA.name, Literal(name)) for name in source.names]
    if source.date is not None:
        out.append((node, SCHEMA.datePublished, literal(source.date)))
    return out


class EntryModel(DocumentModel):
    """Builds the triples of one entry of a table of cited facts."""

    def __init__(
        self,
        table: CitedTable,
        entry: Entry,
        entities: dict[str, Entity],
        events: set[str],
        terms: Terms,
        plan: Plan | None = None,
    ) -> None:
        # An entry has no text: a document-shaped stand-in keeps the clock's key, and no
        # fact may be placed against its (non-existent) publication (cited.py refuses it).
        stand_in = Document(id=entry.key, text="", meta={}, path=Path(table.path))
        self.table, self.entry = table, entry
        self.doc = stand_in
        self.terms = terms
        self.iri = RES[entry.key]
        self.out = []
        self.nodes = Nodes(RDFLIB, self.add)
        self.clock = Clock(stand_in, self.nodes)
        self.entities, self.events, self.status = entities, events, "confirmed"
        self.plan = plan or Plan()

    @property
    def key(self) -> str:
        return self.entry.key

    @property
    def source_name(self) -> str:
        return f"{self.entry.row} ({self.table.id})"

    def statement_key(self, key: str) -> str:
        """An entry's own claim node, so each source's reporters stay with its claim."""
        return f"{self.entry.key}-{key}"

    def sources(self) -> list[URIRef]:
        return [RES[s.key] for s in self.entry.sources]

    def reporters(self) -> list[URIRef]:
        return [RES[f"{s.key}-author"] for s in self.entry.sources]

    def targets(self, fact: Fact, words: str | None = None) -> list[URIRef]:
        return self.sources()

    def mentions(self, fact: Fact) -> list[URIRef]:
        return [self.iri]

    def evidence(self, node: URIRef, fact: Fact, key: str) -> None:
        """Document-level provenance: the entry's sources, the entry as the mention."""
        for source in self.sources():
            self.add(node, PROV.wasDerivedFrom, source)
        self.add(node, GAF.denotedBy, self.iri)
        self.add(node, HKG.evidenceLevel, DOCUMENT_LEVEL)

    def confidence(self) -> URIRef:
        return URIRef(f"{VOCAB}confidence-{self.entry.confidence}")

    def document(self) -> None:
        """The entry: its row id, words, date, figure as given, confidence and sources."""
        entry, node = self.entry, self.iri
        self.add(node, RDF.type, HKG.CitedEntry)
        self.label(node, f"{entry.row}: {short(entry.text, 90)}")
        self.add(node, DCTERMS.identifier, Literal(entry.row))
        self.add(node, SCHEMA.text, Literal(entry.text, lang="en"))
        self.add(node, DCTERMS.date, literal(entry.date))
        self.add(node, SCHEMA.isPartOf, RES[self.table.id])
        self.add(node, HKG.confidenceLevel, self.confidence())
        for source in self.sources():
            self.add(node, SCHEMA.citation, source)
            self.add(node, PROV.wasDerivedFrom, source)
        if entry.figure is not None:
            kind = XSD.decimal if isinstance(entry.figure, float) else XSD.integer
            self.add(node, HKG.tableFigure, Literal(str(entry.figure), datatype=kind))
        if entry.figure_qualifier:
            self.add(node, HKG.tableQualifier, Literal(entry.figure_qualifier))

    def claim(
        self, node: URIRef, fact: Fact, cls: URIRef, reporter_key: str, key: str | None = None
    ) -> None:
        """A claim read from an entry carries the confidence the table gives the entry."""
        super().claim(node, fact, cls, reporter_key, key)
        self.add(node, HKG.confidenceLevel, self.confidence())

    def attribute(
        self, subject: URIRef, fact: Fact, key: str, prop: URIRef, obj: Any, shown: str = ""
    ) -> None:
        super().attribute(subject, fact, key, prop, obj, shown)
        node = claim_iri(subject.removeprefix(str(RES)), key, self.key)
        self.add(node, HKG.confidenceLevel, self.confidence())

    def build(self) -> list[Triple]:
        self.document()
        for fact in self.entry.facts:
            getattr(self, fact.kind)(fact)
        return self.out
