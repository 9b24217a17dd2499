"""What the drafter finds, before it is written out: spans of text with what they mean.

Every record carries the code-point offsets of the words it rests on, a confidence (0-1)
and the cue that produced it, so a reviewer can see why each item was proposed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Period = str | dict[str, str]
"""When a figure holds: a date (or month, year), or ``{"begin": …, "end": "publication"}``."""


@dataclass
class Found:
    """A stretch of text ``[begin, end)`` and why the drafter took it."""

    begin: int
    end: int
    cue: str
    confidence: float


@dataclass
class Mention(Found):
    entity: str = ""


@dataclass
class TimeExpression(Found):
    """A date in the text, normalised: ``kind`` is ``xsd:date``, ``xsd:gYearMonth``,
    ``xsd:gYear``, ``bounds`` or ``unresolved`` (relative, with no date to resolve it)."""

    kind: str = "unresolved"
    value: str | None = None
    earliest: str | None = None  # bounds: a time or "publication"
    latest: str | None = None
    basis: str = "stated"  # stated | relative (resolved against the document's date)
    since: bool = False  # "since X": begins at X, runs to the publication


@dataclass
class Holding(Found):
    """A person holding a post, from a title beside a name."""

    person: str = ""
    post: str = ""


@dataclass
class Figure(Found):
    """A number with what it counts; ``span`` is the number's own wording."""

    wording: tuple[int, int] = (0, 0)
    value: str = ""
    unit: str = ""
    qualifier: str = "exact"
    measure: str | None = None
    reporter: str | None = None
    period: Period | None = None
    place: str | None = None


@dataclass
class Quotation(Found):
    speaker: str = ""  # every quotation kept has one


@dataclass
class Event(Found):
    type: str = ""
    event_type: str | None = None  # a narrower concept of the event-type scheme
    trigger: str = ""
    roles: dict[str, list[str]] = field(default_factory=dict)
    place: str | None = None
    place_basis: str = "stated"
    time: dict[str, str] = field(default_factory=dict)
    also: list[tuple[int, int]] = field(default_factory=list)  # more spans it rests on
    trigger_left: str = ""  # the words up to the trigger, for rules that look back
    quotations: list[Quotation] = field(default_factory=list)
