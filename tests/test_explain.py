"""Syntax errors in words: each kind of mistake gets its position and what to do about it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from haitikg.explain import MalformedQuery, SyntaxProblem, explain
from haitikg.namespaces import PREFIXES

STORE = ox.Store()


def problem(text: str, update: bool = False) -> SyntaxProblem:
    """What the engine says about ``text``, explained."""
    try:
        if update:
            STORE.update(text)
        else:
            STORE.query(text)
    except SyntaxError as exc:
        return explain(text, str(exc), {**PREFIXES, "wdt": "http://www.wikidata.org/prop/direct/"}
                       if "wdt" in text else PREFIXES, update=update)  # fmt: skip
    raise AssertionError(f"the engine accepted {text!r}")


def test_an_undeclared_prefix_is_named_with_the_declaration_to_add():
    p = problem("SELECT * WHERE {\n  ?s wdt:P31 ?o\n}")
    assert (p.line, p.column) == (2, 6)
    assert p.message == (
        "unknown prefix `wdt:` — declare `PREFIX wdt: <http://www.wikidata.org/prop/direct/>`"
    )


def test_an_unknown_prefix_suggests_the_closest_standard_one():
    p = problem("SELECT * WHERE { ?e a hkgg:Event }")
    assert (p.line, p.column) == (1, 23)
    assert "unknown prefix `hkgg:`" in p.message
    assert "did you mean `hkg:`, <https://w3id.org/haitikg/ontology#>?" in p.message
    assert "\n" not in p.message and "\\u{" not in p.message


@pytest.mark.parametrize(
    ("text", "line", "column", "says"),
    [
        ('SELECT * WHERE { ?s ?p "open }', 1, 24, "this string is never closed"),
        ("SELECT * WHERE {\n  ?s ?p ?o", 1, 16, "this `{` is never closed"),
        ("SELECT * WHERE { ?s ?p ?o ) }", 1, 27, "this `)` closes the `{` at line 1"),
        ("SELECT * WHERE { ?s ?p ?o }}", 1, 28, "this `}` closes nothing"),
        ("SELECT * WHERE { ?s ?p ?o }\nLIMT 5", 2, 1, "unexpected `LIMT`"),
        (
            "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?x = )\n}",
            3,
            3,
            "the query cannot be read from here: `FILTER(?x = )`",
        ),
        ("SELECT ?x WHERE { ?x ?p }", 1, 19, "the query cannot be read from here: `?x ?p }`"),
        ("SELECT * WHERE { ?s <http://a b> ?o }", 1, 33, "this is not a valid IRI"),
        ("SELECT ?x WHERE { ?s ?p ?o } GROUP BY ?s", 1, 41, "variable that is unbound"),
    ],
)
def test_each_mistake_gets_its_place_and_reason(text, line, column, says):
    p = problem(text)
    assert (p.line, p.column) == (line, column)
    assert says in p.message
    assert "['" not in p.message, "no grammar internals"


def test_an_update_is_explained_with_the_update_grammar():
    p = problem("INSERT DATA { <http://a> <http://b> <http://c> . }}", update=True)
    assert "closes nothing" in p.message


def test_the_error_type_carries_status_and_position():
    error = MalformedQuery.from_engine("SELECT * WHERE { ?s ?p", "error at 1:23: expected one of")
    assert error.status == 400
    assert str(error).startswith("line 1, column 16: this `{` is never closed")
    assert error.shifted(0).problem == error.problem
    assert error.shifted(5).problem.line == 1  # never before the text
