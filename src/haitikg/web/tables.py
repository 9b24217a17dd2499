"""The events table as a download (``/downloads/events.csv``, ``.xlsx``): the same table as
``haitikg export events``, made once per dataset generation."""

from __future__ import annotations

import io

from flask import Response, abort

from .. import export
from ..citation import citation
from ..endpoint.data import cached, store

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def events(ext: str) -> Response:
    """``/downloads/events.<ext>``: one row per event in ACLED-like columns."""
    if ext not in MEDIA_TYPES:
        abort(404)
    body = cached(f"events.{ext}", lambda: _write(ext))
    response = Response(body, mimetype=MEDIA_TYPES[ext])
    response.headers["Content-Type"] = MEDIA_TYPES[ext]
    name = f"haitikg-events-{citation().version}.{ext}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _write(ext: str) -> bytes:
    table = export.events(store())
    out = io.BytesIO()
    if ext == "csv":
        export.write_csv(table, out)
    else:
        export.write_xlsx(table, out, about=[("cite as", str(citation()))])
    return out.getvalue()
