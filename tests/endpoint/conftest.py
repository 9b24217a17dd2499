"""The endpoint over ``data/fixture.trig``: in this process for protocol and negotiation
tests (``client``), as real processes where a test needs one (``server``, ``update_server``:
time-outs, worker kills, real HTTP clients), and a listener that records any visit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from inprocess import Client, running
from servers import SRC, Listener, ServerProcess, free_port

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "fixture.trig"
TOKEN = "s3cret-test-token"
TIMEOUT = 2  # seconds: the query time limit the servers run with
MAX_ROWS = 50
Server = ServerProcess  # the name the endpoint tests use
__all__ = ["SRC", "Client", "Server", "free_port"]


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.sock.close()


@pytest.fixture(scope="session")
def client(listener: Listener) -> Iterator[Client]:
    """The ``server`` below, in this process: the same data, limits and allowed SERVICE."""
    config = {
        "DATA": [str(FIXTURE)],
        "TIMEOUT": TIMEOUT,
        "MAX_ROWS": MAX_ROWS,
        "WORKERS": 2,
        "ALLOW_SERVICE": [f"{listener.base}/allowed/"],
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    }
    with running(config) as app_client:
        yield app_client


@pytest.fixture(scope="session")
def server(listener: Listener) -> Iterator[Server]:
    """Read-only, fixture data, 2 s limit, 50 rows, SERVICE allowed only under /allowed/.

    The refusals tested against this server are the query checks' own (400 with the reason);
    the workers' namespace and the relay to the allowed prefix are a second wall, tested on
    their own in ``tests/security/test_service.py``.
    """
    srv = Server(
        "--data", str(FIXTURE),
        "--timeout", str(TIMEOUT),
        "--max-rows", str(MAX_ROWS),
        "--workers", "2",
        "--allow-service", f"{listener.base}/allowed/",
        env={"HAITIKG_MAX_CONTENT_LENGTH": str(2 * 1024 * 1024)},
    ).start()  # fmt: skip
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def update_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """``update_server`` below, in this process, over a store of its own."""
    config = {
        "DATA": [str(FIXTURE)],
        "STORE": str(tmp_path_factory.mktemp("store") / "in-process"),
        "UPDATE_TOKEN": TOKEN,
        "TIMEOUT": TIMEOUT,
        "WORKERS": 2,
    }
    with running(config) as app_client:
        yield app_client


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("store") / "db"


@pytest.fixture(scope="session")
def update_server(store_path: Path) -> Iterator[Server]:
    """Updatable (bearer token) over an on-disk store that starts with the fixture data."""
    srv = Server(
        "--data", str(FIXTURE), "--store", str(store_path), "--update-token", TOKEN,
        "--timeout", str(TIMEOUT), "--workers", "2",
    ).start()  # fmt: skip
    yield srv
    srv.stop()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def ask(endpoint: str | Client, query: str, **kwargs: Any) -> bool:
    """POST an ASK query to a URL (or an in-process client); its boolean, failing on any
    non-200."""
    http: Any = endpoint if isinstance(endpoint, Client) else requests
    response = http.post(
        endpoint.url if isinstance(endpoint, Client) else endpoint,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        timeout=30,
        **kwargs,
    )
    assert response.status_code == 200, response.text
    return response.json()["boolean"]
