"""Error answers of the emulator: the service's two error bodies, and a proxy's HTML page.

Most operations answer errors as an ErrorContainer (`code` a string, `trace` a request id). The
operations whose spec entries declare `GenericErrorDto` instead (GET /workloads,
GET /instances/usage, the analytics operations) answer in that shape: `code` a number, a
`solution`, and a UUID `trace` (runtime-api-facts.md section 5).
"""

from __future__ import annotations

import json
import secrets
import uuid
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

#: what a GenericErrorDto's `solution` says, by HTTP status, when the error names none
_SOLUTIONS = {
    400: "Correct the request as the message says and send it again.",
    401: "Get a new IAM access token with your API key and send the request again.",
    403: "Check that your API key has access to the instance in Service-CRN.",
    404: "Check the identifier in the request path.",
    409: "Check the state of the resource and try again later.",
    429: "Reduce the request rate and retry.",
}
_DEFAULT_SOLUTION = "Try again later; if the problem persists, contact IBM Quantum support."


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
        solution: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or str(status)
        self.headers = dict(headers or {})
        #: further (code, message) entries for the errors[] array
        self.more = more or []
        #: what to do about it (GenericErrorDto's `solution`); by status when not given
        self.solution = solution or _SOLUTIONS.get(status, _DEFAULT_SOLUTION)

    def body(self, *, generic: bool = False) -> dict[str, object]:
        """The ErrorContainer for this error, or the GenericErrorDto with `generic`."""
        entries = [(self.code, self.message), *self.more]
        if generic:
            return generic_error(entries, self.solution)
        return error_container(entries)

    def response(self, *, generic: bool = False) -> Response:
        """The HTTP answer for this error (`generic`: in the GenericErrorDto shape)."""
        return json_response(self.body(generic=generic), self.status, headers=self.headers)


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


def generic_error(entries: list[tuple[str, str]], solution: str) -> dict[str, object]:
    """`{"errors":[{code (a number),message,solution,more_info}],"trace":<uuid>}`."""
    return {
        "errors": [
            {"code": int(code), "message": message, "solution": solution, "more_info": MORE_INFO}
            for code, message in entries
        ],
        "trace": str(uuid.uuid4()),
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
