"""The review page (``/-/review``): a draft document's text with each proposed item
highlighted, and buttons that confirm or reject it in its annotation file.

A decision is the one-word change a person would make by hand (``status: draft`` →
``confirmed`` or ``rejected``): the value is replaced where it stands in the YAML, so the
rest of the file (comments, order, quotes) stays byte for byte. The page carries the
file's SHA-256; a decision made on a file that changed since is refused (409), and the new
file replaces the old one in one rename. Only ``*.ann.yaml`` files directly in the review
folder (setting ``REVIEW_DIR``) can be read or written, and only with the update token
(``UPDATE_TOKEN``: an ``Authorization: Bearer`` header, or the cookie the page's form sets).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import threading
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml
from flask import Response, abort, current_app, make_response, redirect, render_template, request

from ..errors import HaitikgError
from ..evaluate import Annotated

COOKIE = "haitikg_review"
DOC_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,200}")
DECISIONS = ("confirmed", "rejected")
SECTIONS = ("facts", "mentions", "dates")
_WRITING = threading.Lock()  # one decision at a time: read, compare, replace


@dataclass
class ReviewItem:
    """One reviewable item of an annotation file and where its status stands."""

    key: str  # "facts/3", "entities/felix-moloua"
    section: str
    title: str
    detail: str
    status: str
    confidence: Any = None
    cue: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)


def index() -> Response:
    """The documents of the review folder, with how many drafts each still has."""
    folder = _folder()
    if refused := _authorise(read=True):
        return refused
    docs = []
    for path in sorted(folder.glob("*.ann.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            docs.append((path.name.removesuffix(".ann.yaml"), None))
            continue
        docs.append((path.name.removesuffix(".ann.yaml"), _count_drafts(raw)))
    return make_response(render_template("web/review_index.html", docs=docs))


def login() -> Response:
    """The token typed into the page's form, kept in a cookie for this path only."""
    token = _token()
    given = request.form.get("token", "")
    if not hmac.compare_digest(given.encode(), token.encode()):
        return _login_page("That is not the server's update token.", 403)
    target = request.form.get("next", "")
    if not target.startswith("/-/review"):
        target = "/-/review"
    response = redirect(request.script_root + target, 303)
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="Strict", path=f"{request.script_root}/-/review"
    )
    return response


def document(doc: str) -> Response:
    """GET: the text with its items; POST: a decision on one item."""
    path = _path(doc)
    if request.method == "POST":
        _authorise(read=False)
        return _decide(doc, path)
    if refused := _authorise(read=True):
        return refused
    raw_bytes = path.read_bytes()
    text_path = path.with_name(f"{doc}.txt")
    if not text_path.is_file():
        abort(404, description=f"{doc}.txt is not beside its annotations")
    try:
        items = _items(path, raw_bytes.decode("utf-8"))
    except (HaitikgError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise HaitikgError(f"{path.name}: cannot be reviewed: {exc}") from exc
    text = text_path.read_text(encoding="utf-8")
    return make_response(
        render_template(
            "web/review.html",
            doc=doc,
            version=hashlib.sha256(raw_bytes).hexdigest(),
            segments=_segments(text, items),
            items=items,
            remaining=sum(1 for i in items if i.status == "draft"),
            message=request.args.get("done", ""),
        )
    )


def _folder() -> Path:
    folder = current_app.config.get("REVIEW_DIR")
    if not folder:
        abort(404, description="no review folder: start the server with --review-dir")
    return Path(str(folder)).resolve()


def _path(doc: str) -> Path:
    """The annotation file of ``doc``: a plain name, directly in the review folder."""
    folder = _folder()
    if not DOC_ID.fullmatch(doc) or doc.startswith("."):
        abort(404, description=f"no document {doc!r} here")
    path = (folder / f"{doc}.ann.yaml").resolve()
    if path.parent != folder or not path.is_file():
        abort(404, description=f"no document {doc!r} here")
    return path


def _token() -> str:
    token = current_app.config.get("UPDATE_TOKEN")
    if not token:
        abort(403, description="reviewing writes files: start the server with --update-token")
    return str(token)


def _authorise(read: bool) -> Response | None:
    """The update token, as a bearer header or the page's cookie; a reader without it gets
    the form to type it in (returned), a writer 403."""
    token = _token()
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        given = request.cookies.get(COOKIE, "")
    if given and hmac.compare_digest(given.strip().encode(), token.encode()):
        return None
    if read:
        return _login_page("", 401)
    abort(403, description="a review decision needs the server's update token")


def _login_page(message: str, status: int) -> Response:
    page = render_template("web/review_login.html", message=message, next=request.path)
    response = make_response(page, status)
    response.headers["WWW-Authenticate"] = 'Bearer realm="haitikg review"'
    return response


def _count_drafts(raw: dict) -> int:
    found = 0
    for section in SECTIONS:
        found += sum(
            1 for i in raw.get(section) or [] if isinstance(i, dict) and i.get("status") == "draft"
        )
    entities = raw.get("entities") or {}
    found += sum(1 for e in entities.values() if isinstance(e, dict) and e.get("status") == "draft")
    return found


def _items(path: Path, source: str) -> list[ReviewItem]:
    """Every item with a status, in the order of the file, with the spans it quotes."""
    raw = yaml.safe_load(source) or {}
    if not isinstance(raw, dict) or "document" not in raw:
        raise HaitikgError("not an annotation file (no `document`)")
    annotated = Annotated(path, [path.parent])
    out: list[ReviewItem] = []
    for eid, spec in (raw.get("entities") or {}).items():
        if isinstance(spec, dict) and "status" in spec:
            out.append(
                ReviewItem(
                    f"entities/{eid}",
                    "entities",
                    f"{spec.get('type', '')} {eid}",
                    str(spec.get("label", "")),
                    str(spec["status"]),
                    spec.get("confidence"),
                    str(spec.get("cue", "")),
                )
            )
    for section in SECTIONS:
        for n, item in enumerate(raw.get(section) or []):
            if not isinstance(item, dict) or "status" not in item:
                continue
            spans = annotated.spans(item)
            spans += [s for a in item.get("also") or [] for s in annotated.spans({"quote": a})]
            out.append(
                ReviewItem(
                    f"{section}/{n}",
                    section,
                    _title(section, item),
                    _detail(section, item),
                    str(item["status"]),
                    item.get("confidence"),
                    str(item.get("cue", "")),
                    spans,
                )
            )
    return out


def _title(section: str, item: dict) -> str:
    if section == "mentions":
        return f"mention of {item.get('entity')}"
    if section == "dates":
        return f"date ({item.get('type')})"
    kind = item.get("kind", "fact")
    if kind == "event":
        return f"event {item.get('type')}"
    if kind == "statement":
        return f"{item.get('subject')} {item.get('property')} {item.get('object')}"
    return str(kind)


def _detail(section: str, item: dict) -> str:
    if section == "dates":
        keys = ("value", "earliest", "latest")
        return ", ".join(f"{k} {item[k]}" for k in keys if k in item)
    if item.get("kind") == "figure":
        qualifier, measure = item.get("qualifier"), item.get("measure")
        return f"{item.get('value')} {item.get('unit', '')} ({qualifier}, {measure})"
    if item.get("kind") == "quotation":
        return f"speaker {item.get('speaker')}"
    if item.get("kind") == "event":
        parts = [f"{r}: {a}" for r, a in (item.get("roles") or {}).items()]
        parts += [f"place: {item['place']}"] if item.get("place") else []
        parts += [f"{k}: {item[k]}" for k in ("date", "begin", "end") if k in item]
        return "; ".join(parts)
    return str(item.get("label", ""))


def _segments(text: str, items: list[ReviewItem]) -> list[tuple[str, list[str]]]:
    """The text cut where an item's span begins or ends: ``(words, keys of the items
    over them)``, so every stretch is marked with everything said about it."""
    cuts = {0, len(text)}
    for item in items:
        for begin, end in item.spans:
            cuts |= {begin, end}
    points = sorted(cuts)
    out = []
    for begin, end in pairwise(points):
        keys = [i.key for i in items if any(b <= begin and end <= e for b, e in i.spans)]
        out.append((text[begin:end], keys))
    return out


def _decide(doc: str, path: Path) -> Response:
    key = request.form.get("item", "")
    decision = request.form.get("decision", "")
    version = request.form.get("version", "")
    if decision not in DECISIONS:
        abort(400, description=f"decision must be one of {', '.join(DECISIONS)}")
    with _WRITING:
        current = path.read_bytes()
        if not hmac.compare_digest(hashlib.sha256(current).hexdigest(), version):
            abort(409, description=f"{path.name} changed since the page was loaded: reload it")
        source = current.decode("utf-8")
        begin, end = _status_span(source, key)
        updated = source[:begin] + decision + source[end:]
        yaml.safe_load(updated)  # still YAML
        _replace(path, updated.encode("utf-8"))
    anchor = key.replace("/", "-")
    return redirect(f"{request.script_root}/-/review/{doc}?done={anchor}#{anchor}", 303)


def _status_span(source: str, key: str) -> tuple[int, int]:
    """Where the value of the item's ``status`` stands in the YAML text."""
    section, _, which = key.partition("/")
    root = yaml.compose(source)
    if root is None or not isinstance(root, yaml.MappingNode):
        abort(409, description="the file is no longer an annotation file")
    container = next((v for k, v in root.value if k.value == section), None)
    node = None
    if isinstance(container, yaml.SequenceNode) and which.isdigit():
        index = int(which)
        node = container.value[index] if index < len(container.value) else None
    elif isinstance(container, yaml.MappingNode) and section == "entities":
        node = next((v for k, v in container.value if k.value == which), None)
    if not isinstance(node, yaml.MappingNode):
        abort(400, description=f"no item {key!r} in the file")
    status = next((v for k, v in node.value if k.value == "status"), None)
    if not isinstance(status, yaml.ScalarNode):
        abort(400, description=f"item {key!r} has no status to change")
    return status.start_mark.index, status.end_mark.index


def _replace(path: Path, data: bytes) -> None:
    """Write beside the file, then rename over it: a reader sees the old or the new file."""
    staging = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(staging, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(staging, path)
    finally:
        staging.unlink(missing_ok=True)
