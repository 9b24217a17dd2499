"""The same build with the development briefs added: they join the instances the seed article
and the cited timeline already have, and their figures stand beside the timeline's.

The briefs and their gold annotations are test material (tests/fixtures/corpus-dev/): they
are copied, with the corpus, into a temporary folder given to the build, never into corpus/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from haitikg import paths
from haitikg.assemble import BuildResult, assemble
from haitikg.disagreements import read, store_select
from haitikg.namespaces import PREFIXES
from haitikg.validate import validate

DEV = Path(__file__).parent / "fixtures" / "corpus-dev"
RES = "https://w3id.org/haitikg/resource/"
FIRST = "2024-06-26-first-kenyan-contingent-lands"


@pytest.fixture(scope="module")
def dev(tmp_path_factory) -> tuple[ox.Store, BuildResult]:
    corpus = tmp_path_factory.mktemp("dev") / "corpus"
    shutil.copytree(paths.corpus_dir(), corpus)
    for path in DEV.iterdir():
        if path.name.endswith((".txt", ".meta.yaml", ".ann.yaml")):
            shutil.copy(path, corpus / path.name)
    return assemble(corpus)


def rows(store: ox.Store, query: str) -> list[tuple]:
    found = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    return [tuple(t.value if t is not None else None for t in r) for r in found]


def test_the_briefs_are_built_beside_the_article_and_the_timeline(dev):
    _, result = dev
    briefs = sorted(p.stem for p in DEV.glob("*.txt"))
    assert len(briefs) == 6
    assert result.documents == [*briefs, "kenya-haiti-mss-2025-01-18"]
    assert result.entries == 80


def test_their_arrivals_and_resolutions_join_the_same_instances(dev):
    store, _ = dev
    reported = rows(
        store,
        """SELECT ?e (COUNT(DISTINCT ?doc) AS ?texts) (COUNT(DISTINCT ?entry) AS ?entries) WHERE {
        VALUES ?e { res:arrival-2024-06-25 res:arrival-2024-07-16 res:arrival-2025-02-06
                    res:mss-authorisation-2023-10-02 res:gsf-authorisation-2025-09-30
                    res:ruto-pledge-1000-officers res:jamaica-arrival-2024-09-12 }
        OPTIONAL { ?e gaf:denotedBy/nif:referenceContext/nif:sourceUrl ?doc }
        OPTIONAL { ?e gaf:denotedBy ?entry . ?entry a hkg:CitedEntry }
        } GROUP BY ?e ORDER BY ?e""",
    )
    counts = {e.removeprefix(RES): (int(t), int(n)) for e, t, n in reported}
    assert counts == {
        "arrival-2024-06-25": (2, 2),  # the June and September briefs; T21a, T21b
        "arrival-2024-07-16": (1, 1),
        "arrival-2025-02-06": (1, 3),
        "gsf-authorisation-2025-09-30": (1, 3),
        "jamaica-arrival-2024-09-12": (1, 1),
        "mss-authorisation-2023-10-02": (4, 1),
        "ruto-pledge-1000-officers": (6, 2),
    }
    resolutions = rows(store, "SELECT ?r WHERE { ?r a hkg:Resolution } ORDER BY ?r")
    assert [r.removeprefix(RES) for (r,) in resolutions] == [
        "unsc-resolution-2699",
        "unsc-resolution-2751",
        "unsc-resolution-2793",
    ]
    labels = rows(store, "SELECT ?l WHERE { res:arrival-2024-06-25 rdfs:label ?l }")
    assert len(labels) == 1  # one instance, one label; the others are alternative labels


def test_the_briefs_400_for_the_first_contingent_sits_beside_t21bs_200(dev):
    store, _ = dev
    found = read(store_select(store), RES + "arrival-2024-06-25")
    (figure,) = [d for d in found if d.kind == "figure"]
    sides = {(v.value, v.entry or v.text.removeprefix(RES)) for v in figure.versions}
    assert sides == {("400", FIRST), ("400", "T21a"), ("200", "T21b")}


def test_their_figures_join_the_timelines_and_the_seeds(dev):
    store, _ = dev
    joined = rows(
        store,
        """SELECT ?claim ?instance WHERE { ?claim hkg:quantifies ?instance
        VALUES ?claim { res:figure-votes-2699 res:figure-us-200-million res:figure-assembly-1000
                        res:figure-gangs-90-percent-2025 res:figure-kenya-offer-1000
                        res:figure-fourth-contingent-144 } } ORDER BY ?claim""",
    )
    partners = {}
    for claim, instance in joined:
        others = rows(store, f"SELECT ?c WHERE {{ ?c hkg:quantifies <{instance}> }}")
        partners[claim.removeprefix(RES)] = {c.removeprefix(RES) for (c,) in others}
    assert partners["figure-votes-2699"] == {"figure-votes-2699", "t02-votes-in-favour"}
    assert partners["figure-us-200-million"] == {"figure-us-200-million", "t03-funding-pledged"}
    assert partners["figure-assembly-1000"] == {"figure-assembly-1000", "t04-personnel-authorised"}
    assert {"t43c-territory-controlled", "figure-gang-control-over-80-percent"} <= partners[
        "figure-gangs-90-percent-2025"
    ]
    assert {"t01a-personnel-pledged", "figure-pledged-1000"} <= partners["figure-kenya-offer-1000"]
    assert {"t25a-personnel-arrived", "t25b-personnel-arrived"} <= partners[
        "figure-fourth-contingent-144"
    ]


def test_the_gold_files_keep_blocks_the_build_does_not_read(dev):
    """Top-level `mentions:` and `dates:` score the drafter (haitikg eval); the build
    ignores them, so a gold file builds as it is."""
    gold = yaml.safe_load((DEV / f"{FIRST}.ann.yaml").read_text(encoding="utf-8"))
    assert gold["mentions"] and gold["dates"]
    store, result = dev
    assert FIRST in result.documents
    assert rows(store, f"SELECT ?t WHERE {{ res:{FIRST} a hkg:NewsArticle ; rdfs:label ?t }}")


def test_the_enlarged_build_still_validates(dev):
    store, _ = dev
    report = validate(store, run_reasoner=False)
    assert report.ok, report.problems[:10]
