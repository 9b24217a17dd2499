"""haitikg's version, read from the installed package's metadata (pyproject.toml is the source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("haitikg")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
