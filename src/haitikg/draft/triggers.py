"""Trigger words of each event class: verbs written once by lemma (``lexicon``), a few
noun phrases ("to a welcome from", "the deployment began") and constructions ("said it
would send"), with the guards that keep a future, conditional or negated act ("will
arrive", "did not vote") from being taken for one that happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from .lexicon import verbs

_AUX = r"(?:has|have|had|was|were|is|are|been|being)\s+(?:\w+ly\s+|now\s+|also\s+|already\s+)?"
#: (trigger regex, event class, event-type concept or None, cue name), in precedence order.
TRIGGERS: list[tuple[str, str, str | None, str]] = [
    (
        verbs("arrive", "land", "disembark", "touch down", "fly in", "fly into", "jet in")
        + "|"
        + verbs("step off", "set foot in")
        + r"|"
        + verbs("fly", "travel")
        + r"\s+to(?=\s+(?-i:[A-Z]))|"
        + verbs("reach")
        + r"(?=\s+(?:the\s+)?(?-i:[A-Z]))",
        "ContingentArrival",
        None,
        "arrive",
    ),
    (
        rf"{_AUX}(?:\w+\s+)?deployed|deployed\s+(?:over|more|about|some|nearly|\d)|"
        r"(?:began|begun|begin|begins|started|starts|start)\s+(?:deploying|to\s+deploy)|"
        r"deployment\s+(?:began|started|begun)",
        "Deployment",
        None,
        "deploy",
    ),
    (
        r"(?:said|says|announced|agreed|decided|plans?|planned|intends?|intended|offered|vowed)"
        r"\s+(?:it|they|he|she)?\s*(?:(?:in|on|at)\s+[\w ]{1,20}?\s)?(?:would|will|to)\s+"
        r"(?:\w+\s+)?(?:provide|send|contribute|give|deploy|donate|supply|lead)|"
        + verbs("pledge", "promise", "vow")
        + r"|(?<!remained )(?<!remains )(?<!remain )"
        r"(?:has|have|had)\s+(?:now\s+|already\s+)?committed|"
        r"committed\s+(?:to\s+(?:send|deploy|provide|contribute)|\$|\d)|"
        + verbs("offer")
        + r"(?=\s+(?:to\s+|up\s+to\s+|some\s+|about\s+|\$|\d|an?\s|the\s+services))|"
        r"commitment\s+(?:by|of|stands)|pledges?\s+(?:to|of)|"
        r"(?:announced|approved|released)\s+(?:an?\s+)?(?:additional|further|new|extra|fresh)\s+\$|"
        r"(?:will|would)\s+(?:\w+\s+)?(?:send|contribute|provide|donate)(?=\s+(?:a|an|its|their|\d|\w+\s+\d))|"
        # "will double its support for the mission": a pledge in other words
        r"(?:will|would)\s+(?:\w+\s+)?(?:double|triple|increase|raise|boost|expand|step\s+up|"
        r"fund|finance)\s+(?:its|their|the|his|her)\s+(?:[\w-]+\s+){0,2}(?:support|contributions?|"
        r"funding|aid|assistance|commitment|pledge)\b|"
        r"(?:will|would)\s+(?:\w+\s+)?(?:meet|cover|bear|pay|fund|finance)\s+(?:the|its|all|their)\s+"
        r"(?:[\w-]+\s+){0,2}(?:costs?|expenses|bill)\b",
        "Pledge",
        None,
        "pledge",
    ),
    (
        rf"{_AUX}(?:warmly\s+)?(?:received|greeted|welcomed|met)(?=\s+(?:at|in|on|by)\b)|"
        r"(?:received|greeted|welcomed|met)\s+by|to\s+an?\s+(?:\w+\s+)?welcome\s+from|"
        + verbs("welcome", "greet", "receive")
        + r"(?=\s+(?:the|them|a|an|some|\d+)\s+(?:[\w-]+\s+){0,3}"
        r"(?:officers|troops|soldiers|contingent|team|delegation|group|personnel|police))",
        "Reception",
        None,
        "receive",
    ),
    (
        r"expressed\s+(?:his|her|their|its)\s+gratitude|" + verbs("thank"),
        "PublicStatement",
        "endorsement",
        "thank",
    ),
    (
        r"made\s+a\s+(?:strong\s+)?case|" + verbs("praise", "hail", "commend", "applaud"),
        "PublicStatement",
        "endorsement",
        "endorse",
    ),
    (
        verbs(
            "outline",
            "describe",
            "announce",
            "remark",
            "declare",
            "state",
            "warn",
            "urge",
            "stress",
            "insist",
            "argue",
            "confirm",
            "explain",
            "caution",
            "emphasise",
            "note",
            "call on",
            "call for",
            "appeal",
        )
        + r"|told\s+the|briefed|briefing\s+the|"
        r"puts?\s+the\s+(?:number|figure|toll|total|count|strength)|"
        r"(?:sent|expressed|offered|conveyed)\s+(?:his|her|their|its)\s+condolences",
        "PublicStatement",
        None,
        "say",
    ),
    (verbs("say", "tell", "add", "write"), "PublicStatement", None, "said"),
    (r"sparked\s+(?:a\s+)?debate|" + verbs("debate") + r"|debate\s+over", "Debate", None, "debate"),
    (
        verbs("kill", "attack", "ambush", "massacre", "murder", "gun down", "storm")
        + r"|lives\W+(?:were\s+)?lost|(?:were|was|been|being)\s+shot|opened\s+fire|"
        r"gang\s+attacks|\b(?:an?|the)\s+(?:\w+\s+)?(?:massacre|ambush|attack)\b",
        "ArmedViolence",
        None,
        "kill",
    ),
    (
        verbs("reclaim", "retake", "recapture", "regain", "liberate")
        + r"|(?:operations?|offensive)\s+against|launched\s+(?:an?\s+)?(?:\w+\s+)?operation",
        "SecurityOperation",
        None,
        "reclaim",
    ),
    (
        r"voted\s+(?:\w+\s+){0,3}to\s+(?:authori[sz]e|create|establish|turn|renew|extend)|"
        + verbs("authorise")
        + r"|approved\s+the\s+(?:force|mission)|(?:approved|authori[sz]ed|endorsed)\s+by|"
        r"(?:renewed|extended)\s+(?:\w+\s+){0,2}(?:mandate|authori[sz]ation)",
        "Authorization",
        None,
        "authorise",
    ),
    (
        verbs("vote", "adopt")
        + r"|votes?\s+in\s+favou?r|passed\s+by|"
        + verbs("approve", "back", "endorse")
        + r"(?=\s+(?:the|a|an)\s+(?:\w+\s+)?(?:deployment|decree|bill|motion|law|plan|request|"
        r"sending|deal|agreement|proposal))",
        "Vote",
        None,
        "vote",
    ),
    (
        r"\bruled\b(?!\s+out)|ruling\s+that|court\s+ruling|"
        r"(?:declared|found)\s+(?:\w+\s+){0,3}unconstitutional",
        "CourtRuling",
        None,
        "rule",
    ),
]
_TRIGGERS = [(re.compile(rf"\b(?:{p})\b", re.I), c, t, n) for p, c, t, n in TRIGGERS]
_FUTURE = re.compile(
    r"\b(?:will|would|could|may|might|expected\s+to|due\s+to|plans?\s+to|to\s+be|set\s+to|"
    r"is\s+to|are\s+to|if|unless)\s+(?:\w+\s+)?$",
    re.I,
)
#: Words after which a trigger's bare form is a noun ("earned praise", "a landing").
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|this|its|their|his|her|our|earned|won|drew|received|attracted|"
    r"wide|high|strong|new|warm)\s+$",
    re.I,
)
_NEGATED = re.compile(r"\b(?:not|never|n't|yet\s+to|failed\s+to|no\s+longer)\s+(?:\w+\s+)?$", re.I)
#: An act named as one that was spared or left out: "sparing it the usual committee
#: debate", "without a vote", "instead of a debate".
_SPARED = re.compile(
    r"\b(?:without|instead\s+of|rather\s+than|no|avoid(?:ed|ing|s)?|spar(?:e|ed|es|ing)\s+"
    r"(?:it|them|him|her|the\s+\w+)|skipp(?:ed|ing)|bypass(?:ed|es|ing)?|forgo(?:ing|es)?|"
    r"forwent|waiv(?:ed|ing))\s+(?:the\s+|a\s+|an\s+|any\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


class Trigger(NamedTuple):
    """One trigger word found in a sentence: the match, its event class, its event-type
    concept (or None) and the cue name."""

    match: re.Match[str]
    cls: str
    etype: str | None
    name: str


def triggers_of(
    text: str, s_begin: int, s_end: int, skip: Iterable[tuple[int, int]]
) -> list[Trigger]:
    """The triggers of one sentence, outside quotations and names ("United States")."""
    triggers: list[Trigger] = []
    for pattern, cls, etype, name in _TRIGGERS:
        for m in pattern.finditer(text, s_begin, s_end):
            if any(b <= m.start() < e for b, e in skip):
                continue
            if m.group()[0].isupper() and text[s_begin : m.start()].strip(" “\"'‘"):
                continue  # a capital inside a sentence starts a name, not a verb
            left = text[max(s_begin, m.start() - 30) : m.start()]
            bare = " " not in m.group().strip()
            if (
                bare
                and cls not in ("ArmedViolence", "Pledge", "Debate")
                and _NOUN_BEFORE.search(left)
            ):
                continue  # "earned praise", "the vote", "a welcome": a noun, not the act
            if m.group().lower() == "voting" and not re.search(r"\b(?:were|was|are|is)\s+$", left):
                continue  # "seven voting members": an adjective
            wide = text[max(s_begin, m.start() - 60) : m.start()]
            if _NEGATED.search(left) or (bare and _SPARED.search(wide)):
                continue
            if cls != "Pledge" and name != "said" and _FUTURE.search(left):
                continue
            overlaps = any(t[0].start() < m.end() and m.start() < t[0].end() for t in triggers)
            if not overlaps and not (  # "said it would provide" is a pledge, not a statement
                cls == "Vote" and any(t[1] == "Authorization" for t in triggers)
            ):
                triggers.append(Trigger(m, cls, etype, name))
    return triggers
