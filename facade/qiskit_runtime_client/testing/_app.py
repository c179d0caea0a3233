"""The WSGI application: record, inject faults, authenticate, validate, then handle.

Order per request: the request is recorded; injected faults apply first (a proxy fails before
the service sees anything); then IAM or the Runtime API: Authorization, Service-CRN and
IBM-API-Version are checked as the service does, parameters and body are validated against the
spec, jobs and sessions are brought up to date, and the operation's handler answers.

Handlers are keyed by method and route (the spec path without `/v1`, see `_paths`), never by
operationId, so every spec edition routes alike; a spec operation without a handler answers 501
"not emulated" (today the four GET /analytics/* operations: usage analytics over time and its
filters, whose numbers would be made up). Errors take the shape the operation's spec entry
declares (ErrorContainer, or GenericErrorDto, see `_errors`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from werkzeug.wrappers import Request, Response

from qiskit_runtime_client._constants import SEARCH_PATH
from qiskit_runtime_client.testing import (
    _api_backends,
    _api_instance,
    _api_jobs,
    _api_sessions,
    _api_workloads,
)
from qiskit_runtime_client.testing._clamps import clamp_body, clamp_query, without_executor_params
from qiskit_runtime_client.testing._errors import (
    INTERNAL,
    NOT_AUTHORIZED,
    TOO_MANY_REQUESTS,
    VALIDATION,
    ApiError,
    html_error_page,
)
from qiskit_runtime_client.testing._faults import DROP, DROP_AFTER, HTML, FaultRule, Faults
from qiskit_runtime_client.testing._iam import TOKEN_PATH, token_endpoint
from qiskit_runtime_client.testing._paths import API_PREFIX, api_path
from qiskit_runtime_client.testing._recording import RecordedRequest, Recorder
from qiskit_runtime_client.testing._search import search_endpoint
from qiskit_runtime_client.testing._service import Call, Service
from qiskit_runtime_client.testing._spec import NoRoute, Operation, SpecIndex

logger = logging.getLogger("qiskit_runtime_client.testing")

Handler = Callable[[Service, Call], Response]
#: (method, route), like ("GET", "/jobs/{id}"): an operation whatever the spec edition calls it
Route = tuple[str, str]

HANDLERS: dict[Route, Handler] = {
    ("GET", "/backends"): _api_backends.list_backends,
    ("GET", "/backends/{id}/status"): _api_backends.backend_status,
    ("GET", "/backends/{id}/configuration"): _api_backends.backend_configuration,
    ("GET", "/backends/{id}/properties"): _api_backends.backend_properties,
    ("GET", "/backends/{id}/defaults"): _api_backends.backend_defaults,
    ("GET", "/jobs"): _api_jobs.list_jobs,
    ("POST", "/jobs"): _api_jobs.create_job,
    ("GET", "/jobs/{id}"): _api_jobs.get_job,
    ("DELETE", "/jobs/{id}"): _api_jobs.delete_job,
    ("POST", "/jobs/{id}/cancel"): _api_jobs.cancel_job,
    ("GET", "/jobs/{id}/results"): _api_jobs.job_results,
    ("GET", "/jobs/{id}/logs"): _api_jobs.job_logs,
    ("GET", "/jobs/{id}/metrics"): _api_jobs.job_metrics,
    ("PUT", "/jobs/{id}/tags"): _api_jobs.replace_tags,
    ("GET", "/tags"): _api_jobs.search_tags,
    ("POST", "/sessions"): _api_sessions.create_session,
    ("GET", "/sessions/{id}"): _api_sessions.get_session,
    ("PATCH", "/sessions/{id}"): _api_sessions.update_session,
    ("DELETE", "/sessions/{id}/close"): _api_sessions.close_session,
    ("GET", "/instance"): _api_instance.get_instance,
    ("GET", "/instances/configuration"): _api_instance.get_instance_configuration,
    ("PUT", "/instances/configuration"): _api_instance.put_instance_configuration,
    ("GET", "/instances/usage"): _api_instance.get_instance_usage,
    ("GET", "/accounts/{id}"): _api_instance.get_account,
    ("GET", "/versions"): _api_instance.get_versions,
    ("GET", "/workloads"): _api_workloads.list_workloads,
}

#: operations that need no token, CRN or version header
_OPEN_OPERATIONS: frozenset[Route] = frozenset({("GET", "/versions")})
#: operations whose tag list gets the registry's own "too many tags" code
_TAGGED_OPERATIONS: frozenset[Route] = frozenset({("POST", "/jobs"), ("PUT", "/jobs/{id}/tags")})

_OLDEST_API_VERSION = "2024-01-01"
_CRN = re.compile(r"^crn:v1:[^:]+:[^:]+:quantum-computing:[^:]*:a/[^:]+:[^:]+::$")


class DroppedConnection(Exception):
    """Internal: the fault layer wants the socket closed without an answer."""


class EmulatorApp:
    """WSGI callable serving IAM, the Runtime API under /api/v1, and the fault knobs' effects."""

    def __init__(self, service: Service, spec: SpecIndex, faults: Faults, recorder: Recorder):
        self.service = service
        self.spec = spec
        self.faults = faults
        self.recorder = recorder

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        request = Request(environ)
        record = self.recorder.add(request, self.service.time.now())
        delay, fault = self.faults.take(request.method, request.path)
        if delay:
            record.extra["delay"] = delay
            time.sleep(delay)
        if fault is not None:
            record.fault = fault.action
        if fault is not None and fault.action == DROP:
            self._drop(environ)
        if fault is not None and fault.action not in (DROP, DROP_AFTER):
            response = _fault_response(fault)
        else:
            response = self.respond(request, record)
            if fault is not None:
                record.extra["status_not_sent"] = response.status_code
                self._drop(environ)
        record.status = response.status_code
        return response(environ, start_response)

    @staticmethod
    def _drop(environ: dict[str, Any]) -> None:
        sock = environ.get("werkzeug.socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError("connection dropped by the emulator (injected fault)")

    def respond(self, request: Request, record: RecordedRequest) -> Response:
        """Answer one request as the service would (no faults)."""
        operation: Operation | None = None
        try:
            if request.path == TOKEN_PATH:
                return token_endpoint(self.service.tokens, request, self.service.time.now())
            if request.path == SEARCH_PATH and self.service.instances is not None:
                return search_endpoint(
                    self.service.instances, self.service.tokens, request, self.service.time.now()
                )
            route_path = api_path(request.path)
            if route_path is None:
                raise ApiError(404, f"No such path: {request.path} (the API is under {API_PREFIX})")
            operation, path_params = self._match(request, route_path)
            record.extra["operation"] = operation.name
            call = self._call(request, operation, path_params)
            handler = HANDLERS.get(operation.key)
            if handler is None:
                raise ApiError(501, f"{operation.name} is not emulated")
            self.service.lifecycle.refresh()
            return handler(self.service, call)
        except ApiError as error:
            return error.response(generic=operation is not None and operation.generic_errors)
        except Exception:
            logger.exception("emulator error on %s %s", request.method, request.path)
            internal = ApiError(500, "Internal error in the emulator", code=INTERNAL)
            return internal.response(generic=operation is not None and operation.generic_errors)

    def _match(self, request: Request, route_path: str) -> tuple[Operation, dict[str, str]]:
        try:
            return self.spec.match(request.method, route_path)
        except NoRoute as missing:
            if missing.status == 405:
                raise ApiError(
                    405,
                    f"Method {request.method} not allowed on {request.path}; "
                    f"allowed: {', '.join(missing.allowed)}",
                    headers={"Allow": ", ".join(missing.allowed)},
                ) from None
            raise ApiError(404, f"No such path: {request.path}") from None

    def _call(self, request: Request, operation: Operation, path_params: dict[str, str]) -> Call:
        api_version = None
        if operation.key not in _OPEN_OPERATIONS:
            self._authenticate(request)
            api_version = _api_version(request.headers.get("IBM-API-Version"))
        raw_query = clamp_query(operation.key, {k: request.args.getlist(k) for k in request.args})
        query, problems = self.spec.check_parameters(operation, path_params, raw_query)
        body: Any = None
        if operation.body_schema is not None:
            body = clamp_body(operation.key, _json_body(request))
            if operation.key in _TAGGED_OPERATIONS:
                _api_jobs.check_tag_count(body)
            problems += without_executor_params(
                operation.key, body, self.spec.check_body(operation, body)
            )
        if problems:
            entries = [(VALIDATION, str(problem)) for problem in problems]
            raise ApiError(400, entries[0][1], code=VALIDATION, more=entries[1:])
        return Call(
            request=request,
            operation=operation,
            path_params=path_params,
            query=query,
            body=body,
            api_version=api_version,
            base_url=request.host_url.rstrip("/"),
        )

    def _authenticate(self, request: Request) -> None:
        now = self.service.time.now()
        self.service.tokens.check(request.headers.get("Authorization"), now)
        crn = request.headers.get("Service-CRN")
        if not crn:
            raise ApiError(
                400,
                "Missing Service-CRN header: send the CRN of your instance",
                code=NOT_AUTHORIZED,
            )
        if not _CRN.match(crn):
            raise ApiError(
                400,
                f"Service-CRN is not a quantum-computing instance CRN: {crn!r}",
                code=NOT_AUTHORIZED,
            )
        if crn != self.service.instance:
            raise ApiError(
                401,
                "You are not authorized to use the instance given in Service-CRN",
                code=NOT_AUTHORIZED,
            )


def _api_version(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        valid = date.fromisoformat(value).isoformat() == value
    except ValueError:
        valid = False
    if not valid:
        raise ApiError(
            400,
            f"Invalid IBM-API-Version {value!r}: use a date like 2026-03-15 (see GET /versions)",
            code=VALIDATION,
        )
    if value < _OLDEST_API_VERSION:
        raise ApiError(
            400,
            f"IBM-API-Version {value} is not supported; the oldest is {_OLDEST_API_VERSION}",
            code=VALIDATION,
        )
    return value


def _json_body(request: Request) -> Any:
    data = request.get_data(cache=True)
    if not data:
        raise ApiError(400, "The request needs a JSON body", code=VALIDATION)
    if request.mimetype != "application/json":
        raise ApiError(
            415 if request.mimetype else 400,
            f"Content-Type must be application/json, got {request.mimetype or 'none'!r}",
            code=VALIDATION,
        )
    try:
        return json.loads(data)
    except ValueError as exc:
        raise ApiError(400, f"The request body is not valid JSON: {exc}", code=VALIDATION) from exc


def _fault_response(fault: FaultRule) -> Response:
    headers = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = f"{fault.retry_after:g}"
    if fault.action == HTML:
        return html_error_page(fault.status, headers)
    return ApiError(
        fault.status, fault.message, code=_code_for(fault.status), headers=headers
    ).response()


def _code_for(status: int) -> str:
    if status == 429:
        return TOO_MANY_REQUESTS
    return INTERNAL if status >= 500 else str(status)
