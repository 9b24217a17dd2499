"""The pipeline is document-generic: a second text plus its annotation file, no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from haitikg.build import assemble
from haitikg.validate import validate

FIXTURE = Path(__file__).parent / "fixtures" / "second-document"
SECOND = "test-ruto-nairobi-2025-02-03"


@pytest.fixture
def two_documents(corpus_copy: Path):
    for path in FIXTURE.iterdir():
        shutil.copy(path, corpus_copy / path.name)
    store, result = assemble(corpus_copy)
    return store, result


def rows(store, query: str) -> list[tuple]:
    from haitikg.namespaces import PREFIXES

    return [
        tuple(t.value if t is not None else None for t in r)
        for r in store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    ]


def test_each_document_gets_its_own_named_graph(two_documents):
    _, result = two_documents
    assert result.documents == ["kenya-haiti-mss-2025-01-18", SECOND]
    assert result.graphs[f"https://w3id.org/haitikg/graph/{SECOND}"] > 100


def test_an_entity_named_in_both_documents_has_one_iri(two_documents):
    store, _ = two_documents
    persons = rows(
        store, "SELECT DISTINCT ?p WHERE { ?p a schema:Person ; schema:name 'William Ruto'@en }"
    )
    assert persons == [("https://w3id.org/haitikg/resource/william-ruto",)]
    docs = rows(
        store,
        """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e sem:hasActor res:william-ruto } }
                          ORDER BY ?g""",
    )
    assert [g for (g,) in docs] == [
        "https://w3id.org/haitikg/graph/cited/mss-timeline",
        "https://w3id.org/haitikg/graph/kenya-haiti-mss-2025-01-18",
        f"https://w3id.org/haitikg/graph/{SECOND}",
    ]


def test_facts_of_the_second_document_point_into_its_own_text(two_documents):
    store, _ = two_documents
    found = rows(
        store,
        """SELECT ?anchor ?ctx WHERE { res:quote-ruto-finish-the-job prov:wasDerivedFrom ?s .
        ?s nif:anchorOf ?anchor ; nif:referenceContext ?ctx }""",
    )
    length = len((FIXTURE / f"{SECOND}.txt").read_text(encoding="utf-8"))
    assert found == [
        ("We will finish the job", f"https://w3id.org/haitikg/resource/{SECOND}#char=0,{length}")
    ]
    figures = rows(
        store,
        """SELECT ?doc ?p ?v WHERE { ?c hkg:concerns res:kenya-deployment-since-2024-06 ;
        hkg:figure ?q ; hkg:statedIn ?doc . ?q ?p ?v FILTER (?p IN (hkg:value, hkg:minValue))
        FILTER (?doc IN (res:kenya-haiti-mss-2025-01-18, res:test-ruto-nairobi-2025-02-03)) }
        ORDER BY ?v""",
    )
    assert [(p.rsplit("#")[1], v) for _, p, v in figures] == [("value", "400"), ("minValue", "600")]


def test_both_documents_together_still_validate(two_documents):
    store, _ = two_documents
    report = validate(store, run_reasoner=False)
    assert report.ok, report.problems
