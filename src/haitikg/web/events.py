"""The events a resource takes part in, for its page: the latest, how it takes part, and
the SPARQL for all of them (a busy actor on a large store has tens of thousands).

Why the queries have the shape they have (the measurements): docs/scale.md, "Design
measurements".
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..endpoint.data import holds, select, store
from ..namespaces import HKG, RDF, SCHEMA, SEM, SKOS
from ..rdfterms import OxTerm, Subject
from .chronology import SortKey, when_of
from .site import label

#: The events a page lists; the page gives the count and a query for the rest.
MAX_EVENTS = 100


@dataclass
class EventRow:
    iri: str
    label: str
    when: str
    sort_key: SortKey
    basis: str
    how: list[str]


#: Events ?e that ?x takes part in. sem:hasActor and sem:hasPlace have events as their
#: domain, and a role's holder is always also the event's sem:hasActor (model.role), so
#: roles only say how, below; what a claim is about is not an event, hence the filter.
INVOLVED = """
  { ?e sem:hasActor ?x } UNION { ?e sem:hasPlace ?x }
  UNION { ?e sem:subEventOf ?x } UNION { ?x sem:subEventOf ?e }
  UNION { ?e hkg:concerns|schema:about ?x FILTER EXISTS { ?e a sem:Event } }
"""


def _hkg(name: str) -> ox.NamedNode:
    return ox.NamedNode(HKG + name)


def _sem(name: str) -> ox.NamedNode:
    return ox.NamedNode(SEM + name)


INVOLVEMENT = (
    (_sem("hasActor"), "actor"),
    (_sem("hasPlace"), "place"),
    (_sem("subEventOf"), "sub-event of it"),
    (_hkg("concerns"), "about it"),
    (ox.NamedNode(str(SCHEMA.about)), "about it"),
)
HAS_ROLE, ROLE_TYPE, SUB_EVENT_OF = _hkg("hasRole"), _sem("roleType"), _sem("subEventOf")
RDF_VALUE = ox.NamedNode(str(RDF.value))
DATE_BASIS = _hkg("dateBasis")
PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))

#: The latest MAX_EVENTS events involving ?x (all of them for all but the busiest actors).
#: DISTINCT inside, ORDER BY outside, by hkg:date alone and without a tie-break: each of
#: the alternatives was several times slower. An event with no hkg:date comes last here;
#: the page orders what it lists by hkg:beginDate too.
LATEST_EVENTS = f"""
SELECT ?e ?x WHERE {{
  {{ SELECT DISTINCT ?e ?x WHERE {{ {INVOLVED} }} }}
  OPTIONAL {{ ?e hkg:date ?d }}
}} ORDER BY DESC(?d) LIMIT {MAX_EVENTS}"""

EVENT_COUNT = f"SELECT ?x (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {INVOLVED} }} GROUP BY ?x"


def events_involving(iri: str) -> tuple[list[EventRow], int]:
    """The latest :data:`MAX_EVENTS` events involving ``iri`` (oldest first, with how),
    and how many there are in all.

    Two SPARQL queries, evaluated inside Oxigraph, which orders and counts without
    decoding every IRI in Python as reading them through ``quads_for_pattern`` would.
    """
    node = ox.NamedNode(iri)
    latest = [r["e"] for r in select(LATEST_EVENTS, x=node) if r["e"] is not None]
    total = len(latest) if len(latest) < MAX_EVENTS else count(EVENT_COUNT, node)
    rows = [_event_row(e, node) for e in dict.fromkeys(latest) if isinstance(e, ox.NamedNode)]
    return sorted(rows, key=lambda ev: ev.sort_key), total


def _role_name(kind: OxTerm) -> str:
    """A role type's short name: its skos:prefLabel ("sending state"), else its label."""
    if not isinstance(kind, ox.NamedNode):
        return "role"
    pref = [q.object for q in store().quads_for_pattern(kind, PREF_LABEL, None, None)]
    english = [t.value for t in pref if isinstance(t, ox.Literal) and t.language in (None, "en")]
    return min(english) if english else label(kind.value)


def _event_row(event: ox.NamedNode, node: ox.NamedNode) -> EventRow:
    """An event's date and how ``node`` takes part, from direct lookups (faster than one
    SPARQL join of the involvement patterns with a VALUES list of the events)."""

    def objects(s: Subject, p: ox.NamedNode) -> list[OxTerm]:
        return [q.object for q in store().quads_for_pattern(s, p, None, None)]

    def first(p: ox.NamedNode) -> OxTerm | None:
        found = objects(event, p)
        return min(found, key=str) if found else None

    how = [word for p, word in INVOLVEMENT if holds(event, p, node)]
    for role in objects(event, HAS_ROLE):
        if isinstance(role, ox.NamedNode) and holds(role, RDF_VALUE, node):
            how += [_role_name(kind) for kind in objects(role, ROLE_TYPE)]
    if holds(node, SUB_EVENT_OF, event):
        how.append("contains it")
    how = list(dict.fromkeys(how))
    if len(how) > 1 and "actor" in how:  # a role says more than "actor"
        how.remove("actor")
    name, time = label(event.value), when_of(event)
    basis = first(DATE_BASIS)
    return EventRow(
        event.value,
        name,
        time.text,
        time.sort_key(name),
        label(basis.value) if isinstance(basis, ox.NamedNode) else "",
        how,
    )


def events_query(iri: str) -> str:
    """The SPARQL a reader can run for every event involving ``iri`` (the page lists the
    latest :data:`MAX_EVENTS`)."""
    return (
        f"PREFIX sem: <{SEM}>\n"
        f"PREFIX hkg: <{HKG}>\n\n"
        "SELECT DISTINCT ?event ?date WHERE {\n"
        f"  {{ ?event sem:hasActor <{iri}> }} UNION {{ ?event sem:hasPlace <{iri}> }}\n"
        "  OPTIONAL { ?event hkg:date ?date }\n}\nORDER BY DESC(?date)"
    )


def count(query: str, node: ox.NamedNode) -> int:
    """The ``?n`` of a count query grouped by the bound ``?x`` (no row: nothing matched)."""
    rows = select(query, x=node)
    return int(rows[0]["n"].value) if rows else 0
