"""The researcher's web pages and linked-data views (registered on the endpoint's app)."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Attach the pages' blueprints to ``app``."""
