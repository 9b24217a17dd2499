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
from ..endpoint import http
from ..engine.problems import NotFound
from .description import description, exists, rdf_triples
from .site import labels, public_base, public_iri

#: The RDF formats a resource is served in; their extensions are the URL suffixes.
RDF_FORMATS = formats.GRAPH_FORMATS
SUFFIXES = {f.extension: f for f in RDF_FORMATS}


def alternates(path: str) -> list[http.View]:
    """``(url, media type, label)`` for every view of the resource at ``path``."""
    root = request.script_root
    views = [(f"{root}/{path}.html", http.HTML, "HTML")]
    views += [(f"{root}/{path}.{f.extension}", f.media_type, f.label) for f in RDF_FORMATS]
    return views


def resource(name: str) -> Response:
    return dereference(f"resource/{name}")


def vocab(name: str) -> Response:
    return dereference(f"vocab/{name}")


def dereference(path: str) -> Response:
    """The public IRI that ``path`` stands for, in the format asked for (by ``Accept``, or
    by a suffix such as ``.ttl``)."""
    chosen: formats.Format | http.Page | None = None
    negotiated = True
    if not exists(public_iri(path)):
        stem, _, ext = path.rpartition(".")
        if stem and (ext in SUFFIXES or ext == "html") and exists(public_iri(stem)):
            path, negotiated = stem, False
            chosen = http.PAGE if ext == "html" else SUFFIXES[ext]
        else:
            return not_found(path)
    if negotiated:
        chosen = http.negotiate(RDF_FORMATS, page=True)
        if chosen is None:
            raise http.not_acceptable(f"/{path}", RDF_FORMATS, page=True)
    iri = public_iri(path)
    views = alternates(path)
    if isinstance(chosen, formats.Format):
        response = Response(serialize(rdf_triples(iri), chosen), content_type=chosen.content_type)
        suffix_url = f"{request.script_root}/{path}.{chosen.extension}"
    else:
        body = render_template("web/resource.html", d=description(iri), views=views)
        response = Response(body, mimetype=http.HTML)
        suffix_url = views[0][0]
    http.with_alternates(response, views)
    if negotiated:
        response.headers["Content-Location"] = suffix_url
    return response


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
        [http.PROBLEM_JSON, "application/json", "text/plain", http.HTML]
    )
    if best != http.HTML:
        raise NotFound(f"nothing is known about {public_iri(path)}")
    body = render_template(
        "web/not_found.html", path=path, iri=public_iri(path), suggestions=suggestions(path)
    )
    response = Response(body, status=404, mimetype=http.HTML)
    response.headers["Vary"] = "Accept"
    return response
