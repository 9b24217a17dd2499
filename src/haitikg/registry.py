"""The entity registry as RDF: names, reference links, and what it states by definition.

Facts true by the registry's definition of an entity (a government's state, a post's
government and office, a contingent's sending state) are asserted and reified as
statements attributed to the registry (``res:entity-registry``), not to a document.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from .entities import Entity
from .namespaces import HKG, ORG, RES, VOCAB
from .nodes import RDFLIB, Nodes
from .ontology import Terms
from .rdfterms import Triple

#: Who vouches for what the entity registry states by definition.
REGISTRY = RES["entity-registry"]


def entity_triples(entity: Entity) -> list[Triple]:
    """Type, names and reference links of a registry entity."""
    out: list[Triple] = []
    nodes: Nodes[URIRef, Node] = Nodes(RDFLIB, lambda s, p, o: out.append((s, p, o)))
    comment = str(entity.comment) if entity.comment else None
    nodes.entity(
        RES[entity.id], HKG[entity.type], entity.label, entity.alt, comment, entity.same_as
    )
    return out


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
            assert prop is not None  # entities.py let only declared properties in
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
