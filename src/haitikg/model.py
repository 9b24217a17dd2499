"""Annotated facts to RDF: the world layer, the claim layer, and their provenance.

What each annotation key becomes is the contract of docs/model.md. A fact yields only what
its keys say: an event without a time, place or actor has none; a figure the text gives as
a bound has no value. Drafted items are published (with ``hkg:status``) only by a build
that asks for them, and rejected ones never.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD

from .annotations import Annotations, Fact, parse_number, parse_time
from .entities import Entity
from .markup import plain
from .namespaces import HKG, ORG, RES, SCHEMA, SEM
from .ontology import VOCAB, Terms
from .spans import TextModel, Triple, short
from .temporal import PUBLICATION, event_time

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
#: Qualifiers that make a figure's number a bound, and the property it is published with.
BOUNDS = {
    "more-than": HKG.minValue,
    "at-least": HKG.minValue,
    "less-than": HKG.maxValue,
    "up-to": HKG.maxValue,
}
#: Event keys naming other things, the property each becomes, and whether events qualify.
EVENT_LINKS = (
    ("mission", HKG.partOfMission, False),
    ("sub-event-of", SEM.subEventOf, True),
    ("concerns", HKG.concerns, True),
    ("targets", HKG.targets, True),
)
#: Who vouches for what the entity registry states by definition.
REGISTRY = RES["entity-registry"]
DRAFT = URIRef(f"{VOCAB}status-draft")


def entity_triples(entity: Entity) -> Iterable[Triple]:
    """Type, names and reference links of a registry entity."""
    node = RES[entity.id]
    yield node, RDF.type, HKG[entity.type]
    yield node, RDFS.label, Literal(plain(entity.label), lang="en")
    yield node, SCHEMA.name, Literal(plain(entity.label), lang="en")
    for alt in entity.alt:
        yield node, SKOS.altLabel, Literal(plain(alt), lang="en")
        yield node, SCHEMA.alternateName, Literal(plain(alt), lang="en")
    if entity.comment:
        yield node, RDFS.comment, Literal(plain(str(entity.comment)), lang="en")
    for iri in entity.same_as:
        yield node, OWL.sameAs, URIRef(iri)


def registry_triples(registry: dict[str, Entity], terms: Terms) -> Iterable[Triple]:
    """What the registry states by definition (a government's state, a post's government
    and office), asserted and reified as statements attributed to the registry."""
    yield REGISTRY, RDF.type, PROV.Agent
    yield REGISTRY, RDFS.label, Literal("haitikg entity registry", lang="en")
    yield (
        REGISTRY,
        RDFS.comment,
        Literal(
            "corpus/entities.yaml: the named things all documents share, and the facts true "
            "by its definition of them.",
            lang="en",
        ),
    )
    for entity in sorted(registry.values(), key=lambda e: e.id):
        subject = RES[entity.id]
        if entity.office:
            yield subject, ORG.role, URIRef(f"{VOCAB}office-{entity.office}")
        for curie, objects in sorted(entity.relations.items()):
            prop = terms.property(curie)
            for obj in objects:
                node = RES[f"registry-{entity.id}-{curie.replace(':', '-')}-{obj}"]
                yield subject, prop, RES[obj]
                yield node, RDF.type, RDF.Statement
                yield node, RDF.subject, subject
                yield node, RDF.predicate, prop
                yield node, RDF.object, RES[obj]
                yield node, PROV.wasAttributedTo, REGISTRY
                words = (entity.label, terms.labels.get(prop, curie), registry[obj].label)
                yield node, RDFS.label, Literal(" ".join(words) + " (registry)", lang="en")


class DocumentModel(TextModel):
    """Builds the triples of one annotated document's items of one review status."""

    def __init__(
        self,
        ann: Annotations,
        entities: dict[str, Entity],
        events: set[str],
        terms: Terms,
        status: str = "confirmed",
    ) -> None:
        super().__init__(ann, terms)
        self.entities = entities  # those this build may refer to
        self.events = events
        self.status = status

    # -- helpers -------------------------------------------------------------------------

    def ref(self, fact: Fact, key: str, allow_events: bool = True, value: Any = None) -> URIRef:
        """The IRI of an entity (or event) id a fact names, or an error naming the line."""
        value = fact.get(key) if value is None else value
        if isinstance(value, str) and (
            value in self.entities or (allow_events and value in self.events)
        ):
            return RES[value]
        what = "entity or event" if allow_events else "entity"
        draft = "" if self.status == "draft" else " confirmed"
        raise fact.error(
            f"{key}: unknown{draft} {what} {value!r} (not in entities.yaml, this file's "
            "entities, or any document's events)",
            key,
        )

    def refs(self, fact: Fact, key: str, allow_events: bool = True) -> list[URIRef]:
        """One id or a list of them."""
        value = fact.get(key)
        values = value if isinstance(value, list) and value else [value]
        return [self.ref(fact, key, allow_events, v) for v in values]

    def concept(self, fact: Fact, scheme: str, key: str, name: str | None = None) -> URIRef:
        name = name if name is not None else fact.get(key)
        iri = self.terms.concept(scheme, str(name))
        if iri is None:
            known = ", ".join(self.terms.concept_names(scheme))
            raise fact.error(f"{key}: unknown {scheme} {name!r} (known: {known})", key)
        return iri

    def review(self, node: URIRef, fields: dict) -> None:
        """Mark a draft item, so a query can leave drafts out."""
        if self.status != "draft":
            return
        self.add(node, HKG.status, DRAFT)
        if fields.get("confidence") is not None:
            self.add(node, HKG.confidence, Literal(str(fields["confidence"]), datatype=XSD.decimal))
        if fields.get("cue"):
            self.add(node, HKG.cue, Literal(str(fields["cue"])))

    def place(self, node: URIRef, fact: Fact, prop: URIRef) -> None:
        """The place the text gives or its context fixes, with which of the two it is."""
        if "place" not in fact.fields:
            if "place-basis" in fact.fields:
                raise fact.error("place-basis without a place", "place-basis")
            return
        self.add(node, prop, self.ref(fact, "place", allow_events=False))
        basis = fact.get("place-basis", "stated")
        self.add(node, HKG.placeBasis, self.concept(fact, "place", "place-basis", basis))

    # -- facts ---------------------------------------------------------------------------

    def build(self) -> list[Triple]:
        """The document (for the confirmed graph) and its items of this build's status."""
        if self.status == "confirmed":
            self.document()
        for eid, spec in self.ann.entities.items():
            if spec.get("status", "confirmed") == self.status:
                self.out.extend(entity_triples(self.entities[eid]))
                self.review(RES[eid], spec)
        for fact in self.ann.facts:
            if fact.status == self.status:
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
        when, basis = event_time(fact)
        if not when.empty:
            self.clock.event(node, fact.id, when)
            self.add(node, HKG.dateBasis, self.concept(fact, "date", "date-basis", basis))
        self.place(node, fact, SEM.hasPlace)
        roles = fact.get("roles", {})
        if not isinstance(roles, dict):
            raise fact.error("roles must map role names to entity ids", "roles")
        for role, actors in roles.items():
            if role.startswith("__"):
                continue
            for actor in actors if isinstance(actors, list) else [actors]:
                self.role(node, fact, role, actor)
        for key, prop, events in EVENT_LINKS:
            if key in fact.fields:
                for target in self.refs(fact, key, allow_events=events):
                    self.add(node, prop, target)
        self.add(node, HKG.reportedIn, self.iri)
        self.evidence(node, fact, fact.id)
        self.review(node, fact.fields)

    def role(self, event: URIRef, fact: Fact, role: str, actor_id: str) -> None:
        """SEM's role pattern: the actor directly, and a sem:Role node saying in which role."""
        if not isinstance(actor_id, str) or actor_id not in self.entities:
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
        """What every claim has: type, label, reporter, document, evidence, review."""
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
        self.review(node, fact.fields)

    def figure(self, fact: Fact) -> None:
        node, qty = RES[fact.id], RES[f"{fact.id}-quantity"]
        self.claim(node, fact, HKG.FigureClaim, "reported-by")
        wording, raw = plain(str(fact.get("wording"))), fact.get("value")
        if wording not in plain(str(fact.get("quote", ""))):
            raise fact.error("wording must be part of the quote", "wording", wording)
        if str(raw) not in wording:
            raise fact.error(f"value {raw!r} does not appear in the wording", "value", wording)
        number = parse_number(raw, fact)
        qualifiers = fact.get("qualifier")
        qualifiers = [
            str(q) for q in (qualifiers if isinstance(qualifiers, list) else [qualifiers])
        ]
        bounds = {BOUNDS[q] for q in qualifiers if q in BOUNDS}
        if len(bounds) > 1:
            raise fact.error("a figure is a lower or an upper bound, not both", "qualifier")
        prop = bounds.pop() if bounds else HKG.value
        self.add(node, HKG.measure, self.concept(fact, "measure", "measure"))
        self.add(node, HKG.wording, Literal(wording))
        self.add(node, HKG.figure, qty)
        self.add(qty, RDF.type, HKG.Quantity)
        for q in qualifiers:
            concept = self.concept(fact, "qualifier", "qualifier", q)
            self.add(node, HKG.qualifier, concept)
            self.add(qty, SCHEMA.valueReference, concept)
        datatype = XSD.decimal if isinstance(number, float) else XSD.integer
        self.add(qty, prop, Literal(str(number), datatype=datatype))
        self.add(qty, HKG.unit, Literal(str(fact.get("unit"))))
        self.add(qty, HKG.wording, Literal(wording))
        how = {HKG.minValue: "at least ", HKG.maxValue: "at most "}.get(prop, "")
        if {"more-than", "less-than"} & set(qualifiers):
            how = "more than " if prop == HKG.minValue else "less than "
        self.label(qty, f"{short(wording)} ({how}{number} {fact.get('unit')})")
        for span in fact.spans:
            if wording in plain(span.text):
                self.add(qty, PROV.wasDerivedFrom, self.span_iri(span.begin, span.end))
        if "about" in fact.fields:
            about = self.ref(fact, "about")
            self.add(node, HKG.concerns, about)
            if fact.get("about") in self.events:
                self.add(about, HKG.hasFigure, qty)
        if "concerns" in fact.fields:
            for target in self.refs(fact, "concerns"):
                self.add(node, HKG.concerns, target)
        self.place(node, fact, HKG.place)
        if "period" in fact.fields:
            self.add(node, HKG.period, self.period(fact))
        if "as-of" in fact.fields:
            moment = parse_time(fact.get("as-of"), fact, "as-of", publication=True)
            self.add(node, HKG.asOf, self.clock.point(moment))

    def period(self, fact: Fact) -> URIRef:
        """A day, a whole month or year, or ``{begin:, end:}`` (either may be
        ``publication``: "since June 2024", a running total as of the document)."""
        raw = fact.get("period")
        if not isinstance(raw, dict):
            value = parse_time(raw, fact, "period")
            return self.clock.period(value)
        keys = {k for k in raw if not str(k).startswith("__")}
        if not keys or keys - {"begin", "end"}:
            raise fact.error("period is a day, month or year, or {begin:, end:}", "period")
        begin, end = (
            parse_time(raw[k], fact, "period", publication=True) if k in raw else None
            for k in ("begin", "end")
        )
        return self.clock.span(f"{fact.id}-period", begin, end)

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
        self.add(node, HKG.aimText, Literal(plain(fact.spans[0].text)))
        if "of" in fact.fields:
            self.add(node, HKG.concerns, self.ref(fact, "of"))

    def assessment(self, fact: Fact) -> None:
        node = RES[fact.id]
        self.claim(node, fact, HKG.Assessment, "reported-by")
        self.add(node, HKG.claimText, Literal(plain(str(fact.get("text"))), lang="en"))
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
        during = self.validity(fact, f"{self.doc.id}-{key}-time", prop == HKG.holdsPost)
        if during is not None:
            self.add(node, HKG.validDuring, during)
        if prop == HKG.holdsPost:
            self.membership(fact, subject, obj, during)

    def validity(self, fact: Fact, key: str, as_of_document: bool) -> URIRef | None:
        """When a statement holds: from ``begin`` to ``end``, or ``as-of`` a moment (by
        default, for posts, the document's publication)."""
        begin, end, as_of = (
            parse_time(fact.get(k), fact, k, publication=True) if k in fact.fields else None
            for k in ("begin", "end", "as-of")
        )
        if as_of is not None and (begin is not None or end is not None):
            raise fact.error("as-of or begin/end, not both", "as-of")
        if begin is not None or end is not None:
            return self.clock.span(key, begin, end)
        if as_of is None and as_of_document:
            as_of = PUBLICATION
        return self.clock.as_of(key, as_of) if as_of is not None else None

    def membership(self, fact: Fact, person: URIRef, post: URIRef, during: URIRef) -> None:
        """W3C ORG: holding a post as an org:Membership in the post's organisation, in the
        post's office (an org:Role), during the time the source gives."""
        post_id, person_id = str(fact.get("object")), str(fact.get("subject"))
        entity = self.entities[post_id]
        if not entity.office or not entity.relations.get("hkg:postIn"):
            raise fact.error(
                f"object: post {post_id!r} needs an `office` and `relations: hkg:postIn` "
                "in entities.yaml",
                "object",
            )
        node = RES[f"{self.doc.id}-membership-{person_id}-{post_id}"]
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, ORG.member, person)
        self.add(node, ORG.organization, RES[entity.relations["hkg:postIn"][0]])
        self.add(node, ORG.role, URIRef(f"{VOCAB}office-{entity.office}"))
        self.add(node, ORG.memberDuring, during)
        for span in fact.spans:
            self.add(node, PROV.wasDerivedFrom, self.span_iri(span.begin, span.end))
        self.label(node, f"{self.name(person_id)} as {entity.label}, according to {self.doc.id}")
        self.review(node, fact.fields)

    def name(self, ident: str) -> str:
        entity = self.entities.get(ident)
        return entity.label if entity else ident
