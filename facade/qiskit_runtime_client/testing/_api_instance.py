"""Instance, usage, account and version endpoints."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._clock import iso
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
    """GET /instance (Instance): the plan, its backends and allocation; seconds as strings."""
    store = service.store
    with store.lock:
        doc: dict[str, Any] = {
            "backends": sorted(store.backends),
            "plan_id": store.plan_id,
            "usage_allocation_seconds": str(store.usage_allocation),
        }
        if store.instance_limit is not None:
            doc["instance_limit_seconds"] = str(store.instance_limit)
            doc["instance_limit"] = store.instance_limit  # deprecated spelling, still sent
    return json_response(doc)


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


def usage_period(now: float) -> tuple[float, float]:
    """The usage period containing `now`: its calendar month (UTC), as Unix seconds."""
    moment = datetime.fromtimestamp(now, UTC)
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.timestamp(), end.timestamp()


def get_instance_usage(service: Service, call: Call) -> Response:
    """GET /instances/usage (GetUsageResponse): seconds used in this usage period, and the
    limit that applies (the instance's own, else the plan's allocation)."""
    store = service.store
    start, end = usage_period(service.time.now())
    with store.lock:
        used = store.used_seconds()
        limit = store.usage_limit()
        allocation = store.usage_allocation
    return json_response(
        {
            "instance_id": service.instance,
            "plan_id": store.plan_id,
            "usage_period": {"start_time": iso(start), "end_time": iso(end)},
            "usage_consumed_seconds": used,
            "usage_limit_seconds": limit,
            "usage_allocation_seconds": allocation,
            "usage_limit_reached": used >= limit,
        }
    )


def get_account(service: Service, call: Call) -> Response:
    """GET /accounts/{id} (ExpandedAccountConfiguration): the plans of the instance's account."""
    store = service.store
    if call.path_id != store.account_id:
        raise ApiError(404, f"Account {call.path_id!r} not found")
    start, end = usage_period(service.time.now())
    with store.lock:
        plan = {
            "plan_id": store.plan_id,
            "subscription_id": str(uuid.uuid5(uuid.NAMESPACE_URL, store.account_id)),
            "subscription_name": "Emulator subscription",
            "usage_allocation_seconds": store.usage_allocation,
            "unallocated_usage_seconds": store.usage_allocation,
            "backends": sorted(store.backends),
            "max_ttl": 28800,
            "active_ttl": 28800,
            "interactive_ttl": 60,
            "start_time": iso(start),
            "end_time": iso(end),
        }
    plan_id = call.query.get("plan_id")
    plans = [plan] if plan_id in (None, plan["plan_id"]) else []
    return json_response({"plans": plans})
