"""Many documents, one mission: the cited timeline in the published graph, one instance per
real event however many sources report it, disagreements side by side, posts held for a time.

The timeline's rows are checked against the copy of the table kept in the repository
(corpus/reference/mss-timeline.tsv), not against the curated YAML the build reads.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

import haitikg
from haitikg import paths
from haitikg.assemble import assemble
from haitikg.duplicates import REPORT
from haitikg.errors import AnnotationError

RES = "https://w3id.org/haitikg/resource/"
VOC = "https://w3id.org/haitikg/vocab/"
VOC_PREFIX = f"PREFIX voc: <{VOC}>\n"
TABLE = paths.corpus_dir() / "reference" / "mss-timeline.tsv"
#: The table's qualifiers, and the qualifiers of the scheme a claim read from it may take
#: (its wording decides: the table's "over" is "at least 80%" or "more than 2,505").
QUALIFIERS = {
    "exact": {"exact"},
    "about": {"approximately"},
    "over": {"more-than", "at-least"},
    "up to": {"up-to"},
    "nearly": {"nearly"},
}


@pytest.fixture(scope="module")
def table() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def citations(row: dict[str, str]) -> list[tuple[str, str, str]]:
    """(url, name, date) of each source a row cites, "n.d." where it gives no date."""
    columns = ("source_url", "source_name", "source_date")
    return list(zip(*(row[c].split(";") for c in columns), strict=True))


def test_every_row_of_the_table_is_in_the_graph_with_its_sources(select, table):
    assert len(table) == 80
    cited = select("""SELECT ?id ?text ?url ?name ?date ?level WHERE {
        ?entry a hkg:CitedEntry ; dcterms:identifier ?id ; schema:text ?text ;
               schema:citation ?source ; hkg:confidenceLevel/skos:prefLabel ?level .
        ?source a prov:Entity , schema:CreativeWork ; schema:url ?url ; schema:name ?name .
        OPTIONAL { ?source schema:datePublished ?date } }""")
    by_row: dict[str, dict[str, dict]] = {}
    for r in cited:
        by_row.setdefault(r["id"], {}).setdefault(r["url"], {"names": set()})
        by_row[r["id"]][r["url"]]["names"].add(r["name"])
        by_row[r["id"]][r["url"]].update(date=r["date"], text=r["text"], level=r["level"])
    assert set(by_row) == {row["id"] for row in table}
    for row in table:
        sources = by_row[row["id"]]
        assert set(sources) == {url for url, _, _ in citations(row)}, row["id"]
        for url, name, day in citations(row):
            assert name in sources[url]["names"], (row["id"], name)
            if day != "n.d.":
                assert sources[url]["date"] == day, (row["id"], url)
            assert (
                sources[url]["text"] == row["fact"] and sources[url]["level"] == row["confidence"]
            )


def test_every_row_says_something_with_document_level_provenance(select, table):
    """Each entry is the mention of an event or claim read from it, derived from each of the
    pages it cites and marked as resting on them alone."""
    found = select(
        VOC_PREFIX
        + """SELECT ?id ?fact ?page WHERE {
        ?entry dcterms:identifier ?id ; schema:citation ?page .
        ?fact gaf:denotedBy ?entry ; prov:wasDerivedFrom ?page ;
              hkg:evidenceLevel voc:evidence-document .
        { ?fact a hkg:Event } UNION { ?fact a hkg:Claim } }"""
    )
    pages: dict[str, set[str]] = {}
    for r in found:
        pages.setdefault(r["id"], set()).add(r["page"])
    for row in table:
        assert len(pages.get(row["id"], ())) == len(citations(row)), row["id"]


def test_each_figure_of_the_table_is_a_claim_with_its_number_and_qualifier(select, table):
    claims = select("""SELECT ?id ?number ?qualifier WHERE {
        ?claim a hkg:FigureClaim ; gaf:denotedBy/dcterms:identifier ?id ;
               hkg:qualifier ?q ; hkg:figure/(hkg:value|hkg:minValue|hkg:maxValue) ?number .
        ?q skos:notation|schema:termCode ?qualifier }""")
    read = {(r["id"], float(r["number"]), r["qualifier"]) for r in claims}
    rows = [row for row in table if row["figure"]]
    assert len(rows) == 56
    for row in rows:
        wanted = QUALIFIERS[row["figure_qualifier"]]
        assert any((row["id"], float(row["figure"]), q) in read for q in wanted), (
            f"{row['id']}: no claim of {row['figure']} ({row['figure_qualifier']})"
        )


def test_the_arrival_of_217_officers_is_one_event_with_two_sources(select):
    """The seed article and row T24 report one arrival: one node, one day, one label, a
    mention in each, and evidence of both levels."""
    arrival = "res:arrival-2025-01-18"
    assert select(f"SELECT ?d WHERE {{ {arrival} hkg:date ?d }}") == [{"d": "2025-01-18"}]
    assert len(select(f"SELECT ?l WHERE {{ {arrival} rdfs:label ?l }}")) == 1
    mentions = {r["m"] for r in select(f"SELECT ?m WHERE {{ {arrival} gaf:denotedBy ?m }}")}
    assert RES + "mss-timeline-t24" in mentions
    assert any(m.startswith(RES + "kenya-haiti-mss-2025-01-18#char=") for m in mentions)
    levels = select(f"SELECT ?l WHERE {{ {arrival} hkg:evidenceLevel ?l }}")
    assert {r["l"] for r in levels} == {VOC + "evidence-span", VOC + "evidence-document"}
    figures = select(f"""SELECT ?instance ?claim ?n WHERE {{
        ?claim hkg:concerns {arrival} ; hkg:quantifies ?instance ; hkg:figure/hkg:value ?n }}""")
    assert {(r["claim"], r["n"]) for r in figures} == {
        (RES + "figure-arrived-217", "217"),
        (RES + "t24-personnel-arrived", "217"),
    }
    assert len({r["instance"] for r in figures}) == 1
    assert not select(f"SELECT ?d WHERE {{ ?d hkg:disagreementOn <{figures[0]['instance']}> }}")


def test_events_resting_on_cited_pages_only_are_found_by_their_marker(select):
    only = select(
        VOC_PREFIX
        + """SELECT ?e WHERE { ?e a hkg:Event ; hkg:evidenceLevel voc:evidence-document
        FILTER NOT EXISTS { ?e hkg:evidenceLevel voc:evidence-span } }"""
    )
    spans = select(
        VOC_PREFIX
        + "SELECT DISTINCT ?e WHERE { ?e a hkg:Event ; hkg:evidenceLevel voc:evidence-span }"
    )
    assert len(spans) == 11 and len(only) == 64
    assert {"e": RES + "arrival-2024-06-25"} in only
    assert {"e": RES + "arrival-2025-01-18"} not in only


def test_figures_of_one_quantity_stand_side_by_side_with_no_winner(select):
    rows = select(
        VOC_PREFIX
        + """SELECT ?claim ?n ?row WHERE {
        ?d hkg:disagreementOn ?instance ; hkg:includesClaim ?claim .
        ?claim hkg:concerns res:arrival-2024-06-25 ; hkg:measure voc:measure-personnel-arrived ;
               hkg:figure/hkg:value ?n ; gaf:denotedBy/dcterms:identifier ?row }"""
    )
    assert {(r["row"], r["n"]) for r in rows} == {("T21a", "400"), ("T21b", "200")}
    instance = select("""SELECT ?p WHERE { ?c hkg:concerns res:arrival-2024-06-25 ;
        hkg:quantifies ?i . ?i ?p ?o FILTER (?p IN (hkg:value, schema:value, hkg:figure)) }""")
    assert instance == []  # the instance states no value of its own


def test_a_day_two_sources_give_differently_keeps_both_each_attributed(select):
    """Kaetuai died on 23 February (T36a) or 25 February 2025 (T36b): SEM readers see both
    days, each in a reified claim derived from its own pages; no functional hkg:date."""
    death = "res:samuel-kaetuai-death"
    assert not select(f"SELECT ?d WHERE {{ {death} hkg:date ?d }}")
    days = select(f"SELECT ?d WHERE {{ {death} sem:hasTimeStamp ?d }}")
    assert sorted(r["d"] for r in days) == ["2025-02-23", "2025-02-25"]
    said = select(f"""SELECT ?d ?name WHERE {{ ?st a rdf:Statement ; rdf:subject {death} ;
        rdf:predicate sem:hasTimeStamp ; rdf:object ?d ;
        prov:wasDerivedFrom/schema:name ?name }}""")
    assert {(r["d"], r["name"]) for r in said} >= {
        ("2025-02-23", "Tuko"),
        ("2025-02-25", "The Standard"),
    }
    assert ("2025-02-25", "Tuko") not in {(r["d"], r["name"]) for r in said}
    assert select(f"SELECT ?x WHERE {{ ?x a hkg:Disagreement ; hkg:disagreementOn {death} }}")


def test_posts_are_held_for_periods_from_several_sources(select):
    conille = select("""SELECT ?b ?e WHERE { res:garry-conille-as-prime-minister-of-haiti
        a org:Membership ; org:memberDuring ?i .
        ?i time:hasBeginning/time:inXSDDate ?b ; time:hasEnd/time:inXSDDate ?e }""")
    assert conille == [{"b": "2024-06-03", "e": "2024-11-10"}]
    acting = select(
        VOC_PREFIX
        + """SELECT ?m WHERE { ?m org:member res:musalia-mudavadi ;
        org:role voc:office-interior-minister ; hkg:capacity voc:capacity-acting }"""
    )
    assert len(acting) == 1
    ministers = select(
        VOC_PREFIX
        + """SELECT ?who ?b WHERE { ?m org:role voc:office-interior-minister ;
        org:member/schema:name ?who ; org:memberDuring/time:hasBeginning/time:inXSDDate ?b }
        ORDER BY ?b"""
    )
    assert [r["who"] for r in ministers] == ["Musalia Mudavadi", "Kipchumba Murkomen"]


def test_each_triple_lives_in_one_graph(store):
    """Oxigraph's union default graph repeats a triple once per graph holding it."""
    everything = "SELECT * WHERE { ?s ?p ?o }"
    total = len(list(store.query(everything, use_default_graph_as_union=True)))
    distinct = len(list(store.query(everything.replace("*", "DISTINCT *"),
                                    use_default_graph_as_union=True)))  # fmt: skip
    assert total == distinct


def test_likely_duplicates_are_proposed_in_a_report_and_not_merged(build_result, select):
    report = (build_result.out_dir / REPORT).read_text(encoding="utf-8").splitlines()
    assert report[0].split("\t") == ["first", "second", "type", "when", "places", "actors"]
    pairs = {tuple(line.split("\t")[:2]) for line in report[1:]}
    assert len(pairs) == len(build_result.duplicates) >= 1
    assert ("belize-arrival-2024-09-12", "jamaica-arrival-2024-09-12") in pairs
    for first, second in pairs:  # both still stand, each with its own label
        for event in (first, second):
            assert len(select(f"SELECT ?l WHERE {{ res:{event} rdfs:label ?l }}")) == 1


def test_the_python_call_lists_disagreements_side_by_side(build_dir):
    found = haitikg.disagreements(build_dir=build_dir)
    figure = next(d for d in found if d.about.endswith("personnel-arrived-arrival-2024-06-25"))
    assert [(v.value, v.entry, v.confidence) for v in figure.versions] == [
        ("200", "T21b", "medium"),
        ("400", "T21a", "low"),
    ]
    assert figure.spread == 200
    assert {s.name for s in figure.versions[1].sources} == {
        "Haitify (AlterPresse)",
        "Diaspora Messenger",
        "Stening Simpson",
    }
    about = haitikg.disagreements(RES + "samuel-kaetuai-death", build_dir=build_dir)
    assert [d.kind for d in about] == ["time"]
    assert [v.value for v in about[0].versions] == ["2025-02-23", "2025-02-25"]


def test_the_published_build_holds_no_development_brief(build_result, select):
    dev = Path(__file__).parent / "fixtures" / "corpus-dev"
    briefs = {p.stem for p in dev.glob("*.txt")}
    assert briefs and not briefs & set(build_result.documents)
    assert not any((paths.corpus_dir() / f"{b}.txt").exists() for b in briefs)
    texts = select("SELECT ?d WHERE { ?c nif:isString ?t ; nif:sourceUrl ?d }")
    assert [r["d"] for r in texts] == [RES + "kenya-haiti-mss-2025-01-18"]


# --- the table's format: mistakes are named by file and line ---------------------------


def _table(corpus: Path, edit) -> Path:
    path = corpus / "cited" / "mss-timeline.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data["rows"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda rows: rows[0]["facts"][1].update(wording="a contingent of 2,000"),
            "wording must be part of the entry's text",
        ),
        (lambda rows: rows[0]["facts"].pop(1), "the entry gives the figure 1000"),
        (lambda rows: rows[0]["facts"][0].update(ongoing=True), "an entry has none"),
        (lambda rows: rows[0]["facts"][0].update(quote="Kenya"), "unknown key 'quote'"),
        (lambda rows: rows[1].update(row="T01a"), "row T01a is already used"),
        (lambda rows: rows[0]["sources"][0].update(url="kbc.co.ke"), r"is not an http\(s\) URL"),
        (lambda rows: rows[0].update(confidence="certain"), "confidence must be one of"),
    ],
)
def test_a_bad_entry_is_refused_with_file_and_line(corpus_copy, edit, message):
    _table(corpus_copy, edit)
    with pytest.raises(AnnotationError, match=message) as caught:
        assemble(corpus_copy)
    assert str(caught.value).startswith("mss-timeline.yaml:")


def test_an_event_keeps_one_type_across_its_sources(corpus_copy):
    def retype(rows):
        rows[1]["facts"][0]["type"] = "PublicStatement"  # T01b's account of T01a's pledge

    _table(corpus_copy, retype)
    with pytest.raises(
        AnnotationError,
        match="names an event of type PublicStatement here but an event of type Pledge",
    ):
        assemble(corpus_copy)
