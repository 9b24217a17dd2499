"""Annotated facts to RDF: the world layer, the claim layer, and their provenance.

What each annotation key becomes is the contract of docs/model.md. A fact yields only what
its keys say: an event without a time, place or actor has none; a figure the text gives as
a bound has no value. Drafted items are published (with ``hkg:status``) only by a build
that asks for them, and rejected ones never.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from . import holdings
from .annotations import Annotations, Fact, parse_number, parse_time, says_number
from .entities import Entity
from .holdings import TENURE_LINKS
from .instances import SEM_TIME, Plan, claim_iri
from .markup import plain
from .namespaces import HKG, RES, SEM, VOCAB
from .nodes import short
from .ontology import Terms
from .rdfterms import Triple
from .registry import entity_triples
from .spans import TextModel
from .temporal import event_time, literal

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
    "Vote": "vote",
    "Authorization": "authorization",
    "CourtRuling": "court-ruling",
    "Agreement": "agreement",
    "Resignation": "resignation",
    "Appointment": "appointment",
    "SwearingIn": "swearing-in",
    "Dismissal": "dismissal",
    "Fatality": "fatality",
    "ContingentReturn": "return",
    "Visit": "visit",
    "AidSuspension": "aid-suspension",
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
DRAFT = URIRef(f"{VOCAB}status-draft")
#: Words for what one source says of a time or place, in the labels of its claims.
ATTRIBUTED = {
    "date": "on",
    "begin": "from",
    "end": "until",
    "earliest-begin": "began no earlier than",
    "latest-begin": "began by",
    "earliest-end": "not over before",
    "latest-end": "over by",
    "as-of": "held on",
    "place": "at",
}


class DocumentModel(TextModel):
    """Builds the triples of one annotated document's items of one review status."""

    def __init__(
        self,
        ann: Annotations,
        entities: dict[str, Entity],
        events: set[str],
        terms: Terms,
        status: str = "confirmed",
        plan: Plan | None = None,
    ) -> None:
        super().__init__(ann, terms)
        self.entities = entities  # those this build may refer to
        self.events = events
        self.status = status
        self.plan = plan or Plan()

    # -- the source: what a table of cited facts (citing.py) does differently ---------------

    @property
    def key(self) -> str:
        """This source's key in IRIs of what is its own (memberships, time claims)."""
        return self.doc.id

    def sources(self) -> list[URIRef]:
        """The documents its facts are stated or reported in."""
        return [self.iri]

    def reporters(self) -> list[URIRef]:
        """Who asserts what it does not attribute to anyone."""
        return [self.author]

    def targets(self, fact: Fact, words: str | None = None) -> list[URIRef]:
        """What a node belonging to ``fact`` is derived from: its spans (those holding
        ``words``, when given)."""
        return [
            self.span_iri(s.begin, s.end)
            for s in fact.spans
            if words is None or words in plain(s.text)
        ]

    @property
    def source_name(self) -> str:
        """How a claim's label names this source."""
        return self.doc.id

    def mentions(self, fact: Fact) -> list[URIRef]:
        """Where this source mentions what ``fact`` says (GAF): its spans."""
        return self.targets(fact)

    def statement_key(self, key: str) -> str:
        """The local name of a statement's claim node (a corpus text's: the statement's)."""
        return key

    def shared(self, fact: Fact) -> bool:
        """Whether other sources report this event too (the build then merges it)."""
        return self.status == "confirmed" and self.plan.shared(fact.id)

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

    def review(self, node: URIRef, fields: dict[str, Any]) -> None:
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
        place = self.ref(fact, "place", allow_events=False)
        basis = self.concept(fact, "place", "place-basis", fact.get("place-basis", "stated"))
        if prop == SEM.hasPlace and self.shared(fact):
            self.add(node, prop, place)
            self.attribute(node, fact, "place", SEM.hasPlace, place)
        else:
            self.nodes.place(node, prop, place, basis)

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
        node = RES[fact.item_id]
        cls = self.terms.hkg_class(str(fact.get("type")))
        if cls is None or fact.get("type") not in EVENT_TYPES:
            known = ", ".join(EVENT_TYPES)
            raise fact.error(f"type: {fact.get('type')!r} is not an event class ({known})", "type")
        self.add(node, RDF.type, cls)
        shared = self.shared(fact)
        if not shared:
            self.label(node, str(fact.get("label")))
        elif plain(str(fact.get("label"))) != self.plan.label(fact.item_id):
            self.add(node, SKOS.altLabel, Literal(plain(str(fact.get("label"))), lang="en"))
        etype = fact.get("event-type", EVENT_TYPES[fact.get("type")])
        self.add(node, HKG.eventType, self.concept(fact, "event-type", "event-type", etype))
        when, basis = event_time(fact)
        if not when.empty:
            basis_node = self.concept(fact, "date", "date-basis", basis)
            if shared:  # its own time, attributed; graph/instances merges the sources'
                self.clock.event(node, f"{fact.item_id}-by-{self.key}", when, literals=False)
                for name, value in self.clock.values(when).items():
                    self.attribute(node, fact, name, SEM_TIME[name], literal(value))
            else:
                self.clock.event(node, fact.item_id, when)
                self.add(node, HKG.dateBasis, basis_node)
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
        for source in self.sources():
            self.add(node, HKG.reportedIn, source)
        self.evidence(node, fact, fact.item_id)
        self.review(node, fact.fields)

    def role(self, event: URIRef, fact: Fact, role: str, actor_id: str) -> None:
        """SEM's role pattern: the actor directly, and a sem:Role node saying in which role."""
        if not isinstance(actor_id, str) or actor_id not in self.entities:
            raise fact.error(f"roles: unknown actor {actor_id!r} for role {role!r}", "roles")
        node = RES[f"{fact.item_id}-{role}-{actor_id}"]
        role_type = self.concept(fact, "role", "roles", role)
        name = self.plan.label(fact.item_id) if self.shared(fact) else fact.get("label")
        label = f"{self.entities[actor_id].label} as {role} in {name}"
        # derived from the spans that say this actor took part in this role
        self.nodes.role(event, node, RES[actor_id], role_type, label, self.targets(fact))

    def attribute(
        self, subject: URIRef, fact: Fact, key: str, prop: URIRef, obj: Any, shown: str = ""
    ) -> None:
        """One source's word for one triple about a node several sources report, as a
        reified claim (``rdf:Statement``): how a standard-vocabulary user finds who says
        which time or place."""
        local = str(subject).removeprefix(str(RES))
        node = claim_iri(local, key, self.key)
        time = prop in SEM_TIME.values() or prop in TENURE_LINKS.values()
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.type, HKG.TimeClaim if time else HKG.Claim)
        self.add(node, RDF.subject, subject)
        self.add(node, RDF.predicate, prop)
        self.add(node, RDF.object, obj)
        self.add(node, HKG.concerns, subject)
        if not shown:
            shown = str(obj) if isinstance(obj, Literal) else self.name(obj.removeprefix(str(RES)))
        what = self.plan.holdings.get(local.removesuffix("-during")) or self.name(local)
        self.label(node, f"{what}: {ATTRIBUTED[key]} {shown}, according to {self.source_name}")
        for reporter in self.reporters():
            self.add(node, HKG.reportedBy, reporter)
        for source in self.sources():
            self.add(node, HKG.statedIn, source)
        self.evidence(node, fact, node.removeprefix(str(RES)))

    def claim(
        self, node: URIRef, fact: Fact, cls: URIRef, reporter_key: str, key: str | None = None
    ) -> None:
        """What every claim has: type, label, reporter, document, evidence, review."""
        reporters = (
            self.refs(fact, reporter_key, allow_events=False)
            if reporter_key in fact.fields
            else self.reporters()
        )
        self.nodes.claim(node, cls, str(fact.get("label")), reporters, self.sources())
        self.evidence(node, fact, key or fact.item_id)
        self.review(node, fact.fields)

    def statement(self, fact: Fact) -> None:
        """A plain fact about entities, and a post holding (holdings.py)."""
        holdings.statement(self, fact)

    def figure(self, fact: Fact) -> None:
        node, qty = RES[fact.item_id], RES[f"{fact.item_id}-quantity"]
        self.claim(node, fact, HKG.FigureClaim, "reported-by")
        wording, raw = plain(str(fact.get("wording"))), fact.get("value")
        words = fact.words if fact.words is not None else str(fact.get("quote", ""))
        if wording not in plain(words):
            where = "the quote" if fact.words is None else "the entry's text"
            raise fact.error(f"wording must be part of {where}", "wording", wording)
        number = parse_number(raw, fact.error)
        if not says_number(wording, number) and number != fact.given:
            raise fact.error(f"value {raw!r} does not appear in the wording", "value", wording)
        qualifiers = fact.get("qualifier")
        qualifiers = [
            str(q) for q in (qualifiers if isinstance(qualifiers, list) else [qualifiers])
        ]
        bounds = {BOUNDS[q] for q in qualifiers if q in BOUNDS}
        if len(bounds) > 1:
            raise fact.error("a figure is a lower or an upper bound, not both", "qualifier")
        prop = bounds.pop() if bounds else HKG.value
        measure = self.concept(fact, "measure", "measure")
        concepts = [self.concept(fact, "qualifier", "qualifier", q) for q in qualifiers]
        self.nodes.figure(node, qty, measure, wording, concepts)
        datatype = XSD.decimal if isinstance(number, float) else XSD.integer
        how = {HKG.minValue: "at least ", HKG.maxValue: "at most "}.get(prop, "")
        if {"more-than", "less-than"} & set(qualifiers):
            how = "more than " if prop == HKG.minValue else "less than "
        unit = str(fact.get("unit"))
        self.nodes.quantity(
            qty,
            prop,
            Literal(str(number), datatype=datatype),
            unit,
            wording,
            f"{short(wording)} ({how}{number} {fact.get('unit')})",
            concepts,
            self.targets(fact, wording),
        )
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
        return self.clock.span(f"{fact.item_id}-period", begin, end)

    def quotation(self, fact: Fact) -> None:
        node = RES[fact.item_id]
        self.claim(node, fact, HKG.Quotation, "speaker")
        speaker = self.ref(fact, "speaker", allow_events=False)
        event = fact.get("in")
        if "in" in fact.fields and event not in self.events:
            raise fact.error(f"in: {event!r} is not an event id", "in")
        self.nodes.quotation(node, fact.spans[0].text, speaker, RES[event] if event else None)

    def aim(self, fact: Fact) -> None:
        node = RES[fact.item_id]
        self.claim(node, fact, HKG.StatedAim, "by")
        self.add(node, HKG.aimText, Literal(plain(fact.spans[0].text)))
        if "of" in fact.fields:
            self.add(node, HKG.concerns, self.ref(fact, "of"))

    def assessment(self, fact: Fact) -> None:
        node = RES[fact.item_id]
        self.claim(node, fact, HKG.Assessment, "reported-by")
        self.add(node, HKG.claimText, Literal(plain(str(fact.get("text"))), lang="en"))
        self.add(node, HKG.concerns, self.ref(fact, "about"))

    def name(self, ident: str) -> str:
        """An entity's or a shared event's label, else the id itself."""
        entity = self.entities.get(ident)
        if entity:
            return entity.label
        return self.plan.label(ident) if ident in self.plan.events else ident
