"""Instance, usage, account and version endpoints."""

from __future__ import annotations

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._errors import ApiError, json_response
from qiskit_runtime_client.testing._service import Call, Service

#: GET /versions, as listed by the spec the facts were taken from (VersionResponse.example)
VERSIONS = [
    {"version": "2024-01-01", "status": "deprecated", "sunset_date": "2027-01-01"},
    {"version": "2025-01-01", "status": "deprecated", "sunset_date": "2027-01-01"},
    {"version": "2025-05-01", "status": "deprecated", "sunset_date": "2027-01-01"},
    {"version": "2026-02-01", "status": "deprecated", "sunset_date": "2027-02-01"},
    {"version": "2026-02-15", "status": "deprecated", "sunset_date": "2027-02-15"},
    {"version": "2026-03-15", "status": "live"},
]


def get_versions(service: Service, call: Call) -> Response:
    """GET /versions (no auth needed)."""
    return json_response({"versions": VERSIONS})


def get_instance(service: Service, call: Call) -> Response:
    """GET /instance."""
    return json_response({"qctrl_enabled": False})


def get_instance_configuration(service: Service, call: Call) -> Response:
    """GET /instances/configuration: the usage limit, when one is set."""
    with service.store.lock:
        limit = service.store.instance_limit
    return json_response({} if limit is None else {"instance_limit": limit})


def put_instance_configuration(service: Service, call: Call) -> Response:
    """PUT /instances/configuration {instance_limit: int | null}."""
    with service.store.lock:
        service.store.instance_limit = call.body.get("instance_limit")
    return Response(status=204)


def get_instance_usage(service: Service, call: Call) -> Response:
    """GET /instances/usage: quantum seconds of every job so far."""
    with service.store.lock:
        used = service.store.used_seconds()
    return json_response(
        {"bss": {"seconds": used}, "usage": {"quantum_seconds": used, "seconds": used}}
    )


def get_account(service: Service, call: Call) -> Response:
    """GET /accounts/{id}: the plan configuration of the instance's account."""
    if call.path_id != service.store.account_id:
        raise ApiError(404, f"Account {call.path_id!r} not found")
    backends = sorted(service.store.backends)
    plan = {
        "plan_id": "emulator-plan",
        "usage_allocation_seconds": 36000,
        "unallocated_usage_seconds": 36000,
        "backends": backends,
        "max_ttl": 28800,
        "active_ttl": 28800,
        "interactive_ttl": 60,
    }
    plan_id = call.query.get("plan_id")
    plans = [plan] if plan_id in (None, plan["plan_id"]) else []
    return json_response({"plans": plans})


def logout(service: Service, call: Call) -> Response:
    """POST /logout: nothing is cached, so nothing to clear."""
    return Response(status=204)
