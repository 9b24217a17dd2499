"""Deterministic synthetic articles for a seed: pools of states, persons, posts, cities
and missions, drawn with a Zipf-like skew so a few take part in many events."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from datetime import date, timedelta

from ..entities import Entity
from ..namespaces import HKG, RES
from .article import Lines, SyntheticArticle
from .events import KINDS, Cast, write_event
from .words import CITY_NAMES, FAMILY, GIVEN, NUMBERS, POSTS, QUALIFIERS, STATE_NAMES

KIND_NAMES = list(KINDS)
KIND_WEIGHTS = [weight for weight, _ in KINDS.values()]


def zipf_picker(rng: random.Random, items: list[Entity], s: float = 1.1) -> Callable[[], Entity]:
    """A function that draws items with weight 1/(rank+1)^s (a few are drawn very often)."""
    cum, total = [], 0.0
    for k in range(len(items)):
        total += 1.0 / (k + 1) ** s
        cum.append(total)

    def pick() -> Entity:
        return items[min(bisect.bisect_left(cum, rng.random() * total), len(items) - 1)]

    return pick


class Generator:
    """Deterministic synthetic haitikg data for a seed, sized for about ``triples`` triples."""

    TRIPLES_PER_EVENT = 93  # measured average, used to size the entity pools

    def __init__(self, seed: int = 0, triples: int = 10_000) -> None:
        self.rng = rng = random.Random(seed)
        events = max(10, triples // self.TRIPLES_PER_EVENT)
        names = STATE_NAMES + [""] * max(0, events // 400 - len(STATE_NAMES))
        self.states = [
            Entity(f"synth-state-{i}", "State", n if i < len(STATE_NAMES) else f"State {i}")
            for i, n in enumerate(names)
        ]
        self.persons = []
        for i in range(max(20, events // 20)):
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            self.persons.append(
                Entity(f"synth-person-{i}", "Person", name if i < len(GIVEN) else f"{name} {i}")
            )
        cities = CITY_NAMES + [f"Town {i}" for i in range(12, 12 + events // 200)]
        self.cities = [Entity(f"synth-city-{i}", "City", n) for i, n in enumerate(cities)]
        self.missions = [
            Entity(f"synth-mission-{i}", "MultinationalMission",
                   f"Multinational Security Support mission {i}")
            for i in range(max(2, events // 5000))
        ]  # fmt: skip
        self.posts = {
            p.id: Entity(f"{p.id}-post", "Post", f"{POSTS[i % len(POSTS)]} ({p.label})")
            for i, p in enumerate(self.persons)
        }
        self.pick_state = zipf_picker(rng, self.states, 1.2)
        self.pick_person = zipf_picker(rng, self.persons, 1.1)
        self.pick_city = zipf_picker(rng, self.cities, 1.0)
        self.pick_mission = zipf_picker(rng, self.missions, 1.5)
        self.events = 0

    def entities(self) -> list[str]:
        """The shared entities as lines: names, and each person's post."""
        out = Lines()
        nodes, t = out.nodes, out.nodes.terms
        for e in self.states + self.cities + self.missions:
            nodes.entity(f"{RES}{e.id}", HKG[e.type], e.label)
        for person in self.persons:
            post = self.posts[person.id]
            nodes.entity(f"{RES}{person.id}", HKG.Person, person.label)
            nodes.entity(f"{RES}{post.id}", HKG.Post, post.label)
            out.add(f"{RES}{person.id}", HKG.holdsPost, t.ref(f"{RES}{post.id}"))
        return list(out.lines)

    def article(self, index: int, max_events: int | None = None) -> SyntheticArticle:
        """One synthetic article: 3–9 events with their figures, quotations and spans."""
        rng = self.rng
        day = date(2024, 6, 1) + timedelta(days=rng.randrange(600))
        article = SyntheticArticle(f"synth-doc-{index}", day)
        author = f"{article.iri}-author"
        n_events = rng.randint(3, 9)
        if max_events is not None:
            n_events = min(n_events, max_events)

        def reporter() -> str:
            return f"{RES}{self.pick_person().id}" if rng.random() < 0.3 else author

        headline = None
        for k in range(n_events):
            kind = rng.choices(KIND_NAMES, weights=KIND_WEIGHTS)[0]
            label = write_event(article, f"{article.id}-e{k}", kind, self.cast(day), reporter)
            headline = headline or label
        self.events += n_events
        article.finish(headline or article.id)
        return article

    def cast(self, day: date) -> Cast:
        """Who and what one event draws."""
        rng = self.rng
        state, host = self.pick_state(), self.pick_state()
        city, person, mission = self.pick_city(), self.pick_person(), self.pick_mission()
        number, qualifier = rng.choice(NUMBERS), rng.choice(list(QUALIFIERS))
        when = day.strftime("%d %B %Y").lstrip("0")
        return Cast(state, host, city, person, mission, number, qualifier, when, rng)
