"""The IRIs haitikg mints and the standard vocabularies it aligns to."""

from __future__ import annotations

import re

from rdflib import Namespace as _Namespace
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, VANN, VOID, XSD

__all__ = [
    "BASE",
    "CAMEO",
    "CC_BY",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "GAF",
    "GRAPH",
    "HKG",
    "MEDIA_TYPES",
    "NIF",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROBLEMS",
    "PROV",
    "RDF",
    "RDFS",
    "RES",
    "SCHEMA",
    "SD",
    "SEM",
    "SH",
    "SKOS",
    "SPARQL_RESULTS",
    "TIME",
    "VANN",
    "VOCAB",
    "VOID",
    "W3C_FORMATS",
    "XSD",
]  # fmt: skip


class Namespace(_Namespace):
    """rdflib's ``Namespace`` that makes each term once: ``SEM.hasActor`` is looked up
    for every triple ``haitikg synth`` writes, and rdflib builds a new ``URIRef`` each time."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found by plain attribute lookup from now on
        return term


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
DCAT = Namespace("http://www.w3.org/ns/dcat#")
#: Media types as IRIs (DCAT's ``dcat:mediaType``).
MEDIA_TYPES = Namespace("https://www.iana.org/assignments/media-types/")
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

#: The standard prefixes: every query may use them undeclared (a query's own PREFIX wins) —
#: at /sparql, in ``haitikg query``, in ``haitikg.sparql()`` — and the pages, the dumps and
#: the service description write IRIs with them.
PREFIXES: dict[str, str] = {
    "hkg": str(HKG),
    "res": str(RES),
    "voc": str(VOCAB),
    "graph": str(GRAPH),
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
    "dcat": str(DCAT),
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


def prologue_for(query: str, prefixes: dict[str, str] | None = None) -> str:
    """``PREFIX`` lines for the standard prefixes ``query`` uses but does not declare, for an
    engine or parser that does not know them (the query's own declarations win)."""
    table = PREFIXES if prefixes is None else prefixes
    declared = {m[1] for m in re.finditer(r"PREFIX\s+([\w.-]*):", query, re.IGNORECASE)}
    used = [
        name
        for name in table
        if name not in declared and re.search(rf"(?<![\w.:?$<-]){re.escape(name)}:", query)
    ]
    return "".join(f"PREFIX {name}: <{table[name]}>\n" for name in used)
