"""Turn HTTP answers and transport failures into replies or typed errors, never parser crashes."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import httpx

from qiskit_runtime_client._constants import SEARCH_PATH
from qiskit_runtime_client._effects import Call, Reply
from qiskit_runtime_client._redact import redact_secret, redact_url
from qiskit_runtime_client._retry import parse_retry_after
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def _snippet(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."


def parse_error_details(body: Any) -> tuple[list[ErrorDetail], str | None]:
    """`errors[]` and `trace` from an ErrorContainer / GenericErrorDto, tolerating other shapes."""
    details: list[ErrorDetail] = []
    trace = None
    if isinstance(body, dict):
        trace = body.get("trace") if isinstance(body.get("trace"), str) else None
        raw = body.get("errors")
        if isinstance(body.get("error"), dict):
            raw = [body["error"]]
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict):
                code = item.get("code")
                details.append(
                    ErrorDetail(
                        code=None if code is None else str(code),
                        message=str(item.get("message") or ""),
                        more_info=item.get("more_info"),
                        solution=item.get("solution"),
                    )
                )
            elif isinstance(item, str):
                details.append(ErrorDetail(code=None, message=item))
    return details, trace


def _redacted_text(response: httpx.Response, secrets: Sequence[str]) -> str:
    """The body as text with the client's secrets (a server may echo them) taken out."""
    text = response.text
    for secret in secrets:
        text = redact_secret(text, secret)
    return text


def error_from_response(
    response: httpx.Response, method: str, path: str, secrets: Sequence[str] = ()
) -> APIStatusError:
    """The typed error for an error answer, with a readable message whatever the body is.

    `secrets` (the bearer token in use, ...) are redacted from everything taken from the body.
    """
    status = response.status_code
    text = _redacted_text(response, secrets)
    details: list[ErrorDetail] = []
    trace = None
    try:
        body = json.loads(text) if text.strip() else None
    except (ValueError, RecursionError):
        body = None
    if body is not None:
        details, trace = parse_error_details(body)
    if details:
        summary = "; ".join(str(d) for d in details)
    elif not text.strip():
        summary = "empty body"
    elif body is None:
        title = _TITLE.search(text)
        kind = response.headers.get("content-type", "unknown type").split(";")[0]
        found = _snippet(title.group(1)) if title else _snippet(text, 120)
        summary = f"non-JSON {kind} body: {found!r}"
    else:
        summary = _snippet(text)
    reason = response.reason_phrase or ""
    message = f"{method} {path} failed: HTTP {status}{' ' + reason if reason else ''}: {summary}"
    if trace:
        message += f" (trace {trace})"
    cls = _STATUS_ERRORS.get(status, ServerError if status >= 500 else APIStatusError)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "method": method,
        "path": path,
        "errors": details,
        "trace": trace,
        "body": _snippet(text, 2000),
    }
    if cls is RateLimitError:
        kwargs["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    return cls(message, **kwargs)


def read_reply(call: Call[Any], response: httpx.Response, secrets: Sequence[str] = ()) -> Reply:
    """A Reply for a successful answer, or raise the typed error for any other."""
    path = response.request.url.path
    if response.status_code >= 400:
        raise error_from_response(response, call.method, path, secrets)
    if 300 <= response.status_code < 400:
        raise _redirect_refused(response, call.method, path)
    data: Any = None
    if call.expect == "text":
        data = response.text if response.status_code != 204 else None
    elif call.expect == "json" and response.status_code != 204:
        try:
            data = json.loads(response.content)
        except RecursionError:
            raise UnexpectedResponseError(
                f"{call.method} {path} answered HTTP {response.status_code} with JSON nested too "
                "deeply to read",
                method=call.method,
                path=path,
            ) from None
        except ValueError:
            kind = response.headers.get("content-type", "unknown type")
            raise UnexpectedResponseError(
                f"{call.method} {path} answered HTTP {response.status_code} with a body that is "
                f"not valid JSON ({kind}, {len(response.content)} bytes): "
                f"{_snippet(_redacted_text(response, secrets))!r}",
                method=call.method,
                path=path,
                body=_snippet(_redacted_text(response, secrets), 2000),
            ) from None
    return Reply(response.status_code, response.headers, data, tuple(secrets))


def _redirect_refused(response: httpx.Response, method: str, path: str) -> APIStatusError:
    """A redirect is an error: following it would send credentials and bodies elsewhere."""
    try:
        location = httpx.URL(response.headers.get("location", ""))
        where = f"{location.scheme}://{location.host}" if location.host else "an unnamed place"
    except (httpx.InvalidURL, ValueError):
        where = "an unreadable place"
    return APIStatusError(
        f"{method} {path} answered HTTP {response.status_code}, a redirect to {where}; "
        "redirects are never followed for API or IAM calls (they would carry credentials)",
        status_code=response.status_code,
        method=method,
        path=path,
    )


def _failed_request(exc: httpx.RequestError) -> httpx.Request | None:
    try:
        return exc.request
    except RuntimeError:  # httpx raises when no request was attached
        return None


#: Failures that may be the proxy's own: connecting to it, or its refusing the tunnel.
_PROXY_FAILURES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError)


def error_from_transport(
    exc: httpx.TransportError,
    call: Call[Any],
    request: httpx.Request | None = None,
    *,
    proxy: str | None = None,
) -> APIConnectionError:
    """The typed error for a failed exchange, saying whether the server may have seen it.

    When the failure happened on another request than `request` (the IAM token exchange or the
    instance name lookup run by the auth), the message says so and the API request counts as
    never sent. A connection failure through a `proxy` names it (it may be the proxy that failed).
    """
    cls = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if cls is APITimeoutError else "failed"
    detail = f"{type(exc).__name__}: {str(exc) or type(exc).__name__}"
    if proxy is not None and isinstance(exc, _PROXY_FAILURES):
        detail += f" (through the proxy {redact_url(proxy)})"
    failed = _failed_request(exc)
    if request is not None and failed is not None and failed is not request:
        where = redact_url(str(failed.url.copy_with(query=None)))
        step = "token exchange"
        if failed.url.path.endswith(SEARCH_PATH):
            step = "instance name lookup (IBM Cloud Global Search)"
        return cls(
            f"{call.method} {call.path} was not sent: the {step} at {where} {what}: {detail}",
            method=call.method,
            path=call.path,
            request_sent=False,
        )
    sent = not isinstance(
        exc,
        httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.LocalProtocolError,
    )
    path = request.url.path if request is not None else call.path  # as APIStatusError.path
    return cls(
        f"{call.method} {path} {what}: {detail}",
        method=call.method,
        path=path,
        request_sent=sent,
    )


def error_from_undecodable(exc: httpx.RequestError, call: Call[Any]) -> APIError:
    """The typed error for an answer httpx could not read (bad compression, redirect loops)."""
    failed = _failed_request(exc)
    path = failed.url.path if failed is not None else call.path
    detail = f"{type(exc).__name__}: {str(exc) or type(exc).__name__}"
    if isinstance(exc, httpx.DecodingError):
        return UnexpectedResponseError(
            f"{call.method} {path} answered with a body that could not be decoded ({detail})",
            method=call.method,
            path=path,
        )
    return APIError(f"{call.method} {path} failed: {detail}", method=call.method, path=path)
