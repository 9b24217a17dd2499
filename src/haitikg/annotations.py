"""Stand-off annotation files: parse them, find each quote in the text, report errors by line.

An annotation file (``<doc-id>.ann.yaml``) lists facts; each fact quotes the words it
rests on. This module turns the YAML into :class:`Fact` records with resolved
:class:`Span` offsets, and raises :class:`AnnotationError` naming ``file:line`` and the
quote for anything that cannot be turned into RDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from . import yamlerror
from .corpus import Document
from .errors import AnnotationError

#: A mapping as a YAML file gives it (yamlerror.read adds ``__line__`` and ``__lines__``).
YamlMap = dict[str, Any]


class ErrorAt(Protocol):
    """Makes the error of a message about one key of an item (or about the whole item)."""

    def __call__(self, message: str, key: str | None = None, /) -> AnnotationError: ...


KINDS = ("event", "figure", "quotation", "aim", "assessment", "statement")

#: An event's time keys (docs/model.md, "Events: time"): points, and bounds on them.
TIME_POINTS = ("date", "begin", "end")
TIME_BOUNDS = ("earliest-begin", "latest-begin", "earliest-end", "latest-end")
TIME_KEYS = (*TIME_POINTS, *TIME_BOUNDS, "ongoing")

#: Keys each kind accepts, beside the COMMON ones (docs/model.md).
KEYS: dict[str, set[str]] = {
    "event": {
        "type",
        "event-type",
        *TIME_KEYS,
        "date-basis",
        "place",
        "place-basis",
        "roles",
        "mission",
        "sub-event-of",
        "concerns",
        "targets",
    },
    "figure": {
        "measure",
        "wording",
        "value",
        "unit",
        "qualifier",
        "reported-by",
        "about",
        "concerns",
        "place",
        "place-basis",
        "period",
        "as-of",
        "instance",
    },
    "quotation": {"speaker", "in"},
    "aim": {"by", "of"},
    "assessment": {"text", "about", "reported-by"},
    "statement": {
        "subject",
        "property",
        "object",
        "begin",
        "end",
        "as-of",
        "membership",
        "capacity",
    },
}
#: Keys of every kind: the evidence, and the review status of drafted items.
COMMON = {"kind", "id", "label", "quote", "also", "occurrence", "status", "confidence", "cue"}
REQUIRED: dict[str, set[str]] = {
    "event": {"id", "label", "type"},
    "figure": {"id", "label", "measure", "wording", "value", "unit", "qualifier"},
    "quotation": {"id", "label", "speaker"},
    "aim": {"id", "label"},
    "assessment": {"id", "label", "text", "about"},
    "statement": {"subject", "property", "object"},
}
#: Review states: only confirmed items are published; drafts with ``build --drafts``.
STATUSES = ("confirmed", "draft", "rejected")

_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_YEAR_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^\d{4}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Span:
    """Where a quote stands in its document, in code points of the NFC text."""

    begin: int
    end: int
    text: str


@dataclass
class Fact:
    """One annotated fact: its kind, fields, and the spans of text it rests on."""

    kind: str
    fields: dict[str, Any]
    spans: list[Span]
    file: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)
    #: For a fact read from a table of cited facts: the entry's words (a figure's wording
    #: must be part of them) and the figure the table gives, which a figure may state.
    words: str | None = None
    given: int | float | None = None

    @property
    def id(self) -> str | None:
        return self.fields.get("id")

    @property
    def item_id(self) -> str:
        """The id of an item (every kind but a statement has one: ``REQUIRED``)."""
        if not isinstance(ident := self.fields.get("id"), str):
            raise self.error(f"a {self.kind} needs an id", "id")
        return ident

    @property
    def status(self) -> str:
        return str(self.fields.get("status", "confirmed"))

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def error(
        self, message: str, key: str | None = None, quote: str | None = None
    ) -> AnnotationError:
        """An AnnotationError pointing at this fact, or at one of its keys."""
        line = self.line if key is None else self.lines.get(key, self.line)
        return AnnotationError(self.file, line, message, quote)


@dataclass
class Annotations:
    """A document's annotation file, parsed."""

    document: Document
    path: Path
    entities: dict[str, YamlMap]
    facts: list[Fact]


def _clean(mapping: YamlMap) -> YamlMap:
    return {k: v for k, v in mapping.items() if k not in ("__line__", "__lines__")}


def find_quote(doc: Document, quote: str, occurrence: int | None, fact: Fact) -> Span:
    """The one place ``quote`` stands in the text, or an error that says why not."""
    if not isinstance(quote, str) or not quote.strip():
        raise fact.error("quote must be a non-empty string", "quote", str(quote))
    starts = [m.start() for m in re.finditer(re.escape(quote), doc.text)]
    if not starts:
        hint = ""
        plain = doc.text.translate(_PLAIN)
        if quote.translate(_PLAIN) in plain:
            hint = " (it does with straight quotes/apostrophes: copy the text's ’ “ ” exactly)"
        raise fact.error(f"quote not found in {doc.path.name}{hint}", "quote", quote)
    if occurrence is None:
        if len(starts) > 1:
            at = ", ".join(str(s) for s in starts)
            raise fact.error(
                f"quote is ambiguous: it occurs {len(starts)} times (at {at}); "
                "quote more words or add `occurrence: N`",
                "quote",
                quote,
            )
        begin = starts[0]
    else:
        if not isinstance(occurrence, int) or not 1 <= occurrence <= len(starts):
            raise fact.error(
                f"occurrence must be 1..{len(starts)} for this quote", "occurrence", quote
            )
        begin = starts[occurrence - 1]
    return Span(begin, begin + len(quote), quote)


_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def parse_number(raw: Any, error: ErrorAt, key: str = "value") -> int | float:
    """``"5,600"`` → 5600; ``"2.5"`` → 2.5. Thousands separators only in groups of three;
    else ``error`` (a fact's, or a table entry's) says what is wrong."""
    if isinstance(raw, bool):
        raise error(f"{key} must be a number, not {raw!r}", key)
    if isinstance(raw, int | float):
        return raw
    text = str(raw).strip()
    if not _NUMBER.match(text):
        raise error(f'{key} {text!r} is not a number (write 5600, "5,600" or 2.5)', key)
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


# fmt: off
_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
_ORDINALS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth",
)
# fmt: on
_SCALED = re.compile(r"(\d+(?:\.\d+)?)\s*(million|billion|M|bn)\b")
_SCALE = {"million": 10**6, "M": 10**6, "billion": 10**9, "bn": 10**9}


def says_number(wording: str, number: int | float) -> bool:
    """Whether ``wording`` gives ``number``: in digits ("5,600", "5600"), scaled
    ("$13.3 million", "$200M"), or as a word up to twenty ("Nine-member", "fourth")."""
    digits = wording.replace(",", "")
    text = str(int(number)) if float(number).is_integer() else str(number)
    if re.search(rf"(?<![\d.]){re.escape(text)}(?![\d]|\.\d)", digits):
        return True
    for amount, unit in _SCALED.findall(digits):
        if round(float(amount) * _SCALE[unit]) == number:
            return True
    words = re.findall(r"[a-z]+", wording.lower())
    return any(
        number == table.index(w) for table in (_WORDS, _ORDINALS) for w in words if w in table
    )


def parse_time(raw: Any, fact: Fact, key: str, publication: bool = False) -> date | str:
    """A day (``2025-01-18``), a month (``2024-06``) or a year (``2024``); with
    ``publication``, also the word ``publication`` (the document's publication)."""
    if isinstance(raw, datetime):
        raise fact.error(f"{key} {raw} has a time of day; give the day only", key)
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if _DAY.match(text):  # a quoted day ("2025-03-02") is still a day
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if _YEAR_MONTH.match(text) or _YEAR.match(text) or (publication and text == "publication"):
        return text
    also = ", or `publication`" if publication else ""
    raise fact.error(
        f"{key} {text!r} is not a day (2025-01-18), a month (2024-06) or a year (2024){also}",
        key,
    )


def check_review(fields: YamlMap, error: ErrorAt) -> None:
    """``status``, ``confidence`` and ``cue`` of a fact or a document's entity."""
    status = fields.get("status", "confirmed")
    if not isinstance(status, str) or status not in STATUSES:
        raise error(f"status must be one of {', '.join(STATUSES)}, not {status!r}", "status")
    confidence = fields.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not 0 <= confidence <= 1
    ):
        raise error(f"confidence must be a number from 0 to 1, not {confidence!r}", "confidence")
    cue = fields.get("cue")
    if cue is not None and (not isinstance(cue, str) or not cue.strip()):
        raise error(f"cue must be a non-empty string, not {cue!r}", "cue")


def load_annotations(path: Path, doc: Document) -> Annotations:
    """Parse and check one annotation file against its document."""
    name = path.name
    raw = yamlerror.read(path, lambda line, what: AnnotationError(name, line, what))
    if not isinstance(raw, dict):
        raise AnnotationError(
            name, 1, "an annotation file is a mapping with `document` and `facts`"
        )
    if raw.get("document") != doc.id:
        raise AnnotationError(
            name,
            raw["__lines__"].get("document", 1),
            f"document is {raw.get('document')!r}, expected {doc.id!r}",
        )
    entities = {}
    declared = raw.get("entities") or {}
    if not isinstance(declared, dict):
        line = raw["__lines__"].get("entities", 1)
        raise AnnotationError(name, line, "`entities` must map entity ids to their type and label")
    for key, value in declared.items():
        if key in ("__line__", "__lines__"):
            continue
        if not isinstance(value, dict):
            raise AnnotationError(
                name,
                raw["__lines__"].get("entities", 1),
                f"entity {key!r} must be a mapping with type and label",
            )
        spec = {**_clean(value), "__line__": value["__line__"]}
        check_review(spec, _entity_error(name, key, value))
        entities[key] = spec
    items = raw.get("facts")
    if not isinstance(items, list) or not items:
        raise AnnotationError(name, raw["__lines__"].get("facts", 1), "`facts` must be a list")
    facts = []
    for item in items:
        if not isinstance(item, dict):
            raise AnnotationError(name, 0, f"each fact must be a mapping, got {item!r}")
        facts.append(_fact(item, name, doc))
    seen: dict[str, Fact] = {}
    for fact in facts:
        if fact.id is None:
            continue
        if fact.id in seen:
            raise fact.error(f"id {fact.id!r} already used at line {seen[fact.id].line}", "id")
        seen[fact.id] = fact
    return Annotations(doc, path, entities, facts)


def _entity_error(name: str, key: str, spec: YamlMap) -> ErrorAt:
    """An error factory pointing at one of a document entity's keys."""

    def error(message: str, field: str | None = None) -> AnnotationError:
        line = spec["__lines__"].get(field, spec["__line__"])
        return AnnotationError(name, line, f"entity {key!r}: {message}")

    return error


def parse_fact(
    item: YamlMap, name: str, kinds: tuple[str, ...] = KINDS, common: set[str] = COMMON
) -> Fact:
    """A fact's kind, keys and ids checked, without its evidence (quotes or sources)."""
    fields = _clean(item)
    kind = fields.get("kind")
    fact = Fact(str(kind), fields, [], name, item["__line__"], item["__lines__"])
    if kind not in kinds:
        raise fact.error(f"kind must be one of {', '.join(kinds)}, not {kind!r}", "kind")
    unknown = set(fields) - common - KEYS[kind]
    if unknown:
        allowed = ", ".join(sorted(common | KEYS[kind]))
        key = sorted(unknown)[0]
        raise fact.error(f"unknown key {key!r} for a {kind} (allowed: {allowed})", key)
    missing = REQUIRED[kind] - set(fields)
    if missing:
        raise fact.error(f"a {kind} needs {', '.join(sorted(missing))}")
    for key in ("id", "instance", "membership"):
        value = fields.get(key)
        if value is not None and not (isinstance(value, str) and _ID.match(value)):
            raise fact.error(f"{key} {value!r} must be lowercase letters, digits and hyphens", key)
    if "membership" in fields and fields.get("property") != "hkg:holdsPost":
        raise fact.error("membership names a post holding: only for hkg:holdsPost", "membership")
    if "capacity" in fields and "membership" not in fields:
        raise fact.error("capacity qualifies a post holding: give its membership id", "capacity")
    check_review(fields, fact.error)
    return fact


def _fact(item: YamlMap, name: str, doc: Document) -> Fact:
    fact = parse_fact(item, name)
    fields = fact.fields
    if "quote" not in fields:
        raise fact.error("every fact needs the `quote` it rests on")
    fact.spans.append(find_quote(doc, fields["quote"], fields.get("occurrence"), fact))
    for extra in fields.get("also") or []:
        fact.spans.append(find_quote(doc, extra, None, fact))
    return fact
