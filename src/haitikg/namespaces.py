"""The IRIs haitikg mints and the standard vocabularies it aligns to."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, VANN, VOID, XSD

__all__ = [
    "BASE", "CAMEO", "CC_BY", "DCTERMS", "FOAF", "GAF", "GRAPH", "HKG", "NIF", "OA", "ORG", "OWL",
    "PREFIXES", "PROBLEMS", "PROV", "RDF", "RDFS", "RES", "SCHEMA", "SD", "SEM",
    "SKOS", "SPARQL_RESULTS", "TIME", "VANN", "VOCAB", "VOID", "W3C_FORMATS", "XSD",
]  # fmt: skip

BASE = "https://w3id.org/haitikg/"
HKG = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
RES = Namespace(BASE + "resource/")
GRAPH = Namespace(BASE + "graph/")
#: The SKOS concepts of haitikg's schemes (event types, roles, date bases …).
VOCAB = Namespace(BASE + "vocab/")
#: The ``type`` of the endpoint's RFC 9457 problem documents.
PROBLEMS = Namespace(BASE + "problems/")

SCHEMA = Namespace("http://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
OA = Namespace("http://www.w3.org/ns/oa#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
CAMEO = Namespace(VOCAB + "cameo/")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
#: The W3C's IRIs for formats, used by the SPARQL service description.
W3C_FORMATS = Namespace("http://www.w3.org/ns/formats/")
SPARQL_RESULTS = Namespace("http://www.w3.org/2005/sparql-results#")
#: The licence of the ontology, annotations and data.
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")

#: Named graphs of the published dataset.
ONTOLOGY_GRAPH = GRAPH["ontology"]
INFERRED_GRAPH = GRAPH["inferred"]
BACKGROUND_GRAPH = GRAPH["background"]
ENTITY_GRAPH = GRAPH["entities"]
VOID_GRAPH = GRAPH["void"]
#: What drafted items entail, kept apart from the entailments of confirmed ones.
DRAFTS_INFERRED_GRAPH = GRAPH["drafts-inferred"]
#: What the build works out from several sources together: merged instances, figure
#: instances, disagreements.
INSTANCES_GRAPH = GRAPH["instances"]

PREFIXES: dict[str, str] = {
    "hkg": str(HKG),
    "res": str(RES),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "prov": str(PROV),
    "org": str(ORG),
    "time": str(TIME),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "nif": str(NIF),
    "oa": str(OA),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "vann": str(VANN),
    "void": str(VOID),
    "sd": str(SD),
    "gaf": str(GAF),
}


def document_graph(doc_id: str) -> str:
    """The named graph holding what one document says."""
    return f"{GRAPH}{doc_id}"


def cited_graph(table_id: str) -> str:
    """The named graph holding one table of cited facts, its entries and their sources."""
    return f"{GRAPH}cited/{table_id}"


def drafts_graph(doc_id: str) -> str:
    """The named graph of one document's drafted, not yet reviewed items."""
    return f"{GRAPH}drafts/{doc_id}"


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries written by hand."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
