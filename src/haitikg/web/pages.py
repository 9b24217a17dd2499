"""Home and downloads pages, and the files they offer (dumps, VoID, @context)."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, render_template, request, send_file

from .. import formats
from ..endpoint import http
from ..endpoint.data import select
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
SELECT ?doc ?date WHERE { ?doc a schema:NewsArticle . OPTIONAL { ?doc dcterms:date ?date } }
ORDER BY ?date ?doc"""


def home() -> Response:
    facts = manifest()
    counts = [(r["class"].value, int(r["n"].value)) for r in select(CLASS_COUNTS)]
    documents = [(r["doc"].value, r["date"].value if r["date"] else "") for r in select(DOCUMENTS)]
    total = select(TRIPLES)[0]["n"].value
    alternates = [(f"{request.script_root}/.well-known/void", "text/turtle", "VoID")]
    body = render_template(
        "web/home.html",
        manifest=facts,
        counts=counts,
        documents=documents,
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
