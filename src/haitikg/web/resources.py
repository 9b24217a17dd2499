"""Dereferenceable IRIs: ``/resource/{name}`` and ``/vocab/{name}``, negotiated or by suffix.

Every answer is a 200 (never a 303: FAIR checkers reject redirects) with ``Vary: Accept``,
``Link: <…>; rel="alternate"; type="…"`` for each format and, when negotiated,
``Content-Location`` naming the suffix URL that always gives this format.
"""

from __future__ import annotations

import difflib

import pyoxigraph as ox
from flask import Response, render_template, request

from .. import formats
from ..dumps import dump
from ..engine.problems import NotAcceptable, NotFound
from .describe import describe, exists, rdf_triples
from .site import labels, public_base, public_iri

HTML = "text/html"
#: The RDF formats a resource is served in; their extensions are the URL suffixes.
RDF_FORMATS = tuple(formats.by_name(n) for n in ("ttl", "jsonld", "rdfxml", "nt"))
SUFFIXES = {f.extension: f for f in RDF_FORMATS}


def offers() -> list[str]:
    """Turtle first (what ``*/*`` gets), then the other RDF formats, then HTML."""
    primary = [f.media_type for f in RDF_FORMATS]
    others = [m for f in RDF_FORMATS for m in f.other_media_types]
    return [*primary, HTML, "application/xhtml+xml", *others]


def negotiate() -> formats.Format | str | None:
    """The format ``Accept`` asks for: a Format, ``"html"``, or None (nothing fits)."""
    if not request.headers.get("Accept", "").strip():
        return RDF_FORMATS[0]
    best = request.accept_mimetypes.best_match(offers())
    if best is None:
        return None
    if best in (HTML, "application/xhtml+xml"):
        return "html"
    return formats.by_media_type(best)


def alternates(path: str) -> list[tuple[str, str, str]]:
    """``(url, media type, label)`` for every view of the resource at ``path``."""
    root = request.script_root
    views = [(f"{root}/{path}.html", HTML, "HTML")]
    views += [(f"{root}/{path}.{f.extension}", f.media_type, f.label) for f in RDF_FORMATS]
    return views


def link_header(views: list[tuple[str, str, str]]) -> str:
    host = request.host_url.rstrip("/")
    return ", ".join(f'<{host}{url}>; rel="alternate"; type="{mt}"' for url, mt, _ in views)


def resource(name: str) -> Response:
    return serve(f"resource/{name}")


def vocab(name: str) -> Response:
    return serve(f"vocab/{name}")


def serve(path: str) -> Response:
    """Describe the public IRI that ``path`` stands for, in the format asked for."""
    chosen: formats.Format | str | None = None
    negotiated = True
    if not exists(public_iri(path)):
        stem, _, ext = path.rpartition(".")
        if stem and (ext in SUFFIXES or ext == "html") and exists(public_iri(stem)):
            path, negotiated = stem, False
            chosen = "html" if ext == "html" else SUFFIXES[ext]
        else:
            return not_found(path)
    if negotiated:
        chosen = negotiate()
        if chosen is None:
            kinds = ", ".join([HTML, *(f.media_type for f in RDF_FORMATS)])
            raise NotAcceptable(f"/{path} can be served as: {kinds}")
    iri = public_iri(path)
    views = alternates(path)
    if chosen == "html":
        body = render_template("web/resource.html", d=describe(iri), views=views)
        response = Response(body, mimetype=HTML)
        suffix_url = views[0][0]
    else:
        assert isinstance(chosen, formats.Format)
        response = Response(serialize(rdf_triples(iri), chosen), content_type=content_type(chosen))
        suffix_url = f"{request.script_root}/{path}.{chosen.extension}"
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = link_header(views)
    if negotiated:
        response.headers["Content-Location"] = suffix_url
    return response


def content_type(fmt: formats.Format) -> str:
    mt = fmt.media_type
    return mt + "; charset=utf-8" if mt.startswith("text/") or mt.endswith(("json", "xml")) else mt


def serialize(triples: list[ox.Triple], fmt: formats.Format) -> bytes:
    """The triples in ``fmt``, sorted and with haitikg's prefixes, as the dumps are."""
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return dump(scratch, fmt.name)


def suggestions(path: str) -> list[str]:
    """Known resources whose names look like the one asked for."""
    base = public_base()
    prefix = base + path.partition("/")[0] + "/"
    known = labels() or {}  # None: too many to compare them all on a 404
    names = [iri[len(prefix) :] for iri in known if iri.startswith(prefix) and "#" not in iri]
    wanted = path.partition("/")[2].lower()
    close = difflib.get_close_matches(wanted, names, n=8, cutoff=0.5)
    close += [n for n in names if wanted and wanted in n.lower() and n not in close]
    return [prefix[len(base) :] + n for n in close[:10]]


def not_found(path: str) -> Response:
    """A page with suggestions for browsers; a problem document for programs."""
    best = request.accept_mimetypes.best_match(
        ["application/problem+json", "application/json", "text/plain", HTML]
    )
    if best != HTML:
        raise NotFound(f"nothing is known about {public_iri(path)}")
    body = render_template(
        "web/not_found.html", path=path, iri=public_iri(path), suggestions=suggestions(path)
    )
    response = Response(body, status=404, mimetype=HTML)
    response.headers["Vary"] = "Accept"
    return response
