"""Bad annotations fail the build with file:line, the quote, and what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from haitikg.assemble import assemble
from haitikg.errors import AnnotationError

ANN = "kenya-haiti-mss-2025-01-18.ann.yaml"


def edit(corpus: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in the annotation file; return the line number of the change."""
    path = corpus / ANN
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def build_error(corpus: Path) -> AnnotationError:
    with pytest.raises(AnnotationError) as info:
        assemble(corpus)
    return info.value


def test_quote_missing_from_the_text_names_file_line_and_quote(corpus_copy):
    line = edit(
        corpus_copy,
        'quote: "217 Kenyan police officers arrived to join',
        'quote: "218 Kenyan police officers arrived to join',
    )
    err = build_error(corpus_copy)
    assert err.file == ANN and err.line == line
    assert "not found" in str(err) and "218 Kenyan police officers" in str(err)
    assert f"{ANN}:{line}:" in str(err)


def test_straight_apostrophes_get_a_hint(corpus_copy):
    edit(
        corpus_copy,
        'quote: "Port-au-Prince, Haiti’s capital"',
        'quote: "Port-au-Prince, Haiti\'s capital"',
    )
    assert "straight quotes" in str(build_error(corpus_copy))


def test_ambiguous_quote_lists_its_occurrences(corpus_copy):
    line = edit(corpus_copy, 'quote: "the East African nation"', 'quote: "Kenya’s"')
    err = build_error(corpus_copy)
    assert err.line == line and "ambiguous" in str(err) and "occurrence" in str(err)


def test_occurrence_picks_one_of_several_matches(corpus_copy):
    edit(corpus_copy, 'quote: "the East African nation"', 'quote: "nation"\n  occurrence: 6')
    store, _ = assemble(corpus_copy)
    rows = list(
        store.query(
            """SELECT ?b WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>
        <https://w3id.org/haitikg/resource/kenya> ;
        <http://www.w3.org/ns/prov#wasDerivedFrom> ?span .
        ?span <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "nation" ;
              <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex> ?b }""",
            use_default_graph_as_union=True,
        )
    )
    text = (corpus_copy / "kenya-haiti-mss-2025-01-18.txt").read_text(encoding="utf-8")
    sixth = [m.start() for m in re.finditer("nation", text)][5]
    assert [int(r[0].value) for r in rows] == [sixth]


def test_unknown_entity_is_reported(corpus_copy):
    line = edit(
        corpus_copy,
        "  place: port-au-prince\n  place-basis: from-context   # the people",
        "  place: port-au-prinse\n  place-basis: from-context   # the people",
    )
    err = build_error(corpus_copy)
    assert err.line == line + 0 and "port-au-prinse" in str(err) and "unknown" in str(err)


def test_unknown_property_is_reported(corpus_copy):
    line = edit(corpus_copy, "property: hkg:capitalOf", "property: hkg:capitolOf")
    err = build_error(corpus_copy)
    assert err.line == line and "hkg:capitolOf" in str(err)


def test_unknown_concept_lists_the_known_ones(corpus_copy):
    line = edit(corpus_copy, "qualifier: estimate", "qualifier: guess")
    err = build_error(corpus_copy)
    assert err.line == line and "guess" in str(err) and "more-than" in str(err)


@pytest.mark.parametrize("bad", ['"5.600,0"', '"five thousand"', '"56,00"'])
def test_value_that_does_not_parse_is_reported(corpus_copy, bad):
    line = edit(corpus_copy, 'value: "5,600"', f"value: {bad}")
    err = build_error(corpus_copy)
    assert err.line == line and "value" in str(err)


def test_bad_date_is_reported(corpus_copy):
    line = edit(corpus_copy, "begin: 2024-06", "begin: June 2024")
    err = build_error(corpus_copy)
    assert err.line == line and "June 2024" in str(err)


def test_unknown_key_is_reported(corpus_copy):
    line = edit(corpus_copy, "  measure: killed", "  measure: killed\n  sauce: hot")
    err = build_error(corpus_copy)
    assert err.line == line + 1 and "sauce" in str(err)


def test_broken_yaml_is_reported_with_its_line(corpus_copy):
    line = edit(corpus_copy, "  measure: killed", "  measure: [killed")
    err = build_error(corpus_copy)
    assert "not valid YAML" in str(err) and err.line >= line


def test_duplicate_id_is_reported(corpus_copy):
    line = edit(corpus_copy, "- id: reception-2025-01-18", "- id: arrival-2025-01-18")
    err = build_error(corpus_copy)
    assert err.line == line and "already used" in str(err)


@pytest.mark.parametrize(
    ("old", "new", "key", "words"),
    [
        ("  date: 2025-01-18\n  date-basis: stated\n",
         "  date: 2025-01-18\n  date-basis: stated\n  latest-end: publication\n",
         "date", "drop the other time keys"),
        ("  begin: 2024\n  end: 2024\n", "  begin: 2024\n  end: 2023\n", "end", "is before"),
        ("  begin: 2024-06\n  date-basis: stated\n  ongoing: true",
         "  begin: 2024-06\n  date-basis: stated\n  ongoing: true\n  end: 2025",
         "ongoing", "no end yet"),
        ("  latest-end: publication\n  roles:\n    speaker: alix",
         "  latest-end: publication\n  date-basis: stated\n  roles:\n    speaker: alix",
         "date-basis", "come from the report"),
        ("  latest-begin: 2024-06       # deployments",
         "  latest-begin: publication   # deployments", "date-basis", "come from the report"),
        ("  latest-end: publication\n  roles:\n    speaker: alix",
         "  latest-end: 2025-01-19T10:00:00\n  roles:\n    speaker: alix",
         "latest-end", "time of day"),
        ("  place: haiti\n  roles:\n    sender: kenya",
         "  place-basis: stated\n  roles:\n    sender: kenya", "place-basis", "without a place"),
        ("  place-basis: from-context   # the people",
         "  place-basis: guessed", "place-basis", "unknown place"),
        ("  period: {begin: 2024-06, end: publication}", "  period: {from: 2024-06}",
         "period", "{begin:, end:}"),
        ("  qualifier: more-than\n  about: kenya-deployment",
         "  qualifier: [more-than, up-to]\n  about: kenya-deployment", "qualifier",
         "not both"),
    ],
)  # fmt: skip
def test_time_place_and_bound_keys_that_contradict_or_overreach_are_refused(
    corpus_copy, old, new, key, words
):
    line = edit(corpus_copy, old, new)
    err = build_error(corpus_copy)
    assert words in str(err), str(err)
    assert err.line >= line


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("  status: maybe\n", "status must be one of confirmed, draft, rejected"),
        ("  confidence: 1.5\n", "confidence must be a number from 0 to 1"),
        ("  confidence: yes\n", "confidence must be a number from 0 to 1"),
        ("  cue: ''\n", "cue must be a non-empty string"),
    ],
)
def test_review_keys_are_checked_with_their_line(corpus_copy, new, words):
    anchor = "  type: Reception\n"
    line = edit(corpus_copy, anchor, anchor + new)
    err = build_error(corpus_copy)
    assert words in str(err) and err.line == line + 1


def test_a_document_entity_with_a_bad_status_names_the_entity(corpus_copy):
    anchor = "    type: Contingent\n"
    line = edit(corpus_copy, anchor, anchor + "    status: approved\n")
    err = build_error(corpus_copy)
    assert "kenyan-contingent-2025-01-18" in str(err) and err.line == line + 1
