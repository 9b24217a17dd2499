"""Disagreements, side by side: for a program, a page or a notebook.

The build groups claims about the same quantity, and the times sources give one event or
post holding, into ``hkg:Disagreement`` nodes (comparisons.py, instances.py). This reads
them back with every claim's value, qualifier, source, date and confidence, and picks no
winner. ``read`` takes any function that runs a SELECT and returns rows of pyoxigraph
terms, so the pages (through endpoint/data.py), the Python API and the tests share it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from .namespaces import PREFIXES
from .rdfterms import select

Rows = list[dict[str, Any]]
Select = Callable[[str], Rows]

CLAIMS = """
SELECT ?d ?label ?about ?aboutLabel ?kind ?claim ?number ?bound ?qualifier ?unit ?wording
       ?day ?entry ?row ?confidence ?text ?source ?sourceName ?published ?url WHERE {
  ?d a hkg:Disagreement ; rdfs:label ?label ; hkg:disagreementOn ?about ;
     hkg:includesClaim ?claim .
  ?about rdfs:label ?aboutLabel .
  BIND (IF(EXISTS { ?about a hkg:FigureInstance }, "figure", "time") AS ?kind)
  OPTIONAL { ?claim hkg:figure ?q .
             { ?q hkg:value ?number BIND ("value" AS ?bound) }
             UNION { ?q hkg:minValue ?number BIND ("lower bound" AS ?bound) }
             UNION { ?q hkg:maxValue ?number BIND ("upper bound" AS ?bound) }
             ?q hkg:unit ?unit .
             ?claim hkg:wording ?wording .
             OPTIONAL { ?claim hkg:qualifier/skos:prefLabel ?qualifier } }
  OPTIONAL { ?claim rdf:object ?object .
             OPTIONAL { ?object time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?on }
             BIND (COALESCE(?on, ?object) AS ?day) }
  OPTIONAL { ?claim gaf:denotedBy ?entry . ?entry dcterms:identifier ?row ;
             hkg:confidenceLevel/skos:prefLabel ?confidence }
  OPTIONAL { ?claim gaf:denotedBy/nif:referenceContext/nif:sourceUrl ?text }
  OPTIONAL { ?claim hkg:statedIn ?source . ?source rdfs:label ?sourceName .
             OPTIONAL { ?source schema:datePublished ?published }
             OPTIONAL { ?source schema:url ?url } }
}"""


@dataclass
class Source:
    """Where one claim comes from: a corpus text (span-level) or a cited page."""

    iri: str
    name: str
    published: str | None = None
    url: str | None = None


@dataclass
class Version:
    """One source's claim in a disagreement: its value (a number or a day) and whence."""

    claim: str
    value: str
    bound: str | None  # "value", "lower bound" or "upper bound" for a number
    qualifier: str | None
    unit: str | None
    wording: str | None
    entry: str | None  # the timeline entry's id (T21a), or None for a corpus text
    confidence: str | None
    text: str | None  # the corpus text the claim is read from
    sources: list[Source] = field(default_factory=list)

    @property
    def number(self) -> float | None:
        try:
            return float(self.value) if self.bound else None
        except ValueError:
            return None


@dataclass
class Disagreement:
    """Claims of several sources about one figure or one time, none preferred."""

    iri: str
    label: str
    about: str
    about_label: str
    kind: str  # "figure" or "time"
    versions: list[Version] = field(default_factory=list)

    @property
    def spread(self) -> float | None:
        """How far apart the numbers are (highest minus lowest; bounds by their number)."""
        numbers = [v.number for v in self.versions if v.number is not None]
        return max(numbers) - min(numbers) if len(numbers) > 1 else None


def _value(term: Any) -> str | None:
    return term.value if term is not None else None


def read(select: Select, about: str | None = None) -> list[Disagreement]:
    """Every disagreement, or those about ``about``: the thing itself (an event's time, a
    post holding) or a figure instance that concerns it (hkg:concerns)."""
    query = CLAIMS
    if about is not None:
        target = f"<{ox.NamedNode(about).value}>"
        query = query.replace(
            "  ?about rdfs:label ?aboutLabel .",
            f"  {{ VALUES ?about {{ {target} }} }} UNION {{ ?about hkg:concerns {target} }}\n"
            "  ?about rdfs:label ?aboutLabel .",
        )
    found: dict[str, Disagreement] = {}
    versions: dict[tuple[str, str], Version] = {}
    for row in select(query):
        d = found.setdefault(
            row["d"].value,
            Disagreement(
                row["d"].value,
                row["label"].value,
                row["about"].value,
                row["aboutLabel"].value,
                row["kind"].value,
            ),
        )
        claim = row["claim"].value
        version = versions.get((d.iri, claim))
        if version is None:
            version = Version(
                claim=claim,
                value=_value(row["number"]) or _value(row["day"]) or "",
                bound=_value(row["bound"]),
                qualifier=_value(row["qualifier"]),
                unit=_value(row["unit"]),
                wording=_value(row["wording"]),
                entry=_value(row["row"]),
                confidence=_value(row["confidence"]),
                text=_value(row["text"]),
            )
            versions[(d.iri, claim)] = version
            d.versions.append(version)
        if row["source"] is not None and all(s.iri != row["source"].value for s in version.sources):
            version.sources.append(
                Source(
                    row["source"].value,
                    row["sourceName"].value,
                    _value(row["published"]),
                    _value(row["url"]),
                )
            )
    for d in found.values():
        d.versions.sort(key=lambda v: (v.number if v.number is not None else 0, v.value, v.claim))
        for v in d.versions:
            v.sources.sort(key=lambda s: (s.name, s.iri))
    return sorted(found.values(), key=lambda d: (d.kind, -(d.spread or 0), d.label))


def store_select(store: ox.Store) -> Select:
    """A ``select`` over a pyoxigraph store's union default graph."""

    def run(query: str) -> Rows:
        answer = select(store, query, use_default_graph_as_union=True, prefixes=PREFIXES)
        names = [v.value for v in answer.variables]
        return [{n: row[n] for n in names} for row in answer]

    return run
