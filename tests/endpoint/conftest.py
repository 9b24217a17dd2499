"""Real endpoint processes on free loopback ports, and a listener that records any visit.

Every server here is a ``python -m haitikg serve`` subprocess serving
``data/fixture.trig``; tests talk to it over HTTP only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import haitikg

DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "fixture.trig"
SRC = Path(haitikg.__file__).absolute().parents[1]
TOKEN = "s3cret-test-token"
TIMEOUT = 2  # seconds: the query time limit the servers run with
MAX_ROWS = 50


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One endpoint process; ``url`` is its ``/sparql``."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/sparql"
        self.args = ["--port", str(self.port), *args]
        self.env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        cmd = [sys.executable, "-m", "haitikg", "serve", *self.args]
        self.process = subprocess.Popen(
            cmd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.stop()}")
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=5).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not answer within 90 s")

    def stop(self, sig: int = signal.SIGTERM) -> str:
        """Stop the process (SIGTERM, or SIGKILL to simulate a crash); return its output."""
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            out, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        self.process = None
        return out or ""


class Listener:
    """A TCP server on 127.0.0.1 that records every connection and the bytes it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.requests: list[bytes] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    data = conn.recv(65536)
                except OSError:
                    data = b""
                with self.lock:
                    self.requests.append(data)
                conn.sendall(b"HTTP/1.1 500 Nope\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def seen(self) -> list[bytes]:
        with self.lock:
            return list(self.requests)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.sock.close()


@pytest.fixture(scope="session")
def server(listener: Listener) -> Iterator[Server]:
    """Read-only, fixture data, 2 s limit, 50 rows, SERVICE allowed only under /allowed/.

    Allowing one prefix also turns off the workers' network isolation, so the refusals
    tested against this server are the query checks' own doing.
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


def ask(url: str, query: str, **kwargs) -> bool:
    """POST an ASK query and return its boolean, failing on any non-200."""
    response = requests.post(
        url,
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
        timeout=30,
        **kwargs,
    )
    assert response.status_code == 200, response.text
    return response.json()["boolean"]
