"""Every setting of the site, with its default: the one table the app, the CLI and the docs read.

``create_app`` starts from :data:`DEFAULTS`, then reads ``HAITIKG_<NAME>`` environment
variables (Flask's ``from_prefixed_env``: values are JSON), then the options given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .namespaces import BASE

DEFAULTS: dict[str, object] = {
    # The data and the engine.
    "DATA": [],  # RDF files to serve (default: the built graph)
    "STORE": None,  # an on-disk pyoxigraph store to serve or create
    "TIMEOUT": 30.0,  # seconds per query
    "MAX_ROWS": 100_000,  # result rows (or triples) per response; 0 = no limit
    "MAX_QUERY_LENGTH": 1024 * 1024,  # characters
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,  # bytes per request (Flask's own setting)
    "WORKERS": max(2, os.cpu_count() or 2),  # query worker processes
    "THREADS": 16,  # waitress threads
    "UPDATE_TOKEN": None,  # bearer token that enables SPARQL Update and /store writes
    "ALLOW_SERVICE": [],  # endpoint IRI prefixes SERVICE may call
    "ALLOW_LOAD": False,  # let SPARQL Update LOAD fetch documents
    "ISOLATE_WORKERS": True,  # empty network namespace for workers (when SERVICE not allowed)
    "UNION_DEFAULT_GRAPH": True,  # default graph = union of all graphs
    # Per-client query-time budget (endpoint/throttle.py, docs/reliability.md).
    "THROTTLE": True,  # per-client query-time budget
    "THROTTLE_BUDGET": 120.0,  # seconds of query time a client may spend …
    "THROTTLE_WINDOW": 60.0,  # … refilled evenly over this many seconds
    "THROTTLE_LOOPBACK": False,  # throttle 127.0.0.1 / ::1 too (off: local tools, tests)
    # A remote engine instead of the local store (engine/backend.py).
    "BACKEND": None,  # a remote SPARQL endpoint to answer from instead
    "BACKEND_MAX_ROWS": 0,  # the backend's own row cap, if known (Virtuoso: 10000)
    # The pages (docs/pages.md).
    "PUBLIC_BASE": BASE,  # IRIs under it are served (and linked) as paths of this server
    "BUILD_DIR": None,  # where manifest.json and the dumps are (default: ensure_built())
}


def as_list(value: object) -> list[str]:
    """Settings that hold several values accept a list or a string (os.pathsep / spaces)."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        sep = os.pathsep if os.pathsep in value else None
        return [v for v in value.split(sep) if v]
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    raise TypeError(f"expected a list of values or a string, not {value!r}")
