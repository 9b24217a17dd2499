"""What the drafter knows before it reads: the registry's entities and a gazetteer of states.

Names are looked up exactly and with accents folded ("Fils-Aime" finds "Fils-Aimé"); a
person is also known by a surname of two letters or more (the last word of the label), as
news prose names people after the first mention.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib.resources import files
from itertools import count
from pathlib import Path

import yaml


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lowercase without accents or curly apostrophes: the key names are compared by."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """An identifier in the registry's convention: lowercase ASCII words joined by hyphens."""
    words = "".join(c if c.isalnum() else " " for c in fold(text).replace("'", "")).split()
    return "-".join(words)


_ORIGINS = count()


@dataclass
class Known:
    """One entity the drafter can find: its id, class and the names it goes by."""

    id: str
    type: str
    label: str
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capital: str | None = None
    new: bool = False  # proposed by the drafter, not in the registry
    state: str | None = None  # the state a government or police force is of


@dataclass
class Registry:
    """Entities by id, and every name (folded) to the ids it may stand for."""

    entities: dict[str, Known] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    surnames: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # city id -> state id
    origin: int = field(default_factory=lambda: next(_ORIGINS))  # the load it comes from

    def add(self, known: Known) -> Known:
        """Add an entity unless its id is taken; return the one the registry keeps."""
        if known.id in self.entities:
            kept = self.entities[known.id]
            if extra := known.names - kept.names - {kept.label}:
                # copy on write: a draft's registry shares the loaded registry's entities
                kept = self.entities[known.id] = replace(kept, names=kept.names | extra)
            for name in known.names:
                self.names.setdefault(fold(name), kept.id)
            return kept
        self.entities[known.id] = known
        short = re.sub(r"\s+(?:in|of)\s+[A-Z][\w-]*$", "", known.label)
        if short != known.label and len(short.split()) >= 3:  # "… Mission in Haiti"
            known.names.add(short)
        organ = re.sub(r"^(?:United Nations|UN) ", "", known.label)
        if organ != known.label and len(organ.split()) >= 2:  # "the Security Council"
            known.names.add(organ)
        for name in {known.label, *known.names}:
            self.names.setdefault(fold(name), known.id)
        for demonym in known.demonyms:
            self.demonyms.setdefault(fold(demonym), known.id)
        if known.type == "Person":
            surname = known.label.split()[-1]
            if len(surname) > 2:
                self.surnames.setdefault(fold(surname), known.id)
        return known

    def lookup(self, name: str) -> str | None:
        return self.names.get(fold(name))

    def institution(self, kind: str, state: str) -> str | None:
        """The registry's one entity of ``kind`` (a police force, a government) of
        ``state``: "Kenya's National Police Service" is the registry's Kenyan police."""
        found = [k.id for k in self.entities.values() if k.type == kind and k.state == state]
        return found[0] if len(found) == 1 else None

    def state_of(self, entity_id: str) -> str | None:
        """The state an entity is, or whose capital it is."""
        known = self.entities.get(entity_id)
        if known is None:
            return None
        if known.type == "State":
            return known.id
        return self.capitals.get(known.id)

    def copy(self) -> Registry:
        return Registry(
            dict(self.entities),
            dict(self.names),
            dict(self.demonyms),
            dict(self.surnames),
            dict(self.capitals),
            self.origin,
        )


def _rows(name: str) -> list[str]:
    text = (files("haitikg.draft") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _regions() -> tuple[tuple[str, str], ...]:
    return tuple(
        (r["name"], r["adjective"]) for r in csv.DictReader(_rows("regions.tsv"), delimiter="\t")
    )


@cache
def _organizations() -> tuple[tuple[str, str, list[str], str], ...]:
    rows = csv.DictReader(_rows("organizations.tsv"), delimiter="\t")
    return tuple(
        (r["id"], r["name"], [a for a in (r["alt"] or "").split(";") if a], r["type"]) for r in rows
    )


@cache
def _states() -> tuple[tuple[str, list[str], list[str], str], ...]:
    def split(value: str | None) -> list[str]:
        return [x for x in (value or "").split(";") if x]

    return tuple(
        (row["name"], split(row["alt"]), split(row["demonym"]), row["capital"])
        for row in csv.DictReader(_rows("states.tsv"), delimiter="\t")
    )


Spec = dict[str, object]
"""One entity's block of ``entities.yaml``: its type, label, alt names, relations."""


def _registry_entries(path: Path) -> dict[str, Spec]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        eid: spec
        for eid, spec in raw.items()
        if isinstance(spec, dict) and "type" in spec and "label" in spec
    }


def load(entities: Path | None, extra: Sequence[Path] = ()) -> Registry:
    """The registry of ``entities.yaml`` (and of ``entities:`` blocks in ``extra`` files),
    then the gazetteer's states and capitals, international organisations and regions for
    what the registry lacks."""
    registry = Registry()
    specs: dict[str, Spec] = _registry_entries(entities) if entities else {}
    for path in extra:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for eid, spec in (raw.get("entities") or {}).items():
            if isinstance(spec, dict) and spec.get("status") != "rejected":
                specs.setdefault(eid, spec)
    for eid, spec in specs.items():
        alt = spec.get("alt")
        names = {str(a) for a in alt} if isinstance(alt, list) else set()
        relations = spec.get("relations")
        of = relations.get("hkg:governmentOf") if isinstance(relations, dict) else None
        of_state = of if isinstance(of, str) else None
        registry.add(Known(eid, str(spec["type"]), str(spec["label"]), names, state=of_state))
    for name, alts, demonyms, capital in _states():
        state = registry.entities.get(registry.lookup(name) or slug(name))
        if state is None:
            state = registry.add(Known(slug(name), "State", name, set(alts), new=True))
        for a in alts:
            if registry.names.setdefault(fold(a), state.id) == state.id:
                state.names.add(a)  # "U.S.": a name the text may use, so a mention
        for demonym in demonyms:
            registry.demonyms.setdefault(fold(demonym), state.id)
        state.demonyms |= set(demonyms)
        if capital:
            city = registry.entities.get(registry.lookup(capital) or slug(capital))
            if city is None:
                city = registry.add(Known(slug(capital), "City", capital, new=True))
            registry.capitals[city.id] = state.id
    for eid, name, alt, kind in _organizations():
        if not any(registry.lookup(n) for n in (name, *alt)) and eid not in registry.entities:
            registry.add(Known(eid, kind, name, set(alt), new=True))
    for name, adjective in _regions():
        region = registry.entities.get(registry.lookup(name) or slug(name))
        if region is None:
            region = registry.add(Known(slug(name), "Region", name, new=True))
        region.demonyms.add(adjective)
        registry.demonyms.setdefault(fold(adjective), region.id)
    return registry
