"""What a build is made from, fingerprinted: the corpus, the ontology, the queries and
haitikg's version. ``manifest.json`` records it, so that a build older than its inputs
(after a ``git pull``) is rebuilt, saying why, instead of being served as if it were new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from . import paths
from .version import __version__

#: The folders a build reads, by the name the manifest gives them.
FOLDERS = ("corpus", "ontology", "queries")


def digest(folder: Path) -> str:
    """SHA-256 over the folder's files (their paths and contents), hidden files and
    caches left out; a missing folder has the digest of an empty one."""
    total = hashlib.sha256()
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    for path in files:
        name = path.relative_to(folder).as_posix()
        if any(part.startswith(".") or part == "__pycache__" for part in name.split("/")):
            continue
        total.update(name.encode("utf-8") + b"\0")
        total.update(hashlib.sha256(path.read_bytes()).digest())
    return total.hexdigest()


def fingerprint(corpus_dir: Path | None = None) -> dict[str, str]:
    """The fingerprint of a build of ``corpus_dir`` (default: the packaged corpus)."""
    folders = {
        "corpus": corpus_dir or paths.corpus_dir(),
        "ontology": paths.ontology_dir(),
        "queries": paths.queries_dir(),
    }
    found = {name: digest(Path(folders[name])) for name in FOLDERS}
    found["version"] = __version__
    if corpus_dir is not None and not is_packaged(corpus_dir):
        found["corpus_dir"] = str(Path(corpus_dir).resolve())
    return found


def is_packaged(corpus_dir: Path) -> bool:
    return Path(corpus_dir).resolve() == paths.corpus_dir().resolve()


def changed(recorded: Mapping[str, object], current: Mapping[str, str]) -> list[str]:
    """The inputs whose fingerprint differs (every one when nothing was recorded)."""
    return [name for name, value in current.items() if recorded.get(name) != value]
