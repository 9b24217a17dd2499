"""What every page needs: labels, local links for public IRIs, the build manifest.

The data's IRIs live under a public base (``https://w3id.org/haitikg/``); the server answers
for them under its own address. ``PUBLIC_BASE`` is the one setting that maps the two: any IRI
that starts with it is linked as the same path on this server, so a researcher browsing a
local copy never leaves it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import current_app, request

from ..endpoint.data import cached, store
from ..namespaces import BASE, DCTERMS, PREFIXES, RDFS, SCHEMA, SKOS

LABEL_PROPERTIES = tuple(str(p) for p in (RDFS.label, SKOS.prefLabel, SCHEMA.name, DCTERMS.title))

LABEL_NODES = tuple(ox.NamedNode(p) for p in LABEL_PROPERTIES)
#: Past this many labelled IRIs the 404 page stops suggesting close names (it would
#: have to read them all).
MAX_SUGGESTION_NAMES = 100_000


def _best(quads: Iterable[ox.Quad], rank: int, found: dict[str, tuple[int, str]]) -> None:
    for quad in quads:
        obj = quad.object
        if not isinstance(obj, ox.Literal) or not isinstance(quad.subject, ox.NamedNode):
            continue
        score = rank * 2 + (0 if obj.language in (None, "en") else 1)
        key = quad.subject.value
        if key not in found or score < found[key][0]:
            found[key] = (score, obj.value)


def labels() -> dict[str, str] | None:
    """Every IRI's preferred label, or None past :data:`MAX_SUGGESTION_NAMES` of them."""

    def build() -> dict[str, str] | None:
        found: dict[str, tuple[int, str]] = {}
        for rank, prop in enumerate(LABEL_NODES):
            quads = store().quads_for_pattern(None, prop, None, None)
            _best(islice(quads, MAX_SUGGESTION_NAMES * 2), rank, found)
            if len(found) > MAX_SUGGESTION_NAMES:
                return None
        return {k: v for k, (_, v) in found.items()}

    return cached("labels", build)


def label_of(iri: str) -> str | None:
    """The preferred label of one IRI (English or plain first), looked up when asked:
    a page needs tens, and reading all of them is slow on a large store."""
    memo = cached("label-memo", dict[str, str | None])
    if iri in memo:
        return memo[iri]
    found: dict[str, tuple[int, str]] = {}
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return None
    for rank, prop in enumerate(LABEL_NODES):
        _best(store().quads_for_pattern(node, prop, None, None), rank, found)
    value = found[iri][1] if iri in found else None
    if len(memo) > 50_000:
        memo.clear()
    memo[iri] = value
    return value


def public_base() -> str:
    return str(current_app.config.get("PUBLIC_BASE") or BASE)


def is_local(iri: str) -> bool:
    return iri.startswith(public_base())


#: The only schemes a page links to directly; any other IRI (``javascript:``, ``data:`` …)
#: is shown as text, or linked through this server's own query page.
SAFE_SCHEMES = ("http:", "https:")


def linkable(iri: str) -> bool:
    """Whether a browser may follow ``iri`` as it is: an http or https IRI."""
    return iri[:6].lower().startswith(SAFE_SCHEMES)


def local_url(iri: str) -> str:
    """The link to follow for ``iri``: a path of this server when it is one of ours, the IRI
    itself when it is http(s), else this server's query page describing it (never a
    ``javascript:`` or other scheme a browser would run)."""
    base = public_base()
    if not iri.startswith(base):
        if linkable(iri):
            return iri
        return f"{request.script_root}/query?{urlencode({'query': f'DESCRIBE <{iri}>'})}"
    path = iri[len(base) :]
    if path.startswith("graph/"):
        return f"{request.script_root}/store?graph={quote(iri, safe=':/')}"
    return f"{request.script_root}/{path}"


def public_iri(path: str) -> str:
    """The public IRI of a path on this server (``resource/kenya`` → ``https://…/kenya``)."""
    return public_base() + path.lstrip("/")


def compact(iri: str) -> str:
    """``hkg:Deployment`` for a known namespace, else the IRI itself."""
    best = ""
    prefix_name = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best, prefix_name = ns, prefix
    if best and "/" not in iri[len(best) :] and "#" not in iri[len(best) :]:
        return f"{prefix_name}:{iri[len(best) :]}"
    return iri


def label(iri: str) -> str:
    if not isinstance(store(), ox.Store):  # a remote backend: one query for all, not one each
        known = labels()
        if known is not None:
            return known.get(iri) or compact(iri)
    return label_of(iri) or compact(iri)


def build_dir() -> Path:
    configured = current_app.config.get("BUILD_DIR")
    if configured:
        return Path(configured)
    from ..build import ensure_built

    return Path(ensure_built())


def manifest() -> dict[str, Any]:
    """``manifest.json`` of the build, with its modification time as the build time."""
    path = build_dir() / "manifest.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    built = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    data["built"] = built.strftime("%Y-%m-%d %H:%M:%S UTC")
    return data
