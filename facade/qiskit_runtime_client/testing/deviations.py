"""What a spec cannot say about the live service: behaviour that changes with IBM-API-Version.

Every other fact about the live service lives in `openapi/overrides.yaml` (the prepared spec the
emulator, the cassette checker and the facade all read). What stays here is what depends on the
IBM-API-Version a request sends (older shapes the service still answers), and the rule that any
operation may answer an error document. The emulator validates requests against the prepared
spec with these applied, its tests validate its responses the same way, and the cassette checker
uses the same list. `apply_deviations(spec)` returns a patched copy.

Paths in the spec may be written with or without the `/v1` version segment (the seed spec has
none, IBM's 0.45.3 spec has it; the live service serves everything under `/api/v1`): `_paths`
says which, and the patches find and add paths the spec's way.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qiskit_runtime_client.testing._paths import (
    API_PREFIX,
    api_path,
    server_path,
    spec_prefix,
    spec_template,
)

__all__ = [
    "API_PREFIX",
    "BACKENDS_V2_FROM",
    "DEVIATIONS",
    "USAGE_V3_FROM",
    "Deviation",
    "Spec",
    "apply_deviations",
    "declares_generic_errors",
    "spec_path",
]


#: IBM-API-Version from which GET /backends answers the rich V2 shape.
BACKENDS_V2_FROM = "2025-01-01"
#: IBM-API-Version from which `usage` in job details and metrics is UsageV3.
USAGE_V3_FROM = "2026-03-15"

Spec = dict[str, Any]


@dataclass(frozen=True)
class Deviation:
    """One way the live service departs from the vendored spec."""

    name: str
    live_behaviour: str
    source: str
    patch: Callable[[Spec], None]


def spec_path(url_path: str) -> str | None:
    """The route (path without /v1) of a request under /api/v1 ("/api/v1/jobs/x" -> "/jobs/x")."""
    return api_path(url_path)


def apply_deviations(spec: Spec) -> Spec:
    """A copy of `spec` relaxed (or tightened) to describe what the live service does."""
    patched = copy.deepcopy(spec)
    for deviation in DEVIATIONS:
        deviation.patch(patched)
    return patched


# --- helpers the patches share ---------------------------------------------------------------


def _path_item(spec: Spec, route: str) -> dict[str, Any]:
    """The path item of `route` ("/jobs"), written the spec's way; added if missing."""
    key = spec_template(route, spec_prefix(spec))
    paths: dict[str, Any] = spec.setdefault("paths", {})
    item: dict[str, Any] = paths.setdefault(key, {})
    return item


def _schema(spec: Spec, name: str) -> dict[str, Any]:
    schemas: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    found: dict[str, Any] = schemas.setdefault(name, {})
    return found


_ERROR_CONTAINER = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorContainer"}}},
}

_GENERIC_ERROR_REF = "#/components/schemas/GenericErrorDto"
_GENERIC_ERROR = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": _GENERIC_ERROR_REF}}},
}

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


# --- the patches -----------------------------------------------------------------------------


def _prefix(spec: Spec) -> None:
    # A relative server lets openapi-core match any host: /api for /v1 paths, /api/v1 otherwise.
    spec["servers"] = [{"url": server_path(spec)}]


def _usage_before_v3(spec: Spec) -> None:
    old = {
        "type": "object",
        "required": ["seconds"],
        "properties": {"seconds": {"type": "number"}, "quantum_seconds": {"type": "number"}},
    }
    for name in ("JobResponseV3", "JobMetricsResponse"):
        props = _schema(spec, name).setdefault("properties", {})
        current = props.get("usage", {"type": "object"})
        props["usage"] = {"anyOf": [current, old]}


def _names_only_backends(spec: Spec) -> None:
    devices = _schema(spec, "BackendsResponse").setdefault("properties", {}).get("devices")
    if isinstance(devices, dict) and isinstance(devices.get("items"), dict):
        devices["items"] = {"anyOf": [devices["items"], {"type": "string"}]}


def declares_generic_errors(operation: dict[str, Any]) -> bool:
    """True if the operation's errors are GenericErrorDto, not ErrorContainer (in 0.45.3:
    GET /workloads, GET /instances/usage and the analytics operations)."""
    for status, answer in operation.get("responses", {}).items():
        if str(status).startswith(("4", "5")) and isinstance(answer, dict):
            for media in answer.get("content", {}).values():
                if media.get("schema", {}).get("$ref") == _GENERIC_ERROR_REF:
                    return True
    return False


def _errors_everywhere(spec: Spec) -> None:
    for path_item in spec.get("paths", {}).values():
        for method in _METHODS:
            operation = path_item.get(method)
            if isinstance(operation, dict):
                shape = _GENERIC_ERROR if declares_generic_errors(operation) else _ERROR_CONTAINER
                error = copy.deepcopy(shape)
                operation.setdefault("responses", {}).setdefault("default", error)
    create = _path_item(spec, "/jobs").get("post")
    if isinstance(create, dict):
        create["responses"].setdefault("429", _ERROR_CONTAINER)


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "api-v1-prefix",
        f"Every Runtime path is served under {API_PREFIX} (https://quantum.cloud.ibm.com"
        f"{API_PREFIX}/jobs), on any host: the spec's servers are the live hosts.",
        "runtime-api-facts.md section 1; spec 0.45.3 servers",
        _prefix,
    ),
    Deviation(
        "usage-before-v3",
        f"Before IBM-API-Version {USAGE_V3_FROM}, `usage` in job details and metrics is "
        "{seconds, quantum_seconds} (UsageV3 from then on, as the spec says).",
        "runtime-api-facts.md section 2 (Change 2; exact version UNCERTAIN)",
        _usage_before_v3,
    ),
    Deviation(
        "names-only-backends",
        f"Before IBM-API-Version {BACKENDS_V2_FROM}, GET /backends lists `devices` as names "
        "(strings); device objects from then on, as the spec says.",
        "runtime-api-facts.md section 2 (Change 1)",
        _names_only_backends,
    ),
    Deviation(
        "errors-on-every-operation",
        "Any operation can answer its error document (ErrorContainer, or GenericErrorDto where "
        "its entry declares that) with a status its entry does not list (401 without a valid "
        "token, 400 for a bad header, 404, 500...); POST /jobs answers 429 with Retry-After "
        "past 5 jobs a minute.",
        "runtime-api-facts.md sections 2 and 5 (rate limit; 1202 Too many requests)",
        _errors_everywhere,
    ),
)
