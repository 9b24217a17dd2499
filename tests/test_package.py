"""The package's public names are not shadowed by its own submodules."""

from __future__ import annotations

import importlib
import pkgutil

import haitikg


def test_public_functions_survive_importing_every_submodule():
    for info in pkgutil.walk_packages(haitikg.__path__, "haitikg."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)
    assert callable(haitikg.load) and callable(haitikg.ontology)
