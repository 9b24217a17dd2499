"""The haitikg ontology as data: load it, and look up its terms and concepts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from . import paths
from .errors import OntologyError
from .namespaces import HKG, PREFIXES, SKOS, VOCAB


def source_path() -> Path:
    return paths.ontology_dir() / "haitikg.ttl"


@cache
def load_ontology(path: Path | None = None) -> Graph:
    """The ontology graph, parsed once per process (callers must not modify it)."""
    path = path or source_path()
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    graph.bind("voc", VOCAB)
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise OntologyError(f"{path}: cannot parse the ontology: {exc}") from exc
    return graph


class Terms:
    """Which IRIs the ontology declares as classes, properties and concepts."""

    def __init__(self, graph: Graph) -> None:
        self.classes = set(graph.subjects(RDF.type, OWL.Class))
        self.object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
        self.datatype_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.concepts = {s for s in graph.subjects(RDF.type, SKOS.Concept)}
        self.labels = {s: str(o) for s, o in graph.subject_objects(RDFS.label)}

    def hkg_class(self, name: str) -> URIRef | None:
        iri = HKG[name]
        return iri if iri in self.classes else None

    def concept(self, scheme: str, name: str) -> URIRef | None:
        iri = URIRef(f"{VOCAB}{scheme}-{name}")
        return iri if iri in self.concepts else None

    def concept_names(self, scheme: str) -> list[str]:
        prefix = f"{VOCAB}{scheme}-"
        return sorted(str(c)[len(prefix) :] for c in self.concepts if str(c).startswith(prefix))

    def property(self, curie: str) -> URIRef | None:
        """A declared object or datatype property named by a CURIE such as ``hkg:capitalOf``."""
        prefix, _, local = curie.partition(":")
        if prefix not in PREFIXES or not local:
            return None
        iri = URIRef(PREFIXES[prefix] + local)
        return iri if iri in self.object_properties | self.datatype_properties else None


@cache
def terms() -> Terms:
    return Terms(load_ontology())
