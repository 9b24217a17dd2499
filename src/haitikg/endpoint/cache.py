"""HTTP caching of query answers, as public SPARQL endpoints do.

The data changes only when an update (or a new server) makes a new dataset *generation*,
so an answer is a function of the generation and the request:

* the query view gives each answer an ``ETag`` made of the generation and what shapes the
  answer (query, dataset, format, row limit), weak because a result set without ``ORDER
  BY`` is the same answer in any order; a ``GET`` whose ``If-None-Match`` names it gets
  ``304`` before anything is evaluated; ``Cache-Control`` comes from ``CACHE_CONTROL``;
* :class:`ResponseCache`, a WSGI layer in front of the site, keeps whole ``/sparql``
  answers that carry an ETag (``RESULT_CACHE`` bytes, least recently used out first) for the
  current generation only — the first request after an update empties it — and answers a
  repeated request from memory without reaching Flask or a query worker;
* answers of :data:`COMPRESS_MIN` to :data:`COMPRESS_MAX` bytes are sent gzip-compressed
  to clients that accept it, cached ones compressed once, larger ones into a spool first
  (so a client that does not read holds no thread, and the spools' limit counts them).

Queries whose answer may differ between runs (``RAND()``, ``NOW()``, ``UUID()``,
``BNODE()``, ``SERVICE``, blank nodes in a ``CONSTRUCT`` template) get no ETag: they are
neither revalidated nor kept. A cached answer is served without charging the client's
query-time budget: it costs no query time.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Request, Response

from ..engine.execute import Job
from ..engine.spool import Spool, Spools
from . import http, runtime

PATH = "/sparql"
#: Answers smaller than this go uncompressed (one packet either way) …
COMPRESS_MIN = 1400
#: … and so do larger ones, sent as they are from their spool rather than compressed again.
COMPRESS_MAX = 16 * 1024 * 1024
#: One answer may take at most this share of the cache.
ENTRY_SHARE = 16
#: POST bodies up to this size are read to look the request up; larger ones pass through.
MAX_KEYED_BODY = 64 * 1024
COMPRESSIBLE = ("text/", "application/sparql-results", "application/n-", "application/ld+json",
                "application/rdf+xml", "application/trig", "application/json")  # fmt: skip
_VOLATILE = re.compile(r"\b(?:RAND|NOW|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)
_CONSTRUCT_BNODE = re.compile(r"\bCONSTRUCT\b[^{]*\{[^}]*(?:_:|\[)", re.IGNORECASE | re.DOTALL)

StartResponse = Callable[..., Any]


def cacheable(query: str) -> bool:
    """Whether the same request on the same generation always gets the same answer."""
    return not (_VOLATILE.search(query) or _CONSTRUCT_BNODE.search(query))


def etag(instance: str, generation: int, job: Job) -> str:
    """The ETag of a query job's answer: the server, the generation, and what shapes it."""
    parts = (
        job["query"], job["base_iri"], job["union"], job["default_graphs"], job["named_graphs"],
        job["max_rows"], job["solution_format"], job["boolean_format"], job["graph_format"],
    )  # fmt: skip
    digest = hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=12).hexdigest()
    return f"{instance}-{generation}-{digest}"


def not_modified(request: Request, tag: str | None) -> bool:
    """A conditional GET or HEAD whose ``If-None-Match`` names ``tag`` (or ``*``)."""
    return (
        tag is not None
        and request.method in ("GET", "HEAD")
        and bool(request.if_none_match)
        and request.if_none_match.contains_weak(tag)
    )


def mark(response: Response, request: Request, tag: str | None, cache_control: str) -> Response:
    """The caching headers of an answer (and of its 304)."""
    if tag is not None:
        response.set_etag(tag, weak=True)
        if request.method in ("GET", "HEAD") and cache_control:
            response.headers["Cache-Control"] = cache_control
    response.vary.update(("Accept", "Accept-Encoding"))
    return response


@dataclass
class Stored:
    """A whole answer: its headers (without length or encoding) and body, plain and gzip."""

    headers: list[tuple[str, str]]
    body: bytes
    etag: str
    gzipped: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped or b"") + 64 * len(self.headers)


class ResultCache:
    """At most ``max_bytes`` of answers, all of one generation (the newest seen)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self.max_entry = self.max_bytes // ENTRY_SHARE
        self.lock = threading.Lock()
        self.generation = -1
        self.entries: OrderedDict[bytes, Stored] = OrderedDict()
        self.bytes = 0
        self.hits = self.misses = 0

    def get(self, key: bytes, generation: int) -> Stored | None:
        with self.lock:
            if generation != self.generation:
                self._start(generation)
            stored = self.entries.get(key)
            if stored is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return stored

    def put(self, key: bytes, generation: int, stored: Stored) -> None:
        if stored.size > self.max_entry:
            return
        with self.lock:
            if generation > self.generation:
                self._start(generation)
            elif generation < self.generation:
                return  # evaluated on data an update has replaced since
            self._drop(key)
            self.entries[key] = stored
            self.bytes += stored.size
            while self.bytes > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))

    def compressed(self, key: bytes, stored: Stored) -> bytes:
        """The gzip body of ``stored``, made once and counted in the cache's size."""
        if stored.gzipped is None:
            gzipped = gzip_bytes(stored.body)
            with self.lock:
                if stored.gzipped is None:
                    stored.gzipped = gzipped
                    if self.entries.get(key) is stored:
                        self.bytes += len(gzipped)
        return stored.gzipped

    def stats(self) -> dict[str, int]:
        with self.lock:
            return {"generation": self.generation, "entries": len(self.entries),
                    "bytes": self.bytes, "max_bytes": self.max_bytes,
                    "hits": self.hits, "misses": self.misses}  # fmt: skip

    def _start(self, generation: int) -> None:
        self.generation = generation
        self.entries.clear()
        self.bytes = 0

    def _drop(self, key: bytes) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size


class ResponseCache:
    """WSGI layer in front of the site: repeated ``/sparql`` answers from memory, gzip."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.results = ResultCache(int(app.config.get("RESULT_CACHE", 64 * 1024 * 1024)))
        #: Generations restart at 0 with each server: this tells two servers' ETags apart.
        self.instance = secrets.token_hex(5)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH or environ["REQUEST_METHOD"] not in (
            "GET", "HEAD", "POST"
        ):  # fmt: skip
            return self.wsgi_app(environ, start_response)
        gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        generation = self._generation()
        key = None if generation is None else _key(environ)
        if key is not None and generation is not None and self.results.max_bytes:
            stored = self.results.get(key, generation)
            if stored is not None:
                return self._replay(key, stored, environ, start_response, gzip)
        return self._through(key, generation, environ, start_response, gzip)

    def _spools(self) -> Spools:
        """Where compressed answers wait, counted with the engine's (``SPOOL_LIMIT``)."""
        spools = getattr(runtime.start(self.app).pool, "spools", None)
        return spools if isinstance(spools, Spools) else Spools(0)

    def _generation(self) -> int | None:
        """The dataset's generation, starting the engine as the view would; None when it
        cannot start (the view then says why, as for any request)."""
        try:
            engine = runtime.start(self.app)
        except Exception:
            return None
        return int(engine.snapshots.generation)

    def _replay(
        self,
        key: bytes,
        stored: Stored,
        environ: dict[str, Any],
        start_response: StartResponse,
        gzip: bool,
    ) -> Iterable[bytes]:
        if _matches(environ.get("HTTP_IF_NONE_MATCH", ""), stored.etag) and environ[
            "REQUEST_METHOD"
        ] in ("GET", "HEAD"):
            start_response("304 NOT MODIFIED", stored.headers)
            return []
        body = stored.body
        headers = list(stored.headers)
        if gzip and len(body) >= COMPRESS_MIN:
            body = self.results.compressed(key, stored)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _through(
        self,
        key: bytes | None,
        generation: int | None,
        environ: dict[str, Any],
        start_response: StartResponse,
        gzip: bool,
    ) -> Iterable[bytes]:
        """Let the site answer; keep what it marked with an ETag, compress what is large."""
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None  # the site never writes through this

        chunks = self.wsgi_app(environ, capture)
        status, headers = seen["status"], seen["headers"]
        names = {k.lower(): v for k, v in headers}
        length = int(names.get("content-length", -1))
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length",)]
        small = 0 <= length <= max(self.results.max_entry, COMPRESS_MIN)
        compress = (
            gzip
            and status.startswith("200")
            and "content-encoding" not in names
            and names.get("content-type", "").startswith(COMPRESSIBLE)
            and (length < 0 or COMPRESS_MIN <= length <= COMPRESS_MAX)
        )
        if not small or not status.startswith("200"):
            if compress:  # into a spool first: a client that does not read holds no thread
                packed = gzip_file(chunks, self._spools())
                length = packed.seek(0, io.SEEK_END)
                packed.seek(0)
                gzipped = [*kept, ("Content-Encoding", "gzip"), ("Content-Length", str(length))]
                start_response(status, gzipped, seen["exc_info"])
                return http.spool_body(environ, packed)
            start_response(status, headers, seen["exc_info"])
            return chunks
        body = _drain(chunks)
        stored = Stored(kept, body, names.get("etag", "").removeprefix('W/"').rstrip('"'))
        if key is not None and generation is not None and "etag" in names:
            self.results.put(key, generation, stored)
        if compress:
            body = self.results.compressed(key, stored) if key else gzip_bytes(body)
            kept = [*kept, ("Content-Encoding", "gzip")]
        start_response(status, [*kept, ("Content-Length", str(len(body)))], seen["exc_info"])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def _key(environ: dict[str, Any]) -> bytes | None:
    """What in the raw request decides its answer (besides the generation), or None when
    the body is too large to read for a lookup."""
    body = b""
    if environ["REQUEST_METHOD"] == "POST":
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length > MAX_KEYED_BODY or "chunked" in environ.get("HTTP_TRANSFER_ENCODING", ""):
            return None
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
    parts = (
        "POST" if environ["REQUEST_METHOD"] == "POST" else "GET",
        environ.get("wsgi.url_scheme", ""), environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""), environ.get("QUERY_STRING", ""),
        environ.get("CONTENT_TYPE", ""), environ.get("HTTP_ACCEPT", ""),
    )  # fmt: skip
    return hashlib.blake2b(repr(parts).encode("latin-1") + body, digest_size=16).digest()


def _matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison of an ``If-None-Match`` value with an ETag (RFC 9110 §13.1.2)."""
    if not if_none_match or not tag:
        return False
    listed = {t.strip().removeprefix("W/").strip('"') for t in if_none_match.split(",")}
    return tag in listed or "*" in listed


def _drain(chunks: Iterable[bytes]) -> bytes:
    try:
        return b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()


def gzip_bytes(body: bytes) -> bytes:
    packer = zlib.compressobj(5, zlib.DEFLATED, 31)
    return packer.compress(body) + packer.flush()


def gzip_file(chunks: Iterable[bytes], spools: Spools) -> Spool:
    """A large answer gzip-compressed into a spool, to be sent from it."""
    packer = zlib.compressobj(5, zlib.DEFLATED, 31)
    packed = spools.open()
    try:
        for chunk in chunks:
            packed.write(packer.compress(chunk))
        packed.write(packer.flush())
    except BaseException:
        packed.close()
        raise
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return packed


def install(app: Flask) -> ResponseCache:
    """Put the response cache in front of ``app``; the query view reads it for ETags."""
    layer = ResponseCache(app, app.wsgi_app)
    app.wsgi_app = layer  # type: ignore[method-assign]  # Flask's way to add WSGI middleware
    app.extensions["haitikg.cache"] = layer
    return layer
