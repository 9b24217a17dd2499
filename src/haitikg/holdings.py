"""Facts that hold for a time: statements about entities, reified with their evidence, and
post holdings as W3C ORG memberships whose interval each source adds its ends to.

Functions of the document model that writes them (:class:`haitikg.model.DocumentModel`,
whose ``statement`` calls :func:`statement`), typed by what they use of it (:class:`Host`);
apart so that model.py stays about events and figures.
"""

from __future__ import annotations

from typing import Any, Protocol

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, TIME
from rdflib.term import Node

from .annotations import Fact, parse_time
from .entities import Entity
from .instances import Plan
from .namespaces import GAF, HKG, ORG, RES, VOCAB
from .ontology import Terms
from .temporal import PUBLICATION, Clock

#: The OWL-Time link of each end of a post holding a source gives.
TENURE_LINKS = {"begin": TIME.hasBeginning, "end": TIME.hasEnd, "as-of": TIME.inside}


class Host(Protocol):
    """What these functions use of the document model that calls them."""

    terms: Terms
    plan: Plan
    status: str
    entities: dict[str, Entity]
    clock: Clock

    @property
    def key(self) -> str: ...
    def add(self, s: URIRef, p: URIRef, o: Node) -> None: ...
    def label(self, node: URIRef, text: str) -> None: ...
    def ref(self, fact: Fact, key: str, allow_events: bool = ..., value: Any = ...) -> URIRef: ...
    def statement_key(self, key: str) -> str: ...
    def name(self, ident: str) -> str: ...
    def claim(
        self, node: URIRef, fact: Fact, cls: URIRef, reporter_key: str, key: str | None = ...
    ) -> None: ...
    def attribute(
        self, subject: URIRef, fact: Fact, key: str, prop: URIRef, obj: Node, shown: str = ...
    ) -> None: ...
    def concept(self, fact: Fact, scheme: str, key: str, name: str | None = ...) -> URIRef: ...
    def targets(self, fact: Fact, words: str | None = ...) -> list[URIRef]: ...
    def mentions(self, fact: Fact) -> list[URIRef]: ...
    def review(self, node: URIRef, fields: dict[str, Any]) -> None: ...


def statement(model: Host, fact: Fact) -> None:
    """A plain fact about entities, asserted, and reified as a claim with its evidence."""
    prop = model.terms.property(str(fact.get("property")))
    if prop is None:
        raise fact.error(
            f"property: {fact.get('property')!r} is not a property the ontology declares",
            "property",
        )
    subject = model.ref(fact, "subject")
    obj = model.ref(fact, "object")
    model.add(subject, prop, obj)
    local = str(fact.get("property")).replace(":", "-")
    key = model.statement_key(f"statement-{fact.get('subject')}-{local}-{fact.get('object')}")
    node = RES[key]
    model.add(node, RDF.type, RDF.Statement)
    model.add(node, RDF.subject, subject)
    model.add(node, RDF.predicate, prop)
    model.add(node, RDF.object, obj)
    names = [
        model.name(fact.get("subject")),
        model.terms.labels.get(prop, local),
        model.name(fact.get("object")),
    ]
    fact.fields.setdefault("label", " ".join(names))
    model.claim(node, fact, HKG.Claim, "reported-by", key)
    if "membership" in fact.fields:
        during: URIRef | None = tenure(model, fact)
    else:
        during = validity(model, fact, f"{model.key}-{key}-time", prop == HKG.holdsPost)
    if during is not None:
        model.add(node, HKG.validDuring, during)
    if prop == HKG.holdsPost:
        assert during is not None  # a post's validity defaults to the document's publication
        membership(model, fact, subject, obj, during)


def validity(model: Host, fact: Fact, key: str, as_of_document: bool) -> URIRef | None:
    """When a statement holds: from ``begin`` to ``end``, or ``as-of`` a moment (by
    default, for posts, the document's publication)."""
    begin, end, as_of = (
        parse_time(fact.get(k), fact, k, publication=True) if k in fact.fields else None
        for k in ("begin", "end", "as-of")
    )
    if as_of is not None and (begin is not None or end is not None):
        raise fact.error("as-of or begin/end, not both", "as-of")
    if begin is not None or end is not None:
        return model.clock.span(key, begin, end)
    if as_of is None and as_of_document:
        as_of = PUBLICATION
    return model.clock.as_of(key, as_of) if as_of is not None else None


def tenure(model: Host, fact: Fact) -> URIRef:
    """A post holding several sources may report (``membership: <id>``): one interval,
    to which each source adds the beginning, end or moment it gives, attributed to it
    when others report the holding too."""
    holding = str(fact.get("membership"))
    node = RES[f"{holding}-during"]
    model.add(node, RDF.type, TIME.Interval)
    model.label(node, f"time of {model.plan.holdings.get(holding, holding)}")
    if "as-of" in fact.fields and ("begin" in fact.fields or "end" in fact.fields):
        raise fact.error("as-of or begin/end, not both", "as-of")
    shared = model.status == "confirmed" and model.plan.shared_tenure(holding)
    for key, link in TENURE_LINKS.items():
        if key not in fact.fields:
            continue
        value = parse_time(fact.get(key), fact, key, publication=True)
        moment = model.clock.point(value)
        model.add(node, link, moment)
        if shared:
            model.attribute(node, fact, key, link, moment, str(value))
    return node


def membership(model: Host, fact: Fact, person: URIRef, post: URIRef, during: URIRef) -> None:
    """W3C ORG: holding a post as an org:Membership in the post's organisation, in the
    post's office (an org:Role), during the time the source gives."""
    post_id, person_id = str(fact.get("object")), str(fact.get("subject"))
    entity = model.entities[post_id]
    if not entity.office or not entity.relations.get("hkg:postIn"):
        raise fact.error(
            f"object: post {post_id!r} needs an `office` and `relations: hkg:postIn` "
            "in entities.yaml",
            "object",
        )
    holding = fact.get("membership")
    node = RES[holding or f"{model.key}-membership-{person_id}-{post_id}"]
    model.add(node, RDF.type, ORG.Membership)
    if fact.get("capacity"):
        model.add(node, HKG.capacity, model.concept(fact, "capacity", "capacity"))
    model.add(node, ORG.member, person)
    model.add(node, ORG.organization, RES[entity.relations["hkg:postIn"][0]])
    model.add(node, ORG.role, URIRef(f"{VOCAB}office-{entity.office}"))
    model.add(node, ORG.memberDuring, during)
    for target in model.targets(fact):
        model.add(node, PROV.wasDerivedFrom, target)
    for mention in model.mentions(fact):
        model.add(node, GAF.denotedBy, mention)
    words = f"{model.name(person_id)} as {entity.label}"
    if holding:
        capacity = f" ({fact.get('capacity')})" if fact.get("capacity") else ""
        model.label(node, model.plan.holdings.get(holding, words + capacity))
    else:
        model.label(node, f"{words}, according to {model.key}")
    model.review(node, fact.fields)
