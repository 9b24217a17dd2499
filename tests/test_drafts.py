"""Review status (docs/model.md, "Facts: keys every kind accepts"): a build publishes
confirmed items only and counts the drafts; ``--drafts`` publishes drafts in their own graph,
marked so a query can leave them out; rejected items are never published."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from haitikg.assemble import assemble
from haitikg.cli import main
from haitikg.errors import AnnotationError
from haitikg.namespaces import PREFIXES
from haitikg.validate import validate

DOC = "kenya-haiti-mss-2025-01-18"
DRAFTS = f"https://w3id.org/haitikg/graph/drafts/{DOC}"
RES = "https://w3id.org/haitikg/resource/"

#: What `haitikg draft` would add: a draft entity, event and figure, and a rejected fact.
PROPOSED = """
- id: draft-praise-event
  kind: event
  type: PublicStatement
  label: Kenya's police officers earn praise
  quote: "Kenya’s police officers have earned praise"
  latest-end: publication
  roles:
    addressee: kenyan-police
  status: draft
  confidence: 0.7
  cue: "trigger:praise"

- id: draft-figure-millions
  kind: figure
  label: At least 600 officers deployed
  quote: "Kenya has deployed over *600 officers* to Haiti"
  measure: personnel-deployed
  wording: "600 officers"
  value: 600
  unit: police officers
  qualifier: at-least
  about: draft-praise-event
  status: draft

- id: rejected-figure-1000
  kind: figure
  label: Kenya deployed 1,000 officers
  quote: "send 1,000 officers"
  measure: personnel-deployed
  wording: "1,000 officers"
  value: "1,000"
  unit: police officers
  qualifier: exact
  status: rejected
"""
DRAFT_ENTITY = """  east-african-partners:
    type: Organization
    label: Kenya and other international partners
    status: draft
    cue: "pattern:Kenya and other"
"""


@pytest.fixture
def drafted(corpus_copy: Path) -> Path:
    ann = corpus_copy / f"{DOC}.ann.yaml"
    text = ann.read_text(encoding="utf-8").replace("\nfacts:\n", DRAFT_ENTITY + "\nfacts:\n", 1)
    ann.write_text(text + PROPOSED, encoding="utf-8")
    return corpus_copy


def rows(store: ox.Store, query: str) -> list[tuple]:
    return [
        tuple(t.value if t is not None else None for t in r)
        for r in store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    ]


def mentions(store: ox.Store, local: str) -> set[str]:
    node = ox.NamedNode(RES + local)
    return {q.graph_name.value for q in store.quads_for_pattern(node, None, None)}


def test_a_build_publishes_confirmed_items_only_and_counts_the_drafts(drafted):
    store, result = assemble(drafted)
    assert result.drafts == 3 and not result.drafts_published
    for local in ("draft-praise-event", "draft-figure-millions", "rejected-figure-1000",
                  "east-african-partners"):  # fmt: skip
        assert mentions(store, local) == set(), local
    _, unchanged = assemble()  # the repository's corpus, without the proposed items
    assert (result.facts, result.spans) == (unchanged.facts, unchanged.spans)


def test_drafts_go_into_their_own_graph_marked_as_drafts(drafted):
    store, result = assemble(drafted, drafts=True)
    assert result.drafts == 3 and result.drafts_published
    inferred = "https://w3id.org/haitikg/graph/drafts-inferred"
    assert mentions(store, "draft-praise-event") == {DRAFTS, inferred}
    assert mentions(store, "east-african-partners") == {DRAFTS, inferred}
    assert mentions(store, "rejected-figure-1000") == set()
    marked = rows(
        store,
        """SELECT ?x ?c ?cue WHERE { ?x hkg:status
        <https://w3id.org/haitikg/vocab/status-draft> . OPTIONAL { ?x hkg:confidence ?c }
        OPTIONAL { ?x hkg:cue ?cue } } ORDER BY ?x""",
    )
    assert marked == [
        (RES + "draft-figure-millions", None, None),
        (RES + "draft-praise-event", "0.7", "trigger:praise"),
        (RES + "east-african-partners", None, "pattern:Kenya and other"),
    ]
    confirmed = rows(
        store,
        f"""SELECT ?e WHERE {{ ?e a sem:Event ; hkg:reportedIn res:{DOC}
        FILTER NOT EXISTS {{ ?e hkg:status <https://w3id.org/haitikg/vocab/status-draft> }} }}""",
    )
    assert len(confirmed) == 11  # the article's, beside the cited timeline's
    entailed = rows(
        store,
        """SELECT ?g WHERE { GRAPH ?g {
        <https://w3id.org/haitikg/resource/draft-praise-event> a sem:Event } }""",
    )
    assert entailed == [("https://w3id.org/haitikg/graph/drafts-inferred",)]
    described = rows(store, f"SELECT ?s ?n WHERE {{ ?s sd:name ?n FILTER (?n IN (<{DRAFTS}>, "
                            f"<https://w3id.org/haitikg/graph/{DOC}>)) }} ORDER BY ?n")  # fmt: skip
    assert [s for s, _ in described] == [
        RES + f"dataset-graph-drafts-{DOC}",
        RES + f"dataset-graph-{DOC}",
    ]
    report = validate(store, run_reasoner=False)
    assert report.ok, report.problems


def test_a_confirmed_fact_cannot_rest_on_a_draft(drafted):
    ann = drafted / f"{DOC}.ann.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(text.replace("  about: draft-praise-event\n  status: draft\n",
                                "  about: draft-praise-event\n"), encoding="utf-8")  # fmt: skip
    with pytest.raises(AnnotationError, match="unknown confirmed entity or event"):
        assemble(drafted)


def test_the_build_command_says_how_many_drafts_remain(drafted, tmp_path):
    runner = CliRunner()
    out = tmp_path / "build"
    result = runner.invoke(main, ["build", "--build-dir", str(out), "--corpus", str(drafted)])
    assert result.exit_code == 0, result.output
    assert "3 draft item(s) awaiting review (not published" in result.output
    result = runner.invoke(
        main, ["build", "--build-dir", str(out), "--corpus", str(drafted), "--drafts"]
    )
    assert result.exit_code == 0, result.output
    assert "3 draft item(s) awaiting review (published in graph/drafts/" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["graphs"][DRAFTS] > 0 and manifest["drafts_published"] is True
