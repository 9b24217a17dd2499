"""``haitikg synth``: deterministic, sized, skewed, valid against the shapes, honest spans."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from haitikg.inference import Rules, materialise
from haitikg.namespaces import HKG, NIF, ONTOLOGY_GRAPH, SEM
from haitikg.ontology import load_ontology
from haitikg.rdfterms import canonical, quads
from haitikg.synth import synth
from haitikg.validate import shacl, union_graph


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "s.nq"
    synth(path, triples=10_000, seed=1)
    return path


def _store(path: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    synth(a, triples=3_000, seed=7)
    synth(b, triples=3_000, seed=7)
    synth(c, triples=3_000, seed=8)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.parametrize("target", [10_000, 50_000])
def test_size_within_ten_percent(tmp_path, target):
    result = synth(tmp_path / "s.nq", triples=target, seed=3)
    lines = (tmp_path / "s.nq").read_text(encoding="utf-8").count("\n")
    assert lines == result.triples
    assert abs(result.triples - target) <= 0.1 * target
    assert len(_store(tmp_path / "s.nq")) == result.triples  # no duplicate quads


def test_events_exact(tmp_path):
    result = synth(tmp_path / "e.nq", events=40, seed=2)
    store = _store(tmp_path / "e.nq")
    n = sum(1 for _ in store.quads_for_pattern(None, ox.NamedNode(str(HKG.eventType)), None))
    assert result.events == n == 40


def test_actors_are_skewed(small):
    store = _store(small)
    per_actor = Counter(
        q.object.value
        for q in store.quads_for_pattern(None, ox.NamedNode(str(SEM.hasActor)), None, None)
    )
    counts = sorted(per_actor.values(), reverse=True)
    assert len(counts) > 10
    assert counts[0] >= 5 * statistics.median(counts)


def test_one_named_graph_per_document(small):
    store = _store(small)
    docs = {
        q.subject.value
        for q in store.quads_for_pattern(None, None, ox.NamedNode(str(HKG.NewsArticle)))
    }
    graphs = {g.value for g in store.named_graphs()}
    assert len(docs) > 10
    for doc in docs:
        assert doc.replace("/resource/", "/graph/") in graphs


def test_spans_match_the_text(small):
    store = _store(small)
    query = f"""PREFIX nif: <{NIF}>
        SELECT (COUNT(*) AS ?all) (SUM(IF(SUBSTR(?text, ?b + 1, ?e - ?b) = STR(?a), 1, 0)) AS ?ok)
        WHERE {{ GRAPH ?g {{ ?s nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e ;
                              nif:referenceContext ?c . ?c nif:isString ?text }} }}"""
    row = next(iter(store.query(query)))
    assert int(row["all"].value) > 100
    assert row["all"].value == row["ok"].value


def test_passes_the_shacl_shapes(small):
    store = _store(small)
    onto = load_ontology()
    data = [g.value for g in store.named_graphs()]
    store.extend(quads(canonical(onto), str(ONTOLOGY_GRAPH)))
    assert materialise(store, Rules(onto), data) > 0
    result = shacl(union_graph(store))
    assert result.passed, result.problems[:10]


def test_trig_holds_the_same_quads(tmp_path):
    synth(tmp_path / "s.nq", triples=3_000, seed=5)
    synth(tmp_path / "s.trig", triples=3_000, seed=5)
    trig = ox.Store()
    trig.bulk_load(path=str(tmp_path / "s.trig"), format=ox.RdfFormat.TRIG)
    assert set(trig) == set(_store(tmp_path / "s.nq"))
