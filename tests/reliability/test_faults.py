"""Faults: ``kill -9`` mid-update and mid-build, killed query workers, full and read-only disks.

Each test runs real processes (``haitikg serve``, ``haitikg build``) and checks what a user
would see afterwards: every acknowledged update is there, the previous build is intact, a
client whose worker died gets a 503 problem document in time, and a full or read-only disk
gives a clear error with the store still usable.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from endpoint.conftest import FIXTURE, TOKEN
from servers import SRC

from .conftest import Process, check

UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"}
JSON = {"Accept": "application/sparql-results+json"}


def _select(server: Process, query: str) -> list[dict]:
    answer = server.send("GET", "/sparql?" + urlencode({"query": query}), JSON)
    assert answer.status == 200, answer.text
    return json.loads(answer.body)["results"]["bindings"]


def _stream_updates(server: Process, tag: str, acknowledged: list[int], stop: threading.Event):
    """Send numbered INSERTs one after another; record each one answered 2xx."""
    i = 0
    while not stop.is_set():
        text = f'INSERT DATA {{ <urn:{tag}:{i}> <urn:p> "{i}" }}'
        try:
            answer = server.send("POST", "/sparql", UPDATE, text.encode())
        except OSError:
            return  # the server is gone; this one was never acknowledged
        if 200 <= answer.status < 300:
            acknowledged.append(i)
        i += 1


def _wait_for_first(acknowledged: list[int], limit: float = 60.0) -> None:
    """Until one update of the round is acknowledged, so that the kill falls among updates."""
    deadline = time.monotonic() + limit
    while not acknowledged and time.monotonic() < deadline:
        time.sleep(0.05)


def test_kill_9_during_updates_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """Five rounds: updates stream in, the server is SIGKILLed at a random moment, restarted."""
    rng = random.Random(int(os.environ.get("HAITIKG_FAULT_SEED", "6")))
    store = tmp_path / "db"
    args = ("--store", str(store), "--update-token", TOKEN, "--workers", "2")
    server = Process("--data", str(FIXTURE), *args, log=tmp_path / "server-0.log")
    history: dict[str, list[int]] = {}
    for round_ in range(5):
        tag = f"r{round_}"
        history[tag] = acknowledged = []
        stop = threading.Event()
        streams = [
            threading.Thread(target=_stream_updates, args=(server, f"{tag}t{k}", ack, stop))
            for k, ack in enumerate([acknowledged, history.setdefault(f"{tag}b", [])])
        ]
        for t in streams:
            t.start()
        time.sleep(rng.uniform(0.3, 2.5))
        _wait_for_first(acknowledged)  # a loaded machine may not have answered one yet
        server.process.send_signal(signal.SIGKILL)
        server.kill()
        stop.set()
        for t in streams:
            t.join(30)
        assert acknowledged, "no update was acknowledged before the kill"
        server = Process(*args, log=tmp_path / f"server-{round_ + 1}.log")
        found = {
            row["s"]["value"]
            for row in _select(server, "SELECT ?s { ?s <urn:p> ?o }")
        }  # fmt: skip
        for name, acked in history.items():
            stream = f"{name[:-1]}t1" if name.endswith("b") else f"{name}t0"
            missing = [i for i in acked if f"urn:{stream}:{i}" not in found]
            assert not missing, f"acknowledged but lost after the kill: {stream} {missing}"
        assert _select(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # queries answer
    # The killed servers' snapshot folders were removed by their successors.
    assert len(list(tmp_path.glob(".db-snapshots-*"))) == 1
    server.stop()
    assert not list(tmp_path.glob(".db-snapshots-*"))


def _manifest_ok(build: Path) -> None:
    manifest = json.loads((build / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (build / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
    store = ox.Store()
    store.bulk_load(path=str(build / "haitikg.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(store) > 1000


def test_kill_9_during_build_keeps_the_previous_build(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "build"
    shutil.copytree(built, target)
    rng = random.Random(9)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for _ in range(3):
        before = (target / "manifest.json").read_bytes()
        proc = subprocess.Popen(
            [sys.executable, "-m", "haitikg", "build", "--build-dir", str(target)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(rng.uniform(1.0, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        _manifest_ok(target)  # whatever the kill point: one complete build in place
        after = (target / "manifest.json").read_bytes()
        assert json.loads(after)["files"] == json.loads(before)["files"]


def _children(pid: int) -> list[tuple[int, bytes]]:
    """``(pid, command line)`` of the live child processes of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == pid and stat[0] != "Z":
            found.append((int(entry.name), cmdline))
    return found


def _workers(server: Process) -> list[int]:
    """Pids of the server's query workers: the children of its forkserver (the processes
    ``multiprocessing`` forks them from), or spawned children of the server itself."""
    pids = []
    for pid, cmdline in _children(server.process.pid):
        if b"forkserver" in cmdline:
            pids += [child for child, _ in _children(pid)]
        elif b"spawn_main" in cmdline:
            pids.append(pid)
    return pids


def _wait_for_workers(server: Process, n: int, old: set[int] = frozenset()) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pids = [p for p in _workers(server) if p not in old]
        if len(pids) >= n:
            return pids
        time.sleep(0.2)
    raise AssertionError(f"the server has {_workers(server)} workers, not {n} new ones")


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def test_a_killed_worker_gives_503_and_is_replaced(fuzz_server: Process) -> None:
    workers = _wait_for_workers(fuzz_server, 2)
    ticks = {pid: _cpu_ticks(pid) for pid in workers}
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result: list = []
    client = threading.Thread(
        target=lambda: result.append(
            fuzz_server.send("GET", "/sparql?" + urlencode({"query": slow}), JSON)
        )
    )
    client.start()
    busy = None
    while busy is None and client.is_alive():  # the worker whose CPU time grows runs it
        time.sleep(0.05)
        busy = next((p for p in workers if _cpu_ticks(p) - ticks[p] >= 10), None)
    assert busy is not None, "the slow query finished before a worker was seen running it"
    os.kill(busy, signal.SIGKILL)
    client.join(30)
    assert result, "the client hung"
    answer = result[0]
    check(answer, "query whose worker was killed")
    assert answer.status == 503
    assert json.loads(answer.body)["title"] == "Query worker lost"  # not the time-out
    assert answer.headers["Retry-After"]
    replacement = _wait_for_workers(fuzz_server, 1, set(workers))
    assert busy not in replacement
    for _ in range(4):
        assert _select(fuzz_server, "SELECT ?s { ?s ?p ?o } LIMIT 1")


def test_an_idle_worker_killed_from_outside_costs_the_next_client_nothing(
    fuzz_server: Process,
) -> None:
    workers = _wait_for_workers(fuzz_server, 2)
    time.sleep(0.5)  # the newest has said "ready" too
    os.kill(workers[0], signal.SIGKILL)
    time.sleep(0.2)
    for i in range(4):  # the dead worker is skipped and replaced, never handed a query
        # (a different query each time: a repeated one is answered from the result cache)
        assert _select(fuzz_server, f"SELECT ?s {{ ?s ?p ?o }} LIMIT {i + 1}")
    assert workers[0] not in _wait_for_workers(fuzz_server, 2)


@pytest.fixture
def tmpfs(tmp_path: Path):
    """A 4 MiB tmpfs (root only); skipped where mounting is not allowed."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4M", "tmpfs", str(mnt)],
                          capture_output=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_is_a_clear_error_and_the_store_survives(tmpfs: Path) -> None:
    store = tmpfs / "db"
    args = ("--store", str(store), "--update-token", TOKEN, "--workers", "2")
    server = Process("--data", str(FIXTURE), *args, log=tmpfs.parent / "full.log")
    ballast = tmpfs / "ballast"  # what the operator deletes to free space before restarting
    ballast.write_bytes(b"\0" * 1024 * 1024)
    acknowledged, refused = [], None
    big = "x" * 200_000
    for i in range(100):
        text = f'INSERT DATA {{ <urn:full:{i}> <urn:p> "{i}{big}" }}'
        answer = server.send("POST", "/sparql", UPDATE, text.encode())
        if answer.status >= 300:
            refused = answer
            break
        acknowledged.append(i)
    assert refused is not None, "4 MiB never filled up"
    assert refused.status == 507, refused.text
    problem = json.loads(refused.body)
    assert "space" in problem["detail"].lower(), problem
    # Reads still work on the full disk.
    assert _select(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    server.kill()
    ballast.unlink()
    server = Process(*args, log=tmpfs.parent / "full-2.log")  # the store opens again
    try:
        found = {r["s"]["value"] for r in _select(server, "SELECT ?s { ?s <urn:p> ?o }")}
        assert {f"urn:full:{i}" for i in acknowledged} <= found
    finally:
        server.stop()


def test_a_read_only_store_directory_is_a_clear_error(tmpfs: Path) -> None:
    store = tmpfs / "db"
    args = ("--store", str(store), "--workers", "2")
    Process("--data", str(FIXTURE), *args, log=tmpfs.parent / "ro-1.log").stop()
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-m", "haitikg", "serve", "--port", "1", *args],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert str(store) in done.stdout + done.stderr
    assert "read-only" in (done.stdout + done.stderr).lower()
    subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    assert len(ox.Store(str(store))) > 0  # not corrupted
