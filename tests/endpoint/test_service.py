"""GET /sparql without a query: service description, query page, CORS, routes."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import Namespace

from inprocess import running

from .conftest import FIXTURE, TOKEN, Client

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")


def parse(text: str, fmt: ox.RdfFormat) -> rdflib.Graph:
    """Parse with pyoxigraph (every format), then hand the triples to rdflib."""
    ntriples = ox.serialize(ox.parse(text.encode(), fmt), format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=ntriples.decode(), format="nt")


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_service_description_comes_in_each_rdf_format(
    client: Client, accept: str, parser: ox.RdfFormat
) -> None:
    response = client.get(client.url, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(accept)
    graph = parse(response.text, parser)
    service = graph.value(predicate=SD.endpoint, object=rdflib.URIRef(client.url))
    assert service is not None
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph


def test_service_description_lists_formats_features_and_graph_sizes(client: Client) -> None:
    graph = rdflib.Graph().parse(data=client.get(client.url).text, format="turtle")
    formats = set(graph.objects(None, SD.resultFormat))
    assert FORMATS.SPARQL_Results_JSON in formats and FORMATS.Turtle in formats
    assert len(formats) == 10
    assert (None, SD.feature, SD.UnionDefaultGraph) in graph
    sizes = {
        str(graph.value(named, SD.name)): int(
            graph.value(graph.value(named, SD.graph), VOID.triples)
        )
        for named in graph.objects(None, SD.namedGraph)
    }
    assert sizes["http://example.org/graph/many"] == 200
    assert sizes["http://kasei.us/2009/09/sparql/data/data1.rdf"] == 2
    # read-only: no update language advertised
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) not in graph


def test_service_description_of_an_updatable_server_advertises_update() -> None:
    with running({"DATA": [str(FIXTURE)], "UPDATE_TOKEN": TOKEN, "WORKERS": 1}) as updatable:
        description = updatable.get(updatable.url).text
    graph = rdflib.Graph().parse(data=description, format="turtle")
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in graph


def test_browser_gets_the_query_page_without_scripts_from_elsewhere(client: Client) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get(client.url, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<form" in response.text and 'name="query"' in response.text
    assert "http" not in response.text.split("<script")[-1] or "<script" not in response.text
    assert "50 rows" in response.text  # the row limit is stated on the page
    assert response.headers["Vary"] == "Accept"


def test_query_page_form_runs_a_query(client: Client) -> None:
    response = client.get(client.url, params={"query": "ASK {}", "format": "json"})
    assert response.json() == {"head": {}, "boolean": True}


def test_cors_allows_any_origin(client: Client) -> None:
    response = client.get(
        client.url, params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_is_answered(client: Client) -> None:
    response = client.options(
        client.url,
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


def test_unknown_path_is_a_problem_json_404(client: Client) -> None:
    response = client.get(f"{client.base}/nowhere")
    assert response.status_code == 404
    assert json.loads(response.text)["status"] == 404


def test_dump_is_the_whole_dataset_as_nquads(client: Client) -> None:
    response = client.get(f"{client.base}/store")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/n-quads")
    quads = list(ox.parse(response.content, ox.RdfFormat.N_QUADS))
    assert len(quads) > 200
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)


def test_one_graph_can_be_fetched_as_turtle(client: Client) -> None:
    response = client.get(
        f"{client.base}/store",
        params={"graph": "http://example.org/graph/terms"},
        headers={"Accept": "text/turtle"},
    )
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (rdflib.URIRef("http://example.org/kenya"), None, None) in graph


def test_missing_graph_is_404(client: Client) -> None:
    response = client.get(f"{client.base}/store", params={"graph": "http://example.org/none"})
    assert response.status_code == 404
