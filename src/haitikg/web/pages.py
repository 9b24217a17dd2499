"""Home and downloads pages, and the files they offer (dumps, VoID, @context)."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, render_template, request, send_file

from .. import formats
from ..disagreements import read
from ..endpoint import http
from ..endpoint.data import cached, select
from ..namespaces import CC_BY, ONTOLOGY_GRAPH
from ..query import TRIPLES
from .site import build_dir, label, manifest

#: What each dump is, for the downloads page (the build's manifest gives size and sha256).
DESCRIPTIONS = {
    "haitikg.trig": "The dataset with its named graphs (document, entities, background, "
    "ontology, inferred, void)",
    "haitikg.nq": "The dataset with its named graphs, one quad a line",
    "haitikg.ttl": "All graphs merged into one (the union default graph)",
    "haitikg.nt": "All graphs merged, one triple a line",
    "haitikg.jsonld": "All graphs merged, compacted with the haitikg @context",
    "haitikg.rdf": "All graphs merged",
    "void.ttl": "VoID description of the dataset",
    "context.jsonld": "JSON-LD @context: haitikg's prefixes",
    "duplicates.tsv": "Likely duplicate events the build proposes for review (never merged)",
    "ontology/haitikg.ttl": "The ontology (the edited source)",
    "ontology/haitikg.owl": "The ontology",
    "ontology/haitikg.jsonld": "The ontology",
    "ontology/haitikg.nt": "The ontology",
}
LICENSE = ("CC BY 4.0", str(CC_BY))
EXTRA_TYPES = {".json": "application/json", ".owl": "application/rdf+xml"}


def media_type(path: str) -> str:
    suffix = Path(path).suffix
    if suffix in EXTRA_TYPES:
        return formats.with_charset(EXTRA_TYPES[suffix])
    if path.endswith("context.jsonld"):
        return formats.with_charset("application/ld+json")
    try:
        return formats.by_name(suffix.lstrip(".")).content_type
    except KeyError:
        return "application/octet-stream"


def format_label(path: str) -> str:
    try:
        return formats.by_name(Path(path).suffix.lstrip(".")).label
    except KeyError:
        return "JSON-LD" if path.endswith(".jsonld") else Path(path).suffix.lstrip(".")


CLASS_COUNTS = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?s a ?class . FILTER(STRSTARTS(STR(?class), STR(hkg:)))
  FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s a ?class }} }}
}} GROUP BY ?class ORDER BY DESC(?n) ?class"""

DOCUMENTS = """
SELECT ?doc ?date WHERE { ?doc a schema:NewsArticle ; hkg:sha256 ?text .
  OPTIONAL { ?doc dcterms:date ?date } }
ORDER BY ?date ?doc"""

#: Sources by kind: texts haitikg holds (span-level evidence) and pages it cites
#: (document-level), with the tables of cited facts and their entries.
SOURCES = """
SELECT ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
  { ?s a hkg:NewsArticle ; hkg:sha256 ?h BIND ("1 text" AS ?kind) }
  UNION { ?s a hkg:CitedSource , schema:NewsArticle BIND ("2 news" AS ?kind) }
  UNION { ?s a hkg:CitedSource , schema:WebPage BIND ("3 page" AS ?kind) }
  UNION { ?s a hkg:CitedTable BIND ("4 table" AS ?kind) }
  UNION { ?s a hkg:CitedEntry BIND ("5 entry" AS ?kind) }
} GROUP BY ?kind ORDER BY ?kind"""
SOURCE_KINDS = {
    "1 text": ("Corpus texts", "held in full: every fact points to the words it rests on"),
    "2 news": ("Cited news articles", "known by URL, name and date: document-level evidence"),
    "3 page": ("Cited web pages", "press releases, official pages: document-level evidence"),
    "4 table": ("Tables of cited facts", "curated, each entry citing its pages"),
    "5 entry": ("Cited entries", "dated facts in the table's words, with a confidence"),
}


def home() -> Response:
    facts = manifest()
    counts = [(r["class"].value, int(r["n"].value)) for r in select(CLASS_COUNTS)]
    documents = [(r["doc"].value, r["date"].value if r["date"] else "") for r in select(DOCUMENTS)]
    sources = [(*SOURCE_KINDS[r["kind"].value], int(r["n"].value)) for r in select(SOURCES)]
    tables = [r["t"].value for r in select("SELECT ?t WHERE { ?t a hkg:CitedTable } ORDER BY ?t")]
    total = select(TRIPLES)[0]["n"].value
    alternates = [(f"{request.script_root}/.well-known/void", "text/turtle", "VoID")]
    body = render_template(
        "web/home.html",
        manifest=facts,
        counts=counts,
        documents=documents,
        sources=sources,
        tables=tables,
        total=int(total),
        alternates=alternates,
    )
    return http.with_alternates(Response(body, mimetype=http.HTML), alternates, vary=False)


def downloads() -> Response:
    facts = manifest()
    files = [
        {
            **f,
            "description": DESCRIPTIONS.get(f["path"], ""),
            "format": format_label(f["path"]),
            "media_type": media_type(f["path"]).split(";")[0],
        }
        for f in facts.get("files", [])
    ]
    alternates = [(f"{request.script_root}/dumps/manifest.json", "application/json", "manifest")]
    body = render_template(
        "web/downloads.html", manifest=facts, files=files, license=LICENSE, alternates=alternates
    )
    return http.with_alternates(Response(body, mimetype=http.HTML), alternates, vary=False)


def _listed(path: str) -> bool:
    return path == "manifest.json" or any(f["path"] == path for f in manifest().get("files", []))


def dump_file(name: str) -> Response:
    """A file of the build, if the manifest lists it (nothing else in build/ is served)."""
    if not _listed(name):
        abort(404)
    path = build_dir() / name
    response = send_file(path, conditional=True, max_age=300)
    response.headers["Content-Type"] = media_type(name)
    response.headers["Content-Disposition"] = f'inline; filename="{Path(name).name}"'
    return response


def void() -> Response:
    response = send_file(build_dir() / "void.ttl", max_age=300)
    response.headers["Content-Type"] = media_type("void.ttl")
    return response


def context() -> Response:
    response = send_file(build_dir() / "context.jsonld", max_age=300)
    response.headers["Content-Type"] = media_type("context.jsonld")
    return response


__all__ = ["label"]


def disagreements() -> Response:
    """Every disagreement between sources, side by side, none preferred; its data is the
    catalogue question queries/38 (and ``haitikg.disagreements()`` in Python)."""
    found = cached("disagreements", lambda: read(select))
    twin = f"{request.script_root}/queries/38-figure-disagreements"
    alternates = [(twin + ".json", "application/sparql-results+json", "data (SPARQL JSON)")]
    body = render_template(
        "web/disagreements.html",
        figures=[d for d in found if d.kind == "figure"],
        times=[d for d in found if d.kind == "time"],
        question=twin,
        alternates=alternates,
    )
    return http.with_alternates(Response(body, mimetype=http.HTML), alternates, vary=False)
