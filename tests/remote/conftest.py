"""Real remote triple stores on free loopback ports, the build published into each, and
haitikg servers in front of them (``--backend``) and on the local build (to compare).

Oxigraph's server comes with the ``oxigraph`` CLI; Virtuoso from Debian
(``apt-get install -y virtuoso-opensource``, see docs/scale.md). A missing program fails
the fixture with the install line: these tests are never skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import SRC, ServerProcess, free_port, wait_until_answers

TIMEOUT = 2  # seconds: the haitikg servers' query time limit
VIRTUOSO_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_PASSWORD = "haitikg-Test-9"


def _env(build_dir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(SRC), "HAITIKG_BUILD_DIR": str(build_dir)}


def _wait(url: str, process: subprocess.Popen, what: str, seconds: float = 90) -> None:
    try:
        wait_until_answers(url, process, what, seconds)
    except RuntimeError as exc:
        out = process.stdout.read() if process.stdout and process.poll() is not None else ""
        raise RuntimeError(f"{exc}:\n{out}") from None


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process.stdout:
        process.stdout.close()


def _require(program: str, install: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is not installed; install it with: {install}")
    return path


class Haitikg(ServerProcess):
    """A ``haitikg serve`` process on the test build, started at once."""

    def __init__(self, *args: str, build_dir: Path) -> None:
        super().__init__(
            "--timeout", str(TIMEOUT), "--no-throttle", *args,
            env={"HAITIKG_BUILD_DIR": str(build_dir)},
        )  # fmt: skip
        self.start(seconds=90)


def publish(*args: str, build_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "haitikg", "publish", *args],
        env={**_env(build_dir), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=300,
    )


class Remote:
    """A remote store: its query URL, how to publish to it, and haitikg in front of it."""

    def __init__(self, name: str, query_url: str, publish_args: list[str]) -> None:
        self.name = name
        self.query_url = query_url
        self.publish_args = publish_args


@pytest.fixture(scope="session")
def local(build_dir: Path) -> Iterator[Haitikg]:
    """haitikg on the local build, the reference the backends are compared with."""
    server = Haitikg(build_dir=build_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    program = _require(
        "oxigraph", "pip install oxigraph  (the Rust CLI: cargo install oxigraph-cli)"
    )
    port = free_port()
    process = subprocess.Popen(
        [program, "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "10"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query", process, "oxigraph serve")
        yield Remote("oxigraph", f"{base}/query", ["--graph-store", f"{base}/store"])
    finally:
        _stop(process)


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int) -> Path:
    text = VIRTUOSO_INI.read_text()
    text = text.replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    text = re.sub(r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{sql_port}",
                  text, flags=re.S)  # fmt: skip
    text = re.sub(r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\S+", rf"\g<1>127.0.0.1:{http_port}",
                  text, flags=re.S)  # fmt: skip
    # stop runaway queries itself (the tests' slow query), and let the haitikg time limit,
    # not Virtuoso's cost estimate, refuse it; ResultSetMaxRows stays at its default 10000
    text = re.sub(r"MaxQueryExecutionTime\s*=\s*\d+", "MaxQueryExecutionTime = 8", text)
    text = re.sub(r"MaxQueryCostEstimationTime\s*=\s*\d+", "MaxQueryCostEstimationTime = 0", text)
    ini = folder / "virtuoso.ini"
    ini.write_text(text)
    return ini


def _isql(port: int, password: str, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["isql-vt", f"127.0.0.1:{port}", "dba", password, f"exec={sql}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    install = "apt-get install -y virtuoso-opensource"
    program = _require("virtuoso-t", install)
    _require("isql-vt", install)
    if not VIRTUOSO_INI.exists():
        pytest.fail(f"{VIRTUOSO_INI} is missing; reinstall with: {install}")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = _virtuoso_ini(folder, sql_port, http_port)
    process = subprocess.Popen(
        [program, "+foreground", "+configfile", str(ini)],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(url, process, "virtuoso-t", seconds=120)
        # the well-known default password must not stay: change it, and check the old fails
        changed = _isql(sql_port, "dba", f"USER_SET_PASSWORD ('dba', '{VIRTUOSO_PASSWORD}');")
        assert changed.returncode == 0, changed.stdout + changed.stderr
        assert _isql(sql_port, "dba", "select 1;").returncode != 0
        granted = _isql(
            sql_port,
            VIRTUOSO_PASSWORD,
            "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);",
        )
        assert granted.returncode == 0, granted.stdout + granted.stderr
        yield Remote("virtuoso", url, ["--batch", "1000"])
    finally:
        _stop(process)


@pytest.fixture(scope="session", params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, build_dir: Path) -> Remote:
    """Each store, with the build published into it (counts verified by publish)."""
    store: Remote = request.getfixturevalue(request.param)
    if not getattr(store, "published", None):
        done = publish("--to", store.query_url, *store.publish_args, build_dir=build_dir)
        assert done.returncode == 0, done.stdout + done.stderr
        store.published = done.stderr + done.stdout  # type: ignore[attr-defined]
    return store


@pytest.fixture(scope="session")
def fronted(remote: Remote, build_dir: Path) -> Iterator[Haitikg]:
    """haitikg serving pages and /sparql from the remote store."""
    extra = ["--backend-max-rows", "10000"] if remote.name == "virtuoso" else []
    server = Haitikg("--backend", remote.query_url, *extra, build_dir=build_dir)
    yield server
    server.stop()
