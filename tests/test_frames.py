"""``haitikg.sparql()``: answers as pandas DataFrames with typed columns, from the local build
or from a real SPARQL endpoint (Oxigraph's own server on the same dump)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import haitikg
from haitikg.build import dataset_path
from haitikg.explain import MalformedQuery
from haitikg.frames import EndpointQueryError
from haitikg.namespaces import prologue_for
from servers import free_port, wait_until_answers

EVENTS = """SELECT ?event ?day ?begin ?n ?label WHERE {
  ?event a sem:Event ; rdfs:label ?label .
  OPTIONAL { ?event hkg:date ?day } OPTIONAL { ?event hkg:beginDate ?begin }
  OPTIONAL { ?event hkg:hasFigure/schema:value ?n }
} ORDER BY ?event ?n"""


@pytest.fixture(scope="module")
def oxigraph(build_dir: Path, tmp_path_factory) -> Iterator[str]:
    """``oxigraph serve-read-only`` on the session's build: a SPARQL endpoint not ours."""
    program = shutil.which("oxigraph")
    assert program, "the oxigraph CLI comes with the test extra: pip install -e '.[test]'"
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([program, "load", "--location", str(location), "--file",
                    str(dataset_path(build_dir))], check=True, capture_output=True)  # fmt: skip
    port = free_port()
    process = subprocess.Popen(
        [program, "serve-read-only", "--location", str(location), "--bind",
         f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_answers(url, process, "oxigraph serve-read-only", 30)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_columns_are_typed_by_their_values(build_dir, select):
    df = haitikg.sparql(EVENTS, build_dir=build_dir)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["event", "day", "begin", "n", "label"]
    assert str(df["day"].dtype).startswith("datetime64")
    assert str(df["n"].dtype) == "Int64"
    assert str(df["event"].dtype) == "string" and str(df["label"].dtype) == "string"
    days = select("SELECT ?e ?d WHERE { ?e a sem:Event ; hkg:date ?d }")
    assert df["day"].notna().sum() == len({r["e"] for r in days}) or len(days) <= len(df)
    for row in days:
        got = df.loc[df.event == row["e"], "day"].iloc[0]
        assert got == pd.Timestamp(row["d"])
    numbers = df["n"].dropna()
    assert len(numbers) and all(isinstance(v, int) for v in numbers.tolist())


def test_months_and_years_are_periods_not_first_days(build_dir, select):
    rows = select("SELECT ?e ?b WHERE { ?e hkg:beginDate ?b }")
    assert rows, "the build has events with a begin date"
    df = haitikg.sparql("SELECT ?e ?b WHERE { ?e hkg:beginDate ?b }", build_dir=build_dir)
    for value in df["b"]:
        assert isinstance(value, pd.Period | pd.Timestamp)
        if isinstance(value, pd.Period):
            assert value.freqstr[0] in "MY"  # a month or a year, as the source gives it
    years = haitikg.sparql(
        'SELECT ?y WHERE { VALUES ?y { "2024"^^xsd:gYear "2025"^^xsd:gYear } }',
        build_dir=build_dir,
    )
    assert isinstance(years["y"].dtype, pd.PeriodDtype)
    assert years["y"].iloc[0] == pd.Period("2024", freq="Y")


def test_iris_are_compacted_on_request(build_dir):
    full = haitikg.sparql("SELECT ?c WHERE { ?c a owl:Class } ORDER BY ?c", build_dir=build_dir)
    short = haitikg.sparql(
        "SELECT ?c WHERE { ?c a owl:Class } ORDER BY ?c", build_dir=build_dir, compact=True
    )
    assert "https://w3id.org/haitikg/ontology#Event" in set(full["c"])
    assert "hkg:Event" in set(short["c"]) and len(full) == len(short)


def test_ask_is_a_bool_and_construct_a_triple_table(build_dir):
    assert haitikg.sparql("ASK { ?e a hkg:ContingentArrival }", build_dir=build_dir) is True
    triples = haitikg.sparql(
        "CONSTRUCT { ?e a hkg:Event } WHERE { ?e a hkg:Event }", build_dir=build_dir
    )
    assert list(triples.columns) == ["subject", "predicate", "object"]
    assert len(triples) > 0


def test_a_remote_endpoint_gives_the_same_frame(build_dir, oxigraph):
    here = haitikg.sparql(EVENTS, build_dir=build_dir)
    there = haitikg.sparql(EVENTS, endpoint=oxigraph)  # Oxigraph knows none of our prefixes
    pd.testing.assert_frame_equal(here, there)


def test_a_query_s_own_prefix_wins(build_dir):
    mine = "PREFIX hkg: <http://example.org/not-haitikg#>\nASK { ?e a hkg:Event }"
    assert haitikg.sparql(mine, build_dir=build_dir) is False
    assert prologue_for(mine) == ""


def test_a_malformed_query_says_where_and_why_locally_and_remotely(build_dir, oxigraph):
    query = "SELECT ?s WHERE {\n  ?s wdt:P31 ?o\n}"
    for endpoint in (None, oxigraph):
        with pytest.raises(MalformedQuery) as caught:
            haitikg.sparql(query, endpoint=endpoint, build_dir=build_dir)
        problem = caught.value.problem
        assert (problem.line, problem.column) == (2, 6)  # where `wdt:P31` starts
        assert "unknown prefix `wdt:`" in problem.message


def test_an_unreachable_endpoint_is_named():
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    with pytest.raises(EndpointQueryError, match=f"127.0.0.1:{port}"):
        haitikg.sparql("ASK {}", endpoint=url, timeout=5)
