"""Real servers and real sockets for the security tests (issue 13), with small helpers.

Each server is ``python -m haitikg serve`` on a free loopback port, its output in a file;
tests reach it over HTTP or raw sockets only. :class:`Listener` is a TCP server on loopback
that records every connection made to it: the tests of outbound requests (SERVICE, LOAD)
assert it received nothing.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

import haitikg
from haitikg.build import dataset_path, ensure_built

SRC = Path(haitikg.__file__).absolute().parents[1]
DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile.ttl"  # javascript: IRIs, an IRI holding "?prefix"
TOKEN = "security-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = "application/x-www-form-urlencoded"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """One ``haitikg serve`` process; ``url`` is its ``/sparql``."""

    def __init__(
        self,
        *args: str,
        log: Path,
        env: dict[str, str] | None = None,
        data: tuple[Path, ...] = (),
        file_limit: int | None = None,
    ) -> None:
        """``file_limit``: start the server with this soft limit of open files (as a shell
        with ``ulimit -n`` would), to see that it raises the limit itself."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.base}/sparql"
        self.log = log
        files = [a for f in (data or (dataset_path(ensure_built()),)) for a in ("--data", str(f))]
        cmd = [sys.executable, "-m", "haitikg", "serve", "--port", str(self.port), *files, *args]
        environment = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}

        def limit_files() -> None:
            if file_limit is not None:
                hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
                resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, hard))

        with open(log, "w") as out:
            self.process = subprocess.Popen(
                cmd, env=environment, stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit_files
            )
        deadline = time.monotonic() + 120
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.output()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not answer in 120 s:\n{self.output()}")
            try:
                if requests.get(self.url, params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)
        return self.output()

    def query(
        self, text: str, accept: str = "application/json", timeout: float = 60, **params: str
    ) -> requests.Response:
        """POST ``text`` as a form (with any further protocol ``params``)."""
        return requests.post(
            self.url,
            data={"query": text, **params},
            headers={"Accept": accept},
            timeout=timeout,
        )

    def update(self, text: str, timeout: float = 60) -> requests.Response:
        headers = {"Content-Type": "application/sparql-update", **AUTH}
        return requests.post(self.url, data=text.encode(), headers=headers, timeout=timeout)

    def rss(self) -> int:
        """Resident bytes of the server and every process under it (workers, forkserver)."""
        return sum(_rss(pid) for pid in [self.process.pid, *descendants(self.process.pid)])


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every live process below ``pid``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat[0] != "Z":
                parents[int(entry.name)] = int(stat[1])
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def urlencoded(**fields: str) -> bytes:
    return urlencode(fields).encode()


class Listener:
    """A TCP server on 127.0.0.1 that records every connection and its first bytes."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = int(self.sock.getsockname()[1])
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
                body = b'{"head":{"vars":["leak"]},"results":{"bindings":[]}}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n"
                    b"Connection: close\r\n\r\n" + body
                )

    def seen(self) -> list[bytes]:
        with self.lock:
            return list(self.requests)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.sock.close()


@pytest.fixture(scope="session")
def built() -> Path:
    return Path(ensure_built())


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Defaults, but for 2 workers and a 5 s time limit."""
    srv = Server("--workers", "2", "--timeout", "5", log=tmp_path_factory.mktemp("server") / "log")
    yield srv
    out = srv.stop()
    assert "Traceback" not in out, out[-3000:]
