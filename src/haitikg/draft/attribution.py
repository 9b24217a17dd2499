"""Who a figure is attributed to: "according to the United Nations", "the IOM estimates
that …", "…, the UN says", "figures from BINUH show", "Ruto told the Assembly that …".

The reporter is an actor the text names as the subject of a verb of saying or counting in
the figure's sentence (or after "according to", "figures from"); "the survey found" and
"up from 315,000" take the reporter named for the figure before.
"""

from __future__ import annotations

import re

from .actors import NOMINALS
from .lexicon import verbs
from .records import Figure, Mention
from .registry import Registry, fold
from .sentences import Sentences

REPORTERS = {
    "Person",
    "State",
    "InternationalOrganization",
    "Organization",
    "Government",
    "MultinationalMission",
    "PoliceForce",
}
_VERB = re.compile(
    r"\b(?:"
    + verbs("say", "tell", "estimate", "report", "count", "find", "calculate")
    + r"|puts?\s+the\s+(?:number|figure|toll|total|count|strength)|according\s+to)\b",
    re.I,
)
_SOURCE = re.compile(
    r"\b(?:according\s+to|(?:figures|data|statistics|numbers|estimates|a\s+report|report|"
    r"survey|count|tally)\s+(?:released\s+)?(?:from|by|of))\s+"
    r"(?:[\w\s-]{0,40}?\s(?:from|by|of)\s+)?(?:the\s+|an?\s+)?$",
    re.I,
)
_DOCUMENT = re.compile(
    r"\b(?:the|its|their)\s+(?:[\w-]+\s+){0,3}?(?:survey|report|study|data|figures|count|"
    r"tally|assessment|analysis)\s+(?:\w+\s+)?(?:found|finds|shows?|showed|counts?|counted|says?|said)\b",
    re.I,
)


#: "according to the service", "according to a mission spokesperson": a description of
#: a source, which stands for the last entity named with its head word.
_DESCRIBED_SOURCE = re.compile(
    r"\baccording\s+to\s+(?:the|its|their|an?)\s+(?:[\w-]+\s+){0,2}?(?P<head>"
    + "|".join(NOMINALS)
    + r")(?:[’']s)?(?:\s+(?:spokes(?:person|man|woman)|officials?|figures|data|statement))?\b",
    re.I,
)


def _described(
    text: str, sentence: tuple[int, int], mentions: list[Mention], registry: Registry
) -> str | None:
    m = _DESCRIBED_SOURCE.search(text, *sentence)
    if not m:
        return None
    head = m.group("head").lower()
    for x in reversed([x for x in mentions if x.end <= m.start()]):
        known = registry.entities[x.entity]
        fits = head in ("mission", "force") or head in fold(known.label).split()
        if known.type in NOMINALS[head] and known.type in REPORTERS and fits:
            return x.entity
    return None


def reporters(
    text: str,
    figures: list[Figure],
    mentions: list[Mention],
    sentences: Sentences,
    registry: Registry,
) -> None:
    """Set ``reporter`` on every figure whose sentence attributes it."""
    last: tuple[int, str] | None = None  # (sentence index, reporter) of the last attribution
    for f in figures:
        index = sentences.index(f.wording[0])
        s_begin, s_end = sentences.spans[index]
        who = _named(text, (s_begin, s_end), mentions, registry, f)
        told_before = last is not None and 0 <= index - last[0] <= 2
        if who is None and told_before and last is not None:
            same = index == last[0] and _compared(text, f)
            if _DOCUMENT.search(text, s_begin, s_end) or same:
                who = last[1]
        f.reporter = who
        if who:
            last = (index, who)


def _compared(text: str, f: Figure) -> bool:
    return bool(re.search(r"\b(?:from|against|compared\s+(?:with|to))\s+$", text[: f.wording[0]]))


def _named(
    text: str, sentence: tuple[int, int], mentions: list[Mention], registry: Registry, f: Figure
) -> str | None:
    s_begin, s_end = sentence
    here = [
        x
        for x in mentions
        if s_begin <= x.begin and x.end <= s_end and registry.entities[x.entity].type in REPORTERS
    ]
    for x in here:  # "according to (new data from) the IOM", "figures from BINUH"
        if _SOURCE.search(text[max(s_begin, x.begin - 70) : x.begin]):
            return x.entity
    if described := _described(text, sentence, mentions, registry):
        return described
    names = [(x.begin, x.end) for x in mentions]
    for v in _VERB.finditer(text, s_begin, s_end):
        word = v.group()
        if word.lower().startswith("according") or any(b <= v.start() < e for b, e in names):
            continue
        if word[0].isupper() and text[s_begin : v.start()].strip(" “\"'‘"):
            continue  # "Secretary of State": a name, not a verb
        if re.match(r"count", word, re.I) and f.measure not in ("killed", "displaced", "injured"):
            continue  # "the mission counts 800 personnel": it has them
        after_figure = v.start() >= f.wording[1]
        before = [x for x in here if x.end <= v.start()]
        for x in before:  # leftmost of an apposition: "Waly, the head of UNODC, told"
            between = text[x.end : v.start()]
            if not re.fullmatch(
                r"(?:[’']s)?\s*(?:,[^,.;]{0,80},|,)?\s*(?:\w+ly\s+|now\s+|also\s+)?"
                r"(?:has\s+|had\s+|have\s+|will\s+|would\s+)?(?:\w+ly\s+)?",
                between,
            ):
                continue
            if after_figure and not re.search(r",\s*(?:the\s+)?$", text[s_begin : x.begin]):
                continue  # after the figure only as ", the UN says"
            if not after_figure or x.begin >= f.wording[1]:
                return x.entity
        after = [x for x in here if x.begin >= v.end()]
        if (  # "…, said X"
            after_figure
            and after
            and re.fullmatch(r"\s+(?:the\s+)?", text[v.end() : after[0].begin])
            and registry.entities[after[0].entity].type == "Person"
        ):
            return after[0].entity
    return None
