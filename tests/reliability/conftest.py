"""One real endpoint for the fuzz tests, and the property every answer must have.

The server is ``python -m haitikg serve`` (the ``haitikg serve`` command) on a
free loopback port, serving the built graph with a short time limit; it is started once per
session and every fuzz test talks to it over the wire (``http.client``, so hostile paths are
sent as they are). :func:`check` is the property: never a 5xx but the documented 503s, never
a hang, never a Python traceback, and every error says what was wrong.
"""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from haitikg.build import dataset_path
from servers import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 2  # the server's query time limit, seconds
CLIENT_TIMEOUT = 30  # a request that takes longer than this is a hang
#: Hypothesis examples per fuzz test in the normal suite (``HAITIKG_FUZZ_EXAMPLES`` overrides).
EXAMPLES = int(os.environ.get("HAITIKG_FUZZ_EXAMPLES", "120"))
DOCUMENTED_503 = ("Query time limit exceeded", "All query workers busy", "Query worker lost")
#: ``fuzz/run.py`` counts the inputs tried through this file.
COUNT_FILE = os.environ.get("HAITIKG_FUZZ_COUNT_FILE")
_tried = [0]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Process(ServerProcess):
    """A ``haitikg serve`` process, started at once, that can also be sent raw requests."""

    def __init__(self, *args: str, log: Path, env: dict[str, str] | None = None) -> None:
        super().__init__(*args, env=env, log=log)
        self.start(seconds=90)

    def send(
        self, method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> Answer:
        """One request exactly as given; a hang past CLIENT_TIMEOUT fails the test."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CLIENT_TIMEOUT)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value.encode("latin-1"))
            if body or method in ("POST", "PUT"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()


def check(answer: Answer, what: str) -> None:
    """Assert the reliability property for one answer; ``what`` describes the request."""
    _tried[0] += 1
    body, status = answer.text, answer.status
    assert "Traceback (most recent call last)" not in body, f"{what}: traceback in the body"
    assert status < 500 or status == 503, f"{what}: {status}\n{body[:2000]}"
    if status < 400:
        return
    ctype = answer.headers.get("Content-Type", "")
    if ctype.startswith("application/problem+json"):
        problem = json.loads(body)
        assert problem.get("status") == status, f"{what}: {problem}"
        assert str(problem.get("detail") or "").strip(), f"{what}: error without detail: {body}"
        if status == 503:
            assert problem["title"] in DOCUMENTED_503, f"{what}: undocumented 503: {body}"
    elif ctype.startswith("text/plain"):
        title, _, detail = body.partition(": ")
        assert detail.strip(), f"{what}: plain-text error without detail: {body!r}"
        if status == 503:
            assert title in DOCUMENTED_503, f"{what}: undocumented 503: {body}"
    elif ctype.startswith("text/html"):
        assert status == 404, f"{what}: {status} as HTML"
        assert "<h1" in body, f"{what}: empty HTML error page"
    else:
        raise AssertionError(f"{what}: {status} error as {ctype!r}: {body[:500]}")


def pytest_configure(config: pytest.Config) -> None:
    # Hypothesis's failure report imports a module that warns; keep the report readable.
    config.addinivalue_line(
        "filterwarnings", "ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if COUNT_FILE:
        Path(COUNT_FILE).write_text(str(_tried[0]))


@pytest.fixture(scope="session")
def built(build_dir: Path) -> Path:
    return build_dir


@pytest.fixture(scope="session")
def fuzz_server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    """Read-only, the built graph, 2 s per query, 200 rows, 2 workers, 1 MiB requests."""
    srv = Process(
        "--data", str(dataset_path(built)), "--timeout", str(TIMEOUT), "--max-rows", "200",
        "--workers", "2",
        log=tmp_path_factory.mktemp("fuzz-server") / "server.log",
        env={"HAITIKG_MAX_CONTENT_LENGTH": str(1024 * 1024), "HAITIKG_BUILD_DIR": str(built)},
    )  # fmt: skip
    yield srv
    out = srv.stop()
    assert "Traceback" not in out, out[-5000:]
