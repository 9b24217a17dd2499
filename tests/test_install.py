"""``pip install .`` outside the repository: the wheel carries its data, and its declared
runtime dependencies are enough for every command.

The virtualenv sees exactly the distributions the wheel requires (and theirs), linked from
the environment running the tests: nothing is downloaded, and a dependency that is imported
but not declared (``requests`` for ``publish`` and ``--backend``) fails here, whether the
suite itself runs in a virtualenv or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from email.parser import Parser
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path
from zipfile import ZipFile

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from servers import free_port

ROOT = Path(__file__).resolve().parents[1]
#: What a clean checkout does not hold.
NOT_SOURCE = ("build", ".git", "*.egg-info", "__pycache__", ".venv", "venv", ".hypothesis",
              ".pytest_cache", ".ruff_cache", "test-artifacts", "results")  # fmt: skip


def requirements(wheel: Path) -> list[Requirement]:
    """The wheel's runtime requirements (no extras)."""
    with ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
    return [r for r in map(Requirement, metadata.get_all("Requires-Dist") or []) if runtime(r)]


def runtime(requirement: Requirement) -> bool:
    """Whether a plain install (no extras, this platform) needs ``requirement``."""
    return requirement.marker is None or requirement.marker.evaluate({"extra": ""})


def closure(wanted: list[Requirement]) -> Iterator[Distribution]:
    """The installed distributions ``wanted`` needs, and those they need in turn."""
    seen: set[str] = set()
    todo = list(wanted)
    while todo:
        requirement = todo.pop()
        key = canonicalize_name(requirement.name)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = distribution(requirement.name)
        except PackageNotFoundError:
            pytest.fail(f"{requirement.name} is required but not installed for the tests")
        yield dist
        todo += [r for r in map(Requirement, dist.requires or []) if runtime(r)]


def link_closure(dists: Iterator[Distribution], folder: Path) -> None:
    """Symlink every top-level file and folder of ``dists`` into ``folder``."""
    folder.mkdir()
    for dist in dists:
        for entry in {f.parts[0] for f in dist.files or [] if f.parts[0] != ".."}:
            target = Path(str(dist.locate_file(entry)))
            link = folder / entry
            if target.exists() and not link.exists():
                link.symlink_to(target)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with the wheel of this checkout and only its runtime dependencies."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"  # a clean copy: setuptools writes build/ where it builds
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    wheels = work / "wheel"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # no other haitikg seen
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        env=env,
    )
    wheel = next(wheels.glob("haitikg-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
        env=env,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    link_closure(closure(requirements(wheel)), work / "runtime")
    (Path(site) / "runtime-dependencies.pth").write_text(str(work / "runtime") + "\n")
    return env_dir


def run(env_dir: Path, *args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HAITIKG_BUILD_DIR", "PYTHONPATH")}
    return subprocess.run(
        args, cwd=cwd, env={**env, **extra}, capture_output=True, text=True, timeout=300
    )


def test_an_installed_wheel_builds_and_loads_outside_the_repository(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import haitikg, haitikg.paths as p; ds = haitikg.load(); "
        "print(p.project_root(), len(ds), p.default_build_dir())"
    )
    done = run(
        installed, str(installed / "bin" / "python"), "-c", code,
        cwd=elsewhere, XDG_CACHE_HOME=str(tmp_path / "cache"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = done.stdout.split()
    assert out[0] == "None"
    assert int(out[1]) > 3000
    assert out[2].startswith(str(tmp_path / "cache"))


def test_publish_runs_on_the_declared_dependencies(installed: Path, tmp_path: Path) -> None:
    haitikg = str(installed / "bin" / "haitikg")
    assert run(installed, haitikg, "publish", "--help", cwd=tmp_path).returncode == 0
    data = tmp_path / "one.nt"
    data.write_text("<urn:a> <urn:b> <urn:c> .\n")
    nobody = f"http://127.0.0.1:{free_port()}/sparql"
    done = run(installed, haitikg, "publish", "--to", nobody, "--file", str(data), cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "cannot reach" in done.stderr and "Traceback" not in done.stderr


def test_serve_backend_runs_on_the_declared_dependencies(installed: Path, tmp_path: Path) -> None:
    haitikg = str(installed / "bin" / "haitikg")
    nobody = f"http://127.0.0.1:{free_port()}/sparql"
    done = run(
        installed, haitikg, "serve", "--backend", nobody, "--port", str(free_port()),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "does not answer" in done.stderr and "Traceback" not in done.stderr
