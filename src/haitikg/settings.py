"""Every setting of the site, with its default and its meaning: the one table that the app,
``haitikg serve`` and the README read.

Each setting ``NAME`` is read, later ones winning, from :data:`DEFAULTS`, the environment
variable ``HAITIKG_NAME`` (Flask's ``from_prefixed_env``: values are JSON, else text), and
the option ``--name`` of ``haitikg serve`` (or ``create_app({"NAME": …})``). The README's
settings table is :func:`markdown_table`; ``python -m haitikg.settings`` prints it, and
``tests/test_docs.py`` fails when the two differ.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from .namespaces import BASE


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, what it does, and how the docs show the default."""

    name: str
    default: object
    meaning: str
    shown: str | None = None  # the default as the docs say it, when not the value itself
    metavar: str | None = None  # the option's argument in the docs (``S``, ``FILE`` …)

    @property
    def env(self) -> str:
        return f"HAITIKG_{self.name}"

    @property
    def option(self) -> str:
        """The ``haitikg serve`` option: ``--max-rows``; ``--x/--no-x`` for a switch."""
        flag = "--" + self.name.lower().replace("_", "-")
        return f"{flag}/--no-{flag[2:]}" if isinstance(self.default, bool) else flag

    @property
    def repeatable(self) -> bool:
        return isinstance(self.default, list)

    @property
    def default_text(self) -> str:
        if self.shown is not None:
            return self.shown
        if isinstance(self.default, bool):
            return "on" if self.default else "off"
        if isinstance(self.default, float) and self.default.is_integer():
            return f"`{int(self.default)}`"
        return f"`{self.default}`"


def _default_workers() -> int:
    """Twice the CPUs (measured: 2 workers on 2 CPUs leave a quarter of them idle between
    jobs, 4 use them), but no more than 8 beyond the CPUs on a large machine."""
    cpus = os.cpu_count() or 1
    return max(2, min(2 * cpus, cpus + 8))


SETTINGS: tuple[Setting, ...] = (
    # The data.
    Setting("DATA", [], "RDF files to serve instead of the built graph (any format pyoxigraph "
            "or rdflib reads; triples go to the default graph)", "the built graph", "FILE"),
    Setting("STORE", None, "on-disk pyoxigraph store to serve or create; `--data` is loaded "
            "into it only when it is empty; updates persist here", "a temporary store", "PATH"),
    Setting("BUILD_DIR", None, "where the pages read `manifest.json`, the dumps, VoID and the "
            "ontology files", "the build (`ensure_built()`)", "DIR"),
    Setting("PUBLIC_BASE", BASE, "IRIs under this base are served (and linked) as the same "
            "path of this server: `…/resource/kenya` → `/resource/kenya`", metavar="IRI"),
    Setting("UNION_DEFAULT_GRAPH", True, "the default graph is the union of all graphs (a "
            "query's own `FROM` wins)"),
    # Limits.
    Setting("TIMEOUT", 30.0, "seconds a query may run; then it is cancelled and the client "
            "gets 503", metavar="S"),
    Setting("MAX_ROWS", 100_000, "rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer; "
            "`0` = no limit", metavar="N"),
    Setting("MAX_QUERY_LENGTH", 1024 * 1024, "characters per query or update (400 beyond)",
            metavar="N"),
    Setting("MAX_CONTENT_LENGTH", 16 * 1024 * 1024, "bytes per request (413 beyond)",
            metavar="N"),
    Setting("MAX_NESTING", 256, "nested brackets, braces and parentheses in a query or update "
            "(400 with line and column beyond)", metavar="N"),
    Setting("MAX_ANSWER_BYTES", 128 * 1024 * 1024, "bytes per answer: it stops before the row "
            "that would pass them, and says so as for the row limit; `0` = no limit",
            "`134217728` (128 MiB)", "BYTES"),
    Setting("SPOOL_LIMIT", 4 * 1024**3, "bytes of answers waiting for their clients, all "
            "together (503 beyond)", "`4294967296` (4 GiB)", "BYTES"),
    Setting("WORKER_MEMORY", None, "bytes of memory a query worker may use (503 and a new "
            "worker beyond)", "a quarter of RAM over the workers, 256–768 MiB each", "BYTES"),
    Setting("MAX_FORM_MEMORY_SIZE", 4 * 1024 * 1024, "bytes of a form (413 beyond): room for "
            "a query of `MAX_QUERY_LENGTH` characters, percent-encoded", metavar="BYTES"),
    Setting("MAX_FORM_PARTS", 1000, "fields in a form, URL-encoded ones too (413 beyond)",
            metavar="N"),
    Setting("MAX_PARSED_BYTES", 128 * 1024 * 1024, "bytes of RDF terms a Graph Store body may "
            "expand to (413 beyond)", "`134217728` (128 MiB)", "BYTES"),
    Setting("WORKERS", _default_workers(), "query worker processes (more than the CPUs: "
            "a worker waits on each hand-over of a job and its answer, and another uses the "
            "CPU meanwhile; each takes about 50 MB)", "twice the CPUs, at most CPUs + 8", "N"),
    Setting("MEMORY_SNAPSHOT", 32 * 1024 * 1024, "a dataset snapshot up to this many bytes "
            "on disk is copied into each query worker's memory and queried there (faster than "
            "reading it from disk); `0` = always from disk", "`33554432` (32 MiB)", "BYTES"),
    Setting("THREADS", 16, "waitress threads (taken round-robin by client address)",
            metavar="N"),
    # Connections (endpoint/connections.py, docs/reliability.md).
    Setting("CONNECTION_LIMIT", 4000, "client connections open at once (the open-file limit "
            "is raised to match)", metavar="N"),
    Setting("IDLE_TIMEOUT", 30.0, "seconds before an idle connection (or one whose client "
            "does not read) is closed", metavar="S"),
    Setting("REQUEST_TIMEOUT", 60.0, "seconds a client may take to send one request",
            metavar="S"),
    Setting("MAX_HEADER_BYTES", 8 * 1024, "bytes of one request header field (431 beyond)",
            metavar="N"),
    Setting("MAX_HEADER_FIELDS", 100, "header fields in one request (431 beyond)",
            metavar="N"),
    # What queries may do.
    Setting("UPDATE_TOKEN", None, "enables SPARQL Update and `/store` writes for "
            "`Authorization: Bearer T`", "none (read-only)", "T"),
    Setting("REVIEW_DIR", None, "the corpus folder whose drafts the review page `/-/review` "
            "shows and edits (needs the update token)", "none (no review page)", "DIR"),
    Setting("ALLOW_SERVICE", [], "endpoint IRI prefixes `SERVICE` may call", "none", "PREFIX"),
    Setting("ALLOW_LOAD", False, "let SPARQL Update `LOAD` fetch documents"),
    Setting("ISOLATE_WORKERS", True, "run queries and updates with no network (Linux "
            "namespaces; allowed SERVICE endpoints through a relay; updates share it with "
            "`--allow-load`)"),
    # HTTP caching of answers (endpoint/cache.py, docs/workbench.md).
    Setting("RESULT_CACHE", 64 * 1024 * 1024, "bytes of `/sparql` answers kept in memory for "
            "the current dataset generation (an update empties it); `0` = none",
            "`67108864` (64 MiB)", "BYTES"),
    Setting("CACHE_CONTROL", "public, no-cache", "the `Cache-Control` of answers that carry "
            "an ETag (`no-cache`: keep, but revalidate: 304 when unchanged)", metavar="VALUE"),
    # Per-client fairness (endpoint/throttle.py, docs/reliability.md).
    Setting("THROTTLE", True, "a per-client budget of query time (429 with `Retry-After` "
            "when spent)"),
    Setting("THROTTLE_BUDGET", 120.0, "seconds of query (worker) time a client address may "
            "spend …", metavar="S"),
    Setting("THROTTLE_WINDOW", 60.0, "… refilled evenly over this many seconds", metavar="S"),
    Setting("THROTTLE_LOOPBACK", False, "throttle local tools on loopback too (a request a "
            "proxy forwarded is never exempt)"),
    Setting("CLIENT_QUERIES", None, "queries one client may run at once (429 beyond)",
            "half the workers, at least 1", "N"),
    Setting("TRUSTED_PROXIES", [], "reverse proxies (addresses or networks) whose "
            "`X-Forwarded-For` names the client", "none", "ADDR"),
    # A remote engine instead of the local store (engine/backend.py, docs/scale.md).
    Setting("BACKEND", None, "a remote SPARQL endpoint to answer from instead of a local "
            "store", "none", "URL"),
    Setting("BACKEND_MAX_ROWS", 0, "the backend's own row cap, if known (Virtuoso: 10000), so "
            "an answer of exactly that many rows is reported as cut", "unknown", "N"),
)  # fmt: skip

DEFAULTS: dict[str, object] = {s.name: s.default for s in SETTINGS}
#: Options of ``haitikg serve`` that say where to listen, not how the site behaves.
SERVER_OPTIONS = (
    ("--host", "`127.0.0.1`", "interface to listen on"),
    ("--port", "`5000`", "TCP port"),
)


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


def markdown_table() -> str:
    """The README's table of every option and setting."""
    lines = ["| option | variable | default | meaning |", "|---|---|---|---|"]
    lines += [
        f"| `{name}` | — | {default} | {meaning} |" for name, default, meaning in SERVER_OPTIONS
    ]
    for s in SETTINGS:
        option = s.option
        if isinstance(s.default, bool):  # the switch that changes the default
            on, off = s.option.split("/")
            option = off if s.default else on
        arg = f" {s.metavar}" if s.metavar else ""
        again = " (repeatable)" if s.repeatable else ""
        lines.append(f"| `{option}{arg}`{again} | `{s.env}` | {s.default_text} | {s.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
