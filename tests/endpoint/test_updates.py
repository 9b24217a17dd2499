"""Updates with the token: SPARQL Update and the Graph Store Protocol, persisted on disk."""

from __future__ import annotations

import requests

from .conftest import AUTH, FIXTURE, TOKEN, Server, ask

UPDATE = {"Content-Type": "application/sparql-update"}
G = "http://example.org/graph/written"


def test_an_acknowledged_update_is_seen_by_the_next_query(update_server: Server) -> None:
    for i in range(5):
        triple = f"<http://example.org/n{i}> a <http://example.org/N>"
        text = f"INSERT DATA {{ GRAPH <{G}> {{ {triple} }} }}"
        response = requests.post(update_server.url, data=text, headers={**UPDATE, **AUTH})
        assert response.status_code == 204
        assert ask(update_server.url, f"ASK {{ <http://example.org/n{i}> a ?t }}") is True


def test_graph_store_put_get_post_delete(update_server: Server) -> None:
    url = f"{update_server.base}/store"
    params = {"graph": "http://example.org/graph/gsp"}
    turtle = {"Content-Type": "text/turtle", **AUTH}
    r = requests.put(
        url, params=params, data="<http://example.org/a> <http://example.org/p> 1 .", headers=turtle
    )
    assert r.status_code == 201
    r = requests.post(
        url, params=params, data="<http://example.org/b> <http://example.org/p> 2 .", headers=turtle
    )
    assert r.status_code == 204
    r = requests.get(url, params=params, headers={"Accept": "application/n-triples"})
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    assert sorted(r.text.strip().splitlines()) == [
        f'<http://example.org/a> <http://example.org/p> "1"^^{integer} .',
        f'<http://example.org/b> <http://example.org/p> "2"^^{integer} .',
    ]
    r = requests.put(
        url, params=params, data="<http://example.org/c> <http://example.org/p> 3 .", headers=turtle
    )
    assert r.status_code == 204
    assert ask(update_server.url, "ASK { <http://example.org/a> ?p ?o }") is False
    assert ask(update_server.url, "ASK { <http://example.org/c> ?p ?o }") is True
    r = requests.put(url, params=params, data="not turtle", headers=turtle)
    assert r.status_code == 400
    assert ask(update_server.url, "ASK { <http://example.org/c> ?p ?o }") is True
    r = requests.delete(url, params=params, headers=AUTH)
    assert r.status_code == 204
    assert requests.get(url, params=params).status_code == 404
    assert requests.delete(url, params=params, headers=AUTH).status_code == 404


def test_updates_survive_a_restart_and_a_kill(tmp_path) -> None:
    store = tmp_path / "db"
    args = ("--data", str(FIXTURE), "--store", str(store), "--update-token", TOKEN)
    first = Server(*args).start()
    try:
        text = "INSERT DATA { <http://example.org/kept> <http://example.org/p> 1 }"
        response = requests.post(first.url, data=text, headers={**UPDATE, **AUTH})
        assert response.status_code == 204
    finally:
        first.stop(9)  # SIGKILL: no clean shutdown
    second = Server("--store", str(store), "--update-token", TOKEN).start()
    try:
        assert ask(second.url, "ASK { <http://example.org/kept> ?p ?o }") is True
        # the data was loaded once, not again on the restart
        count = requests.get(
            second.url,
            params={
                "query": "SELECT (COUNT(*) AS ?n) "
                "{ GRAPH <http://example.org/graph/many> { ?s ?p ?o } }"
            },
        ).json()["results"]["bindings"][0]["n"]["value"]
        assert count == "200"
    finally:
        second.stop()
