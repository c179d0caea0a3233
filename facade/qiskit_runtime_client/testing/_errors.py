"""Error answers of the emulator: the service's ErrorContainer body, and a proxy's HTML page."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping

from werkzeug.wrappers import Response

#: Codes from the service's error registry (https://quantum.cloud.ibm.com/docs/errors).
INTERNAL = "1000"
VALIDATION = "1002"
BACKEND_UNAVAILABLE = "1004"
BACKEND_NOT_FOUND = "1007"
NOT_AUTHORIZED = "1200"
INVALID_CREDENTIALS = "1201"
TOO_MANY_REQUESTS = "1202"
TOO_MANY_TAGS = "1204"

MORE_INFO = "https://quantum.cloud.ibm.com/docs/errors"


class ApiError(Exception):
    """Raised by handlers to answer with an ErrorContainer.

    `code` is a registry code where the registry has one; otherwise the HTTP status as a string
    (the registry excerpt we have names no code for "job not found" and the like).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: Mapping[str, str] | None = None,
        more: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or str(status)
        self.headers = dict(headers or {})
        #: further (code, message) entries for the errors[] array
        self.more = more or []

    def body(self) -> dict[str, object]:
        """The ErrorContainer for this error."""
        entries = [(self.code, self.message), *self.more]
        return error_container(entries)

    def response(self) -> Response:
        """The HTTP answer for this error."""
        return json_response(self.body(), self.status, headers=self.headers)


def new_trace() -> str:
    """A request identifier like the service puts in `trace`."""
    return secrets.token_hex(16)


def error_container(entries: list[tuple[str, str]]) -> dict[str, object]:
    """`{"errors":[{code,message,more_info}],"trace":...}` as the service sends it."""
    return {
        "errors": [
            {"code": code, "message": message, "more_info": MORE_INFO} for code, message in entries
        ],
        "trace": new_trace(),
    }


def json_response(
    body: object, status: int = 200, *, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON answer."""
    return Response(
        json.dumps(body, separators=(",", ":")),
        status=status,
        mimetype="application/json",
        headers=dict(headers or {}),
    )


_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
    520: "Web Server Returned an Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    524: "A Timeout Occurred",
}


def html_error_page(status: int, headers: Mapping[str, str] | None = None) -> Response:
    """The kind of HTML page a proxy or load balancer sends instead of the service's JSON."""
    reason = _REASONS.get(status, "Error")
    page = (
        f"<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
        "</body>\r\n</html>\r\n"
    )
    return Response(page, status=status, mimetype="text/html", headers=dict(headers or {}))
