"""The endpoint's errors as types, each with its HTTP status, rendered once as RFC 9457.

One handler (``endpoint/http.py:render_problem``, installed by ``create_app``) turns any
:class:`EndpointError` into ``application/problem+json`` or ``text/plain`` by ``Accept``.
"""

from __future__ import annotations

from ..errors import HaitikgError


class EndpointError(HaitikgError):
    """A request the endpoint refuses or cannot answer; ``str(error)`` is the detail."""

    status = 400
    title = "Bad request"
    headers: dict[str, str] = {}  # noqa: RUF012 - class-level default, overridden per instance

    def __init__(self, detail: str, **headers: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = {k.replace("_", "-"): v for k, v in headers.items()}

    @property
    def slug(self) -> str:
        return "".join("-" + c.lower() if c.isupper() else c for c in type(self).__name__)[1:]


class QuerySyntaxError(EndpointError):
    status, title = 400, "Malformed query"


class UpdateSyntaxError(EndpointError):
    status, title = 400, "Malformed update"


class UpdateFailed(EndpointError):
    """The engine refused a well-formed update (e.g. DROP of a graph that does not exist)."""

    status, title = 400, "Update failed"


class MissingQuery(EndpointError):
    status, title = 400, "Missing query"


class RepeatedParameter(EndpointError):
    status, title = 400, "Repeated parameter"


class BadParameter(EndpointError):
    status, title = 400, "Bad parameter"


class QueryTooLong(EndpointError):
    status, title = 400, "Query too long"


class ServiceRefused(EndpointError):
    status, title = 400, "SERVICE not allowed"


class LoadRefused(EndpointError):
    status, title = 400, "LOAD not allowed"


class DatasetConflict(EndpointError):
    status, title = 400, "Dataset given twice"


class UpdateForbidden(EndpointError):
    status, title = 403, "Updates not allowed"


class NotFound(EndpointError):
    status, title = 404, "Not found"


class MethodNotAllowed(EndpointError):
    status, title = 405, "Method not allowed"


class NotAcceptable(EndpointError):
    status, title = 406, "Not acceptable"


class RequestTooLarge(EndpointError):
    status, title = 413, "Request too large"


class UnsupportedMediaType(EndpointError):
    status, title = 415, "Unsupported media type"


class BudgetSpent(EndpointError):
    """The client has used its share of query time (see ``throttle.py``)."""

    status, title = 429, "Query time budget spent"


class QueryFailed(EndpointError):
    """The engine raised an error while evaluating a well-formed query."""

    status, title = 500, "Query failed"


class QueryTimeout(EndpointError):
    status, title = 503, "Query time limit exceeded"


class StoreCannotWrite(EndpointError):
    """The disk refused a write (full, read-only, I/O error); the change was not made."""

    status, title = 507, "Store cannot write"


class WorkerLost(EndpointError):
    """The worker running the query died (killed, out of memory); a new one is starting."""

    status, title = 503, "Query worker lost"


class Overloaded(EndpointError):
    status, title = 503, "All query workers busy"
