"""Where haitikg finds its inputs and writes its build.

Inputs (ontology, corpus, queries) are the repository's top-level folders; the package
reaches them through ``haitikg/data`` links, which a wheel turns into copies, so an
installed haitikg carries its own data.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

from .version import __version__

DATA = Path(str(files("haitikg") / "data"))


def ontology_dir() -> Path:
    return DATA / "ontology"


def corpus_dir() -> Path:
    return DATA / "corpus"


def queries_dir() -> Path:
    return DATA / "queries"


def project_root() -> Path | None:
    """The checkout this package runs from, or None when installed elsewhere."""
    link = DATA / "ontology"
    if not link.is_symlink():
        return None
    root = link.resolve().parent
    return root if (root / "pyproject.toml").exists() else None


def default_build_dir() -> Path:
    """``$HAITIKG_BUILD_DIR``, else ``build/`` of the checkout, else a per-user cache."""
    if env := os.environ.get("HAITIKG_BUILD_DIR"):
        return Path(env)
    if (root := project_root()) is not None:
        return root / "build"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return cache / "haitikg" / f"build-{__version__}"
