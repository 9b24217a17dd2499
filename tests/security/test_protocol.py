"""Items 9 and 13: the dataset a query names is the dataset it gets; a query's parameters
without a query are an error, not the service description.

Before issue 13, ``FROM <g>`` was silently ignored when the default graph is the union of
all graphs, and ``GET /sparql?default-graph-uri=…`` answered 200 with the description.
"""

from __future__ import annotations

import requests

from .conftest import Server

VOID = "https://w3id.org/haitikg/graph/void"


def _count(server: Server, query: str, **params: str) -> int:
    answer = server.query(query, **params)
    assert answer.status_code == 200, answer.text[:300]
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def test_from_defines_the_default_graph(server: Server) -> None:
    total = _count(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    in_void = _count(server, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{VOID}> {{ ?s ?p ?o }} }}")
    assert 0 < in_void < total
    assert _count(server, f"SELECT (COUNT(*) AS ?n) FROM <{VOID}> {{ ?s ?p ?o }}") == in_void
    from_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{VOID}> {{ ?s ?p ?o }}"
    assert _count(server, from_named) == 0  # no FROM: an empty default graph
    graph = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{VOID}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count(server, graph) == in_void


def test_default_graph_uri_defines_the_default_graph(server: Server) -> None:
    in_void = _count(server, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{VOID}> {{ ?s ?p ?o }} }}")
    query = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    assert _count(server, query, **{"default-graph-uri": VOID}) == in_void


def test_dataset_parameters_without_a_query_are_400(server: Server) -> None:
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri"):
        answer = requests.get(server.url, params={name: VOID}, timeout=30)
        assert answer.status_code == 400, (name, answer.text[:300])
        assert answer.json()["title"] == "Missing query"
    bare = requests.get(server.url, headers={"Accept": "text/turtle"}, timeout=30)
    assert bare.status_code == 200 and "sparql-service-description" in bare.text
