"""`haitikg validate`: the built graph passes, and planted errors are caught with clear messages."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from haitikg.validate import same_as_links, shacl, union_graph, validate, violation_queries

RES = "https://w3id.org/haitikg/resource/"
PROV = "http://www.w3.org/ns/prov#"
DOC_GRAPH = ox.NamedNode("https://w3id.org/haitikg/graph/kenya-haiti-mss-2025-01-18")


def node(local: str) -> ox.NamedNode:
    return ox.NamedNode(RES + local)


def test_the_built_graph_passes_every_check(store, java):
    report = validate(store)
    assert report.ok, report.problems
    names = {c.name for c in report.checks}
    assert {"SHACL shapes", "OWL 2 DL reasoner (HermiT)"} <= names
    assert sum(n.startswith("query ") for n in names) >= 8
    reasoner = next(c for c in report.checks if "HermiT" in c.name)
    assert reasoner.skipped is None, "Java is on this machine, so HermiT must have run"


def test_an_individual_in_two_disjoint_classes_is_inconsistent(fresh_store):
    fresh_store.add(
        ox.Quad(
            node("kenya"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/haitikg/ontology#Person"),
            DOC_GRAPH,
        )
    )
    report = validate(fresh_store)
    reasoner = next(c for c in report.checks if "HermiT" in c.name)
    assert not reasoner.passed and "inconsistent" in reasoner.problems[0]
    assert not report.ok


def test_an_event_without_a_span_is_caught_by_shape_and_query(fresh_store):
    event = node("debate-over-support-for-haiti")
    for q in list(
        fresh_store.quads_for_pattern(event, ox.NamedNode(PROV + "wasDerivedFrom"), None)
    ):
        fresh_store.remove(q)
    result = shacl(union_graph(fresh_store))
    assert not result.passed
    assert any(
        p.startswith(RES + "debate-over-support-for-haiti:") and "source span" in p
        for p in result.problems
    )
    failing = {c.name: c for c in violation_queries(fresh_store) if not c.passed}
    assert list(failing) == ["query fact-without-span-violation.rq"]
    assert (
        "debate-over-support-for-haiti"
        in failing["query fact-without-span-violation.rq"].problems[0]
    )


def test_a_quotation_not_in_the_text_is_caught(fresh_store):
    quote = node("quote-murkomen-spirit-of-giving")
    text = ox.NamedNode("http://schema.org/text")
    for q in list(fresh_store.quads_for_pattern(quote, text, None)):
        fresh_store.remove(q)
    fresh_store.add(
        ox.Quad(quote, text, ox.Literal("Kenya’s spirit of taking defines who we are"), DOC_GRAPH)
    )
    failing = [c.name for c in violation_queries(fresh_store) if not c.passed]
    assert failing == ["query quotation-not-in-text-violation.rq"]


def test_a_span_whose_offsets_do_not_match_its_words_is_caught(fresh_store):
    span = ox.NamedNode(RES + "kenya-haiti-mss-2025-01-18#char=1474,1491")
    anchor = ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf")
    for q in list(fresh_store.quads_for_pattern(span, anchor, None)):
        fresh_store.remove(q)
    fresh_store.add(ox.Quad(span, anchor, ox.Literal("reducing poverty"), DOC_GRAPH))
    result = shacl(union_graph(fresh_store))
    assert any("anchorOf is not the text" in p for p in result.problems)
    assert "query span-anchor-mismatch-violation.rq" in [
        c.name for c in violation_queries(fresh_store) if not c.passed
    ]


def test_a_figure_given_as_a_string_is_caught(fresh_store):
    qty = node("figure-un-killed-2024-quantity")
    value = ox.NamedNode("https://w3id.org/haitikg/ontology#value")
    for q in list(fresh_store.quads_for_pattern(qty, value, None)):
        fresh_store.remove(q)
    fresh_store.add(ox.Quad(qty, value, ox.Literal("5,600"), DOC_GRAPH))
    result = shacl(union_graph(fresh_store))
    assert any("xsd:integer or xsd:decimal" in p for p in result.problems)


def test_an_invented_same_as_link_is_caught(fresh_store):
    fresh_store.add(
        ox.Quad(
            node("william-ruto"),
            ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
            ox.NamedNode("http://www.wikidata.org/entity/Q999999"),
            DOC_GRAPH,
        )
    )
    result = same_as_links(fresh_store)
    assert not result.passed and "Q999999" in result.problems[0]


def test_without_java_the_reasoner_says_how_to_install_it(store, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    report = validate(store)
    reasoner = next(c for c in report.checks if "HermiT" in c.name)
    assert reasoner.skipped and "apt-get install" in reasoner.skipped
    assert report.ok


@pytest.mark.parametrize("args", [[], ["--no-reasoner"]])
def test_validate_command_exits_zero_on_the_build(build_dir, args):
    from click.testing import CliRunner

    from haitikg.cli import main

    result = CliRunner().invoke(main, ["validate", "--build-dir", str(build_dir), *args])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_shacl_runs_on_two_threads_take_turns_and_leave_rdflib_as_it_was(union):
    """rdflib's SPARQL parser fails when two threads parse at once (both runs then raised
    TypeError from pyparsing), and overlapping patches could be left behind: runs take
    turns, both pass, and rdflib is as it was after."""
    import threading

    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query
    verdicts: list[bool] = []
    entered = threading.Barrier(2)

    def run() -> None:
        entered.wait()
        verdicts.append(shacl(union).passed)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert verdicts == [True, True]
    assert SPARQLProcessor.query is original
