"""The registry of named things shared by all documents, with their reference links."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlerror
from .errors import AnnotationError
from .ontology import Terms


@dataclass
class Entity:
    """A person, place, organisation or post with one IRI across all documents."""

    id: str
    type: str
    label: str
    alt: list[str] = field(default_factory=list)
    comment: str | None = None
    same_as: list[str] = field(default_factory=list)
    source: str = "entities.yaml"
    line: int = 0
    #: Facts true by the registry's definition of the entity: property CURIE -> entity ids.
    relations: dict[str, list[str]] = field(default_factory=dict)
    #: For a post: its office in the ``office`` concept scheme (an ``org:Role``).
    office: str | None = None
    #: Review state of an entity a document introduces (see annotations.STATUSES).
    status: str = "confirmed"
    confidence: float | None = None
    cue: str | None = None


def read_links(path: Path) -> dict[str, list[str]]:
    """``entity name -> [wikidata IRI, dbpedia IRI]`` from the reference ``links.tsv``."""
    links: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            links[row["entity"]] = [iri for iri in (row["wikidata"], row["dbpedia"]) if iri]
    return links


REGISTRY_KEYS = {"type", "label", "alt", "comment", "links", "relations", "office"}
DOCUMENT_KEYS = {"type", "label", "alt", "comment", "status", "confidence", "cue"}


def _entity(
    eid: str,
    spec: dict[str, Any],
    links: dict[str, list[str]],
    terms: Terms,
    source: str,
    keys: set[str] = REGISTRY_KEYS,
) -> Entity:
    line = spec.get("__line__", 0) if isinstance(spec, dict) else 0
    if not isinstance(spec, dict):
        raise AnnotationError(source, line, f"entity {eid!r} must be a mapping with type and label")
    for key in spec:
        if key not in keys and key not in ("__line__", "__lines__"):
            allowed = ", ".join(sorted(keys))
            raise AnnotationError(
                source, line, f"entity {eid!r}: unknown key {key!r} (allowed: {allowed})"
            )
    if "type" not in spec or "label" not in spec:
        raise AnnotationError(source, line, f"entity {eid!r} needs a type and a label")
    if not isinstance(spec["type"], str) or terms.hkg_class(spec["type"]) is None:
        raise AnnotationError(source, line, f"entity {eid!r}: unknown class hkg:{spec['type']}")
    same_as = []
    if "links" in spec:
        if spec["links"] not in links:
            raise AnnotationError(
                source, line, f"entity {eid!r}: links.tsv has no row {spec['links']!r}"
            )
        same_as = links[spec["links"]]
    office = spec.get("office")
    if office is not None and (
        spec["type"] != "Post" or terms.concept("office", str(office)) is None
    ):
        known = ", ".join(terms.concept_names("office"))
        raise AnnotationError(
            source,
            line,
            f"entity {eid!r}: office {office!r} is not an office of a Post (known: {known})",
        )
    alt = spec.get("alt", [])
    return Entity(
        eid,
        spec["type"],
        str(spec["label"]),
        [str(a) for a in (alt if isinstance(alt, list) else [alt])],
        spec.get("comment"),
        same_as,
        source,
        line,
        relations=_relations(eid, spec.get("relations") or {}, terms, source, line),
        office=office,
        status=spec.get("status", "confirmed"),
        confidence=spec.get("confidence"),
        cue=spec.get("cue"),
    )


def _relations(eid: str, raw: object, terms: Terms, source: str, line: int) -> dict[str, list[str]]:
    """``relations:`` of a registry entity: declared properties to lists of entity ids."""
    if not isinstance(raw, dict):
        raise AnnotationError(source, line, f"entity {eid!r}: relations must map properties to ids")
    out = {}
    for prop, objects in raw.items():
        if prop in ("__line__", "__lines__"):
            continue
        if not isinstance(prop, str) or terms.property(prop) is None:
            raise AnnotationError(
                source, line, f"entity {eid!r}: relations: {prop!r} is not a declared property"
            )
        objects = objects if isinstance(objects, list) else [objects]
        if not objects or not all(isinstance(o, str) for o in objects):
            raise AnnotationError(
                source, line, f"entity {eid!r}: relations: {prop} needs entity ids"
            )
        out[prop] = objects
    return out


def load_registry(path: Path, links_path: Path, terms: Terms) -> dict[str, Entity]:
    """Every entity of ``entities.yaml``, checked against the ontology and ``links.tsv``."""
    links = read_links(links_path)
    raw = yamlerror.read(path, lambda line, what: AnnotationError(path.name, line, what))
    if not isinstance(raw, dict):
        raise AnnotationError(path.name, 1, "entities.yaml must map entity ids to entities")
    registry = {
        eid: _entity(eid, spec, links, terms, path.name)
        for eid, spec in raw.items()
        if eid not in ("__line__", "__lines__")
    }
    for entity in registry.values():
        for prop, objects in entity.relations.items():
            for obj in objects:
                if obj not in registry:
                    raise AnnotationError(
                        path.name,
                        entity.line,
                        f"entity {entity.id!r}: relations: {prop} {obj!r} is not in the registry",
                    )
    return registry


def add_document_entities(
    registry: dict[str, Entity], specs: dict[str, dict[str, Any]], terms: Terms, source: str
) -> None:
    """Entities a document introduces; an id already known must not change its type."""
    for eid, spec in specs.items():
        entity = _entity(eid, spec, {}, terms, source, DOCUMENT_KEYS)
        known = registry.get(eid)
        if known is not None and known.type != entity.type:
            raise AnnotationError(
                source,
                entity.line,
                f"entity {eid!r} is a {entity.type} here but a {known.type} in {known.source}",
            )
        registry.setdefault(eid, entity)
