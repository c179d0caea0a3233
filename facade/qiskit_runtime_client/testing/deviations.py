"""Where the live service differs from the vendored OpenAPI spec: the one list everybody reads.

The emulator validates requests against the spec with these deviations applied, its tests
validate its responses the same way, and the cassette checker uses the same list. Each entry says
what the live service does, where that is known from, and how the spec is relaxed to allow it
(`patch` edits a spec dict in place). `apply_deviations(spec)` returns a patched copy.

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


def _add_schema(spec: Spec, name: str, schema: dict[str, Any]) -> None:
    spec.setdefault("components", {}).setdefault("schemas", {})[name] = schema


_ERROR_CONTAINER = {
    "description": "Error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorContainer"}}},
}

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


# --- the patches -----------------------------------------------------------------------------


def _prefix(spec: Spec) -> None:
    # A relative server lets openapi-core match any host: /api for /v1 paths, /api/v1 otherwise.
    spec["servers"] = [{"url": server_path(spec)}]


def _reason_code_camel_case(spec: Spec) -> None:
    _schema(spec, "JobState").setdefault("properties", {})["reasonCode"] = {
        "type": "integer",
        "nullable": True,
        "description": "Reason code for the current status (live spelling of reason_code).",
    }


def _empty_tag_search(spec: Spec) -> None:
    _schema(spec, "ListTagsResponse").setdefault("properties", {})["tags"] = {
        "type": "array",
        "items": {"type": "string"},
    }


def _log_level_any_case(spec: Spec) -> None:
    base = _schema(spec, "JobRunParamsBase").setdefault("properties", {})
    levels = ["critical", "error", "warning", "info", "debug"]
    base["log_level"] = {
        "type": "string",
        "enum": levels + [level.upper() for level in levels],
        "description": "Logging level of the program",
    }


def _cost_range(spec: Spec) -> None:
    base = _schema(spec, "JobRunParamsBase").setdefault("properties", {})
    base["cost"] = {
        "type": "integer",
        "minimum": 0,
        "maximum": 10800,
        "description": "Maximum execution time in seconds (max_execution_time), at most 3 hours.",
    }


def _versions_endpoint(spec: Spec) -> None:
    _add_schema(
        spec,
        "VersionResponse",
        {
            "type": "object",
            "required": ["versions"],
            "properties": {
                "versions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["version", "status"],
                        "properties": {
                            "version": {"type": "string"},
                            "sunset_date": {"type": "string"},
                            "status": {"type": "string", "enum": ["live", "deprecated"]},
                        },
                    },
                }
            },
        },
    )
    _path_item(spec, "/versions")["get"] = {
        "operationId": "get_versions",
        "summary": "List the IBM-API-Version values",
        "security": [],
        "responses": {
            "200": {
                "description": "OK",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/VersionResponse"}}
                },
            }
        },
    }


def _usage_v3(spec: Spec) -> None:
    _add_schema(
        spec,
        "UsageV3",
        {
            "type": "object",
            "required": ["qpu_charge_time_seconds", "status"],
            "properties": {
                "qpu_charge_time_seconds": {"type": "number"},
                "status": {"type": "string", "enum": ["pending", "complete"]},
            },
        },
    )
    job = _schema(spec, "JobResponse").setdefault("properties", {})
    job["usage"] = {
        "anyOf": [{"$ref": "#/components/schemas/Usage"}, {"$ref": "#/components/schemas/UsageV3"}]
    }
    metrics = _schema(spec, "JobMetrics").setdefault("properties", {})
    old_usage = metrics.get("usage", {"type": "object"})
    metrics["usage"] = {"anyOf": [old_usage, {"$ref": "#/components/schemas/UsageV3"}]}
    metrics["caller"] = {"type": "string"}


def _session_nullables(spec: Spec) -> None:
    props = _schema(spec, "JobSession").setdefault("properties", {})
    props["backend_name"] = {"type": "string", "nullable": True, "description": "Backend name"}
    props["elapsed_time"] = {"type": "number", "nullable": True}


def _instance_limit_null(spec: Spec) -> None:
    _add_schema(
        spec,
        "InstanceConfigurationUpdate",
        {
            "type": "object",
            "description": "instance configuration update",
            "properties": {"instance_limit": {"type": "integer", "minimum": 1, "nullable": True}},
        },
    )


def _errors_everywhere(spec: Spec) -> None:
    for path_item in spec.get("paths", {}).values():
        for method in _METHODS:
            operation = path_item.get(method)
            if isinstance(operation, dict):
                operation.setdefault("responses", {}).setdefault("default", _ERROR_CONTAINER)
    create = _path_item(spec, "/jobs").get("post")
    if isinstance(create, dict):
        create["responses"].setdefault("429", _ERROR_CONTAINER)


def _backends_any_of(spec: Spec) -> None:
    get = _path_item(spec, "/backends").get("get", {})
    schema = get.get("responses", {}).get("200", {}).get("content", {})
    schema = schema.get("application/json", {}).get("schema", {})
    if "oneOf" in schema:
        schema["anyOf"] = schema.pop("oneOf")


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation(
        "api-v1-prefix",
        f"Every Runtime path is served under {API_PREFIX} (https://quantum.cloud.ibm.com"
        f"{API_PREFIX}/jobs), on any host: the spec's servers are the live hosts.",
        "runtime-api-facts.md section 1 ([MIG], [SPEC] servers)",
        _prefix,
    ),
    Deviation(
        "reason-code-camel-case",
        "Job state carries camelCase `reasonCode` (integer, or null when there is no reason) "
        "instead of `reason_code`.",
        "runtime-api-facts.md section 5 (live output in the REST walkthrough notebook)",
        _reason_code_camel_case,
    ),
    Deviation(
        "empty-tag-search",
        "GET /tags answers {'tags': []} when nothing matches (vendored Tags has minItems 1).",
        "inferred: a search can match nothing",
        _empty_tag_search,
    ),
    Deviation(
        "log-level-any-case",
        "log_level is accepted in upper case: qiskit-ibm-runtime sends 'WARNING'.",
        "shared/fixtures/qiskit-encoded/*_post_jobs_body.json (qiskit-ibm-runtime 0.51.0)",
        _log_level_any_case,
    ),
    Deviation(
        "cost-range",
        "`cost` (max_execution_time) must lie in 0..10800 seconds.",
        "runtime-api-facts.md section 3 ([SPEC] JobCost max 10800)",
        _cost_range,
    ),
    Deviation(
        "versions-endpoint",
        "GET /versions lists the IBM-API-Version values; it needs no CRN or version header.",
        "runtime-api-facts.md section 2 ([SPEC] versions, [PSDK] get_versions)",
        _versions_endpoint,
    ),
    Deviation(
        "usage-v3",
        f"From IBM-API-Version {USAGE_V3_FROM}, `usage` in job details and metrics is "
        "{qpu_charge_time_seconds, status: pending|complete}; metrics also carry `caller`.",
        "runtime-api-facts.md section 2 (Change 2; exact version UNCERTAIN)",
        _usage_v3,
    ),
    Deviation(
        "session-nullable-fields",
        "JobSession.backend_name is null while a session has no backend yet; elapsed_time is null "
        "while the session is ongoing.",
        "runtime-api-facts.md section 6 ([CHG] 8 May 2025; [SPEC] elapsed_time)",
        _session_nullables,
    ),
    Deviation(
        "instance-limit-null",
        "PUT /instances/configuration takes instance_limit null to remove the limit.",
        "vendored spec's own description of InstanceConfigurationUpdate.instance_limit",
        _instance_limit_null,
    ),
    Deviation(
        "errors-on-every-operation",
        "Any operation can answer an ErrorContainer with a status its entry does not list "
        "(401 without a valid token, 400 for a bad header, 404, 500...); POST /jobs answers 429 "
        "with Retry-After past 5 jobs a minute.",
        "runtime-api-facts.md sections 2 and 5 (rate limit; 1202 Too many requests)",
        _errors_everywhere,
    ),
    Deviation(
        "backends-list-any-of",
        "GET /backends answers names only before IBM-API-Version "
        f"{BACKENDS_V2_FROM} and device objects from then on; an empty list fits both, so the "
        "two shapes are anyOf, not oneOf.",
        "runtime-api-facts.md section 2 (Change 1)",
        _backends_any_of,
    ),
)
