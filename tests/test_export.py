"""The events table (``haitikg export events``): one row per event in ACLED-like columns,
every cell from the graph and none filled in."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from haitikg.export import HEADER, events, write_csv, write_xlsx
from haitikg.markup import plain

TIME = {
    "event_date": "hkg:date",
    "begin": "hkg:beginDate",
    "end": "hkg:endDate",
    "earliest_begin": "hkg:earliestBegin",
    "latest_begin": "hkg:latestBegin",
    "earliest_end": "hkg:earliestEnd",
    "latest_end": "hkg:latestEnd",
}


@pytest.fixture(scope="module")
def table(store):
    return events(store)


def _by_event(select, query: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in select(query):
        found.setdefault(row["e"], set()).add(row["v"])
    return found


def test_one_row_per_published_event(table, select):
    published = select(
        "SELECT DISTINCT ?e WHERE { ?e a sem:Event "
        "FILTER NOT EXISTS { ?e hkg:status <https://w3id.org/haitikg/vocab/status-draft> } }"
    )
    assert sorted(r["iri"] for r in table.rows) == sorted(r["e"] for r in published)
    assert table.header == HEADER
    assert HEADER[:2] == ("event_id", "event_date")


@pytest.mark.parametrize("column", sorted(TIME))
def test_times_are_the_graph_s_own_literals_never_a_stand_in(table, select, column):
    values = _by_event(select, f"SELECT ?e ?v WHERE {{ ?e a sem:Event ; {TIME[column]} ?v }}")
    for row in table.rows:
        assert set(filter(None, row[column].split("; "))) == values.get(row["iri"], set())


def test_an_event_without_time_has_empty_time_cells(table, select):
    undated = {
        r["e"]
        for r in select(
            "SELECT ?e WHERE { ?e a sem:Event FILTER NOT EXISTS { ?e sem:hasTimeStamp|"
            "sem:hasBeginTimeStamp|sem:hasEndTimeStamp|sem:hasEarliestBeginTimeStamp|"
            "sem:hasLatestBeginTimeStamp|sem:hasEarliestEndTimeStamp|sem:hasLatestEndTimeStamp"
            " ?t } }"
        )
    }
    for row in table.rows:
        if row["iri"] in undated:
            assert not any(row[c] for c in TIME), row


def test_type_cameo_place_and_source_come_from_the_graph(table, select):
    cameo = _by_event(
        select, "SELECT ?e ?v WHERE { ?e hkg:eventType/skos:closeMatch/skos:notation ?v }"
    )
    places = _by_event(select, "SELECT ?e ?v WHERE { ?e sem:hasPlace/rdfs:label ?v }")
    docs = _by_event(select, "SELECT ?e ?v WHERE { ?e a sem:Event ; hkg:reportedIn ?v }")
    assert any(row["cameo_code"] for row in table.rows)
    for row in table.rows:
        assert set(filter(None, row["cameo_code"].split("; "))) == cameo.get(row["iri"], set())
        assert set(filter(None, row["location"].split("; "))) == places.get(row["iri"], set())
        expected = {d.rsplit("/", 1)[-1] for d in docs.get(row["iri"], set())}
        assert set(filter(None, row["source_document"].split("; "))) == expected


def test_actors_are_placed_by_role_and_none_is_lost(table, select):
    actors = _by_event(
        select,
        "SELECT ?e ?v WHERE { ?e a sem:Event ; sem:hasActor ?a . ?a rdfs:label ?v "
        "FILTER NOT EXISTS { ?a a sem:Role } }",
    )
    roles = {r["iri"]: r for r in table.rows}
    for iri, names in actors.items():
        row = roles[iri]
        listed = {row["actor1"], row["actor2"]} - {""}
        listed |= {part.rsplit(" (", 1)[0] for part in row["assoc_actors"].split("; ") if part}
        assert listed == names, iri
    arrival = next(r for r in table.rows if r["event_id"] == "arrival-2025-01-18")
    assert arrival["actor1_role"] == "agent" and arrival["actor2_role"] == "beneficiary"


def test_evidence_is_the_source_s_own_sentence(table, select):
    texts = [
        plain(r["t"]) for r in select("SELECT ?t WHERE { ?c a nif:Context ; nif:isString ?t }")
    ]
    cited_only = {
        r["e"]
        for r in select(
            "SELECT ?e WHERE { ?e a sem:Event "
            "FILTER NOT EXISTS { ?e hkg:evidenceLevel voc:evidence-span } }"
        )
    }
    assert cited_only, "the timeline's events have document-level provenance only"
    for row in table.rows:
        if row["iri"] in cited_only:  # no sentence to quote: the cited pages instead
            assert not row["evidence"] and row["source_url"], row["event_id"]
            continue
        assert row["evidence"], row["event_id"]
        for sentence in row["evidence"].split(" … "):
            assert any(sentence in text for text in texts)


def test_figures_keep_the_source_s_hedge(table):
    deployment = next(r for r in table.rows if r["event_id"].startswith("kenya-deployment"))
    assert deployment["figures"].startswith("more than 600")
    assert "“over 600 officers”" in deployment["figures"]


def test_csv_has_the_header_and_every_row(table):
    out = io.BytesIO()
    write_csv(table, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert tuple(rows[0].keys()) == HEADER
    assert rows == table.rows


def test_xlsx_has_days_as_dates_and_a_sheet_explaining_the_columns(table):
    out = io.BytesIO()
    write_xlsx(table, out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = book["events"]
    header = [c.value for c in sheet[1]]
    assert tuple(header) == HEADER
    assert sheet.max_row == len(table.rows) + 1
    day = header.index("event_date") + 1
    for excel_row, row in zip(sheet.iter_rows(min_row=2), table.rows, strict=True):
        cell = excel_row[day - 1].value
        if row["event_date"]:
            assert cell.date() == date.fromisoformat(row["event_date"])
        else:
            assert cell in (None, "")
    assert [r[0].value for r in book["columns"].iter_rows(min_row=2)][: len(HEADER)] == list(HEADER)


def test_the_command_writes_csv_and_xlsx(build_dir, tmp_path, table):
    from click.testing import CliRunner

    from haitikg.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["export", "events", "--build-dir", str(build_dir)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == table.rows
    out = tmp_path / "events.xlsx"
    args = [
        "export",
        "events",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--build-dir",
        str(build_dir),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book["events"].max_row == len(table.rows) + 1
    cite = [r for r in book["columns"].iter_rows(values_only=True) if r[0] == "cite as"]
    assert cite and "Version" in cite[0][1]


def test_a_day_the_sources_disagree_on_keeps_each_source_s_day(table):
    """T36a and T36b date Kaetuai's death differently: no event_date, both days, attributed."""
    row = next(r for r in table.rows if r["event_id"] == "samuel-kaetuai-death")
    assert row["event_date"] == ""
    assert row["time_note"] == (
        "sources give different days: 2025-02-23 (mss-timeline-t36a); "
        "2025-02-25 (mss-timeline-t36b)"
    )
    days = [r["event_date"] or r["time_note"] for r in table.rows]
    assert days.index(row["time_note"]) < days.index("2025-03-07"), "placed at its first day"
