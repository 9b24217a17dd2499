"""The SPARQL 1.1 Service Description served by ``GET /sparql`` without a query.

https://www.w3.org/TR/sparql11-service-description/ — endpoint, languages, result formats
(the W3C format IRIs), features, and the default dataset with each named graph's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from ..engine.runtime import Running
from ..formats import RDF_FORMATS, RESULT_FORMATS, Format
from ..namespaces import PREFIXES, RDF, SD, SH, VOID, W3C_FORMATS, XSD
from ..rdfterms import in_memory

RDF_TYPE = ox.NamedNode(str(RDF.type))
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "ttl": "Turtle",
    "nt": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "nq": "N-Quads",
    "trig": "TriG",
}

#: The description by (endpoint URL, format, data generation, updates allowed).
_cache: dict[tuple[str, str, int, bool], bytes] = {}
Config = Mapping[str, Any]


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def describe_service(endpoint: str, engine: Running, config: Config, fmt: Format) -> bytes:
    """The description in ``fmt``, cached per endpoint URL, format and data generation."""
    key = (endpoint, fmt.name, engine.snapshots.generation, bool(config.get("UPDATE_TOKEN")))
    if key not in _cache:
        _cache.clear()
        triples = _triples(endpoint, engine, config)
        _cache[key] = in_memory(ox.serialize(triples, format=fmt.rdf, prefixes=_prefixes(fmt)))
    return _cache[key]


def _prefixes(fmt: Format) -> dict[str, str] | None:
    if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        return {"sd": str(SD), "void": str(VOID), "formats": str(W3C_FORMATS), "xsd": str(XSD),
                "sh": str(SH)}  # fmt: skip
    return None


def _triples(endpoint: str, engine: Running, config: Config) -> list[ox.Triple]:
    service = ox.BlankNode("service")
    out = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
    ]
    if config.get("UPDATE_TOKEN"):
        out.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in (*RESULT_FORMATS, *RDF_FORMATS):
        iri = ox.NamedNode(W3C_FORMATS + FORMAT_IRIS[fmt.name])
        out.append(ox.Triple(service, _sd("resultFormat"), iri))
    features = ["EmptyGraphs"]
    if config.get("UNION_DEFAULT_GRAPH"):
        features.append("UnionDefaultGraph")
    if config.get("ALLOW_SERVICE"):
        features.append("BasicFederatedQuery")
    out += [ox.Triple(service, _sd("feature"), _sd(f)) for f in features]
    out += _prefix_declarations(service)

    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("default")
    sizes = engine.snapshots.graph_sizes()
    out += [
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if config.get("UNION_DEFAULT_GRAPH"):
        total = engine.snapshots.triples()
        out.append(ox.Triple(default, ox.NamedNode(VOID + "triples"), _count(total)))
    for i, (name, size) in enumerate(sorted(sizes.items())):
        named, graph = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        out += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, RDF_TYPE, _sd("Graph")),
            ox.Triple(graph, ox.NamedNode(VOID + "triples"), _count(size)),
        ]
    return out


def _prefix_declarations(service: ox.BlankNode) -> list[ox.Triple]:
    """The standard prefixes, which queries may use without declaring them (a query's own
    PREFIX wins), as SHACL prefix declarations of the service."""
    out = []
    for i, (name, namespace) in enumerate(PREFIXES.items()):
        declaration = ox.BlankNode(f"prefix{i}")
        out += [
            ox.Triple(service, ox.NamedNode(SH.declare), declaration),
            ox.Triple(declaration, RDF_TYPE, ox.NamedNode(SH.PrefixDeclaration)),
            ox.Triple(declaration, ox.NamedNode(SH.prefix), ox.Literal(name)),
            ox.Triple(declaration, ox.NamedNode(SH.namespace),
                      ox.Literal(namespace, datatype=ox.NamedNode(XSD.anyURI))),
        ]  # fmt: skip
    return out


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))
