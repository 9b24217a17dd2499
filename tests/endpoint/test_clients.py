"""Real clients against the real server: SPARQLWrapper, rdflib's SPARQLStore, requests."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper

from .conftest import MAX_ROWS, Server

EX = "http://example.org/"
NAMES = f"SELECT ?name WHERE {{ <{EX}kenya> <{EX}name> ?name }} ORDER BY ?name"
TERMS = f"SELECT ?p ?o WHERE {{ <{EX}kenya> ?p ?o }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{EX}kenya> ?p ?o }}"


def wrapper(server: Server, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_json(server: Server) -> None:
    result = wrapper(server, NAMES, JSON).query().convert()
    names = {(b["name"]["value"], b["name"].get("xml:lang")) for b in result["results"]["bindings"]}
    assert names == {("Kenya", "en"), ("Kenya", "fr")}


def test_sparqlwrapper_xml(server: Server) -> None:
    document = wrapper(server, NAMES, XML).query().convert()
    ns = "{http://www.w3.org/2005/sparql-results#}"
    literals = document.getElementsByTagName("literal")
    assert sorted(lit.getAttribute("xml:lang") for lit in literals) == ["en", "fr"]
    assert ns  # the namespace is what the parser checked


def test_sparqlwrapper_csv(server: Server) -> None:
    text = wrapper(server, TERMS, CSV).query().convert().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    notes = [r["o"] for r in rows if r["p"] == f"{EX}note"]
    assert notes == ['a "quoted", comma-separated\nline\twith tab']
    assert "53005614" in [r["o"] for r in rows]


def test_sparqlwrapper_tsv(server: Server) -> None:
    text = wrapper(server, TERMS, TSV).query().convert().decode()
    header, *lines = text.rstrip("\n").split("\n")
    assert header == "?p\t?o"
    assert all(line.count("\t") == 1 for line in lines)  # the tab inside the literal is escaped
    parsed = ox.parse_query_results(text.encode(), ox.QueryResultsFormat.TSV)
    objects = {str(solution["o"]) for solution in parsed}
    assert '"Kenya"@en' in objects


def test_sparqlwrapper_ask(server: Server) -> None:
    assert wrapper(server, f"ASK {{ <{EX}kenya> ?p ?o }}", JSON).query().convert()["boolean"]


# SPARQLWrapper turns RDF/XML into an rdflib ConjunctiveGraph, which rdflib deprecates.
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(("fmt", "parser"), [(TURTLE, "turtle"), (N3, "turtle"), (XML, None)])
def test_sparqlwrapper_construct(server: Server, fmt: str, parser: str | None) -> None:
    result = wrapper(server, CONSTRUCT, fmt).query().convert()
    graph = (
        result
        if isinstance(result, rdflib.Graph)
        else rdflib.Graph().parse(data=result, format=parser)
    )
    assert (rdflib.URIRef(f"{EX}kenya"), rdflib.URIRef(f"{EX}population"), None) in graph


def test_sparqlwrapper_jsonld(server: Server) -> None:
    client = wrapper(server, CONSTRUCT, JSONLD)
    raw = client.query().response.read()
    triples = list(ox.parse(raw, ox.RdfFormat.JSON_LD))
    assert any(t.predicate.value == f"{EX}population" for t in triples)


def test_rdflib_sparqlstore_reads_through_the_endpoint(server: Server) -> None:
    store = SPARQLStore(server.url, returnFormat="json")
    graph = rdflib.Graph(store=store)
    rows = list(graph.query(NAMES))
    assert sorted((str(r.name), r.name.language) for r in rows) == [
        ("Kenya", "en"),
        ("Kenya", "fr"),
    ]
    assert graph.query(f"ASK {{ <{EX}haiti> ?p ?o }}").askAnswer is True
    store.close()


def test_requests_get_json_has_every_kind_of_term(server: Server) -> None:
    response = requests.get(server.url, params={"query": TERMS})
    values = {
        b["p"]["value"].rsplit("/", 1)[-1]: b["o"] for b in response.json()["results"]["bindings"]
    }
    assert values["population"] == {
        "type": "literal",
        "value": "53005614",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
    assert values["leads"]["type"] == "bnode"
    assert values["neighbour" if "neighbour" in values else "leads"]["type"] in ("uri", "bnode")


def test_json_xml_and_tsv_agree_with_pyoxigraph_parsers(server: Server) -> None:
    for accept, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        response = requests.get(server.url, params={"query": TERMS}, headers={"Accept": accept})
        solutions = list(ox.parse_query_results(response.content, fmt))
        assert len(solutions) == 6, accept


def test_post_form_query_is_decoded_once(server: Server) -> None:
    query = 'SELECT ?x WHERE { BIND("100%41" AS ?x) }'
    response = requests.post(server.url, data={"query": query})
    assert response.json()["results"]["bindings"][0]["x"]["value"] == "100%41"


def test_results_over_the_row_limit_are_cut_and_say_so(server: Server) -> None:
    response = requests.get(server.url, params={"query": "SELECT * { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["X-Haitikg-Truncated"] == "true"
    assert str(MAX_ROWS) in response.headers["Warning"]


def test_construct_over_the_row_limit_is_cut_and_says_so(server: Server) -> None:
    response = requests.get(
        server.url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"}
    )
    assert len(list(ox.parse(response.content, ox.RdfFormat.N_TRIPLES))) == MAX_ROWS
    assert response.headers["X-Haitikg-Truncated"] == "true"


def test_results_within_the_row_limit_are_not_marked(server: Server) -> None:
    response = requests.get(server.url, params={"query": "SELECT * { ?s ?p ?o } LIMIT 50"})
    assert len(response.json()["results"]["bindings"]) == 50
    assert "X-Haitikg-Truncated" not in response.headers
    assert response.headers["X-Haitikg-Max-Rows"] == str(MAX_ROWS)


def test_head_of_a_query_has_headers_and_no_body(server: Server) -> None:
    response = requests.head(server.url, params={"query": "ASK {}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert response.content == b""


def test_service_description_parses_as_json_ld_too(server: Server) -> None:
    response = requests.get(server.url, headers={"Accept": "application/ld+json"})
    assert isinstance(json.loads(response.text), dict | list)


def test_xml_results_are_well_formed(server: Server) -> None:
    response = requests.get(
        server.url, params={"query": TERMS}, headers={"Accept": "application/sparql-results+xml"}
    )
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
