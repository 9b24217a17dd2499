"""One set of prefixes everywhere, and errors a person can act on, over HTTP: the standard
prefixes need no declaration (a query's own PREFIX wins), the service description lists
them, and a query that does not parse is explained with its line and column in
problem+json and plain text — never the engine's grammar dump."""

from __future__ import annotations

import pyoxigraph as ox

from haitikg.namespaces import PREFIXES

from .conftest import AUTH

JSON = {"Accept": "application/sparql-results+json"}
SH = "http://www.w3.org/ns/shacl#"


def rows(answer) -> list[dict]:
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]["bindings"]


def test_the_standard_prefixes_need_no_declaration(client):
    query = "SELECT ?n { ?d a foaf:Document ; foaf:name ?n } ORDER BY ?n"
    found = rows(client.get(client.url, params={"query": query}, headers=JSON))
    assert [r["n"]["value"] for r in found] == ["data 0", "data 1", "data 2", "data 3"]


def test_a_query_s_own_prefix_wins(client):
    mine = "PREFIX foaf: <http://example.org/>\nSELECT ?n { ?x foaf:name ?n } ORDER BY ?n"
    names = [r["n"]["value"] for r in rows(client.post(client.url, data={"query": mine},
                                                       headers=JSON))]  # fmt: skip
    assert "Kenya" in names and "data 0" not in names, "foaf: is example.org's here"


def test_an_unknown_prefix_is_explained_in_problem_json(client):
    query = "SELECT ?s WHERE {\n  ?s wdt:P31 ?o\n}"
    answer = client.post(client.url, data={"query": query},
                         headers={"Accept": "application/sparql-results+json, "
                                  "application/problem+json"})  # fmt: skip
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["title"] == "Malformed query"
    assert problem["detail"].startswith("line 2, column 6: unknown prefix `wdt:` — declare it")
    assert "\\u{" not in problem["detail"] and "['" not in problem["detail"]


def test_a_typo_in_a_standard_prefix_gets_a_suggestion_in_plain_text(client):
    answer = client.get(client.url, params={"query": "ASK { ?e a hkgg:Event }"},
                        headers={"Accept": "text/csv, text/plain;q=0.5"})  # fmt: skip
    assert answer.status_code == 400
    assert answer.text.startswith("Malformed query: line 1, column 12: unknown prefix `hkgg:`")
    assert f"did you mean `hkg:`, <{PREFIXES['hkg']}>?" in answer.text


def test_a_misplaced_word_is_found_where_it_is(client):
    answer = client.get(client.url, params={"query": "SELECT * { ?s ?p ?o }\nLIMT 5"})
    assert answer.status_code == 400
    assert answer.json()["detail"] == "line 2, column 1: unexpected `LIMT`"


def test_the_service_description_declares_the_standard_prefixes(client):
    answer = client.get(client.url, headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    graph = ox.Store()
    graph.load(answer.content, format=ox.RdfFormat.TURTLE, base_iri=client.url)
    declared = {
        row["p"].value: row["ns"].value
        for row in graph.query(
            f"SELECT ?p ?ns {{ ?service <{SH}declare> ?d . "
            f"?d <{SH}prefix> ?p ; <{SH}namespace> ?ns }}"
        )
    }
    assert declared == PREFIXES


def test_an_update_may_use_the_standard_prefixes_and_its_errors_keep_their_lines(update_client):
    insert = 'INSERT DATA { <http://example.org/x> rdfs:label "x" ; foaf:name "x" }'
    done = update_client.post(update_client.url, data={"update": insert}, headers=AUTH)
    assert done.status_code == 204, done.text
    broken = 'INSERT DATA {\n  <http://example.org/y> rdfs:label "open\n}'
    answer = update_client.post(update_client.url, data={"update": broken}, headers=AUTH)
    assert answer.status_code == 400
    column = broken.split("\n")[1].index('"') + 1
    assert answer.json()["detail"] == f"line 2, column {column}: this string is never closed"
