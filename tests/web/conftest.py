"""One real server process for the web tests, serving the built graph plus an XSS probe.

The server is ``python -m haitikg serve`` (the ``haitikg serve`` command) on
a free loopback port, serving ``build/haitikg.nq`` and ``data/xss.ttl`` (a resource whose
labels are markup); tests talk to it over HTTP only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

import haitikg
from haitikg.build import ensure_built

DATA = Path(__file__).parent / "data"
XSS = DATA / "xss.ttl"
XSS_LABEL = "<script>alert(1)</script>"
MAX_ROWS = 1000  # small enough for `SELECT * { ?s ?p ?o }` to be cut
SRC = Path(haitikg.__file__).absolute().parents[1]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    base: str
    build: Path

    def url(self, path: str) -> str:
        return self.base + path

    def get(self, path: str, accept: str | None = None, **kwargs) -> requests.Response:
        headers = {"Accept": accept} if accept is not None else {}
        return requests.get(self.url(path), headers=headers, timeout=30, **kwargs)

    def sparql(self, query: str) -> list[dict]:
        """Rows of a SELECT, through the endpoint like any client."""
        answer = requests.post(
            self.url("/sparql"),
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        answer.raise_for_status()
        return answer.json()["results"]["bindings"]


@contextmanager
def serving(*data: Path, build: Path) -> Iterator[Site]:
    """A ``python -m haitikg serve`` process serving ``data`` on a free port."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "haitikg", "serve", "--port", str(port), "--workers", "2"]
    for path in data:
        cmd += ["--data", str(path)]
    cmd += ["--max-rows", str(MAX_ROWS)]
    env = {**os.environ, "PYTHONPATH": str(SRC), "HAITIKG_BUILD_DIR": str(build)}
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"the server exited:\n{log.read()}")
                try:
                    if requests.get(base + "/-/health", timeout=5).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not answer within 120 s")
                time.sleep(0.2)
            yield Site(base, build)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    build = Path(ensure_built())
    with serving(build / "haitikg.nq", XSS, build=build) as running:
        yield running
