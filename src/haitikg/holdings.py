"""Facts that hold for a time: statements about entities, reified with their evidence, and
post holdings as W3C ORG memberships whose interval each source adds its ends to.

A mixin of :class:`haitikg.model.DocumentModel`, whose claim, ref, attribute, plan and
entities these methods use; apart so that model.py stays about events and figures.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, TIME

from .annotations import Fact, parse_time
from .namespaces import GAF, HKG, ORG, RES, VOCAB
from .temporal import PUBLICATION

#: The OWL-Time link of each end of a post holding a source gives.
TENURE_LINKS = {"begin": TIME.hasBeginning, "end": TIME.hasEnd, "as-of": TIME.inside}


class Holdings:
    """Statements, their validity, tenures and memberships (docs/model.md, "Posts")."""

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
        key = self.statement_key(f"statement-{fact.get('subject')}-{local}-{fact.get('object')}")
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
        if "membership" in fact.fields:
            during: URIRef | None = self.tenure(fact)
        else:
            during = self.validity(fact, f"{self.key}-{key}-time", prop == HKG.holdsPost)
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

    def tenure(self, fact: Fact) -> URIRef:
        """A post holding several sources may report (``membership: <id>``): one interval,
        to which each source adds the beginning, end or moment it gives, attributed to it
        when others report the holding too."""
        membership = str(fact.get("membership"))
        node = RES[f"{membership}-during"]
        self.add(node, RDF.type, TIME.Interval)
        self.label(node, f"time of {self.plan.holdings.get(membership, membership)}")
        if "as-of" in fact.fields and ("begin" in fact.fields or "end" in fact.fields):
            raise fact.error("as-of or begin/end, not both", "as-of")
        shared = self.status == "confirmed" and self.plan.shared_tenure(membership)
        for key, link in TENURE_LINKS.items():
            if key not in fact.fields:
                continue
            value = parse_time(fact.get(key), fact, key, publication=True)
            moment = self.clock.point(value)
            self.add(node, link, moment)
            if shared:
                self.attribute(node, fact, key, link, moment, str(value))
        return node

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
        membership = fact.get("membership")
        node = RES[membership or f"{self.key}-membership-{person_id}-{post_id}"]
        self.add(node, RDF.type, ORG.Membership)
        if fact.get("capacity"):
            self.add(node, HKG.capacity, self.concept(fact, "capacity", "capacity"))
        self.add(node, ORG.member, person)
        self.add(node, ORG.organization, RES[entity.relations["hkg:postIn"][0]])
        self.add(node, ORG.role, URIRef(f"{VOCAB}office-{entity.office}"))
        self.add(node, ORG.memberDuring, during)
        for target in self.targets(fact):
            self.add(node, PROV.wasDerivedFrom, target)
        for mention in self.mentions(fact):
            self.add(node, GAF.denotedBy, mention)
        words = f"{self.name(person_id)} as {entity.label}"
        if membership:
            capacity = f" ({fact.get('capacity')})" if fact.get("capacity") else ""
            self.label(node, self.plan.holdings.get(membership, words + capacity))
        else:
            self.label(node, f"{words}, according to {self.key}")
        self.review(node, fact.fields)
