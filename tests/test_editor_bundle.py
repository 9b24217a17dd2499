"""The query editor is vendored: built from pinned npm packages in web-editor/ into one file
the package serves (no CDN). These checks need no Node: they tell a bundle that was not
rebuilt after its sources changed, and a dependency that is not pinned."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT / "web-editor"
BUNDLE = ROOT / "src" / "haitikg" / "web" / "static" / "editor" / "haitikg-editor.js"


def test_the_bundle_is_built_from_the_sources_in_web_editor():
    sources = ["package-lock.json", "build.mjs"]
    sources += [f"src/{p.name}" for p in sorted((PROJECT / "src").iterdir())]
    digest = hashlib.sha256()
    for name in sources:
        digest.update((PROJECT / name).read_bytes())
    first = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    stamped = re.search(r"sources sha256:([0-9a-f]{64})", first)
    assert stamped, "the bundle's first line names the sources it was built from"
    assert stamped[1] == digest.hexdigest(), (
        "web-editor/ changed since the bundle was built: cd web-editor && npm ci && npm run build"
    )


def test_every_editor_dependency_is_pinned_and_locked():
    package = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_the_licences_of_what_is_bundled_are_shipped_beside_it():
    notices = (BUNDLE.parent / "THIRD-PARTY-LICENSES.txt").read_text(encoding="utf-8")
    for name in ("@codemirror/view", "@codemirror/autocomplete", "@codemirror/legacy-modes"):
        assert f"{name}@" in notices
