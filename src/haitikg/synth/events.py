"""The events of synthetic articles: how each kind is told in one sentence, and the
triples of an event, its roles, figure and quotation, as the build writes them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ..entities import Entity
from ..namespaces import HKG, RES, SEM, TIME, VOCAB
from .article import XSD_DATE, SyntheticArticle
from .words import QUALIFIERS, QUOTES


@dataclass
class Cast:
    """What one event draws: who, where, how many, and the words for its day."""

    state: Entity
    host: Entity
    city: Entity
    person: Entity
    mission: Entity
    number: int
    qualifier: str
    when: str
    rng: random.Random


@dataclass
class Telling:
    """One event as a sentence: its class, the sentence's parts, who plays which role,
    and which part words its figure or its quotation."""

    cls: str
    parts: tuple[str, ...]
    roles: list[tuple[str, Entity]]
    figure: tuple[str, int] | None = None  # (measure, index of the part that words it)
    quote: int | None = None  # index of the part quoted
    qualifier: str | None = None  # when the kind fixes it
    event_type: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


def _officers(c: Cast, who: str = "police officers") -> str:
    return f"{QUALIFIERS[c.qualifier]}{c.number} {who}"


def _sent(c: Cast) -> list[tuple[str, Entity]]:
    """The roles of a contingent: the state that sends it, the one it serves."""
    return [("sender", c.state), ("beneficiary", c.host)]


def arrival(c: Cast) -> Telling:
    parts = (f"On {c.when}, ", _officers(c), f" from {c.state.label} arrived in {c.city.label}.")
    return Telling("ContingentArrival", parts, _sent(c), ("personnel-arrived", 1))


def deployment(c: Cast) -> Telling:
    parts = (f"{c.state.label} has deployed ", _officers(c, "officers"), f" to {c.city.label}.")
    return Telling("Deployment", parts, _sent(c), ("personnel-deployed", 1))


def pledge(c: Cast) -> Telling:
    parts = (f"{c.person.label} of {c.state.label} pledged to send ", f"{c.number} officers", ".")
    return Telling(
        "Pledge",
        parts,
        [("pledger", c.person), ("sender", c.state)],
        ("personnel-pledged", 1),
        qualifier="target",
    )


def statement(c: Cast) -> Telling:
    parts = (f"In {c.city.label}, {c.person.label} said: “", c.rng.choice(QUOTES), "”")
    roles = [("speaker", c.person), ("addressee", c.state)]
    return Telling("PublicStatement", parts, roles, quote=1)


def reception(c: Cast) -> Telling:
    words = f"{c.person.label} welcomed the officers from {c.state.label} in {c.city.label}."
    return Telling("Reception", (words,), [("host", c.person), ("guest", c.state)])


def operation(c: Cast) -> Telling:
    words = f"Officers from {c.state.label} led an operation in {c.city.label}."
    return Telling(
        "SecurityOperation",
        (words,),
        [("agent", c.state), ("beneficiary", c.host)],
        event_type="security-operation",
    )


def debate(c: Cast) -> Telling:
    words = f"Lawmakers in {c.state.label} debated the mission to {c.host.label}."
    return Telling("Debate", (words,), [("participant", c.state)])


def violence(c: Cast) -> Telling:
    parts = (f"Gang violence near {c.city.label} displaced ", _officers(c, "people"), ".")
    return Telling(
        "ArmedViolence",
        parts,
        [("affected", c.host)],
        ("displaced", 1),
        event_type="armed-violence",
    )


#: Each kind of event, how often it is drawn, and how it is told.
KINDS: dict[str, tuple[int, Callable[[Cast], Telling]]] = {
    "arrival": (4, arrival),
    "deployment": (3, deployment),
    "pledge": (2, pledge),
    "statement": (4, statement),
    "reception": (1, reception),
    "operation": (2, operation),
    "debate": (1, debate),
    "violence": (2, violence),
}


def write_event(
    article: SyntheticArticle, event_id: str, kind: str, cast: Cast, reporter: Callable[[], str]
) -> str:
    """Tell one event of ``kind`` in the article and write its triples; return its label."""
    telling = KINDS[kind][1](cast)
    telling.spans = article.sentence(*telling.parts)
    begin, end = telling.spans[0][0], telling.spans[-1][1]
    label = article.text[begin:end][:90]
    nodes, t, node = article.nodes, article.nodes.terms, f"{RES}{event_id}"
    day = article.day.isoformat()
    nodes.types(node, HKG[telling.cls])
    nodes.label(node, label)
    article.add(node, HKG.eventType, t.ref(f"{VOCAB}event-type-{telling.event_type or kind}"))
    article.add(node, HKG.date, t.typed(day, XSD_DATE))
    article.add(node, HKG.dateBasis, t.ref(f"{VOCAB}date-stated"))
    article.add(node, TIME.hasTime, t.ref(_instant(article)))
    nodes.place(node, SEM.hasPlace, f"{RES}{cast.city.id}", f"{VOCAB}place-stated")
    article.add(node, HKG.reportedIn, t.ref(article.iri))
    article.add(node, HKG.partOfMission, t.ref(f"{RES}{cast.mission.id}"))
    evidence = [article.span(begin, end)]
    _evidence(article, node, event_id, evidence)
    for role, who in telling.roles:
        nodes.role(
            node,
            f"{node}-{role}-{who.id}",
            f"{RES}{who.id}",
            f"{VOCAB}role-{role}",
            f"{who.label} as {role} in {label}",
            evidence,
        )
    if telling.figure is not None:
        _figure(article, event_id, telling, cast, label, reporter())
    if telling.quote is not None:
        _quotation(article, event_id, telling, cast)
    return label


def _instant(article: SyntheticArticle) -> str:
    """The article's day as an OWL-Time instant (``res:time-2024-06-01``)."""
    day = article.day.isoformat()
    node = f"{RES}time-{day}"
    article.nodes.instant(node, TIME.inXSDDate, article.nodes.terms.typed(day, XSD_DATE), day)
    return node


def _evidence(article: SyntheticArticle, node: str, key: str, spans: list[str]) -> None:
    annotation = f"{RES}{article.id}-annotation-{key}"
    article.nodes.evidence(node, annotation, f"annotation of {key} in {article.id}", spans)


def _figure(
    article: SyntheticArticle,
    event_id: str,
    telling: Telling,
    cast: Cast,
    label: str,
    reporter: str,
) -> None:
    """A figure claim about the event, and its quantity, as model.py writes them."""
    assert telling.figure is not None
    measure, part = telling.figure
    nodes, t = article.nodes, article.nodes.terms
    qualifier = telling.qualifier or cast.qualifier
    begin, end = telling.spans[part]
    words = article.text[begin:end]
    claim, quantity = f"{RES}{event_id}-figure", f"{RES}{event_id}-figure-quantity"
    spans = [article.span(begin, end)]
    unit = "people" if measure == "displaced" else "police officers"
    qualifiers = [f"{VOCAB}qualifier-{qualifier}"]
    nodes.claim(claim, HKG.FigureClaim, f"{words}: {label}", [reporter], [article.iri])
    _evidence(article, claim, f"{event_id}-figure", spans)
    nodes.figure(claim, quantity, f"{VOCAB}measure-{measure}", words, qualifiers)
    bound = "more than " if qualifier == "more-than" else ""
    nodes.quantity(
        quantity,
        HKG.minValue if qualifier == "more-than" else HKG.value,
        t.integer(cast.number),
        unit,
        words,
        f"{words} ({bound}{cast.number} {unit})",
        qualifiers,
        spans,
    )
    event = f"{RES}{event_id}"
    article.add(claim, HKG.concerns, t.ref(event))
    article.add(event, HKG.hasFigure, t.ref(quantity))
    nodes.place(claim, HKG.place, f"{RES}{cast.city.id}", f"{VOCAB}place-stated")


def _quotation(article: SyntheticArticle, event_id: str, telling: Telling, cast: Cast) -> None:
    """What the event's speaker said, as a quotation claim."""
    assert telling.quote is not None
    begin, end = telling.spans[telling.quote]
    text, node = article.text[begin:end], f"{RES}{event_id}-quote"
    speaker = f"{RES}{cast.person.id}"
    label = f"{cast.person.label}: “{text}”"
    article.nodes.claim(node, HKG.Quotation, label, [speaker], [article.iri])
    _evidence(article, node, f"{event_id}-quote", [article.span(begin, end)])
    article.nodes.quotation(node, text, speaker, f"{RES}{event_id}")
