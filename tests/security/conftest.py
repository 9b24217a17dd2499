"""Real servers and real sockets for the security tests (issue 13), with small helpers.

Each server is ``python -m haitikg serve`` on a free loopback port, its output in a file;
tests reach it over HTTP or raw sockets only. :class:`Listener` is a TCP server on loopback
that records every connection made to it: the tests of outbound requests (SERVICE, LOAD)
assert it received nothing.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from haitikg.build import dataset_path, ensure_built
from servers import Listener, ServerProcess

DATA = Path(__file__).parent / "data"
HOSTILE = DATA / "hostile.ttl"  # javascript: IRIs, an IRI holding "?prefix"
TOKEN = "security-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = "application/x-www-form-urlencoded"


class Server(ServerProcess):
    """One ``haitikg serve`` process over the build (or ``data``), started at once; ``url`` is
    its ``/sparql``."""

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
        files = [a for f in (data or (dataset_path(ensure_built()),)) for a in ("--data", str(f))]

        def limit_files() -> None:
            hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, hard))

        preexec = limit_files if file_limit is not None else None
        super().__init__(*files, *args, env=env, log=log, preexec=preexec)
        self.start()

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


def serving(
    factory: pytest.TempPathFactory,
    name: str,
    *args: str,
    env: dict[str, str] | None = None,
    data: tuple[Path, ...] = (),
    file_limit: int | None = None,
    clean_log: tuple[str, ...] = (),
) -> Iterator[Server]:
    """A module fixture's server (``yield from serving(...)``): started with ``args`` and
    ``env``, its log in a folder ``name``, stopped after; the log must show none of
    ``clean_log`` (a traceback the client never saw)."""
    srv = Server(*args, log=factory.mktemp(name) / "log", env=env, data=data, file_limit=file_limit)
    yield srv
    out = srv.stop()
    for mark in clean_log:
        assert mark not in out, out[-3000:]


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


#: What the listener standing for an internal service answers: a SPARQL result that
#: would show in the answer if a query ever reached it.
LEAK = b'{"head":{"vars":["leak"]},"results":{"bindings":[]}}'
LEAK_REPLY = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    b"Content-Length: " + str(len(LEAK)).encode() + b"\r\nConnection: close\r\n\r\n" + LEAK
)


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    found = Listener(LEAK_REPLY)
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
