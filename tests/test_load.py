"""``haitikg bulkload``: counts, inference, atomic switch, errors with their line, and serving."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

import haitikg
from haitikg import entailments
from haitikg.atomic import recover
from haitikg.bulkload import LoadError, bulk_load, file_graph
from haitikg.entailments import materialise_streaming
from haitikg.inference import Rules, materialise
from haitikg.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from haitikg.ontology import load_ontology
from haitikg.rdfterms import canonical, quads
from haitikg.synth import synth

SRC = str(Path(haitikg.__file__).resolve().parents[1])
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
SCHEMA_EVENT_ARRIVALS = """
    SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
        ?x a <http://schema.org/Event> , <https://w3id.org/haitikg/ontology#ContingentArrival> }"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("load") / "small.nq"
    synth(path, triples=10_000, seed=1)
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """About 10^6 triples: a bulk load of ~10 s to interrupt."""
    path = tmp_path_factory.mktemp("load") / "big.nq"
    synth(path, triples=1_000_000, seed=2)
    return path


def _count(path: Path) -> int:
    return len(ox.Store.read_only(str(path)))


def _union_count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


def test_counts_equal_input_and_inferred_graph(small, tmp_path):
    result = bulk_load([small], tmp_path / "store")
    lines = small.read_text(encoding="utf-8").count("\n")
    assert result.loaded == lines
    store = ox.Store.read_only(str(tmp_path / "store"))
    data = sum(
        1 for q in store if q.graph_name.value not in (str(ONTOLOGY_GRAPH), str(INFERRED_GRAPH))
    )
    assert data == lines
    inferred = sum(1 for _ in store.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE))
    assert inferred == result.inferred > 0
    assert result.quads == len(store)
    assert _union_count(store, SCHEMA_EVENT_ARRIVALS) > 0


INFERRED_GRAPH_NODE = ox.NamedNode(str(INFERRED_GRAPH))


def test_streaming_inference_is_the_sparql_one(small):
    onto = load_ontology()
    results = []
    for method in (materialise, materialise_streaming):
        store = ox.Store()
        store.bulk_load(path=str(small), format=ox.RdfFormat.N_QUADS)
        data = [g.value for g in store.named_graphs()]
        store.extend(quads(canonical(onto), str(ONTOLOGY_GRAPH)))
        method(store, Rules(onto), data)
        results.append(set(store.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE)))
    assert results[0] == results[1]
    assert results[0]


@pytest.mark.parametrize(
    ("typed_nodes", "hold_back", "property_triples"),
    [
        (entailments.MAX_TYPED_NODES, entailments.HOLD_BACK, entailments.MAX_PROPERTY_TRIPLES),
        (50, 10, 20),
        (entailments.MAX_TYPED_NODES, 0, entailments.MAX_PROPERTY_TRIPLES),
    ],
)
def test_inferring_while_loading_gives_the_sparql_closure(
    small, tmp_path, monkeypatch, typed_nodes, hold_back, property_triples
):
    """The single pass ``haitikg bulkload`` makes equals the reference SPARQL materialisation,
    also when its memory of typed nodes or property triples overflows (then the check at
    the end finds the asserted ones itself) and whatever the number of held-back quads."""
    monkeypatch.setattr(entailments, "MAX_TYPED_NODES", typed_nodes)
    monkeypatch.setattr(entailments, "HOLD_BACK", hold_back)
    monkeypatch.setattr(entailments, "MAX_PROPERTY_TRIPLES", property_triples)
    bulk_load([small], tmp_path / "store")
    loaded = ox.Store.read_only(str(tmp_path / "store"))
    reference = ox.Store()
    reference.bulk_load(path=str(small), format=ox.RdfFormat.N_QUADS)
    onto = load_ontology()
    data = [g.value for g in reference.named_graphs()]
    reference.extend(quads(canonical(onto), str(ONTOLOGY_GRAPH)))
    materialise(reference, Rules(onto), data)
    inferred = set(loaded.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE))
    assert inferred == set(reference.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE))
    # Nothing in the inferred graph is asserted in another graph.
    for q in list(inferred)[:2000]:
        graphs = {x.graph_name for x in loaded.quads_for_pattern(q.subject, q.predicate, q.object)}
        assert graphs == {INFERRED_GRAPH_NODE}


@pytest.mark.parametrize("asserted_first", [True, False])
def test_an_entailed_triple_that_a_file_asserts_is_not_inferred(tmp_path, asserted_first):
    """Whether the assertion comes before or after the premise, the inferred graph keeps
    neither the asserted property triple nor the asserted type; the others stay."""
    hkg, prov = "https://w3id.org/haitikg/ontology#", "http://www.w3.org/ns/prov#"
    claim, who = "<https://example.org/claim>", "<https://example.org/un>"
    premise = f"{claim} <{hkg}reportedBy> {who} <https://example.org/g1> .\n"
    asserted = (
        f"{claim} <{prov}wasAttributedTo> {who} <https://example.org/g2> .\n"
        f"{claim} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{hkg}Claim> "
        "<https://example.org/g2> .\n"
    )
    data = tmp_path / "data.nq"
    data.write_text(asserted + premise if asserted_first else premise + asserted)
    bulk_load([data], tmp_path / "store")
    store = ox.Store.read_only(str(tmp_path / "store"))
    inferred = {
        (q.predicate.value, q.object.value)
        for q in store.quads_for_pattern(ox.NamedNode(claim[1:-1]), None, None, INFERRED_GRAPH_NODE)
    }
    assert (f"{prov}wasAttributedTo", who[1:-1]) not in inferred
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"{hkg}Claim") not in inferred
    assert inferred, "the claim's other classes are still entailed"


def test_blank_nodes_of_two_files_stay_apart(tmp_path):
    """Two files' ``_:b`` are two nodes (an RDF merge), each typed by the rules."""
    for name in ("one.ttl", "two.ttl"):
        (tmp_path / name).write_text(
            "@prefix hkg: <https://w3id.org/haitikg/ontology#> .\n_:b a hkg:ContingentArrival .\n",
            encoding="utf-8",
        )
    bulk_load([tmp_path / "one.ttl", tmp_path / "two.ttl"], tmp_path / "store")
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert _union_count(store, SCHEMA_EVENT_ARRIVALS) == 2


def test_triples_go_into_a_graph_per_file(tmp_path):
    nt = tmp_path / "extra.nt"
    nt.write_text(
        '<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" .\n'
        "<https://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/haitikg/ontology#ContingentArrival> .\n",
        encoding="utf-8",
    )
    bulk_load([nt], tmp_path / "store")
    store = ox.Store.read_only(str(tmp_path / "store"))
    graph = ox.NamedNode(file_graph(nt))
    assert sum(1 for _ in store.quads_for_pattern(None, None, None, graph)) == 2
    assert _union_count(store, SCHEMA_EVENT_ARRIVALS) == 1


def test_syntax_error_names_the_line_and_keeps_the_store(small, tmp_path):
    target = tmp_path / "store"
    bulk_load([small], target)
    before = _count(target)
    good = small.read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.nq"
    bad.write_text(
        "".join(good[:6]) + '<https://x/a> <https://x/b "oops> .\n' + "".join(good[6:20])
    )
    with pytest.raises(LoadError) as err:
        bulk_load([bad], target)
    assert f"{bad}:7:" in str(err.value)
    assert _count(target) == before
    assert not list(tmp_path.glob(".store-*"))  # the staging store was removed


def test_cli_reports_the_line(small, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n")
    out = subprocess.run(
        [sys.executable, "-m", "haitikg", "bulkload", str(bad), "--store", str(tmp_path / "s")],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 1
    assert f"{bad}:3:" in " ".join(out.stderr.split())
    assert not (tmp_path / "s").exists()


def _start_load(big: Path, target: Path) -> tuple[subprocess.Popen, Path]:
    """A ``haitikg bulkload`` subprocess, once it is well into its bulk load."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "haitikg", "bulkload", str(big), "--store", str(target)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # A shell may start background jobs with SIGINT ignored; Ctrl-C must reach this one.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    staging = target.with_name(f".{target.name}-loading-{proc.pid}")
    deadline = time.monotonic() + 30
    while not staging.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert staging.exists(), "the load never started"
    time.sleep(1.5)  # well into the ~10 s bulk load
    assert proc.poll() is None
    return proc, staging


def test_ctrl_c_mid_load_leaves_the_previous_store(small, big, tmp_path):
    target = tmp_path / "store"
    bulk_load([small], target)
    before = _count(target)
    proc, staging = _start_load(big, target)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "interrupted" in err.decode()
    assert _count(target) == before
    assert not staging.exists()


def test_kill_9_mid_load_leaves_the_previous_store(small, big, tmp_path):
    target = tmp_path / "store"
    bulk_load([small], target)
    before = _count(target)
    proc, staging = _start_load(big, target)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert _count(target) == before
    # The next load removes what the killed one left behind.
    bulk_load([small], target)
    assert not staging.exists()
    assert _count(target) == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_over_the_loaded_store(small, tmp_path):
    target = tmp_path / "store"
    bulk_load([small], target)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "haitikg", "serve", "--store", str(target), "--port", str(port)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                answer = requests.get(
                    url,
                    params={"query": SCHEMA_EVENT_ARRIVALS},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=10,
                )
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        assert answer is not None, proc.stderr.read().decode() if proc.poll() is not None else ""
        assert answer.status_code == 200
        n = int(answer.json()["results"]["bindings"][0]["n"]["value"])
        assert n == _union_count(ox.Store.read_only(str(target)), SCHEMA_EVENT_ARRIVALS) > 0
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def test_a_load_killed_between_the_renames_gets_the_old_store_back(small, tmp_path):
    target = tmp_path / "store"
    bulk_load([small], target)
    before = _count(target)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target.rename(tmp_path / f".store-old-{dead}")  # as if killed inside the swap
    recover(target)
    assert _count(target) == before


def test_loading_the_build_reproduces_its_inferred_graph(build_dir, tmp_path):
    dump = build_dir / "haitikg.nq"
    bulk_load([dump], tmp_path / "store")
    built = ox.Store()
    built.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    loaded = ox.Store.read_only(str(tmp_path / "store"))
    assert set(loaded.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE)) == set(
        built.quads_for_pattern(None, None, None, INFERRED_GRAPH_NODE)
    )
