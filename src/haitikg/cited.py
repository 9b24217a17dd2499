"""Tables of cited facts (``corpus/cited/*.yaml``): entries, their sources, their facts.

A table holds dated facts from public reporting whose text haitikg does not hold: each
entry gives the fact in the table's words, the figure and qualifier as the table gives
them, a confidence, and the sources it cites (URL, name, date where known). The facts read
from an entry are the annotation format's (docs/model.md) with the entry's sources in place
of quotes, so they are checked the same way, and a figure's wording must be words of the
entry. Errors name the file and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import yamlerror
from .annotations import ErrorAt, Fact, YamlMap, parse_fact, parse_number
from .errors import AnnotationError

#: What an entry's facts may be, and the keys every one of them takes (no quote: the
#: entry's sources are its evidence; no review keys: an entry is curated by hand).
KINDS = ("event", "figure", "statement")
COMMON = {"kind", "id", "label"}
TABLE_KEYS = {"table", "title", "description", "copy", "rows"}
ENTRY_KEYS = {"row", "date", "text", "figure", "figure-qualifier", "confidence", "sources", "facts"}
SOURCE_KEYS = {"name", "date", "url", "type"}
CONFIDENCES = ("high", "medium", "low")
SOURCE_TYPES = ("NewsArticle", "WebPage")
#: Keys that would place a fact against a publication, which a table entry does not have.
RELATIVE = ("ongoing",)
_ROW = re.compile(r"^[A-Za-z0-9]+$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")

Time = date | str


@dataclass
class CitedSource:
    """A page an entry cites: haitikg holds its address, name and date, not its text."""

    url: str
    names: list[str]
    date: Time | None
    type: str
    key: str  # its IRI's local name, ``source-<name>-<hash of the URL>``

    @property
    def name(self) -> str:
        return self.names[0]


@dataclass
class Entry:
    """One row of a table: its words, its figure as given, its sources, its facts."""

    row: str
    key: str  # ``<table>-<row>``, lowercase
    date: Time
    text: str
    confidence: str
    sources: list[CitedSource]
    facts: list[Fact]
    figure: int | float | None = None
    figure_qualifier: str | None = None
    line: int = 0


@dataclass
class CitedTable:
    """A table of cited facts and every source its entries cite."""

    id: str
    title: str
    description: str
    path: Path
    entries: list[Entry] = field(default_factory=list)
    sources: dict[str, CitedSource] = field(default_factory=dict)  # by URL

    @property
    def facts(self) -> list[Fact]:
        return [f for e in self.entries for f in e.facts]


def source_key(name: str, url: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    return f"source-{slug or 'page'}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"


def _time(raw: Any, error: ErrorAt, key: str) -> Time:
    """A day, a month (``2024-06``) or a year: what a table's date columns hold."""
    if isinstance(raw, datetime):
        raise error(f"{key} {raw} has a time of day; give the day only", key)
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if _MONTH.match(text) or _YEAR.match(text):
        return text
    raise error(f"{key} {text!r} is not a day (2025-01-18), a month (2024-06) or a year", key)


class _Where:
    """Errors pointing at a line of the table file."""

    def __init__(self, name: str, item: YamlMap, what: str) -> None:
        self.name, self.item, self.what = name, item, what

    def __call__(self, message: str, key: str | None = None) -> AnnotationError:
        lines = self.item.get("__lines__", {})
        line = lines.get(key, self.item.get("__line__", 0))
        return AnnotationError(self.name, line, f"{self.what}: {message}")


def _keys(item: Any, allowed: set[str], error: ErrorAt, required: tuple[str, ...]) -> YamlMap:
    if not isinstance(item, dict):
        raise error(f"must be a mapping with {', '.join(required)}")
    unknown = sorted(set(item) - allowed - {"__line__", "__lines__"})
    if unknown:
        raise error(
            f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})", unknown[0]
        )
    for key in required:
        if key not in item:
            raise error(f"needs {key!r}")
    return item


def _source(raw: Any, table: CitedTable, name: str, where: str) -> CitedSource:
    error = _Where(name, raw if isinstance(raw, dict) else {}, where)
    item = _keys(raw, SOURCE_KEYS, error, ("name", "url"))
    url, title = str(item["url"]).strip(), str(item["name"]).strip()
    if not re.match(r"^https?://\S+$", url):
        raise error(f"url {url!r} is not an http(s) URL", "url")
    if not title:
        raise error("name must not be empty", "name")
    when = _time(item["date"], error, "date") if "date" in item else None
    kind = str(item.get("type", "NewsArticle"))
    if kind not in SOURCE_TYPES:
        raise error(f"type must be one of {', '.join(SOURCE_TYPES)}, not {kind!r}", "type")
    known = table.sources.get(url)
    if known is None:
        known = CitedSource(url, [title], when, kind, source_key(title, url))
        table.sources[url] = known
        return known
    if known.type != kind or (when is not None and known.date not in (None, when)):
        raise error(f"{url} is cited elsewhere in this file with another type or date", "url")
    if title not in known.names:
        known.names.append(title)  # the same page cited under another name ("News.Az (Reuters)")
    known.date = known.date or when
    return known


def _fact(raw: Any, entry: Entry, name: str) -> Fact:
    if not isinstance(raw, dict):
        raise AnnotationError(name, entry.line, f"{entry.row}: each fact must be a mapping")
    fact = parse_fact(raw, name, KINDS, COMMON)
    for key in RELATIVE:
        if key in fact.fields:
            raise fact.error(f"{key} places a fact against a publication; an entry has none", key)
    for key, value in fact.fields.items():
        values = value.values() if isinstance(value, dict) else [value]
        if any(str(v) == "publication" for v in values):
            raise fact.error(f"{key}: an entry has no publication to be relative to", key)
    fact.words = entry.text
    fact.given = entry.figure
    return fact


def _entry(raw: Any, table: CitedTable, name: str, seen: dict[str, int]) -> Entry:
    error = _Where(name, raw if isinstance(raw, dict) else {}, "entry")
    item = _keys(raw, ENTRY_KEYS, error, ("row", "date", "text", "confidence", "sources", "facts"))
    row = str(item["row"])
    error.what = f"entry {row}"
    if not _ROW.match(row):
        raise error(f"row {row!r} must be letters and digits (T21a)", "row")
    if row in seen:
        raise error(f"row {row} is already used at line {seen[row]}", "row")
    seen[row] = item["__line__"]
    if item["confidence"] not in CONFIDENCES:
        raise error(f"confidence must be one of {', '.join(CONFIDENCES)}", "confidence")
    sources = item["sources"]
    if not isinstance(sources, list) or not sources:
        raise error("sources must be a list of {name, url, date} (at least one)", "sources")
    figure = None
    if "figure" in item:
        figure = parse_number(item["figure"], error)
    entry = Entry(
        row=row,
        key=f"{table.id}-{row.lower()}",
        date=_time(item["date"], error, "date"),
        text=str(item["text"]).strip(),
        confidence=str(item["confidence"]),
        sources=[_source(s, table, name, f"entry {row}, source") for s in sources],
        facts=[],
        figure=figure,
        figure_qualifier=str(item["figure-qualifier"]) if "figure-qualifier" in item else None,
        line=item["__line__"],
    )
    facts = item["facts"]
    if not isinstance(facts, list) or not facts:
        raise error("facts must be a list: an entry says something", "facts")
    entry.facts = [_fact(f, entry, name) for f in facts]
    if figure is not None and not any(
        f.kind == "figure" and parse_number(f.get("value"), f.error) == figure for f in entry.facts
    ):
        raise error(f"the entry gives the figure {item['figure']}: read it as a figure", "figure")
    return entry


def load_table(path: Path) -> CitedTable:
    """Parse and check one table of cited facts."""
    name = path.name
    raw = yamlerror.read(path, lambda line, what: AnnotationError(name, line, what))
    error = _Where(name, raw if isinstance(raw, dict) else {}, "table")
    item = _keys(raw, TABLE_KEYS, error, ("table", "title", "rows"))
    if item["table"] != path.stem:
        raise error(f"table is {item['table']!r}, expected {path.stem!r} (the file name)", "table")
    table = CitedTable(path.stem, str(item["title"]), str(item.get("description", "")), path)
    rows = item["rows"]
    if not isinstance(rows, list) or not rows:
        raise error("rows must be a list of entries", "rows")
    seen: dict[str, int] = {}
    table.entries = [_entry(r, table, name, seen) for r in rows]
    return table


def discover_tables(corpus_dir: Path) -> list[CitedTable]:
    """Every ``cited/*.yaml`` table of the corpus folder, sorted by name."""
    return [load_table(p) for p in sorted((corpus_dir / "cited").glob("*.yaml"))]
