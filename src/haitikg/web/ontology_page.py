"""``/ontology``: documentation generated from the ontology itself, and its RDF by negotiation.

In the manner of pyLODE/WIDOCO: metadata, a class hierarchy, every class and property with
its anchor (``/ontology#Deployment``), domain/range, and the alignments to standard
vocabularies. The RDF views are the build's ontology files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from flask import Response, render_template, request, send_file
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from .. import formats
from ..endpoint import http
from ..engine.problems import NotAcceptable
from ..namespaces import HKG, ONTOLOGY_IRI
from ..ontology import load_ontology
from .site import build_dir, compact

#: The build's ontology files by format name.
FILES = {
    "ttl": "haitikg.ttl",
    "jsonld": "haitikg.jsonld",
    "rdfxml": "haitikg.owl",
    "nt": "haitikg.nt",
}
RDF_FORMATS = formats.GRAPH_FORMATS
SUFFIXES = {"ttl": "ttl", "jsonld": "jsonld", "rdf": "rdfxml", "owl": "rdfxml", "nt": "nt"}
ALIGNMENT = (
    RDFS.subClassOf,
    OWL.equivalentClass,
    RDFS.subPropertyOf,
    OWL.equivalentProperty,
    OWL.inverseOf,
    SKOS.exactMatch,
    SKOS.closeMatch,
)


@dataclass
class Term:
    iri: str
    name: str
    label: str
    comment: str
    kind: str
    facts: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class OntologyPage:
    metadata: list[tuple[str, list[str]]]
    title: str
    description: str
    classes: list[Term]
    properties: list[Term]
    tree: list[tuple[str, list]]
    alignments: list[tuple[str, str, str]]
    schemes: list[tuple[str, str, list[tuple[str, str]]]]


def _text(g: Graph, s, p) -> str:
    values = [o for o in g.objects(s, p) if isinstance(o, Literal)]
    english = [o for o in values if o.language in (None, "en")]
    return str((english or values or [""])[0])


def _show(g: Graph, node) -> str:
    """A class expression or term as short text (restrictions in Manchester style)."""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, BNode) and (g.value(node, RDF.type) == OWL.Restriction):
        prop = compact(str(g.value(node, OWL.onProperty)))
        for key, word in (
            (OWL.someValuesFrom, "some"),
            (OWL.allValuesFrom, "only"),
            (OWL.hasValue, "value"),
            (OWL.cardinality, "exactly"),
            (OWL.minCardinality, "min"),
            (OWL.maxCardinality, "max"),
            (OWL.qualifiedCardinality, "exactly"),
        ):
            value = g.value(node, key)
            if value is not None:
                return f"{prop} {word} {compact(str(value))}"
    return "(class expression)"


def _term(g: Graph, s: URIRef, kind: str) -> Term:
    name = str(s)[len(str(HKG)) :]
    term = Term(
        str(s),
        name,
        _text(g, s, RDFS.label) or name,
        _text(g, s, RDFS.comment) or _text(g, s, SKOS.definition),
        kind,
    )
    rows = [
        ("Subclass of", RDFS.subClassOf, False),
        ("Equivalent to", OWL.equivalentClass, False),
        ("Disjoint with", OWL.disjointWith, False),
        ("Superclass of", RDFS.subClassOf, True),
        ("Subproperty of", RDFS.subPropertyOf, False),
        ("Equivalent to", OWL.equivalentProperty, False),
        ("Inverse of", OWL.inverseOf, False),
        ("Domain", RDFS.domain, False),
        ("Range", RDFS.range, False),
        ("Close match", SKOS.closeMatch, False),
        ("Exact match", SKOS.exactMatch, False),
    ]
    for title, prop, reverse in rows:
        nodes = g.subjects(prop, s) if reverse else g.objects(s, prop)
        values = sorted({_show(g, n) for n in nodes})
        if values:
            term.facts.append((title, values))
    if kind != "class":
        traits = sorted(compact(str(t)) for t in g.objects(s, RDF.type))
        term.facts.insert(0, ("Type", traits))
        used = sorted(str(c) for c in g.subjects(RDFS.domain, s))
        if used:
            term.facts.append(("Domain of", used))
    else:
        domain_of = sorted(str(p) for p in g.subjects(RDFS.domain, s))
        range_of = sorted(str(p) for p in g.subjects(RDFS.range, s))
        if domain_of:
            term.facts.append(("Properties (domain)", domain_of))
        if range_of:
            term.facts.append(("Value of (range)", range_of))
    return term


@cache
def documentation() -> OntologyPage:
    g = load_ontology()
    onto = URIRef(ONTOLOGY_IRI)
    ours = lambda s: isinstance(s, URIRef) and str(s).startswith(str(HKG))  # noqa: E731
    meta_props = [
        ("Version", OWL.versionInfo),
        ("Version IRI", OWL.versionIRI),
        ("License", DCTERMS.license),
        ("Creators", DCTERMS.creator),
        ("Created", DCTERMS.created),
        ("Modified", DCTERMS.modified),
        ("Preferred prefix", VANN.preferredNamespacePrefix),
        ("Namespace", VANN.preferredNamespaceUri),
    ]
    metadata = [(t, sorted(str(o) for o in g.objects(onto, p))) for t, p in meta_props]
    classes = sorted(
        (_term(g, s, "class") for s in set(g.subjects(RDF.type, OWL.Class)) if ours(s)),
        key=lambda t: t.name.lower(),
    )
    kinds = (
        (OWL.ObjectProperty, "object property"),
        (OWL.DatatypeProperty, "datatype property"),
        (OWL.AnnotationProperty, "annotation property"),
    )
    properties = sorted(
        (
            _term(g, s, kind)
            for cls, kind in kinds
            for s in set(g.subjects(RDF.type, cls))
            if ours(s)
        ),
        key=lambda t: t.name.lower(),
    )
    names = {t.iri for t in classes}
    parents = {
        c: {str(o) for o in g.objects(URIRef(c), RDFS.subClassOf) if str(o) in names} for c in names
    }

    def subtree(node: str) -> list:
        kids = sorted((c for c, ps in parents.items() if node in ps), key=str.lower)
        return [(k, subtree(k)) for k in kids]

    roots = sorted((c for c, ps in parents.items() if not ps), key=str.lower)
    alignments = sorted(
        (str(s), compact(str(p)), str(o))
        for p in ALIGNMENT
        for s, o in g.subject_objects(p)
        if ours(s) and isinstance(o, URIRef) and not ours(o)
    )
    schemes = []
    for scheme in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        concepts = sorted(
            (
                (str(c), _text(g, c, SKOS.prefLabel) or _text(g, c, RDFS.label))
                for c in g.subjects(SKOS.inScheme, scheme)
            ),
            key=lambda c: c[1],
        )
        schemes.append(
            (
                str(scheme),
                _text(g, scheme, SKOS.prefLabel) or _text(g, scheme, RDFS.label),
                concepts,
            )
        )
    return OntologyPage(
        metadata,
        _text(g, onto, DCTERMS.title) or _text(g, onto, RDFS.label),
        _text(g, onto, DCTERMS.description),
        classes,
        properties,
        [(r, subtree(r)) for r in roots],
        alignments,
        schemes,
    )


def views() -> list[http.View]:
    root = request.script_root
    return [(f"{root}/ontology", http.HTML, "HTML")] + [
        (f"{root}/ontology.{f.extension}", f.media_type, f.label) for f in RDF_FORMATS
    ]


def ontology(ext: str | None = None) -> Response:
    chosen: formats.Format | http.Page | None
    if ext is not None:
        if ext not in SUFFIXES and ext != "html":
            raise NotAcceptable(f"/ontology is served as .html, .{', .'.join(SUFFIXES)}")
        chosen = http.PAGE if ext == "html" else formats.by_name(SUFFIXES[ext])
    else:
        chosen = http.negotiate(RDF_FORMATS, page=True)
        if chosen is None:
            raise http.not_acceptable("/ontology", RDF_FORMATS, page=True)
    all_views = views()
    if isinstance(chosen, formats.Format):
        response = send_file(build_dir() / "ontology" / FILES[chosen.name], max_age=300)
        response.headers["Content-Type"] = chosen.content_type
    else:
        body = render_template("web/ontology.html", o=documentation(), alternates=all_views)
        response = Response(body, mimetype=http.HTML)
    return http.with_alternates(response, all_views)
