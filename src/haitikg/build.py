"""``haitikg build``: corpus + annotations + ontology → the published dataset in ``build/``.

assemble.py makes the dataset in memory; this module writes its dumps and manifest.
Output is byte-identical for identical input, and a new build replaces the old one
atomically, so a crash mid-build leaves the last build intact. A build older than its
inputs is built again before it is used (``ensure_built``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import duplicates, inputs, paths
from .assemble import BuildResult, Progress, assemble, quiet
from .atomic import recover, replace_dir, staging_dir
from .dumps import write_dumps
from .errors import BuildMissing
from .formats import by_name

DATASET = "haitikg"
#: Dumps of the whole dataset and of its union graph, by format short name.
DUMP_FORMATS = ("trig", "nq", "ttl", "nt", "jsonld", "rdfxml")
log = logging.getLogger(__name__)


def write(store: ox.Store, out_dir: Path, result: BuildResult, progress: Progress = quiet) -> None:
    """Every dump, the ontology artefacts, the VoID file, the JSON-LD context and a manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    progress("dumps")
    write_dumps(store, out_dir, DATASET, DUMP_FORMATS)
    duplicates.write_report(out_dir, result.duplicates)
    files = []
    for path in sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != "manifest.json"):
        data = path.read_bytes()
        files.append(
            {
                "path": path.relative_to(out_dir).as_posix(),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    result.files = files
    manifest = {
        "dataset": DATASET,
        "documents": result.documents,
        "facts": result.facts,
        "spans": result.spans,
        "graphs": result.graphs,
        "asserted": result.asserted,
        "inferred": result.inferred,
        "drafts": result.drafts,
        "drafts_published": result.drafts_published,
        "tables": result.tables,
        "entries": result.entries,
        "cited_sources": result.cited_sources,
        "duplicates": len(result.duplicates),
        "files": files,
        "inputs": result.inputs,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def build(
    out_dir: Path | None = None,
    corpus_dir: Path | None = None,
    progress: Progress = quiet,
    drafts: bool = False,
) -> BuildResult:
    """Build into a temporary folder beside ``out_dir``, then swap it in atomically."""
    started = time.perf_counter()
    out_dir = Path(out_dir or paths.default_build_dir())
    fingerprint = inputs.fingerprint(corpus_dir)  # before reading: an edit meanwhile is seen
    store, result = assemble(corpus_dir, progress=progress, drafts=drafts)
    result.inputs = fingerprint
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    recover(out_dir)
    staging = staging_dir(out_dir, "building")
    try:
        write(store, staging, result, progress)
        replace_dir(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.out_dir = out_dir
    result.seconds = time.perf_counter() - started
    return result


def dataset_path(out_dir: Path | None = None) -> Path:
    return Path(out_dir or paths.default_build_dir()) / f"{DATASET}.{by_name('nq').extension}"


def is_built(out_dir: Path | None = None) -> bool:
    out_dir = Path(out_dir or paths.default_build_dir())
    return (out_dir / "manifest.json").exists() and dataset_path(out_dir).exists()


def stale(out_dir: Path) -> str | None:
    """Why the build in ``out_dir`` cannot be served as it is (None when it can): missing,
    or made from other inputs than those there are now."""
    if not is_built(out_dir):
        return "there is no build yet"
    recorded = _manifest(out_dir).get("inputs")
    if not isinstance(recorded, dict) or not recorded:
        return "it records no fingerprint of its inputs (an older haitikg made it)"
    corpus = recorded.get("corpus_dir")
    if corpus and not Path(corpus).is_dir():
        log.warning("%s was built from %s, which is gone: serving it as it is", out_dir, corpus)
        return None
    changes = inputs.changed(recorded, inputs.fingerprint(Path(corpus) if corpus else None))
    if changes:
        return f"{', '.join(changes)} changed since it was built"
    return None


def ensure_built(out_dir: Path | None = None, progress: Progress = quiet) -> Path:
    """The build folder, built first when it is missing and built again (from the corpus
    it was built from, with or without drafts as before) when its inputs changed."""
    out_dir = Path(out_dir or paths.default_build_dir())
    why = stale(out_dir)
    if why is not None:
        previous = _manifest(out_dir)
        if is_built(out_dir):
            log.warning("rebuilding %s: %s", out_dir, why)
        progress(why)
        corpus = (previous.get("inputs") or {}).get("corpus_dir")
        build(
            out_dir,
            Path(corpus) if corpus else None,
            progress=progress,
            drafts=bool(previous.get("drafts_published")),
        )
    if not is_built(out_dir):
        raise BuildMissing(f"{out_dir}: the build did not produce {dataset_path(out_dir).name}")
    return out_dir


def _manifest(out_dir: Path) -> dict[str, Any]:
    """The build's manifest, or nothing when there is none to read."""
    try:
        found = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
