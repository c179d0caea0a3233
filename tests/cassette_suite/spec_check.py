"""Check a cassette's interactions against the vendored spec (prepared, with the deviations of
`qiskit_runtime_client.testing.deviations` applied) using openapi-core, request and response.

Runtime calls (https://quantum.cloud.ibm.com/api/v1/...) are validated against that spec: path,
query, headers, security, JSON body, status and response body. Cassettes store Authorization as
`REDACTED`; the checker sends `Bearer REDACTED` in its place, so the security requirement checks
that a credential was sent, not its value. IAM token exchanges are not in the Runtime spec: they
are validated against IAM_SPEC below, a small document of our own written from
runtime-api-facts.md section 2. Any other URL is an error, never skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml
from cassette_config import LIVE_API_ROOT, LIVE_IAM_ROOT, REDACTED
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from qiskit_runtime_client.testing._spec import NoRoute, SpecIndex, load_spec
from qiskit_runtime_client.testing.deviations import apply_deviations, spec_path

IAM_TOKEN_PATH = "/identity/token"

#: IAM's API-key grant (runtime-api-facts.md section 2): form in, token JSON out; IAM errors are
#: {errorCode, errorMessage, context}. (openapi-core reads only the declared form fields, so
#: extra form fields cannot be refused here.)
IAM_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "IBM Cloud IAM API-key grant (as this client uses it)", "version": "1"},
    "servers": [{"url": LIVE_IAM_ROOT}],
    "paths": {
        IAM_TOKEN_PATH: {
            "post": {
                "operationId": "iam_token",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["grant_type", "apikey"],
                                "properties": {
                                    "grant_type": {
                                        "type": "string",
                                        "enum": ["urn:ibm:params:oauth:grant-type:apikey"],
                                    },
                                    "apikey": {"type": "string", "minLength": 1},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "an access token",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["access_token", "token_type", "expires_in"],
                                    "properties": {
                                        "access_token": {"type": "string", "minLength": 1},
                                        "refresh_token": {"type": "string"},
                                        "token_type": {"type": "string", "enum": ["Bearer"]},
                                        "expires_in": {"type": "integer", "minimum": 1},
                                        "expiration": {"type": "integer"},
                                        "scope": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                    "default": {
                        "description": "an IAM error",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["errorCode", "errorMessage"],
                                    "properties": {
                                        "errorCode": {"type": "string"},
                                        "errorMessage": {"type": "string"},
                                        "context": {"type": "object"},
                                    },
                                }
                            }
                        },
                    },
                },
            }
        }
    },
}


@cache
def runtime_openapi() -> OpenAPI:
    """The vendored spec as the live service answers it: prepared + apply_deviations()."""
    return OpenAPI.from_dict(apply_deviations(load_spec()))


@cache
def runtime_index() -> SpecIndex:
    """Operation lookup (method + path -> "METHOD /route") over the same patched spec."""
    return SpecIndex(load_spec())


@cache
def iam_openapi() -> OpenAPI:
    """IAM_SPEC for openapi-core."""
    return OpenAPI.from_dict(IAM_SPEC)


@dataclass(frozen=True)
class Checked:
    """One interaction that passed: which API and operation it was."""

    api: str  # "runtime" or "iam"
    operation: str  # "METHOD /route" ("GET /jobs/{id}", whatever the spec edition) or "iam_token"
    status: int


class SpecMismatch(AssertionError):
    """An interaction that does not fit its spec (the message says which and why)."""


def interactions(path: Path) -> list[dict[str, Any]]:
    """The interactions of a cassette file, as stored."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["interactions"]
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _headers(stored: Mapping[str, list[str]]) -> dict[str, str]:
    headers = {name.lower(): values[0] for name, values in stored.items() if values}
    if headers.get("authorization") == REDACTED:
        headers["authorization"] = f"Bearer {REDACTED}"
    return headers


def _mock_request(request: Mapping[str, Any], root: str, path: str) -> MockRequest:
    url = urlsplit(request["uri"])
    body = _text(request.get("body"))
    headers = _headers(request.get("headers", {}))
    return MockRequest(
        root,
        request["method"].lower(),
        path,
        args=parse_qs(url.query, keep_blank_values=True),
        headers=headers,
        data=body.encode("utf-8") if body else None,
        content_type=headers.get("content-type", "application/json").split(";")[0].strip(),
    )


def _mock_response(response: Mapping[str, Any]) -> MockResponse:
    headers = _headers(response.get("headers", {}))
    content_type = headers.get("content-type", "application/json").split(";")[0].strip()
    return MockResponse(
        _text(response["body"].get("string")).encode("utf-8"),
        response["status"]["code"],
        headers=headers,
        content_type=content_type,
    )


def check_interaction(interaction: Mapping[str, Any]) -> Checked:
    """Validate one stored interaction; SpecMismatch says what does not fit."""
    request, response = interaction["request"], interaction["response"]
    method, uri = request["method"], request["uri"]
    url = urlsplit(uri)
    status = response["status"]["code"]
    if uri.startswith(LIVE_API_ROOT + "/"):
        relative = spec_path(url.path)
        if relative is None:
            raise SpecMismatch(f"{method} {uri}: not under /api/v1")
        try:
            operation = runtime_index().match(method, relative)[0].name
        except NoRoute as exc:
            raise SpecMismatch(f"{method} {uri}: no operation of the spec ({exc.status})") from None
        api, spec, root = "runtime", runtime_openapi(), f"{url.scheme}://{url.netloc}"
    elif uri.startswith(LIVE_IAM_ROOT + "/") and url.path == IAM_TOKEN_PATH and method == "POST":
        api, spec, root, operation = "iam", iam_openapi(), LIVE_IAM_ROOT, "iam_token"
    else:
        raise SpecMismatch(f"{method} {uri}: neither the Runtime API nor IAM's token endpoint")
    mock = _mock_request(request, root, url.path)
    try:
        spec.validate_request(mock)
    except Exception as exc:
        raise SpecMismatch(f"request {method} {uri}: {_describe(exc)}") from exc
    try:
        spec.validate_response(mock, _mock_response(response))
    except Exception as exc:
        raise SpecMismatch(f"response {status} to {method} {uri}: {_describe(exc)}") from exc
    return Checked(api, operation, status)


def _describe(exc: BaseException) -> str:
    """The validation error and its causes (openapi-core nests the schema errors)."""
    parts: list[str] = []
    cause: BaseException | None = exc
    while cause is not None and len(parts) < 4:
        errors = getattr(cause, "schema_errors", None)
        try:
            detail = "; ".join(str(e.message) for e in errors) if errors else str(cause)
        except Exception:  # some openapi-core errors fail to print themselves
            detail = repr(cause.args)
        parts.append(f"{type(cause).__name__}: {detail}"[:500])
        cause = cause.__cause__ or cause.__context__
    return " <- ".join(parts)


def check_cassette(path: Path) -> Iterator[Checked | SpecMismatch]:
    """Each interaction's outcome, in order: Checked, or the SpecMismatch it raised."""
    for number, interaction in enumerate(interactions(path)):
        try:
            yield check_interaction(interaction)
        except SpecMismatch as exc:
            yield SpecMismatch(f"interaction {number}: {exc}")
