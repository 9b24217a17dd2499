"""Competency questions: every ``queries/*.rq`` runs against the built graph and must give
exactly the results recorded (and checked by hand) in ``queries/expected/``.

SELECT results are compared by variables and rows (in order when the query has ORDER BY,
as a multiset otherwise; terms by type, value, datatype and language), ASK by its boolean,
CONSTRUCT/DESCRIBE as isomorphic graphs. New query files are picked up automatically.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from haitikg import paths
from haitikg.catalogue import CatalogueError, load_catalogue, parse_query
from haitikg.query import open_store, run

QUERIES_DIR = paths.queries_dir()
EXPECTED_DIR = QUERIES_DIR / "expected"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
RESULT_SUFFIXES = (".srj", ".nt")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = tuple[str | None, ...] | None


@pytest.fixture(scope="session")
def store(build_dir: Path) -> ox.Store:
    return open_store(build_dir)


def _ids(files: list[Path]) -> list[str]:
    return [f.name for f in files]


# --- normalising terms -----------------------------------------------------------------


def _literal(value: str, datatype: str | None, lang: str | None) -> Term:
    if lang:
        return ("literal", value, None, lang.lower())
    if datatype in (None, XSD_STRING):
        datatype = None
    return ("literal", value, datatype, None)


def _from_json(term: dict | None) -> Term:
    """A term of SPARQL 1.1 JSON results, as (type, value, datatype, language)."""
    if term is None:
        return None
    kind = term["type"]
    if kind == "uri":
        return ("uri", term["value"], None, None)
    if kind == "bnode":
        return ("bnode", None, None, None)  # labels are local to a result set
    if kind in ("literal", "typed-literal"):
        return _literal(term["value"], term.get("datatype"), term.get("xml:lang"))
    raise AssertionError(f"unknown term type in expected results: {term!r}")


def _from_oxigraph(term) -> Term:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("uri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", None, None, None)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else None
        if datatype == RDF_LANGSTRING:
            datatype = None
        return _literal(term.value, datatype, term.language)
    raise AssertionError(f"unexpected term in results: {term!r}")


def _has_order_by(query_text: str) -> bool:
    body = "\n".join(ln for ln in query_text.splitlines() if not ln.lstrip().startswith("#"))
    return re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE) is not None


def _expected_file(query_file: Path) -> Path | None:
    for suffix in RESULT_SUFFIXES:
        candidate = EXPECTED_DIR / f"{query_file.stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


# --- the competency questions ----------------------------------------------------------


@pytest.mark.parametrize("query_file", QUERY_FILES, ids=_ids(QUERY_FILES))
def test_competency_question(query_file: Path, store: ox.Store) -> None:
    expected_file = _expected_file(query_file)
    if expected_file is None:
        pytest.fail(
            f"{query_file.name} has no expected results: add "
            f"queries/expected/{query_file.stem}.srj (SELECT/ASK, SPARQL 1.1 JSON) or "
            f"queries/expected/{query_file.stem}.nt (CONSTRUCT/DESCRIBE, N-Triples), e.g. from "
            f"`haitikg query queries/{query_file.name} --format json`, checked by hand "
            "against the article",
            pytrace=False,
        )
    text = query_file.read_text(encoding="utf-8")
    result = run(text, store)

    if isinstance(result, ox.QueryTriples):
        assert expected_file.suffix == ".nt", (
            f"{query_file.name} returns a graph; its expected file must be .nt, "
            f"not {expected_file.name}"
        )
        _compare_graphs(query_file, result, expected_file)
        return

    assert expected_file.suffix == ".srj", (
        f"{query_file.name} returns solutions or a boolean; its expected file must be .srj, "
        f"not {expected_file.name}"
    )
    expected = json.loads(expected_file.read_text(encoding="utf-8"))

    if isinstance(result, ox.QueryBoolean):
        assert "boolean" in expected, f"{expected_file.name} holds no ASK boolean"
        assert bool(result) is expected["boolean"], f"{query_file.name}: ASK answer differs"
        return

    assert "results" in expected, f"{expected_file.name} holds no SELECT results"
    variables = [v.value for v in result.variables]
    assert variables == expected["head"]["vars"], f"{query_file.name}: variables differ"
    actual_rows = [tuple(_from_oxigraph(sol[v]) for v in variables) for sol in result]
    expected_rows = [
        tuple(_from_json(binding.get(v)) for v in variables)
        for binding in expected["results"]["bindings"]
    ]
    if _has_order_by(text):
        assert actual_rows == expected_rows, f"{query_file.name}: rows differ (ordered)"
    else:
        assert Counter(actual_rows) == Counter(expected_rows), (
            f"{query_file.name}: rows differ (as a multiset)"
        )


def _compare_graphs(query_file: Path, result: ox.QueryTriples, expected_file: Path) -> None:
    actual = Graph()
    actual.parse(data=ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    expected = Graph()
    expected.parse(expected_file, format="nt")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(
            f"{query_file.name}: graph differs from {expected_file.name}\n"
            f"only in result:\n{only_actual.serialize(format='nt')}\n"
            f"only in expected:\n{only_expected.serialize(format='nt')}",
            pytrace=False,
        )


# --- the catalogue and its headers -----------------------------------------------------


def test_there_are_at_least_20_competency_questions() -> None:
    assert len(QUERY_FILES) >= 20, f"only {len(QUERY_FILES)} queries in {QUERIES_DIR}"


def test_every_query_has_a_complete_header() -> None:
    catalogue = load_catalogue(QUERIES_DIR)
    assert [q.path.name for q in catalogue] == [f.name for f in QUERY_FILES]
    for query in catalogue:
        assert query.title and query.question and query.answer, query.path.name
        assert "\n" not in query.title, query.path.name


def test_at_least_five_queries_use_only_the_standard_profile() -> None:
    standard = [q.name for q in load_catalogue(QUERIES_DIR) if q.standard_profile]
    assert len(standard) >= 5, standard


OWN_TERMS = re.compile(r"https://w3id\.org/haitikg/|\b(?:hkg|voc):")


def test_standard_profile_queries_use_no_haitikg_terms() -> None:
    offenders = {}
    for query in load_catalogue(QUERIES_DIR):
        if query.standard_profile:
            hits = sorted({m.group(0) for m in OWN_TERMS.finditer(query.text)})
            if hits:
                offenders[query.path.name] = hits
    assert not offenders, f"queries marked profile: standard mention haitikg terms: {offenders}"


def test_every_expected_file_belongs_to_a_query() -> None:
    stems = {f.stem for f in QUERY_FILES}
    orphans = [
        f.name
        for f in sorted(EXPECTED_DIR.iterdir())
        if f.suffix in RESULT_SUFFIXES and f.stem not in stems
    ]
    assert not orphans, f"expected results without a query: {orphans}"


def test_a_header_without_a_question_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "99-bad.rq"
    bad.write_text("# title: A title\n# answer: rows\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    assert caught.value.file == str(bad)
    assert caught.value.line == 2
    assert "question" in str(caught.value)
    assert str(caught.value).startswith(f"{bad}:2:")


def test_a_header_is_parsed_across_continuation_lines(tmp_path: Path) -> None:
    good = tmp_path / "01-good.rq"
    good.write_text(
        "# title: A title\n"
        "# question: first line\n"
        "# second line\n"
        "# answer: one row\n"
        "# profile: standard\n"
        "SELECT * WHERE { ?s ?p ?o }\n"
    )
    (query,) = load_catalogue(tmp_path)
    assert query.name == "01-good"
    assert query.question == "first line second line"
    assert query.answer == "one row"
    assert query.standard_profile is True
    assert query.path == good


def test_an_unknown_profile_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "01-bad.rq"
    bad.write_text("# title: t\n# question: q\n# answer: a\n# profile: basic\nASK {}\n")
    with pytest.raises(CatalogueError, match="unknown profile") as caught:
        parse_query(bad)
    assert caught.value.line == 4
