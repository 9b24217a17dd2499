"""Mentions of known entities: names, alternative names, demonyms ("Kenyan", "Haitians"),
possessives ("Haiti’s": the mention is "Haiti") and surnames of people already named.

One regular expression of every name, longest first, over the text with accents folded
(so "Fils-Aime" finds "Fils-Aimé"); case is kept, so "US" is never "us". Mentions do not
overlap: the longest name wins.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

from .records import Mention
from .registry import Registry, fold


def fold_keep_case(text: str) -> str:
    """The text with accents removed letter by letter, so offsets stay the same."""
    out = []
    for c in text:
        if c == "’":
            out.append("'")
            continue
        base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
        out.append(base if len(base) == 1 else c)
    return "".join(out)


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return fold_keep_case(name)


@lru_cache(maxsize=64)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression of every name (the registry's names change little from one
    text to the next, so the compiled pattern is kept)."""
    return re.compile(r"(?<![\w])(?:" + "|".join(_alternative(n) for n in names) + r")(?![\w])")


def _alternative(name: str) -> str:
    """A name as a pattern: after its first word, case may vary ("Security Support mission")."""
    first, _, rest = name.partition(" ")
    if not rest:
        return re.escape(name)
    return re.escape(first + " ") + "(?i:" + re.escape(rest) + ")"


def find(text: str, registry: Registry) -> list[Mention]:
    """Every mention of a registry entity, in text order."""
    table: dict[str, tuple[str, str, float]] = {}
    for eid, known in registry.entities.items():
        for name in {known.label, *known.names}:
            table.setdefault(_key(name), (eid, "registry:name", 0.95))
    for name, eid in registry.names.items():  # alternative names added after the entity
        known = registry.entities[eid]
        for form in {known.label, *known.names}:
            if fold(form) == name:
                table.setdefault(_key(form), (eid, "registry:name", 0.95))
    for eid, known in registry.entities.items():
        for demonym in known.demonyms:
            table.setdefault(_key(demonym), (eid, "demonym", 0.85))
            table.setdefault(_key(demonym) + "s", (eid, "demonym", 0.8))
    for surname, eid in registry.surnames.items():
        label = registry.entities[eid].label
        form = _key(label.split()[-1])
        if fold(form) == surname:
            table.setdefault(form, (eid, "surname", 0.8))
    if not table:
        return []
    names = sorted(table, key=len, reverse=True)
    lower = {n.lower(): table[n] for n in names if " " in n}
    base = _BASE.setdefault(registry.origin, frozenset(names))
    folded = fold_keep_case(text)
    spans = []  # the registry as loaded has one cached pattern; names added while drafting another
    for group in (tuple(n for n in names if n in base), tuple(n for n in names if n not in base)):
        if group:
            spans += [(m.start(), m.end(), m.group()) for m in _pattern(group).finditer(folded)]
    out: list[Mention] = []
    for begin, end, words in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if out and begin < out[-1].end:
            continue  # overlapping: the leftmost, then the longest, wins
        if _INSIDE_COMPOUND.match(text, max(0, begin - 2)) and text[end : end + 1] == "-":
            continue  # "AU" in "PORT-AU-PRINCE": a piece of a longer word
        eid, cue, confidence = table.get(words) or lower[words.lower()]
        out.append(Mention(begin, end, cue, confidence, eid))
    return out


_BASE: dict[int, frozenset[str]] = {}
_INSIDE_COMPOUND = re.compile(r"\w-")


def merge(found: list[Mention], spans: list[tuple[int, int, str, str, float]]) -> list[Mention]:
    """Add mentions at fixed spans (names the drafter introduced), dropping any found
    mention they overlap, and return all in text order."""
    fixed = [Mention(b, e, cue, conf, eid) for b, e, eid, cue, conf in spans]
    kept = [m for m in found if not any(m.begin < f.end and f.begin < m.end for f in fixed)]
    return sorted(kept + fixed, key=lambda m: m.begin)


class MentionIndex:
    """Mentions in text order, with those that end before an offset at hand."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.end)
        self._ends = [m.end for m in self.mentions]

    def before(self, offset: int) -> list[Mention]:
        return self.mentions[: bisect_left(self._ends, offset + 1)]

    def within(self, begin: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if begin <= m.begin and m.end <= end]
