"""Shared fixtures: one fresh build per test session, and the store and graph made from it.

Every test builds into a temporary folder: the session's build is ``HAITIKG_BUILD_DIR`` for
this process and every subprocess, and the session fails if the checkout's ``build/`` changed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from playwright.sync_api import Browser, sync_playwright
from rdflib import Graph

from haitikg import paths
from haitikg.build import BuildResult, build, dataset_path
from haitikg.validate import union_graph

CHECKOUT_BUILD = Path(__file__).resolve().parents[1] / "build"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def files_in(folder: Path) -> dict[str, int]:
    """Each file under ``folder`` and its modification time (nothing if there is no folder)."""
    if not folder.is_dir():
        return {}
    return {
        str(f.relative_to(folder)): f.stat().st_mtime_ns for f in folder.rglob("*") if f.is_file()
    }


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


#: Folders whose tests share session servers: each runs whole on one xdist worker.
SHARED_SERVERS = ("endpoint", "web")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The xdist group of each test (``--dist loadgroup``): its file, or its folder when the
    folder's tests share session servers, so module and session fixtures start once per
    group. A test's own ``xdist_group`` mark wins. The folders' groups, the largest, go
    first: the last groups handed to a worker are then small ones, and both finish together."""
    root = Path(__file__).parent
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            parts = item.path.relative_to(root).parts
            group = parts[0] if parts[0] in SHARED_SERVERS else "/".join(parts)
            item.add_marker(pytest.mark.xdist_group(group))
    items.sort(key=lambda item: item.path.relative_to(root).parts[0] not in SHARED_SERVERS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium (Debian's, driven by Playwright) for every browser test of the session:
    Playwright's sync API runs one driver per process, and a start costs seconds."""
    assert CHROMIUM.exists(), "the browser tests need Debian's chromium: apt-get install chromium"
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield found
        found.close()


@pytest.fixture(scope="session", autouse=True)
def default_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``HAITIKG_BUILD_DIR`` for the whole session, servers and subprocesses included: the
    default build is the session's, never the checkout's ``build/`` (checked at the end)."""
    before = files_in(CHECKOUT_BUILD)
    path = tmp_path_factory.mktemp("build") / "build"
    patch = pytest.MonkeyPatch()
    patch.setenv("HAITIKG_BUILD_DIR", str(path))
    yield path
    patch.undo()
    assert files_in(CHECKOUT_BUILD) == before, f"a test wrote the checkout's {CHECKOUT_BUILD}"


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
