"""Quotations and who said them.

The speaker is the person named beside a speech verb after the quote ("…,” said Nadège
Louis"; "…,” Lieutenant Colonel Marcia Brown … told reporters), or a pronoun there ("…,” he
remarked") resolved to the last person named before the quote, or the person who speaks
before it in the same sentence ("Fils-Aime expressed his gratitude …, declaring, “…”"); a
quotation that is a sentence of its own, right after another, goes on in the same voice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .people import OFFICES
from .records import Mention, Quotation
from .registry import Registry, fold
from .sentences import Sentences

QUOTE = re.compile(r"“(?P<q>[^”]{3,})”|\"(?P<q2>[^\"]{3,})\"")
SPEECH = (
    r"said|says|say|remarked|declared|declaring|added|told|tells|stated|warned|explained|"
    r"insisted|noted|asked|argued|wrote|saying|announced"
)
_AFTER_PRONOUN = re.compile(rf"^[\s,]*(?P<pron>he|she|they)\s+(?:{SPEECH})\b", re.I)
_AFTER_VERB_FIRST = re.compile(rf"^[\s,]*(?:{SPEECH})\s+", re.I)
_AFTER_NAME = re.compile(rf"^[\s,]*(?P<who>[^.“\"]{{1,140}}?)\s+(?:{SPEECH})\b", re.I)
_BEFORE = re.compile(rf"(?:\b(?:{SPEECH})|:)\s*,?\s*$", re.I)
#: "…,” the minister said": a speaker named by the title of a post.
_AFTER_TITLE = re.compile(
    rf"^[\s,]*the\s+(?:[\w-]+\s+){{0,2}}?(?P<title>[\w-]+)\s+(?:{SPEECH})\b", re.I
)


def _person(mention: Mention, registry: Registry) -> bool:
    return registry.entities[mention.entity].type == "Person"


def find(
    text: str,
    sentences: Sentences,
    mentions: list[Mention],
    registry: Registry,
    titled: Mapping[str, set[str]] | None = None,
) -> list[Quotation]:
    """Every quotation with a speaker the text names; one with none is left out."""
    out: list[Quotation] = []
    people = [m for m in mentions if _person(m, registry)]
    for m in QUOTE.finditer(text):
        group = "q" if m.group("q") is not None else "q2"
        begin, end = m.span(group)
        while end > begin and text[end - 1] in ",;: ":
            end -= 1
        s_begin, s_end = sentences.around(m.start())
        if m.end() > s_end:  # a quote spanning sentences ends in the sentence of its close
            s_end = sentences.around(m.end() - 1)[1]
        after = text[m.end() : s_end]
        speaker: str | None = None
        cue, confidence = "", 0.0
        if _AFTER_PRONOUN.match(after):
            earlier = [p for p in people if p.end <= m.start()]
            if earlier:
                speaker, cue, confidence = earlier[-1].entity, "quote:pronoun-after", 0.75
        elif _AFTER_VERB_FIRST.match(after) or _AFTER_NAME.match(after):
            window_end = m.end() + len(after)
            named = [p for p in people if m.end() <= p.begin < window_end]
            if named:
                speaker, cue, confidence = named[0].entity, "quote:speaker-after", 0.85
        if speaker is None and (by_title := _AFTER_TITLE.match(after)):
            earlier = [p for p in people if p.end <= m.start()]
            speaker = _holder(by_title.group("title"), earlier, titled or {})
            cue, confidence = "quote:title-after", 0.7
        if speaker is None and _BEFORE.search(text[s_begin : m.start()]):
            named = [p for p in people if s_begin <= p.begin and p.end <= m.start()]
            if named:
                speaker, cue, confidence = named[0].entity, "quote:speaker-before", 0.8
        if speaker is None and out and _alone(text, m, (s_begin, s_end)):
            previous = out[-1]  # "“…,” said X. “…”": a quote standing alone goes on
            if sentences.index(previous.end) >= sentences.index(m.start()) - 1:
                speaker, cue, confidence = previous.speaker, "quote:continued", 0.7
        if speaker is not None:
            out.append(Quotation(begin, end, cue, confidence, speaker))
    return out


def _holder(title: str, earlier: list[Mention], titled: Mapping[str, set[str]]) -> str | None:
    """The last person named before who was named with ``title`` (the Inspector-General,
    the minister, the commander): a title of the same office, or one of its words."""
    word = fold(title)
    office = OFFICES.get(word) or OFFICES.get(word.replace("-", " "))
    for mention in reversed(earlier):
        offices = titled.get(mention.entity, set())
        if office in offices or any(word in o.split("-") for o in offices):
            return mention.entity
    return None


def _alone(text: str, m: re.Match[str], sentence: tuple[int, int]) -> bool:
    """Whether the quotation is the whole of its sentence."""
    return not text[sentence[0] : m.start()].strip() and not text[m.end() : sentence[1]].strip(
        ' .”"'
    )
