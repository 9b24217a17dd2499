"""Workers query a copy of a small snapshot in their own memory (``MEMORY_SNAPSHOT``):
the copy must answer exactly as the snapshot on disk does, keep graphs that hold no
triples, follow every update, and stay off for a snapshot too large to copy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from haitikg.endpoint import runtime
from haitikg.engine.worker import _open
from inprocess import Client, running

from .conftest import AUTH, FIXTURE, TOKEN

ROOT = Path(__file__).resolve().parents[2]
ACCEPT = {"Accept": "application/sparql-results+json, application/n-triples;q=0.9"}


def engine_of(client: Client):
    return runtime.start(client.app)


@pytest.fixture(scope="module")
def copied_and_on_disk(build_dir: Path) -> Iterator[tuple[Client, Client]]:
    """The published build served twice: queried from a copy in memory, and from disk."""
    data = {"DATA": [str(build_dir / "haitikg.nq")], "WORKERS": 2}
    with running(data) as copied, running({**data, "MEMORY_SNAPSHOT": 0}) as on_disk:
        yield copied, on_disk


def answer(client: Client, query: str) -> list[str]:
    """An answer as a sorted list of its rows (or triples, or its boolean)."""
    response = client.post(client.url, data={"query": query}, headers=ACCEPT)
    assert response.status_code == 200, response.text
    if response.headers["Content-Type"].startswith("application/sparql-results+json"):
        body = response.json()
        if "boolean" in body:
            return [str(body["boolean"])]
        return sorted(json.dumps(row, sort_keys=True) for row in body["results"]["bindings"])
    # a CONSTRUCT's fresh blank nodes are named anew on every run
    lines = response.text.splitlines()
    return sorted(re.sub(r"_:\S+", "_:b", line) for line in lines if line.strip())


def test_the_small_build_is_copied_and_the_other_server_reads_disk(copied_and_on_disk):
    copied, on_disk = copied_and_on_disk
    assert engine_of(copied).snapshots.in_memory
    assert not engine_of(on_disk).snapshots.in_memory


@pytest.mark.parametrize("path", sorted((ROOT / "queries").glob("*.rq")), ids=lambda p: p.stem)
def test_every_catalogue_question_has_the_same_answer_from_the_copy(copied_and_on_disk, path):
    copied, on_disk = copied_and_on_disk
    query = path.read_text(encoding="utf-8")
    from_memory = answer(copied, query)
    assert from_memory == answer(on_disk, query)


def test_the_copy_is_a_store_of_its_own(tmp_path: Path):
    """``_open`` really copies: the copy takes a write that the read-only snapshot refuses,
    and it keeps a named graph without triples."""
    store = ox.Store(str(tmp_path / "store"))
    store.update("CREATE GRAPH <urn:x:empty> ; INSERT DATA { <urn:x:s> <urn:x:p> 1 }")
    store.flush()
    store.backup(str(tmp_path / "snapshot"))
    del store
    on_disk = _open(str(tmp_path / "snapshot"), in_memory=False)
    copy = _open(str(tmp_path / "snapshot"), in_memory=True)
    assert len(copy) == len(on_disk) == 1
    assert list(copy.named_graphs()) == [ox.NamedNode("urn:x:empty")]
    with pytest.raises(RuntimeError, match="read-write"):
        on_disk.update("INSERT DATA { <urn:x:s> <urn:x:p> 2 }")
    copy.update("INSERT DATA { <urn:x:s> <urn:x:p> 2 }")
    assert len(copy) == 2


@pytest.mark.parametrize("memory_snapshot", [32 * 1024 * 1024, 0], ids=["copied", "on-disk"])
def test_updates_and_empty_graphs_reach_the_workers(tmp_path: Path, memory_snapshot: int):
    config = {
        "DATA": [str(FIXTURE)],
        "STORE": str(tmp_path / "store"),
        "UPDATE_TOKEN": TOKEN,
        "WORKERS": 2,
        "MEMORY_SNAPSHOT": memory_snapshot,
    }
    with running(config) as client:
        assert engine_of(client).snapshots.in_memory == bool(memory_snapshot)
        new = "ASK { GRAPH <urn:x:empty> {} }"
        assert answer(client, new) == ["False"]
        response = client.post(
            client.url,
            data={"update": "CREATE GRAPH <urn:x:empty> ; INSERT DATA { <urn:x:a> <urn:x:b> 7 }"},
            headers=AUTH,
        )
        assert response.status_code == 204, response.text
        assert answer(client, new) == ["True"]
        assert answer(client, "SELECT ?o { <urn:x:a> <urn:x:b> ?o }") == [
            json.dumps({"o": {"datatype": "http://www.w3.org/2001/XMLSchema#integer",
                              "type": "literal", "value": "7"}}, sort_keys=True)
        ]  # fmt: skip


def test_a_snapshot_over_the_limit_or_a_quarter_of_worker_memory_stays_on_disk(tmp_path: Path):
    base = {"DATA": [str(FIXTURE)], "WORKERS": 1}
    with running({**base, "MEMORY_SNAPSHOT": 1024}) as client:
        snapshots = engine_of(client).snapshots
        assert snapshots.snapshot_bytes > 1024
        assert not snapshots.in_memory
        assert answer(client, "ASK { ?s ?p ?o }") == ["True"]
    heap = 64 * 1024 * 1024  # a quarter is 16 MiB, under the 32 MiB default
    with running({**base, "WORKER_MEMORY": heap}) as client:
        assert engine_of(client).snapshots.memory_snapshot == heap // 4
