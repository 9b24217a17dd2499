"""The VoID description of the dataset: counts, graphs, vocabularies, dumps, licence."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Literal, URIRef

from . import formats
from .citation import citation
from .namespaces import (
    BASE,
    CC_BY,
    DCAT,
    DCTERMS,
    DRAFTS_INFERRED_GRAPH,
    FOAF,
    GRAPH,
    HKG,
    INFERRED_GRAPH,
    MEDIA_TYPES,
    NIF,
    OA,
    ONTOLOGY_IRI,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    RES,
    SCHEMA,
    SD,
    SEM,
    SKOS,
    TIME,
    VOID,
    XSD,
)
from .rdfterms import Triple, select

DATASET_IRI = RES["dataset"]
CREATOR_IRI = RES["dataset-creator"]
DUMPS = ("trig", "nq", "ttl", "nt", "jsonld", "rdf")
#: When the data came to be and last changed: its documents' entry into the corpus and the
#: ontology's own dates (the build is deterministic: never the clock).
DATES = {
    "issued": f"""SELECT (MIN(?d) AS ?v) WHERE {{
  {{ ?doc hkg:addedToCorpus ?d }} UNION {{ <{ONTOLOGY_IRI}> dcterms:created ?d }} }}""",
    "modified": f"""SELECT (MAX(?d) AS ?v) WHERE {{
  {{ ?doc hkg:addedToCorpus ?d }} UNION {{ <{ONTOLOGY_IRI}> dcterms:modified ?d }} }}""",
}
LICENSE = CC_BY
VOCABULARIES = (SCHEMA, SEM, PROV, ORG, TIME, FOAF, NIF, OA, SKOS, HKG)


def _count(store: ox.Store, query: str) -> int:
    row = next(select(store, query, use_default_graph_as_union=True))
    return int(row[0].value)


def _local(name: str) -> str:
    """A graph's name below ``graph/`` (``drafts/<document-id>`` for drafts)."""
    return name.removeprefix(str(GRAPH))


def _graph_description(name: str) -> str:
    local = _local(name)
    if name == str(INFERRED_GRAPH):
        return (
            "Inferred: triples entailed by the ontology's alignment axioms (subclass, "
            "subproperty, equivalence, inverse, domain, range) from the asserted graphs, "
            "and not asserted in them."
        )
    if name == str(DRAFTS_INFERRED_GRAPH):
        return "Inferred: what the drafted items entail, and no other graph holds."
    if local.startswith("cited/"):
        return (
            f"Asserted: the table of cited facts {local.removeprefix('cited/')}, its entries, "
            "the pages they cite (URL, name, date where known) and the facts read from each, "
            "with document-level provenance (hkg:evidenceLevel voc:evidence-document)."
        )
    if local.startswith("drafts/"):
        return (
            f"Drafts: items proposed for the document {local.removeprefix('drafts/')} and not "
            "yet reviewed, each marked hkg:status voc:status-draft."
        )
    return {
        "ontology": "Asserted: the haitikg OWL ontology and its SKOS concept schemes.",
        "entities": "Asserted: the entity registry (names, types, owl:sameAs links from the "
        "reference links.tsv, and what it states by definition, attributed to it).",
        "background": "Asserted: background facts from outside the corpus (UN Security Council "
        "resolution 2699), with their own source.",
        "instances": "Asserted: what several sources say of one instance, merged: an event's "
        "one label, its time where the sources agree (every source's time where they do not), "
        "what two sources say alike, the figure instances their claims quantify, and the "
        "disagreements between them, none preferred.",
    }.get(local, f"Asserted: what the document {local} reports, with spans and provenance.")


def void_triples(store: ox.Store, graphs: dict[str, int]) -> Iterator[Triple]:
    """VoID triples for the union of every graph in ``store``; ``graphs`` counts each one."""
    d = DATASET_IRI
    yield d, RDF.type, VOID.Dataset
    yield d, RDFS.label, Literal("haitikg knowledge graph", lang="en")
    yield (
        d,
        DCTERMS.title,
        Literal("haitikg: the MSS mission in Haiti as a knowledge graph", lang="en"),
    )
    yield (
        d,
        DCTERMS.description,
        Literal(
            "Actors, events and reported claims of the Kenya-led, UN-backed Multinational Security "
            "Support mission in Haiti, 2023-2025, each traceable to the span of text or the "
            "cited page it comes from. "
            "The default "
            "graph is the union of the asserted graphs and the inferred graph.",
            lang="en",
        ),
    )
    yield d, DCTERMS.license, LICENSE
    yield d, VOID.uriSpace, Literal(str(RES))
    yield d, VOID.rootResource, URIRef(ONTOLOGY_IRI)
    for ns in VOCABULARIES:
        yield d, VOID.vocabulary, URIRef(str(ns))
    for fmt in DUMPS:
        yield d, VOID.dataDump, URIRef(f"{BASE}dumps/haitikg.{fmt}")
    yield from dcat_triples(store)
    counts = {
        VOID.triples: "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }",
        VOID.entities: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }",
        VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    }  # over the union default graph: triples are distinct across named graphs
    for prop, query in counts.items():
        yield d, prop, Literal(_count(store, query), datatype=XSD.integer)
    for graph, triples in sorted(graphs.items()):
        local = _local(graph)
        sub = RES[f"dataset-graph-{local.replace('/', '-')}"]
        yield d, VOID.subset, sub
        yield sub, RDF.type, VOID.Dataset
        yield sub, RDF.type, SD.NamedGraph
        yield sub, SD.name, URIRef(graph)
        yield sub, RDFS.label, Literal(f"graph {local}", lang="en")
        yield sub, DCTERMS.description, Literal(_graph_description(graph), lang="en")
        yield sub, VOID.triples, Literal(triples, datatype=XSD.integer)
    for row in select(
        store,
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
        use_default_graph_as_union=True,
    ):
        cls = row[0].value
        part = RES["dataset-class-" + "".join(ch if ch.isalnum() else "-" for ch in cls)]
        yield d, VOID.classPartition, part
        yield part, VOID["class"], URIRef(cls)
        yield part, VOID.entities, Literal(int(row[1].value), datatype=XSD.integer)
        yield part, RDFS.label, Literal(f"instances of <{cls}>", lang="en")


def dcat_triples(store: ox.Store) -> Iterator[Triple]:
    """The dataset as DCAT describes it: who made it, licence, version, dates, how to cite it
    (``CITATION.cff``), and each dump as a distribution."""
    d, cite = DATASET_IRI, citation()
    yield d, RDF.type, DCAT.Dataset
    yield d, DCTERMS.creator, CREATOR_IRI
    yield d, DCTERMS.publisher, CREATOR_IRI
    yield CREATOR_IRI, RDF.type, FOAF.Organization
    yield CREATOR_IRI, RDFS.label, Literal(", ".join(cite.authors), lang="en")
    for name in cite.authors:
        yield CREATOR_IRI, FOAF.name, Literal(name)
    yield d, DCAT.version, Literal(cite.version)
    yield d, OWL.versionInfo, Literal(cite.version)
    yield d, DCTERMS.bibliographicCitation, Literal(str(cite))
    yield d, DCAT.landingPage, URIRef(BASE)
    for keyword in cite.keywords:
        yield d, DCAT.keyword, Literal(keyword, lang="en")
    for key, query in DATES.items():
        row = next(select(store, query, use_default_graph_as_union=True, prefixes=PREFIXES))
        if row["v"] is not None:
            yield d, DCTERMS[key], Literal(row["v"].value, datatype=XSD.date)
    for ext in DUMPS:
        fmt = formats.by_name(ext)
        dist = RES[f"dataset-dump-{ext}"]
        yield d, DCAT.distribution, dist
        yield dist, RDF.type, DCAT.Distribution
        yield dist, RDFS.label, Literal(f"haitikg.{ext} ({fmt.label})", lang="en")
        yield dist, DCAT.downloadURL, URIRef(f"{BASE}dumps/haitikg.{ext}")
        yield dist, DCAT.mediaType, MEDIA_TYPES[fmt.media_type]
        yield dist, DCTERMS.license, LICENSE


__all__ = ["DATASET_IRI", "dcat_triples", "void_triples"]
