"""Annotated facts to RDF: the world layer, the claim layer, and their provenance.

Every node gets an IRI (no blank nodes), so output is stable across runs and every
node can be dereferenced. Spans are RFC 5147 fragment IRIs of the document
(``<doc#char=b,e>``), typed as NIF strings and Web Annotation specific resources.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .annotations import Annotations, Fact, Span, parse_number, parse_time
from .corpus import Document, Segment
from .entities import Entity
from .errors import AnnotationError
from .namespaces import HKG, NIF, OA, RES, SCHEMA, SEM, TIME
from .ontology import Terms

Triple = tuple[URIRef, URIRef, URIRef | Literal]

#: The event-type concept of each event class, unless a fact names another.
EVENT_TYPES = {
    "Deployment": "deployment",
    "ContingentArrival": "arrival",
    "Reception": "reception",
    "Pledge": "pledge",
    "PublicStatement": "statement",
    "SecurityOperation": "security-operation",
    "Debate": "debate",
    "ArmedViolence": "armed-violence",
}


def short(text: str, width: int = 60) -> str:
    text = " ".join(text.replace("*", "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def entity_triples(entity: Entity) -> Iterable[Triple]:
    """Type, names and reference links of a registry entity."""
    node = RES[entity.id]
    yield node, RDF.type, HKG[entity.type]
    yield node, RDFS.label, Literal(entity.label, lang="en")
    yield node, SCHEMA.name, Literal(entity.label, lang="en")
    for alt in entity.alt:
        yield node, SKOS.altLabel, Literal(alt, lang="en")
        yield node, SCHEMA.alternateName, Literal(alt, lang="en")
    if entity.comment:
        yield node, RDFS.comment, Literal(entity.comment, lang="en")
    for iri in entity.same_as:
        yield node, OWL.sameAs, URIRef(iri)


def time_literal(value: date | str) -> Literal:
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return Literal(value, datatype=XSD.gYearMonth if "-" in value else XSD.gYear)


class DocumentModel:
    """Builds the triples of one annotated document (its named graph)."""

    def __init__(
        self, ann: Annotations, entities: dict[str, Entity], events: set[str], terms: Terms
    ) -> None:
        self.ann = ann
        self.doc: Document = ann.document
        self.entities = entities
        self.events = events
        self.terms = terms
        self.iri = RES[self.doc.id]
        self.author = RES[f"{self.doc.id}-author"]
        self.out: list[Triple] = []

    # -- helpers -------------------------------------------------------------------------

    def add(self, s, p, o) -> None:
        self.out.append((s, p, o))

    def label(self, node: URIRef, text: str) -> None:
        self.add(node, RDFS.label, Literal(text, lang="en"))

    def ref(self, fact: Fact, key: str, allow_events: bool = True) -> URIRef:
        """The IRI of an entity (or event) id a fact names, or an error naming the line."""
        value = fact.get(key)
        if isinstance(value, str) and (
            value in self.entities or (allow_events and value in self.events)
        ):
            return RES[value]
        what = "entity or event" if allow_events else "entity"
        raise fact.error(
            f"{key}: unknown {what} {value!r} (not in entities.yaml, this file's "
            "entities, or any document's events)",
            key,
        )

    def concept(self, fact: Fact, scheme: str, key: str, name: str | None = None) -> URIRef:
        name = name if name is not None else fact.get(key)
        iri = self.terms.concept(scheme, str(name))
        if iri is None:
            known = ", ".join(self.terms.concept_names(scheme))
            raise fact.error(f"{key}: unknown {scheme} {name!r} (known: {known})", key)
        return iri

    def span_iri(self, begin: int, end: int) -> URIRef:
        return URIRef(f"{self.iri}#char={begin},{end}")

    def time_node(self, value: date | str) -> URIRef:
        text = value.isoformat() if isinstance(value, date) else value
        node = RES[f"time-{text}"]
        prop = {
            XSD.date: TIME.inXSDDate,
            XSD.gYearMonth: TIME.inXSDgYearMonth,
            XSD.gYear: TIME.inXSDgYear,
        }
        lit = time_literal(value)
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, prop[lit.datatype], lit)
        self.label(node, text)
        return node

    # -- the document and its text -------------------------------------------------------

    def document(self) -> None:
        doc, iri = self.doc, self.iri
        kind = self.terms.hkg_class(doc.meta["type"])
        if kind is None:
            raise self.ann_error(f"metadata type {doc.meta['type']!r} is not an hkg class")
        self.add(iri, RDF.type, kind)
        self.label(iri, doc.title)
        self.add(iri, DCTERMS.title, Literal(doc.title, lang=doc.meta["language"]))
        self.add(iri, SCHEMA.headline, Literal(doc.title, lang=doc.meta["language"]))
        self.add(iri, DCTERMS.identifier, Literal(doc.id))
        self.add(iri, DCTERMS.language, Literal(doc.meta["language"]))
        self.add(iri, SCHEMA.inLanguage, Literal(doc.meta["language"]))
        self.add(iri, DCTERMS.date, time_literal(doc.date))
        self.add(iri, HKG.sha256, Literal(doc.meta["sha256"]))
        if doc.meta.get("covers"):
            self.add(iri, DCTERMS.description, Literal(doc.meta["covers"], lang="en"))
        self.add(iri, PROV.wasAttributedTo, self.author)
        self.add(iri, SCHEMA.author, self.author)
        self.add(self.author, RDF.type, HKG.Actor)
        self.label(self.author, f"author of “{doc.title}” (unnamed)")
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

    @property
    def context(self) -> URIRef:
        return self.span_iri(0, len(self.doc.text))

    def ann_error(self, message: str) -> AnnotationError:
        return AnnotationError(self.ann.path.name, 1, message)

    def segment(self, seg: Segment | Span) -> URIRef:
        """A NIF string for a stretch of the text, with its offsets and words."""
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
        """Tie a fact's node to its spans (prov) and to a Web Annotation of the document."""
        annotation = RES[f"{self.doc.id}-annotation-{key}"]
        self.add(annotation, RDF.type, OA.Annotation)
        self.add(annotation, OA.hasBody, node)
        self.label(annotation, f"annotation of {key} in {self.doc.id}")
        for span in fact.spans:
            target = self.span(span)
            self.add(node, PROV.wasDerivedFrom, target)
            self.add(annotation, OA.hasTarget, target)

    # -- facts ---------------------------------------------------------------------------

    def build(self) -> list[Triple]:
        self.document()
        for fact in self.ann.facts:
            getattr(self, fact.kind)(fact)
        return self.out

    def event(self, fact: Fact) -> None:
        node = RES[fact.id]
        cls = self.terms.hkg_class(str(fact.get("type")))
        if cls is None or fact.get("type") not in EVENT_TYPES:
            known = ", ".join(EVENT_TYPES)
            raise fact.error(f"type: {fact.get('type')!r} is not an event class ({known})", "type")
        self.add(node, RDF.type, cls)
        self.label(node, str(fact.get("label")))
        etype = fact.get("event-type", EVENT_TYPES[fact.get("type")])
        self.add(node, HKG.eventType, self.concept(fact, "event-type", "event-type", etype))
        self.dates(node, fact)
        self.add(node, SEM.hasPlace, self.ref(fact, "place", allow_events=False))
        roles = fact.get("roles")
        if not isinstance(roles, dict) or not roles:
            raise fact.error("roles must map role names to entity ids", "roles")
        for role, actors in roles.items():
            if role.startswith("__"):
                continue
            for actor in actors if isinstance(actors, list) else [actors]:
                self.role(node, fact, role, actor)
        for key, prop in (
            ("mission", HKG.partOfMission),
            ("sub-event-of", SEM.subEventOf),
            ("concerns", HKG.concerns),
        ):
            if key in fact.fields:
                self.add(node, prop, self.ref(fact, key))
        self.add(node, HKG.reportedIn, self.iri)
        self.evidence(node, fact, fact.id)

    def dates(self, node: URIRef, fact: Fact) -> None:
        basis = fact.get("date-basis")
        if "date" in fact.fields:
            day = parse_time(fact.get("date"), fact, "date")
            if not isinstance(day, date):
                raise fact.error("date must be a day; use begin/end for a month or year", "date")
            self.add(node, HKG.date, time_literal(day))
            self.add(node, TIME.hasTime, self.time_node(day))
        elif "begin" in fact.fields:
            begin = parse_time(fact.get("begin"), fact, "begin")
            interval = RES[f"{fact.id}-time"]
            self.add(node, HKG.beginDate, time_literal(begin))
            self.add(interval, RDF.type, TIME.Interval)
            self.add(interval, TIME.hasBeginning, self.time_node(begin))
            label = f"since {begin}"
            if "end" in fact.fields:
                end = parse_time(fact.get("end"), fact, "end")
                self.add(node, HKG.endDate, time_literal(end))
                self.add(interval, TIME.hasEnd, self.time_node(end))
                label = f"{begin}" if end == begin else f"{begin} to {end}"
            self.label(interval, label)
            self.add(node, TIME.hasTime, interval)
        else:  # no date in the text: dated by the report (see voc:date-publication)
            if basis not in (None, "publication"):
                raise fact.error(
                    "an event without date or begin is dated by publication", "date-basis"
                )
            basis = "publication"
            self.add(node, HKG.date, time_literal(self.doc.date))
            self.add(node, TIME.hasTime, self.time_node(self.doc.date))
        name = {"stated": "stated", "from-context": "from-context"}.get(basis or "stated", basis)
        self.add(node, HKG.dateBasis, self.concept(fact, "date", "date-basis", name))

    def role(self, event: URIRef, fact: Fact, role: str, actor_id: str) -> None:
        if actor_id not in self.entities:
            raise fact.error(f"roles: unknown actor {actor_id!r} for role {role!r}", "roles")
        actor = RES[actor_id]
        node = RES[f"{fact.id}-{role}-{actor_id}"]
        self.add(event, SEM.hasActor, actor)
        self.add(event, HKG.hasRole, node)
        self.add(node, RDF.type, SEM.Role)
        self.add(node, RDF.value, actor)
        self.add(node, SEM.roleType, self.concept(fact, "role", "roles", role))
        self.label(node, f"{self.entities[actor_id].label} as {role} in {fact.get('label')}")

    def claim(
        self, node: URIRef, fact: Fact, cls: URIRef, reporter_key: str, key: str | None = None
    ) -> None:
        """What every claim has: type, label, reporter, document and evidence."""
        self.add(node, RDF.type, cls)
        self.label(node, str(fact.get("label")))
        reporter = (
            self.ref(fact, reporter_key, allow_events=False)
            if reporter_key in fact.fields
            else self.author
        )
        self.add(node, HKG.reportedBy, reporter)
        self.add(node, HKG.statedIn, self.iri)
        self.evidence(node, fact, key or fact.id)

    def figure(self, fact: Fact) -> None:
        node, qty = RES[fact.id], RES[f"{fact.id}-quantity"]
        self.claim(node, fact, HKG.FigureClaim, "reported-by")
        wording, raw = str(fact.get("wording")), fact.get("value")
        if wording not in fact.get("quote", ""):
            raise fact.error("wording must be part of the quote", "wording", wording)
        if str(raw) not in wording:
            raise fact.error(f"value {raw!r} does not appear in the wording", "value", wording)
        number = parse_number(raw, fact)
        qualifiers = fact.get("qualifier")
        qualifiers = qualifiers if isinstance(qualifiers, list) else [qualifiers]
        self.add(node, HKG.measure, self.concept(fact, "measure", "measure"))
        for q in qualifiers:
            self.add(node, HKG.qualifier, self.concept(fact, "qualifier", "qualifier", q))
        self.add(node, HKG.wording, Literal(wording))
        self.add(node, HKG.figure, qty)
        self.add(qty, RDF.type, HKG.Quantity)
        datatype = XSD.decimal if isinstance(number, float) else XSD.integer
        value = Literal(str(number), datatype=datatype)
        self.add(qty, HKG.value, value)
        self.add(qty, HKG.unit, Literal(str(fact.get("unit"))))
        self.add(qty, HKG.wording, Literal(wording))
        if "more-than" in qualifiers:
            self.add(qty, HKG.minValue, value)
        self.label(qty, f"{short(wording)} ({number} {fact.get('unit')})")
        for span in fact.spans:
            if wording in span.text:
                self.add(qty, PROV.wasDerivedFrom, self.span_iri(span.begin, span.end))
        if "about" in fact.fields:
            about = self.ref(fact, "about")
            self.add(node, HKG.concerns, about)
            if fact.get("about") in self.events:
                self.add(about, HKG.hasFigure, qty)
        if "concerns" in fact.fields:
            self.add(node, HKG.concerns, self.ref(fact, "concerns"))
        if "place" in fact.fields:
            self.add(node, HKG.place, self.ref(fact, "place", allow_events=False))
        if "period" in fact.fields:
            self.add(
                node, HKG.period, self.time_node(parse_time(fact.get("period"), fact, "period"))
            )

    def quotation(self, fact: Fact) -> None:
        node = RES[fact.id]
        self.claim(node, fact, HKG.Quotation, "speaker")
        self.add(node, SCHEMA.text, Literal(fact.spans[0].text))
        self.add(node, SCHEMA.creator, self.ref(fact, "speaker", allow_events=False))
        if "in" in fact.fields:
            if fact.get("in") not in self.events:
                raise fact.error(f"in: {fact.get('in')!r} is not an event id", "in")
            self.add(node, HKG.quotedIn, RES[fact.get("in")])

    def aim(self, fact: Fact) -> None:
        node = RES[fact.id]
        self.claim(node, fact, HKG.StatedAim, "by")
        self.add(node, HKG.aimText, Literal(fact.spans[0].text.replace("*", "")))
        if "of" in fact.fields:
            self.add(node, HKG.concerns, self.ref(fact, "of"))

    def assessment(self, fact: Fact) -> None:
        node = RES[fact.id]
        self.claim(node, fact, HKG.Assessment, "reported-by")
        self.add(node, HKG.claimText, Literal(str(fact.get("text")), lang="en"))
        self.add(node, HKG.concerns, self.ref(fact, "about"))

    def statement(self, fact: Fact) -> None:
        """A plain fact about entities, asserted, and reified as a claim with its evidence."""
        prop = self.terms.property(str(fact.get("property")))
        if prop is None:
            raise fact.error(
                f"property: {fact.get('property')!r} is not a property the ontology declares",
                "property",
            )
        subject = self.ref(fact, "subject")
        obj = self.ref(fact, "object")
        self.add(subject, prop, obj)
        local = str(fact.get("property")).replace(":", "-")
        key = f"statement-{fact.get('subject')}-{local}-{fact.get('object')}"
        node = RES[key]
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, subject)
        self.add(node, RDF.predicate, prop)
        self.add(node, RDF.object, obj)
        names = [
            self.name(fact.get("subject")),
            self.terms.labels.get(prop, local),
            self.name(fact.get("object")),
        ]
        fact.fields.setdefault("label", " ".join(names))
        self.claim(node, fact, HKG.Claim, "reported-by", key)

    def name(self, ident: str) -> str:
        entity = self.entities.get(ident)
        return entity.label if entity else ident
