"""The registry of named things shared by all documents, with their reference links."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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


def read_links(path: Path) -> dict[str, list[str]]:
    """``entity name -> [wikidata IRI, dbpedia IRI]`` from the reference ``links.tsv``."""
    links: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            links[row["entity"]] = [iri for iri in (row["wikidata"], row["dbpedia"]) if iri]
    return links


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def _entity(eid: str, spec: dict, links: dict[str, list[str]], terms: Terms, source: str) -> Entity:
    line = spec.get("__line__", 0)
    for key in spec:
        if key not in ("type", "label", "alt", "comment", "links", "__line__"):
            raise AnnotationError(source, line, f"entity {eid!r}: unknown key {key!r}")
    if "type" not in spec or "label" not in spec:
        raise AnnotationError(source, line, f"entity {eid!r} needs a type and a label")
    if terms.hkg_class(spec["type"]) is None:
        raise AnnotationError(source, line, f"entity {eid!r}: unknown class hkg:{spec['type']}")
    same_as = []
    if "links" in spec:
        if spec["links"] not in links:
            raise AnnotationError(
                source, line, f"entity {eid!r}: links.tsv has no row {spec['links']!r}"
            )
        same_as = links[spec["links"]]
    return Entity(
        eid,
        spec["type"],
        str(spec["label"]),
        [str(a) for a in spec.get("alt", [])],
        spec.get("comment"),
        same_as,
        source,
        line,
    )


def load_registry(path: Path, links_path: Path, terms: Terms) -> dict[str, Entity]:
    """Every entity of ``entities.yaml``, checked against the ontology and ``links.tsv``."""
    links = read_links(links_path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise AnnotationError(path.name, line, f"not valid YAML: {exc.problem}") from exc
    return {
        eid: _entity(eid, spec, links, terms, path.name)
        for eid, spec in raw.items()
        if eid != "__line__"
    }


def add_document_entities(
    registry: dict[str, Entity], specs: dict[str, dict], terms: Terms, source: str
) -> None:
    """Entities a document introduces; an id already known must not change its type."""
    for eid, spec in specs.items():
        entity = _entity(eid, spec, {}, terms, source)
        known = registry.get(eid)
        if known is not None and known.type != entity.type:
            raise AnnotationError(
                source,
                entity.line,
                f"entity {eid!r} is a {entity.type} here but a {known.type} in {known.source}",
            )
        registry.setdefault(eid, entity)
