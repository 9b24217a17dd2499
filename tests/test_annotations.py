"""Bad annotations fail the build with file:line, the quote, and what is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from haitikg.build import assemble
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
        "  place: port-au-prince\n  roles:\n    agent: kenyan-contingent",
        "  place: port-au-prinse\n  roles:\n    agent: kenyan-contingent",
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
