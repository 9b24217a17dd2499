"""No outbound requests, no updates without the token, no runaway queries.

Every IRI a query could make the engine fetch points at ``listener``, a socket server
on 127.0.0.1 that records each connection; the tests assert it received nothing. One
test lets an allowed SERVICE through and sees the listener receive it, which shows
the listener would notice.
"""

from __future__ import annotations

import threading

import pytest
import requests

from haitikg.engine import safety
from haitikg.engine.problems import LoadRefused, ServiceRefused

from .conftest import AUTH, Listener, Server, ask

QUERY = {"Content-Type": "application/sparql-query"}
UPDATE = {"Content-Type": "application/sparql-update"}


def post_query(server: Server, text: str) -> requests.Response:
    return requests.post(server.url, data=text.encode(), headers=QUERY, timeout=60)


SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <{L}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { sErViCe SILENT <{L}/sparql> { ?s ?p ?o } }",
    "PREFIX remote: <{L}/> SELECT * WHERE { SERVICE remote:sparql { ?s ?p ?o } }",
    "BASE <{L}/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{L}/sparql> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{L}/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c FILTER(?a<3)SERVICE<{L}/sparql>{ ?s ?p ?o } }",
    "SELECT * WHERE { OPTIONAL { # a comment\n SERVICE\n<{L}/sparql>{ ?s ?p ?o } } }",
    "ASK { SERVICE <{L}/allowed/../sparql> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_service_is_refused_and_nothing_is_sent(
    server: Server, listener: Listener, template: str
) -> None:
    listener.clear()
    response = post_query(server, template.replace("{L}", listener.base))
    assert response.status_code == 400, response.text
    assert response.json()["title"] == "SERVICE not allowed"
    assert "SERVICE" in response.json()["detail"]
    assert listener.seen() == []


def test_an_allowed_service_prefix_is_called(server: Server, listener: Listener) -> None:
    listener.clear()
    query = f"SELECT * WHERE {{ SERVICE SILENT <{listener.base}/allowed/sparql> {{ ?s ?p ?o }} }}"
    response = post_query(server, query)
    assert response.status_code == 200, response.text
    assert any(b"/allowed/sparql" in request for request in listener.seen())


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?service WHERE { ?service ?p "SERVICE <http://127.0.0.1/>" }',
        "SELECT * WHERE { <http://example.org/service> ?p ?o }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { service:x ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1/> { }",
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> {}''' }",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(server: Server, query: str) -> None:
    assert post_query(server, query).status_code == 200


def test_dataset_iris_are_never_fetched(server: Server, listener: Listener) -> None:
    listener.clear()
    remote = f"{listener.base}/data.ttl"
    response = requests.get(
        server.url,
        params=[
            ("query", f"SELECT * FROM <{remote}> FROM NAMED <{remote}#2> {{ ?s ?p ?o }}"),
            ("default-graph-uri", remote),
            ("named-graph-uri", f"{remote}#3"),
        ],
    )
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == []
    response = post_query(server, f"SELECT * FROM <{remote}> {{ ?s ?p ?o }}")
    assert response.status_code == 200
    assert listener.seen() == []


def test_load_is_refused_even_with_the_token(update_server: Server, listener: Listener) -> None:
    listener.clear()
    for text in (
        f"LOAD <{listener.base}/data.ttl>",
        f"load silent <{listener.base}/data.ttl> INTO GRAPH <http://example.org/g>",
    ):
        response = requests.post(
            update_server.url, data=text, headers={**UPDATE, **AUTH}, timeout=30
        )
        assert response.status_code == 400
        assert response.json()["title"] == "LOAD not allowed"
    assert listener.seen() == []


def test_service_inside_an_update_is_refused(update_server: Server, listener: Listener) -> None:
    listener.clear()
    text = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.base}/sparql> {{ ?s ?p ?o }} }}"
    response = requests.post(update_server.url, data=text, headers={**UPDATE, **AUTH})
    assert response.status_code == 400
    assert listener.seen() == []


MARKER = "ASK { <http://example.org/intruder> ?p ?o }"
INTRUSION = "INSERT DATA { <http://example.org/intruder> <http://example.org/p> 1 }"


def test_update_on_a_read_only_endpoint_is_403_and_changes_nothing(server: Server) -> None:
    for headers in ({**UPDATE}, {**UPDATE, **AUTH}):
        response = requests.post(server.url, data=INTRUSION, headers=headers)
        assert response.status_code == 403
        assert "read-only" in response.json()["detail"]
    response = requests.post(server.url, data={"update": INTRUSION})
    assert response.status_code == 403
    assert ask(server.url, MARKER) is False


@pytest.mark.parametrize(
    "auth", [None, "Bearer wrong-token", "Basic czNjcmV0LXRlc3QtdG9rZW4=", "Bearer"]
)
def test_update_without_the_right_token_is_403_and_changes_nothing(
    update_server: Server, auth: str | None
) -> None:
    headers = {**UPDATE} if auth is None else {**UPDATE, "Authorization": auth}
    response = requests.post(update_server.url, data=INTRUSION, headers=headers)
    assert response.status_code == 403
    assert ask(update_server.url, MARKER) is False


def test_graph_store_writes_without_the_token_are_403(update_server: Server) -> None:
    url = f"{update_server.base}/store"
    params = {"graph": "http://example.org/intruder-graph"}
    body = "<http://example.org/intruder> <http://example.org/p> 1 ."
    for method in ("PUT", "POST", "DELETE"):
        response = requests.request(
            method, url, params=params, data=body, headers={"Content-Type": "text/turtle"}
        )
        assert response.status_code == 403, method
    assert ask(update_server.url, MARKER) is False


CROSS_JOIN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?q }"
)


def test_a_runaway_query_is_cut_with_503_while_others_are_served(server: Server) -> None:
    outcome: dict[str, requests.Response] = {}
    started = threading.Event()

    def expensive() -> None:
        started.set()
        outcome["slow"] = post_query(server, CROSS_JOIN)

    thread = threading.Thread(target=expensive)
    thread.start()
    started.wait()
    answers = [ask(server.url, "ASK { ?s ?p ?o }") for _ in range(5)]
    thread.join(60)
    assert answers == [True] * 5
    slow = outcome["slow"]
    assert slow.status_code == 503
    assert "limit" in slow.json()["detail"]
    # the killed worker is replaced: the endpoint keeps answering, and keeps cutting
    assert ask(server.url, "ASK { ?s ?p ?o }") is True
    assert post_query(server, CROSS_JOIN).status_code == 503
    assert ask(server.url, "ASK { ?s ?p ?o }") is True


def test_a_megabyte_of_garbage_is_400_not_500(server: Server) -> None:
    garbage = ("x!{ <%$ SELECT ?? service '\"" * 40_000)[:1_000_000]
    response = post_query(server, garbage)
    assert response.status_code == 400
    assert response.json()["title"] in ("Malformed query", "SERVICE not allowed")
    garbage = garbage.replace("service", "")
    response = post_query(server, garbage)
    assert response.status_code == 400
    assert response.json()["title"] == "Malformed query"
    words = ("SELECT WHERE service ?x { union garbage " * 30_000)[:1_000_000]
    response = requests.post(server.url, data={"query": words})
    assert response.status_code == 400


def test_a_query_over_the_length_limit_is_400(server: Server) -> None:
    text = "ASK {}" + " " * (1024 * 1024)
    response = post_query(server, text)
    assert response.status_code == 400
    assert response.json()["title"] == "Query too long"


def test_a_request_over_the_size_limit_is_413(server: Server) -> None:
    response = post_query(server, "ASK {}" + " " * (3 * 1024 * 1024))
    assert response.status_code == 413


# -- the checks themselves, in process --------------------------------------------------


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_the_check_refuses_every_service_form(template: str) -> None:
    with pytest.raises(ServiceRefused):
        safety.check(template.replace("{L}", "http://127.0.0.1:9"), update=False)


def test_the_check_refuses_service_hidden_from_the_tokenizer_by_an_iri_lookalike() -> None:
    text = "SELECT * { ?a ?b ?c FILTER(?a<3)SERVICE?x#>\n{ ?s ?p ?o } }"
    with pytest.raises(ServiceRefused):
        safety.check(text, update=False)


def test_the_check_allows_a_listed_prefix_only() -> None:
    allowed = ("https://query.wikidata.org/",)
    safety.check(
        "SELECT * { SERVICE <https://query.wikidata.org/sparql> {} }",
        update=False,
        allow_service=allowed,
    )
    with pytest.raises(ServiceRefused):
        safety.check(
            "SELECT * { SERVICE <https://query.wikidata.org.evil/sparql> {} }",
            update=False,
            allow_service=allowed,
        )


def test_load_passes_only_when_allowed() -> None:
    with pytest.raises(LoadRefused):
        safety.check("LOAD <http://example.org/x.ttl>", update=True)
    safety.check("LOAD <http://example.org/x.ttl>", update=True, allow_load=True)


def test_using_clauses_go_before_each_where() -> None:
    text = "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p 2 }"
    rewritten = safety.add_using(text, ["http://g/1"], ["http://g/2"])
    assert rewritten.count("USING <http://g/1> USING NAMED <http://g/2>") == 2
    assert "DELETE { ?s ?p 2 } USING" in rewritten
