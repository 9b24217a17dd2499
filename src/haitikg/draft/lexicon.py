"""Trigger words written once, by lemma, and matched in every inflection.

News prose says the same act in many forms ("land", "landed", "landing", "touched down",
"flew into"); the rules name a verb once and ``verbs`` expands it with lemminflect's
English tables (shipped with the package, no model to load), so a rule that knows "retake"
also finds "retook" and "has retaken".
"""

from __future__ import annotations

import re
from functools import cache

from lemminflect import getAllInflections, getAllInflectionsOOV


@cache
def forms(lemma: str) -> tuple[str, ...]:
    """Every form of a verb (or phrasal verb: "touch down" → "touched down" …)."""
    head, _, rest = lemma.partition(" ")
    table = getAllInflections(head, upos="VERB") or getAllInflectionsOOV(head, upos="VERB")
    words = {head, *(w for group in table.values() for w in group)}
    if head.endswith("ise"):  # British and American spellings: authorise / authorize
        words |= set(forms(head[:-3] + "ize"))
    return tuple(sorted(f"{w} {rest}".strip() for w in words))


def verbs(*lemmas: str) -> str:
    """A regex alternation of every form of ``lemmas``, longest first, spaces flexible."""
    all_forms = {f for lemma in lemmas for f in forms(lemma)}
    ordered = sorted(all_forms, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered) + ")"


#: Nouns for the people a count may be of (a unit), singular and plural.
PERSONNEL_NOUNS = (
    "police officers|officers|officer|policemen|policewomen|police|soldiers|troops|"
    "peacekeepers|marines|personnel|staff|gendarmes|guards|commandos|medics|doctors|nurses|"
    "engineers|advisers|advisors|instructors|trainers|experts|officials|specialists|"
    "paramedics|pilots|members|military police|civilians|women|men"
)
PEOPLE_NOUNS = (
    "people|persons|lives|residents|inhabitants|children|refugees|migrants|villagers|"
    "farmers|families|households|victims|individuals|civilians"
)
VOTE_NOUNS = "votes|deputies|lawmakers|legislators|senators|members|delegations|countries|states"
#: Words that introduce a subordinate clause: a place or date after one of them belongs to
#: that clause's verb, not to the trigger before it. The temporal ones also head a date
#: ("since June", "until Friday"), which opens no clause. "As" is left out: it heads a
#: phrase more often than a clause ("as part of", "as an advance team").
SUBORDINATORS = (
    "that|which|who|whom|whose|where|while|when|because|although|though|if|once|but|whereas"
)
TEMPORAL_SUBORDINATORS = "since|until|after|before|till"
