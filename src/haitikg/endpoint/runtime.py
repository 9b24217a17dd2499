"""The engine of the current app: started once per app, kept in ``app.extensions``."""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from ..engine.runtime import Running, open_engine

_lock = threading.Lock()


def start(app: Flask) -> Running:
    """Load the data and start the workers, once per app."""
    with _lock:
        engine = app.extensions.get("haitikg")
        if engine is None:
            engine = app.extensions["haitikg"] = open_engine(app.config)
            atexit.register(engine.close)
        return engine


def current_engine() -> Running:
    """The engine of the app handling the current request."""
    # flask types current_app as the Flask it stands for, without the proxy's own method
    return start(current_app._get_current_object())  # type: ignore[attr-defined]


def stop(app: Flask) -> None:
    """Stop the app's workers and remove its snapshots (when an app is done before exit)."""
    with _lock:
        engine = app.extensions.pop("haitikg", None)
    if engine is not None:
        atexit.unregister(engine.close)
        engine.close()
