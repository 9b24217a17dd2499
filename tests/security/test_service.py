"""Item 4: no SERVICE (or LOAD) reaches anything but an allowed endpoint, in any mode.

Before issue 13 the check parsed with another parser than the engine: ``<'>'`` hid a
SERVICE from it, and LATERAL, VERSION or deep nesting made it give up and allow; with
``--allow-service`` the workers' network namespace was off and an internal URL answered.
Each bypass form below is sent to servers in every mode; the listener they all point at
must receive nothing. The last tests take the text check out of the way (by allowing the
target in the job only) to show the network layer holds on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import TOKEN, Listener, Server

BYPASSES = [
    "SELECT * {{ ?a ?b ?c FILTER(?a <'>') SERVICE <{t}> {{ ?s ?p ?o }} }} #'",
    "SELECT * {{ BIND(1 AS ?a) FILTER(?a <'>') SERVICE <{t}> {{ }} }}",
    "SELECT * {{ BIND(1 AS ?a) FILTER(?a<3)SERVICE?x#>\n{{ ?s ?p ?o }} }}",
    "SELECT * {{ VALUES ?e {{ <{t}> }} FILTER(?e<3)SERVICE?e#>\n{{ }} }}",
    "SELECT * {{ VALUES ?e {{ <{t}> }} SERVICE ?e {{ }} }}",
    "PREFIX : <{t}> SELECT * {{ service:x {{ }} }}",
    "PREFIX : <{t}> SELECT * {{ ?s ?p true SERVICE:x {{ }} }}",
    "PREFIX : <{t}> SELECT * {{ ?s ?p trueSERVICE:x {{ }} }}",
    "SELECT * {{ ?s ?p 1e5SERVICE <{t}> {{ }} }}",
    "SELECT * {{ \\u0053ERVICE <{t}> {{ }} }}",
    "SELECT * {{ SERVICE <{t}\\u0078> {{ }} }}",
    "SELECT * {{ sErViCe SILENT <{t}> {{ }} }}",
    "SELECT * {{ {{ }} LATERAL {{ SERVICE <{t}> {{ }} }} }}",
    'VERSION "1.2" SELECT * {{ SERVICE <{t}> {{ }} }}',
    "SELECT * {{ " + "{{" * 300 + " SERVICE <{t}> {{ }} " + "}}" * 300 + " }}",
    "SELECT * {{ ?s ?p ?o FILTER(?o<'''>''') SERVICE <{t}> {{ }} #''' }}",
    "SELECT * {{ OPTIONAL {{ # a comment\n SERVICE\n<{t}>{{ }} }} }}",
    "SELECT * {{ SERVICE <{allowed}../x> {{ }} }}",
    "SELECT * {{ SERVICE <{allowed}%2e%2e/x> {{ }} }}",
]


def forms(listener: Listener) -> list[str]:
    target, allowed = f"{listener.base}/x", f"{listener.base}/allowed/"
    return [f.format(t=target, allowed=allowed) for f in BYPASSES]


@pytest.fixture(scope="module", params=["isolated", "allow-service", "not-isolated"])
def mode(
    request: pytest.FixtureRequest, listener: Listener, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    args = ["--workers", "2", "--timeout", "5", "--update-token", TOKEN]
    env = {}
    if request.param == "allow-service":
        args += ["--allow-service", f"{listener.base}/allowed/"]
    if request.param == "not-isolated":
        env["HAITIKG_ISOLATE_WORKERS"] = "false"
    srv = Server(*args, log=tmp_path_factory.mktemp(request.param) / "log", env=env)
    yield srv
    srv.stop()


def test_every_bypass_form_reaches_nothing_in_every_mode(mode: Server, listener: Listener) -> None:
    listener.clear()
    for text in forms(listener):
        answer = mode.query(text)
        assert answer.status_code in (400, 200, 500), (text, answer.text[:300])
        assert "leak" not in answer.text, text
    assert listener.seen() == []


def test_every_bypass_form_as_an_update_reaches_nothing(mode: Server, listener: Listener) -> None:
    listener.clear()
    for text in forms(listener):
        where = text.split(" ", 2)[-1] if text.startswith("SELECT") else text
        update = f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {where.removeprefix('*')}"
        answer = mode.update(update)
        assert answer.status_code in (400, 204), (update, answer.text[:300])
    for load in (
        f"LOAD <{listener.base}/x>",
        f"LOAD SILENT <{listener.base}/x> INTO GRAPH <urn:g>",
    ):
        assert mode.update(load).status_code == 400
    assert listener.seen() == []


def test_an_allowed_service_goes_to_the_allowed_endpoint_only(
    listener: Listener, tmp_path_factory: pytest.TempPathFactory
) -> None:
    srv = Server(
        "--workers", "1", "--allow-service", f"{listener.base}/allowed/",
        log=tmp_path_factory.mktemp("allowed") / "log",
    )  # fmt: skip
    try:
        listener.clear()
        answer = srv.query(
            f"SELECT * {{ SERVICE <{listener.base}/allowed/sparql> {{ ?s ?p ?o }} }}"
        )
        assert answer.status_code == 200, answer.text[:300]
        seen = listener.seen()
        assert len(seen) == 1 and seen[0].startswith(b"POST /allowed/sparql "), seen
        assert "(workers have no network)" in srv.output()
    finally:
        srv.stop()


# -- the network layer alone: the text check told to allow what the network must not -----


def _job(dataset, text: str, allow: list[str]) -> dict:
    return {
        "query": text, "base_iri": "http://127.0.0.1/sparql", "union": True,
        "default_graphs": None, "named_graphs": None, "max_rows": 10, "max_bytes": 0,
        "allow_service": allow, "prefixes": {}, "generation": dataset.generation,
        "snapshot": str(dataset.snapshot), "solution_format": "json",
        "boolean_format": "json", "graph_format": "nt",
    }  # fmt: skip


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    from haitikg.engine.store import SnapshotStore

    data = Path(__file__).parent / "data" / "hostile.ttl"
    found = SnapshotStore(None, [data], progress=lambda _: None)
    yield found
    found.close()


def test_the_workers_namespace_stops_a_service_the_check_let_through(dataset, listener) -> None:
    from haitikg.engine.problems import EndpointError
    from haitikg.engine.worker import Sandbox
    from haitikg.engine.workers import Pool

    pool = Pool(1, sandbox=Sandbox(isolate=True))
    try:
        assert pool.isolated
        listener.clear()
        text = f"SELECT * {{ SERVICE <{listener.base}/x> {{ ?s ?p ?o }} }}"
        with pytest.raises(EndpointError):
            pool.run(_job(dataset, text, [listener.base]), 10)
        assert listener.seen() == []
    finally:
        pool.close()


def test_the_relay_passes_the_allowed_path_only(dataset, listener) -> None:
    from haitikg.engine import relay
    from haitikg.engine.problems import EndpointError
    from haitikg.engine.worker import Sandbox
    from haitikg.engine.workers import Pool

    allowed = relay.endpoints([f"{listener.base}/allowed/"])
    pool = Pool(1, sandbox=Sandbox(isolate=True, relay=allowed))
    try:
        listener.clear()
        text = f"SELECT * {{ SERVICE <{listener.base}/other> {{ ?s ?p ?o }} }}"
        with pytest.raises(EndpointError):  # the check allows the whole host; the relay not
            pool.run(_job(dataset, text, [f"{listener.base}/"]), 10)
        assert listener.seen() == []
        text = f"SELECT * {{ SERVICE <{listener.base}/allowed/q> {{ ?s ?p ?o }} }}"
        outcome = pool.run(_job(dataset, text, [f"{listener.base}/allowed/"]), 10)
        outcome.body.close()
        assert [r.split(b" ")[1] for r in listener.seen()] == [b"/allowed/q"]
    finally:
        pool.close()


def test_an_update_s_thread_has_no_network(dataset, listener) -> None:
    from haitikg.engine import sandbox
    from haitikg.engine.problems import UpdateFailed

    assert sandbox.threads_can_be_isolated(), "the tests run as root (CAP_SYS_ADMIN)"
    listener.clear()
    text = f"INSERT {{ <urn:a> <urn:b> ?o }} WHERE {{ SERVICE <{listener.base}/x> {{ ?s ?p ?o }} }}"
    with pytest.raises(UpdateFailed, match="unreachable"):
        dataset.update(text, base_iri=None, isolate=True)
    assert listener.seen() == []
