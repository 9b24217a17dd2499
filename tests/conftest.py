"""Shared fixtures: one fresh build per test session, and the store and graph made from it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from haitikg import paths
from haitikg.build import BuildResult, build, dataset_path
from haitikg.validate import union_graph


@pytest.fixture(scope="session")
def java() -> str:
    """Java, which the HermiT reasoner needs. Missing, it fails (never skips) every test
    that needs it, with the line that installs it."""
    path = shutil.which("java")
    if path is None:
        pytest.fail(
            "Java is not installed and the HermiT tests need it: run scripts/install-system-deps "
            "(apt-get install -y default-jre-headless)"
        )
    return path


@pytest.fixture(scope="session", autouse=True)
def default_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``HAITIKG_BUILD_DIR`` for the whole session, servers and subprocesses included: the
    default build is the session's, never the checkout's ``build/``."""
    path = tmp_path_factory.mktemp("build") / "build"
    patch = pytest.MonkeyPatch()
    patch.setenv("HAITIKG_BUILD_DIR", str(path))
    yield path
    patch.undo()


@pytest.fixture(scope="session")
def build_result(default_build_dir: Path) -> BuildResult:
    """The graph built from the repository's corpus into the session's build folder."""
    return build(default_build_dir)


@pytest.fixture(scope="session")
def build_dir(build_result: BuildResult) -> Path:
    return build_result.out_dir


@pytest.fixture(scope="session")
def store(build_dir: Path) -> ox.Store:
    """The built dataset in Oxigraph (do not modify: copy it with ``fresh_store``)."""
    s = ox.Store()
    s.bulk_load(path=str(dataset_path(build_dir)), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.fixture
def fresh_store(build_dir: Path) -> ox.Store:
    """A private copy of the built dataset, for tests that plant errors in it."""
    s = ox.Store()
    s.bulk_load(path=str(dataset_path(build_dir)), format=ox.RdfFormat.N_QUADS)
    return s


@pytest.fixture(scope="session")
def union(store: ox.Store) -> Graph:
    """The published default graph (union of all named graphs but VoID) as rdflib."""
    return union_graph(store)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus folder, for tests that break or extend it."""
    target = tmp_path / "corpus"
    shutil.copytree(paths.corpus_dir(), target)
    return target


def _runner(store: ox.Store):
    """A SELECT over the union of ``store``'s graphs (haitikg's prefixes predeclared)."""
    from haitikg.namespaces import PREFIXES

    def run(query: str) -> list[dict[str, str]]:
        solutions = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
        names = [v.value for v in solutions.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in solutions]

    return run


@pytest.fixture(scope="session")
def select(store: ox.Store):
    """Run a SELECT over the published default graph (haitikg's prefixes predeclared)."""
    return _runner(store)


@pytest.fixture(scope="session")
def article_store(tmp_path_factory) -> ox.Store:
    """The seed article alone, built without the tables of cited facts: what one text
    says, before other sources join its events and figures."""
    from haitikg.assemble import assemble

    corpus = tmp_path_factory.mktemp("article") / "corpus"
    shutil.copytree(paths.corpus_dir(), corpus, ignore=shutil.ignore_patterns("cited"))
    store, _ = assemble(corpus)
    return store


@pytest.fixture(scope="session")
def article(article_store: ox.Store):
    """Run a SELECT over the seed article's own build (see ``article_store``)."""
    return _runner(article_store)
