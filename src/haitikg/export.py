"""The events as one table in the columns conflict researchers know from ACLED.

One row per event (``haitikg export events``, ``/downloads/events.csv`` and ``.xlsx``).
Time follows the data model (docs/model.md): a day goes in ``event_date``; a period in
``begin``/``end``; what a text only bounds in ``earliest_begin`` … ``latest_end``, and a
bound against a publication whose day is unknown in words in ``time_note``. A cell the graph
has no value for stays empty: no stand-in date, place or actor is ever filled in.

Actors are placed by role: ``actor1`` is the one who acts (agent, sending state, pledger,
speaker, host, perpetrator, participant, in that order), ``actor2`` the one acted on or for
(guest, addressee, beneficiary, affected); the rest, and actors without a role, are
``assoc_actors`` with their role.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

import pyoxigraph as ox

from .markup import plain
from .namespaces import PREFIXES, VOCAB
from .rdfterms import select

VOC = str(VOCAB)
ACTOR1_ROLES = ("agent", "sender", "pledger", "speaker", "host", "perpetrator", "participant")
ACTOR2_ROLES = ("guest", "addressee", "beneficiary", "affected")
#: Qualifiers that read before the number ("more than 600"); the others follow it.
LEADING_QUALIFIERS = {"more-than", "at-least", "less-than", "up-to", "approximately", "nearly"}

#: (column, what it holds) in order: the header of the table and of its documentation.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "haitikg's id of the event: the last part of its IRI (the iri column)"),
    ("event_date", "the day it happened, when the source gives one (YYYY-MM-DD)"),
    ("begin", "when a period-long event began, at the source's precision (day, YYYY-MM, YYYY)"),
    ("end", "when it ended, at the source's precision"),
    ("earliest_begin", "a time it began no earlier than, when the source only bounds it"),
    ("latest_begin", "a time it had begun by"),
    ("earliest_end", "a time it had not ended before"),
    ("latest_end", "a time it was over by"),
    (
        "time_note",
        "a bound the source gives against a publication whose day is unknown; or, "
        "when sources give different days (event_date then empty), each day with who says it",
    ),
    ("date_basis", "where the time comes from: stated, from context, or bounded by the report"),
    ("event_type", "haitikg's event type"),
    ("cameo_code", "the CAMEO code the event type closely matches"),
    ("cameo_label", "that CAMEO code's name"),
    ("actor1", "the actor who acts"),
    ("actor1_role", "actor1's role"),
    ("actor2", "the actor acted on or for"),
    ("actor2_role", "actor2's role"),
    ("assoc_actors", "other actors, each with its role (name (role); …)"),
    ("location", "the place, as the source gives it"),
    ("country", "the state the place is (in)"),
    ("source_document", "the id of the document that reports the event (several: ; between)"),
    ("source_title", "its title"),
    ("source_url", "its address, when known"),
    (
        "evidence",
        "the sentence(s) of the source the event rests on; empty when only cited "
        "pages report it (document-level provenance: see source_url)",
    ),
    ("figures", "numbers the source gives for the event, with their hedge"),
    ("description", "haitikg's one-line description of the event"),
    ("iri", "the event's IRI"),
)
HEADER = tuple(name for name, _ in COLUMNS)
DATE_COLUMNS = ("event_date", "begin", "end", "earliest_begin", "latest_begin", "earliest_end",
                "latest_end")  # fmt: skip

NOT_DRAFT = "FILTER NOT EXISTS { ?event hkg:status voc:status-draft }"
SCALARS = {
    "label": "rdfs:label",
    "event_date": "hkg:date",
    "begin": "hkg:beginDate",
    "end": "hkg:endDate",
    "earliest_begin": "hkg:earliestBegin",
    "latest_begin": "hkg:latestBegin",
    "earliest_end": "hkg:earliestEnd",
    "latest_end": "hkg:latestEnd",
    "date_basis": "hkg:dateBasis/skos:prefLabel",
    "event_type": "hkg:eventType/skos:prefLabel",
    "cameo_code": "hkg:eventType/skos:closeMatch/skos:notation",
    "cameo_label": "hkg:eventType/skos:closeMatch/skos:prefLabel",
    "location": "sem:hasPlace/(rdfs:label|schema:name)",
}
QUERIES = {
    "events": f"SELECT DISTINCT ?event WHERE {{ ?event a sem:Event . {NOT_DRAFT} }}",
    "roles": """SELECT DISTINCT ?event ?actor ?name ?role ?roleName WHERE {
  ?event a sem:Event ; hkg:hasRole ?r . ?r rdf:value ?actor ; sem:roleType ?role .
  OPTIONAL { ?role skos:prefLabel ?roleName }
  OPTIONAL { ?actor rdfs:label ?name } }""",
    "actors": """SELECT DISTINCT ?event ?actor ?name WHERE {
  ?event a sem:Event ; sem:hasActor ?actor . FILTER NOT EXISTS { ?actor a sem:Role }
  FILTER NOT EXISTS { ?event hkg:hasRole/rdf:value ?actor }
  OPTIONAL { ?actor rdfs:label ?name } }""",
    "countries": """SELECT DISTINCT ?event ?name WHERE {
  ?event a sem:Event ; sem:hasPlace ?place .
  ?place (hkg:locatedIn|schema:containedInPlace)* ?country . ?country a hkg:State .
  ?country rdfs:label ?name }""",
    "sources": """SELECT DISTINCT ?event ?doc ?title ?url WHERE {
  ?event a sem:Event ; hkg:reportedIn ?doc .
  OPTIONAL { ?doc hkg:descriptiveTitle|dcterms:title|rdfs:label ?title }
  OPTIONAL { ?doc schema:url ?url } }""",
    "evidence": """SELECT DISTINCT ?event ?begin ?text WHERE {
  ?event a sem:Event ; prov:wasDerivedFrom ?span . ?span nif:beginIndex ?begin .
  OPTIONAL { ?span nif:sentence/nif:anchorOf ?sentence }
  OPTIONAL { ?span nif:anchorOf ?anchor }
  BIND(COALESCE(?sentence, ?anchor) AS ?text) FILTER(BOUND(?text)) }""",
    "figures": """SELECT DISTINCT ?event ?q ?value ?min ?max ?unit ?wording ?qualifier
  ?qualifierName WHERE {
  ?event a sem:Event ; hkg:hasFigure ?q .
  OPTIONAL { ?q schema:value ?value } OPTIONAL { ?q schema:minValue ?min }
  OPTIONAL { ?q schema:maxValue ?max } OPTIONAL { ?q schema:unitText ?unit }
  OPTIONAL { ?q hkg:wording ?wording }
  OPTIONAL { ?claim hkg:figure ?q ; hkg:qualifier ?qualifier .
             OPTIONAL { ?qualifier skos:prefLabel ?qualifierName } } }""",
    "disputed": """SELECT DISTINCT ?event ?day ?entry WHERE {
  ?event a sem:Event ; sem:hasTimeStamp ?day . FILTER NOT EXISTS { ?event hkg:date ?one }
  ?claim a hkg:TimeClaim ; rdf:subject ?event ; rdf:predicate sem:hasTimeStamp ;
         rdf:object ?day ; gaf:denotedBy ?entry }""",
    "relative": """SELECT DISTINCT ?event ?relation ?doc WHERE {
  ?event a sem:Event ; time:hasTime ?t .
  VALUES ?relation { time:before time:inside }
  ?t ?relation ?instant . ?doc hkg:publicationTime ?instant }""",
}


@dataclass
class Table:
    """Rows of cells under a header; cells are text (empty when the graph says nothing)."""

    header: tuple[str, ...]
    rows: list[dict[str, str]] = field(default_factory=list)


def events(store: Any) -> Table:
    """The events of ``store`` (a pyoxigraph store or one that answers like it)."""
    found = {_key(r["event"]) for r in _select(store, QUERIES["events"])}
    cells: dict[str, dict[str, list[str]]] = {e: defaultdict(list) for e in found}

    def add(event: str, column: str, value: str) -> None:
        if event in cells and value and value not in cells[event][column]:
            cells[event][column].append(value)

    for column, path in SCALARS.items():
        query = f"SELECT DISTINCT ?event ?v WHERE {{ ?event a sem:Event ; {path} ?v }}"
        for row in _select(store, query):
            add(_key(row["event"]), column, row["v"].value)
    roles: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in _select(store, QUERIES["roles"]):
        role = row["role"].value.removeprefix(VOC + "role-")
        roles[_key(row["event"])].append((_name(row), role, _text(row["roleName"]) or role))
    for row in _select(store, QUERIES["actors"]):
        roles[_key(row["event"])].append((_name(row), "", ""))
    for row in _select(store, QUERIES["countries"]):
        add(_key(row["event"]), "country", row["name"].value)
    for row in _select(store, QUERIES["sources"]):
        event = _key(row["event"])
        add(event, "source_document", _local(row["doc"].value))
        add(event, "source_title", _text(row["title"]))
        add(event, "source_url", _text(row["url"]))
    evidence = sorted(_select(store, QUERIES["evidence"]), key=lambda r: int(r["begin"].value))
    for row in evidence:  # the source's words, without its emphasis markers
        add(_key(row["event"]), "evidence", plain(row["text"].value))
    for row in _select(store, QUERIES["figures"]):
        add(_key(row["event"]), "figures", _figure(row))
    for row in _select(store, QUERIES["relative"]):
        over = row["relation"].value.endswith("before")
        what = "over before" if over else "under way when"
        doc = _local(row["doc"].value)
        add(_key(row["event"]), "time_note", f"{what} {doc} was published (day unknown)")
    disputed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in _select(store, QUERIES["disputed"]):  # the graph keeps each source's day
        disputed[_key(row["event"])][row["day"].value].append(_local(row["entry"].value))
    for event, days in disputed.items():
        said = "; ".join(f"{day} ({', '.join(sorted(by))})" for day, by in sorted(days.items()))
        add(event, "time_note", f"sources give different days: {said}")
        add(event, "days", min(days))
    table = Table(HEADER)
    for event in sorted(found, key=lambda e: _sort_key(cells[e], e)):
        line = {name: _join(name, cells[event][name]) for name in HEADER}
        line.update(_actors(roles[event]))
        line["event_id"], line["iri"] = _local(event), event
        line["description"] = _join("label", cells[event]["label"])
        table.rows.append(line)
    return table


def _select(store: ox.Store, query: str) -> list[ox.QuerySolution]:
    return list(select(store, query, use_default_graph_as_union=True, prefixes=PREFIXES))


def _key(term: Any) -> str:
    return str(term.value)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _text(term: Any) -> str:
    return "" if term is None else str(term.value)


def _name(row: Any) -> str:
    return _text(row["name"]) or _local(row["actor"].value)


def _join(column: str, values: list[str]) -> str:
    separator = " … " if column == "evidence" else "; "
    return separator.join(values)


def _sort_key(cells: dict[str, list[str]], event: str) -> tuple[str, str]:
    """The best known point (day, begin, latest begin, earliest begin); undated last."""
    for column in ("event_date", "days", "begin", "latest_begin", "earliest_begin"):
        if cells[column]:
            return cells[column][0], event
    return "~", event


def _actors(roles: list[tuple[str, str, str]]) -> dict[str, str]:
    """actor1, actor2 and the associated actors, by role (see the module docstring)."""

    def rank(roles_in_order: tuple[str, ...], item: tuple[str, str, str]) -> tuple[int, str]:
        role = item[1]
        return (roles_in_order.index(role) if role in roles_in_order else 99, item[0])

    left = sorted(set(roles), key=lambda i: rank(ACTOR1_ROLES, i))
    out = {"actor1": "", "actor1_role": "", "actor2": "", "actor2_role": ""}
    first = next((i for i in left if i[1] in ACTOR1_ROLES), None)
    if first:
        out["actor1"], out["actor1_role"] = first[0], first[2]
        left.remove(first)
    second = min((i for i in left if i[1] in ACTOR2_ROLES), key=lambda i: rank(ACTOR2_ROLES, i),
                 default=None)  # fmt: skip
    if second:
        out["actor2"], out["actor2_role"] = second[0], second[2]
        left.remove(second)
    out["assoc_actors"] = "; ".join(f"{name} ({label})" if label else name
                                    for name, _, label in left)  # fmt: skip
    return out


def _figure(row: Any) -> str:
    """``more than 600 officers``, ``217 police officers``, ``5600 people (estimate)``."""
    number = next((row[k].value for k in ("value", "min", "max") if row[k] is not None), "")
    text = " ".join(part for part in (number, _text(row["unit"])) if part)
    qualifier = _text(row["qualifier"]).removeprefix(VOC + "qualifier-")
    name = _text(row["qualifierName"])
    if name and qualifier in LEADING_QUALIFIERS:
        text = f"{name} {text}"
    elif name and qualifier != "exact":
        text = f"{text} ({name})"
    wording = plain(_text(row["wording"]))
    return f"{text} — “{wording}”" if wording and text else text or wording


def write_csv(table: Table, out: IO[bytes]) -> None:
    """UTF-8 CSV with a header row (RFC 4180 quoting)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.DictWriter(text, fieldnames=table.header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table.rows)
    text.flush()
    text.detach()


def write_xlsx(table: Table, out: IO[bytes], about: Iterable[tuple[str, str]] = ()) -> None:
    """An Excel workbook: the events (days as real dates), then what each column holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet = book.active
    if not isinstance(sheet, Worksheet):  # a new workbook's one sheet is a worksheet
        raise TypeError(f"unexpected first sheet {sheet!r}")
    sheet.title = "events"
    sheet.append(list(table.header))
    for row in table.rows:
        sheet.append([_excel(name, row[name]) for name in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, name in enumerate(table.header, start=1):
        width = max([len(name), *(len(r[name]) for r in table.rows)]) + 2
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(width, 60)
        if name in ("evidence", "figures", "description", "assoc_actors"):
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes = book.create_sheet("columns")
    notes.append(["column", "what it holds"])
    for name, meaning in COLUMNS:
        notes.append([name, meaning])
    for key, value in about:
        notes.append([key, value])
    notes.column_dimensions["A"].width = 18
    notes.column_dimensions["B"].width = 100
    book.save(out)


def _excel(column: str, value: str) -> Any:
    """Days become Excel dates; months and years (``2024-06``) stay as written."""
    if column in DATE_COLUMNS and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
