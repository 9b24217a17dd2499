"""Dates in the text, normalised to a day, a month or a year, or to bounds.

Absolute dates ("January 18, 2025", "June 2024", "in 2024") are read as written. Relative
ones ("on Tuesday", "in March", "last year", "earlier this month", "since August") are
resolved against ``anchor``, the document's date, when there is one; without it they stay
``unresolved``: the drafter never guesses a date. Durations and offsets from other events
("for twelve months", "two months after the vote") are not dates and are left alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from .records import TimeExpression

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = (
    r"(?P<month>" + "|".join(m.title() for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
)
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d|,\d)"
_PART = r"(?:(?P<part>early|mid|late|the end of|the beginning of|the start of)[\s-]+)?"
_SINCE = r"(?:(?P<since>[Ss]ince)\s+)?"
_DAYPART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_E = r"\*?"  # Markdown emphasis around a date: "Since *June 2024*"

_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4, "final": 4}
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "nine": 9}
_OF_YEAR = rf"\s+of\s+(?:{_YEAR}|(?P<rel>the|this|last|next)\s+year)"

#: The regular expression of each cue, tried in this order: a span one cue took, no later one takes.
CUES: dict[str, str] = {
    "date:quarter": (
        rf"\b(?:the\s+)?(?P<ordinal>first|second|third|fourth|last|final)\s+quarter{_OF_YEAR}"
    ),
    "date:first months": (
        rf"\b(?:the\s+)?first\s+(?P<count>two|three|four|five|six|nine)\s+months{_OF_YEAR}"
    ),
    "date:end of month": rf"\bthe\s+end\s+of\s+{_MONTH}(?:\s+{_YEAR})?(?!\s+\d)",
    "date:last weekend": r"\b(?P<rel>last|this\s+past)\s+weekend\b",
    "date:last month name": rf"\b(?P<rel>last|this|next)\s+{_MONTH}\b(?!\s+\d)",
    "date:day month year": (
        rf"{_SINCE}{_E}(?:{_WEEKDAY}{_DAYPART},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_E}"
    ),
    "date:month day, year": (
        rf"{_SINCE}{_E}(?:{_WEEKDAY}{_DAYPART},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_E}"
    ),
    "date:day month": rf"{_SINCE}(?:{_WEEKDAY},?\s+)?\b{_DAY}\s+{_MONTH}\b(?![\s,]+\d)",
    "date:month day": rf"{_SINCE}\b{_MONTH}\s+{_DAY}\b(?![\s,]*\d)(?!\s*(?:percent|%))",
    "date:month of last year": (
        rf"{_SINCE}\b{_PART}{_MONTH}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b"
    ),
    "date:end of year": rf"\b(?:by|before)\s+the\s+end\s+of\s+{_YEAR}",
    "date:month year": rf"{_SINCE}{_E}\b{_PART}{_MONTH}\s+(?:of\s+)?{_YEAR}{_E}",
    "date:in month": (
        rf"(?:\b(?P<prep>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]etween|[Tt]hrough|"
        rf"[Tt]ill)\s+){_PART}{_MONTH}\b(?!\s+\d)"
    ),
    "date:year": rf"{_SINCE}(?<![\w$.,])(?<!Resolution )(?<!resolution )\*?{_YEAR}\*?(?![\w%])",
    "date:weekday": rf"\b(?P<rel>last|next|this\s+past)?\s*{_WEEKDAY}{_DAYPART}\b",
    "date:earlier this": (
        r"\b(?P<which>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b"
    ),
    "date:coming": (
        r"\b(?:the\s+)?(?:coming|next\s+few|weeks?\s+and)\s+(?P<unit>days|weeks|months)\b"
    ),
    "date:end of the year": (
        r"\b(?P<by>before|by)\s+the\s+end\s+of\s+(?:the|this)\s+(?P<unit>year|month)\b"
    ),
    "date:last year": rf"{_SINCE}\b(?P<rel>last|this|next|past)\s+(?P<unit>week|month|year)\b",
    "date:deictic": r"\b(?P<deictic>yesterday|today|tomorrow)\b",
}
PATTERNS: list[tuple[str, re.Pattern[str]]] = [(cue, re.compile(rx)) for cue, rx in CUES.items()]


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


#: (kind, value, earliest, latest, basis) of one match; kind None drops it.
Resolved = tuple[str | None, str | None, str | None, str | None, str | None]
Groups = dict[str, str | None]
NOTHING: Resolved = (None, None, None, None, None)


def _resolve(cue: str, g: Groups, anchor: date | None, future: bool) -> Resolved:
    """What one match means: as written, else resolved against ``anchor``."""
    month = MONTHS.get((g.get("month") or "").lower().rstrip("."), 0)
    stated = _stated(cue, g, month, anchor)
    if stated is not None:
        return stated
    if anchor is None:
        return "unresolved", None, None, None, "relative"
    relative = RELATIVE.get(cue)
    return relative(g, month, anchor, future) if relative else NOTHING


def _stated(cue: str, g: Groups, month: int, anchor: date | None) -> Resolved | None:
    """A date the text gives with its year (a quarter or first months of "this year"
    take the year from ``anchor``); None when the year must come from the anchor."""
    year = int(str(g["year"])) if g.get("year") else None
    if cue in ("date:day month year", "date:month day, year") and year is not None:
        try:
            return (
                "xsd:date",
                date(year, month, int(str(g["day"]))).isoformat(),
                None,
                None,
                "stated",
            )
        except ValueError:
            return NOTHING
    if cue == "date:month year" and year is not None:
        return "xsd:gYearMonth", _fmt_month(year, month), None, None, "stated"
    if cue == "date:year" and year is not None:
        return "xsd:gYear", str(year), None, None, "stated"
    if cue == "date:end of year":
        return "bounds", None, None, f"{year}-12-31", "stated"
    if cue in ("date:quarter", "date:first months") and year is None and anchor is not None:
        year = anchor.year + {"last": -1, "next": 1}.get(g.get("rel") or "", 0)
    basis = "stated" if g.get("year") else "relative"
    if cue == "date:quarter" and year is not None:
        first = 3 * (_ORDINAL[str(g["ordinal"]).lower()] - 1) + 1
        return "bounds", None, _fmt_month(year, first), _fmt_month(year, first + 2), basis
    if cue == "date:first months" and year is not None:
        last = _COUNT[str(g["count"]).lower()]
        return "bounds", None, _fmt_month(year, 1), _fmt_month(year, last), basis
    if cue == "date:end of month" and year is not None:
        end = date(year, month, calendar.monthrange(year, month)[1])
        return "bounds", None, None, end.isoformat(), "stated"
    return None


def _year_of(month: int, anchor: date, future: bool) -> int:
    """The year of a month named without one: the last such month, or the next one in a
    sentence about the future."""
    if future and month < anchor.month:
        return anchor.year + 1
    return anchor.year if month <= anchor.month or future else anchor.year - 1


def _end_of_month(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    y = _year_of(month, anchor, future)
    end = date(y, month, calendar.monthrange(y, month)[1])
    return "bounds", None, None, end.isoformat(), "relative"


def _last_weekend(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    if saturday + timedelta(days=1) >= anchor:
        saturday -= timedelta(days=7)
    sunday = saturday + timedelta(days=1)
    return "bounds", None, saturday.isoformat(), sunday.isoformat(), "relative"


def _last_month_name(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    rel, y = str(g["rel"]).lower(), anchor.year
    if rel == "last" and month >= anchor.month:
        y -= 1
    if rel == "next" and month <= anchor.month:
        y += 1
    return "xsd:gYearMonth", _fmt_month(y, month), None, None, "relative"


def _day_month(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    for y in (anchor.year + 1, anchor.year, anchor.year - 1):
        try:
            d = date(y, month, int(str(g["day"])))
        except ValueError:
            return NOTHING
        if d <= anchor + timedelta(days=7 if not future else 365):
            return "xsd:date", d.isoformat(), None, None, "relative"
    return NOTHING


def _in_month(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    y = _year_of(month, anchor, future)
    return "xsd:gYearMonth", _fmt_month(y, month), None, None, "relative"


def _month_of_last_year(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    y = anchor.year + {"last": -1, "this": 0, "next": 1}[str(g["rel"])]
    return "xsd:gYearMonth", _fmt_month(y, month), None, None, "relative"


def _weekday(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    target = WEEKDAYS[str(g["weekday"]).lower()]
    rel = (g.get("rel") or "").split()[0] if g.get("rel") else ""
    if rel == "next" or (future and rel != "last"):
        delta = (target - anchor.weekday()) % 7 or 7
        return "xsd:date", (anchor + timedelta(days=delta)).isoformat(), None, None, "relative"
    delta = (anchor.weekday() - target) % 7
    if rel == "last" and delta == 0:
        delta = 7
    return "xsd:date", (anchor - timedelta(days=delta)).isoformat(), None, None, "relative"


def _last_unit(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    """ "last year", "this month", "next week"."""
    unit, step = g["unit"], {"last": -1, "past": -1, "this": 0, "next": 1}[str(g["rel"])]
    if unit == "year":
        return "xsd:gYear", str(anchor.year + step), None, None, "relative"
    if unit == "month":
        m = anchor.month + step
        y = anchor.year + (m - 1) // 12
        return "xsd:gYearMonth", _fmt_month(y, (m - 1) % 12 + 1), None, None, "relative"
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
    sunday = monday + timedelta(days=6)
    return "bounds", None, monday.isoformat(), sunday.isoformat(), "relative"


def _earlier_this(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    """ "earlier this month" (from its start to the publication), "later this year"."""
    unit = str(g["unit"])
    start = {
        "week": anchor - timedelta(days=anchor.weekday()),
        "month": _month_start(anchor),
        "year": anchor.replace(month=1, day=1),
    }[unit]
    if g["which"] == "earlier":
        return "bounds", None, start.isoformat(), "publication", "relative"
    end = {
        "week": start + timedelta(days=6),
        "month": anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1]),
        "year": anchor.replace(month=12, day=31),
    }[unit]
    return "bounds", None, "publication", end.isoformat(), "relative"


def _coming(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    return "bounds", None, "publication", None, "relative"


def _end_of_the(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    end = (
        anchor.replace(month=12, day=31)
        if g["unit"] == "year"
        else anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    )
    return "bounds", None, None, end.isoformat(), "relative"


def _deictic(g: Groups, month: int, anchor: date, future: bool) -> Resolved:
    step = {"yesterday": -1, "today": 0, "tomorrow": 1}[str(g["deictic"]).lower()]
    return "xsd:date", (anchor + timedelta(days=step)).isoformat(), None, None, "relative"


#: How each kind of relative date is resolved against the document's date.
RELATIVE: dict[str, Callable[[Groups, int, date, bool], Resolved]] = {
    "date:end of month": _end_of_month,
    "date:last weekend": _last_weekend,
    "date:last month name": _last_month_name,
    "date:day month": _day_month,
    "date:month day": _day_month,
    "date:in month": _in_month,
    "date:month of last year": _month_of_last_year,
    "date:weekday": _weekday,
    "date:last year": _last_unit,
    "date:earlier this": _earlier_this,
    "date:coming": _coming,
    "date:end of the year": _end_of_the,
    "date:deictic": _deictic,
}


_AND_MONTH = re.compile(rf"\s*(?:,|and|or)\s+{_MONTH}\b(?!\s+\d)")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|should|must|expected|due|scheduled|plans?|planned|aims?|hopes?|next)\b"
)


def find(text: str, anchor: date | None, sentences=None) -> list[TimeExpression]:
    """Every date expression, longest first where they overlap, in text order."""
    taken: list[tuple[int, int]] = []
    out: list[TimeExpression] = []
    for cue, pattern in PATTERNS:
        for m in pattern.finditer(text):
            begin, end = m.span()
            while begin < end and text[begin].isspace():
                begin += 1
            if any(b < end and begin < e for b, e in taken):
                continue
            g = m.groupdict()
            if cue == "date:in month" and g.get("prep", "").lower() == "since":
                g["since"] = "since"
            clause = text[max(0, begin - 80) : begin]
            if sentences is not None:
                clause = text[sentences.around(begin)[0] : begin]
            clause = re.split(r"[;:—(]|,(?!\d)|\b(?:who|whom|which|that)\b", clause)[-1]
            future = bool(_FUTURE.search(clause))
            kind, value, earliest, latest, basis = _resolve(cue, g, anchor, future)
            if cue == "date:last year" and (g.get("rel") or "").lower() == "this":
                cue = "date:this"  # "this year": from its start, still running
            if kind is None:
                continue
            if cue == "date:in month":  # the month alone, not the preposition
                begin = m.start("part") if g.get("part") else m.start("month")
            since = bool(g.get("since"))
            if since and kind not in ("unresolved", "bounds"):
                kind, earliest, latest, value = "bounds", value, "publication", None
            confidence = 0.9 if basis == "stated" else 0.75
            taken.append((begin, end))
            if cue == "date:in month" and (more := _AND_MONTH.match(text, m.end())):
                g2 = {**g, "month": more.group("month"), "part": None}
                kind2, value2, *_ = _resolve(cue, g2, anchor, future)
                b2, e2 = more.span("month")
                taken.append((b2, e2))
                out.append(TimeExpression(b2, e2, cue, 0.75, kind2, value2, basis="relative"))
            out.append(
                TimeExpression(
                    begin, end, cue, confidence, kind, value, earliest, latest, basis, since
                )
            )
    return sorted(out, key=lambda t: t.begin)
