"""What the query editor completes: the ontology's terms, with their labels and comments.

Read from the ontology graph once per dataset generation: haitikg's classes, properties
and concepts, and the standard terms the ontology aligns them to (``sem:Event``,
``schema:name`` …), which is where a researcher's query starts.
"""

from __future__ import annotations

from typing import Any

from ..endpoint.data import cached, select
from ..namespaces import ONTOLOGY_GRAPH

DECLARED = f"""
SELECT ?term ?kind ?label ?comment WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    VALUES (?type ?kind) {{
      (owl:Class "class") (rdfs:Class "class") (owl:ObjectProperty "property")
      (owl:DatatypeProperty "property") (owl:AnnotationProperty "property")
      (skos:Concept "concept") (owl:NamedIndividual "individual")
    }}
    ?term a ?type .
    OPTIONAL {{ ?term rdfs:label|skos:prefLabel ?label FILTER(LANG(?label) IN ("en", "")) }}
    OPTIONAL {{ ?term rdfs:comment|skos:definition ?comment
               FILTER(LANG(?comment) IN ("en", "")) }}
  }}
  FILTER(isIRI(?term))
}}"""

ALIGNED = f"""
SELECT DISTINCT ?term ?kind WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    {{ ?x rdfs:subClassOf|owl:equivalentClass|rdfs:domain|rdfs:range ?term
      BIND("class" AS ?kind) }}
    UNION {{ ?x rdfs:subPropertyOf|owl:equivalentProperty|owl:inverseOf ?term
            BIND("property" AS ?kind) }}
  }}
  FILTER(isIRI(?term))
}}"""

KINDS = ("class", "property", "concept", "individual")


def terms() -> list[dict[str, str]]:
    """``{iri, kind, label, comment}`` for every term the editor offers, by IRI."""
    return cached("completions", _terms)


def _terms() -> list[dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for row in select(DECLARED) + select(ALIGNED):
        iri = row["term"].value
        entry = found.setdefault(iri, {"iri": iri, "kind": row["kind"].value})
        if KINDS.index(row["kind"].value) < KINDS.index(entry["kind"]):
            entry["kind"] = row["kind"].value  # a class that is also a concept is a class
        for key in ("label", "comment"):
            value: Any = row.get(key)
            if value is not None and key not in entry:
                entry[key] = value.value
    return [found[iri] for iri in sorted(found)]
