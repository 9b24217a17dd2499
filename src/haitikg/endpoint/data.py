"""The data the site serves, as the pages see it: a small facade over the running engine.

The pages read the store directly (index lookups, their own small queries) and cache what
they compute per dataset *generation*; they never touch the worker pool or the snapshots.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, cast

import pyoxigraph as ox
from flask import current_app

from ..engine.runtime import DataStore
from ..namespaces import PREFIXES
from ..rdfterms import OxTerm, Subject
from .runtime import current_engine

T = TypeVar("T")
_cache_lock = threading.Lock()


def store() -> DataStore:
    """The endpoint's dataset (the one the SPARQL workers read snapshots of)."""
    return current_engine().snapshots.store


def generation() -> int:
    """The dataset's generation: it changes with every update, and only then."""
    return int(current_engine().snapshots.generation)


def workers() -> int:
    """How many query workers are running now."""
    return len(current_engine().pool.workers)


def workers_ready() -> bool:
    """Whether the query workers can take queries (up, or being replaced successfully)."""
    return bool(getattr(current_engine().pool, "ready", True))


def holds(
    subject: Subject | None = None,
    predicate: ox.NamedNode | None = None,
    obj: OxTerm | None = None,
) -> bool:
    """Whether any graph has a quad matching the pattern (``None`` matches anything)."""
    return next(iter(store().quads_for_pattern(subject, predicate, obj, None)), None) is not None


def select(query: str, **bindings: OxTerm) -> list[dict[str, Any]]:
    """Run one of the pages' own (fixed, small) queries over the union of all graphs.

    These are queries written here, not by users, so they run in-process; what users
    type goes through ``/sparql`` and its worker pool, time limit and row limit. Values
    are bound by the engine (``bindings``: each must be a projected variable), never
    pasted into the text.
    """
    substitutions = {ox.Variable(name): term for name, term in bindings.items()}
    answer = store().query(
        query,
        use_default_graph_as_union=True,
        prefixes=PREFIXES,
        substitutions=substitutions or None,  # the engine binds them: no text is edited
    )
    if isinstance(answer, ox.QueryBoolean | ox.QueryTriples):
        raise TypeError(f"select() runs SELECT queries, not {query[:40]!r}")
    names = [v.value for v in answer.variables]
    return [{n: row[n] for n in names} for row in answer]


def cached(key: str, build: Callable[[], T]) -> T:
    """A value computed once per dataset generation (updates make a new generation)."""
    caches = current_app.extensions.setdefault("haitikg.web.cache", {})
    stamp = generation()
    with _cache_lock:
        entry = caches.get(key)
        if entry is not None and entry[0] == stamp:
            return cast(T, entry[1])  # what build() made for this key
    value = build()
    with _cache_lock:
        caches[key] = (stamp, value)
    return value
