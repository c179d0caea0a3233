"""client.instance and client.account: parsing by the generated models, the limit body, input
checks."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient, UnexpectedResponseError
from qiskit_runtime_client.resources import InstanceUsage
from resources_fake import CRN, FakeService

#: GET /v1/instances/usage as 0.45.3 documents it (GetUsageResponse).
USAGE = {
    "instance_id": CRN,
    "plan_id": "flex",
    "usage_consumed_seconds": 12.5,
    "usage_limit_seconds": 60,
    "usage_allocation_seconds": 120,
    "usage_limit_reached": False,
    "usage_period": {"start_time": "2026-01-01T00:00:00Z", "end_time": "2026-02-01T00:00:00Z"},
    "new_field": {"x": 1},
}

PLAN = {"plan_id": "p1", "subscription_id": "sub-1", "subscription_name": "Main",
        "backends": ["ibm_a"], "max_ttl": 28800, "usage_allocation_seconds": 200,
        "unallocated_usage_seconds": 150, "start_time": "2026-01-01T00:00:00Z"}  # fmt: skip


def answer(fake: FakeService, method: str, path: str, response: httpx.Response) -> None:
    fake.overrides[(method, path)] = lambda request: response


def test_usage_and_configuration(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "GET", "/v1/instances/usage", httpx.Response(200, json=USAGE))
    answer(fake, "GET", "/v1/instances/configuration", httpx.Response(
        200, json={"instance_limit": 3600}
    ))  # fmt: skip
    usage = client.instance.usage()
    assert usage == InstanceUsage(
        instance_id=CRN,
        plan_id="flex",
        usage_consumed_seconds=12.5,
        usage_limit_seconds=60.0,
        usage_allocation_seconds=120.0,
        usage_limit_reached=False,
        period_start=datetime(2026, 1, 1, tzinfo=UTC),
        period_end=datetime(2026, 2, 1, tzinfo=UTC),
        raw=USAGE,  # as the service sent it, unknown fields too
    )
    configuration = client.instance.configuration()
    assert configuration.instance_limit == 3600.0
    assert configuration.raw == {"instance_limit": 3600}
    assert [p for _, p, _ in fake.api_requests()] == [
        "/v1/instances/usage",
        "/v1/instances/configuration",
    ]


def test_usage_without_the_optional_fields(client: RuntimeClient, fake: FakeService) -> None:
    required = {"instance_id": "i", "plan_id": "lite", "usage_consumed_seconds": 0}
    answer(fake, "GET", "/v1/instances/usage", httpx.Response(200, json=required))
    usage = client.instance.usage()
    assert (usage.usage_consumed_seconds, usage.usage_limit_seconds) == (0.0, None)
    assert (usage.usage_limit_reached, usage.period_start, usage.period_end) == (None,) * 3
    answer(fake, "GET", "/v1/instances/configuration", httpx.Response(200, json={}))
    assert client.instance.configuration().instance_limit is None


@pytest.mark.parametrize(
    "body",
    [
        {"bss": {"seconds": 120}, "usage": {"quantum_seconds": 80, "seconds": 100}},  # pre-0.45
        {"instance_id": "i", "plan_id": "lite"},  # no usage_consumed_seconds
        {**USAGE, "usage_period": {"start_time": "yesterday"}},
        ["not", "an", "object"],
    ],
    ids=["old-shape", "missing-required", "bad-period", "list"],
)
def test_usage_of_another_shape_is_a_typed_error(
    client: RuntimeClient, fake: FakeService, body: object
) -> None:
    answer(fake, "GET", "/v1/instances/usage", httpx.Response(200, json=body))
    with pytest.raises(UnexpectedResponseError, match="/v1/instances/usage"):
        client.instance.usage()


def test_set_limit_sends_the_spec_body(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "PUT", "/v1/instances/configuration", httpx.Response(204))
    client.instance.set_limit(7200)
    client.instance.set_limit(None)
    assert fake.bodies[-2:] == [{"instance_limit": 7200}, {"instance_limit": None}]
    for bad in (0, -5, 1.5, True):
        with pytest.raises((ValueError, TypeError), match="seconds"):
            client.instance.set_limit(bad)  # type: ignore[arg-type]
    assert fake.calls("PUT") == [("PUT", "/v1/instances/configuration")] * 2
    assert len(fake.api_requests()) == 2


def test_account_plans(client: RuntimeClient, fake: FakeService) -> None:
    minimal = {"plan_id": "p2", "subscription_id": "s", "subscription_name": "n", "backends": []}
    answer(fake, "GET", "/v1/accounts/abc123", httpx.Response(200, json={
        "plans": [{**PLAN, "new": 1}, minimal], "extra": True,
    }))  # fmt: skip
    info = client.account("a/abc123")
    assert info.account_id == "abc123"
    assert [(p.plan_id, p.backends, p.max_ttl) for p in info.plans] == [
        ("p1", ["ibm_a"], 28800),
        ("p2", [], None),
    ]
    first = info.plans[0]
    assert (first.subscription_id, first.subscription_name) == ("sub-1", "Main")
    assert (first.usage_allocation_seconds, first.unallocated_usage_seconds) == (200, 150)
    assert (first.start_time, first.end_time) == (datetime(2026, 1, 1, tzinfo=UTC), None)
    assert first.raw["new"] == 1
    assert info.raw["extra"] is True
    assert fake.calls("GET") == [("GET", "/v1/accounts/abc123")]


def test_account_of_another_shape_is_a_typed_error(
    client: RuntimeClient, fake: FakeService
) -> None:
    answer(fake, "GET", "/v1/accounts/abc123", httpx.Response(200, json={
        "plans": [PLAN, "garbage"],
    }))  # fmt: skip
    with pytest.raises(UnexpectedResponseError, match="get_account"):
        client.account("abc123")
    answer(
        fake, "GET", "/v1/accounts/abc123", httpx.Response(200, json={"plans": [{"plan_id": "p"}]})
    )
    with pytest.raises(UnexpectedResponseError, match="subscription_id"):
        client.account("abc123")


@pytest.mark.parametrize("bad", ["", "a/", "abc/def", "x" * 65, "has space"])
def test_bad_account_ids_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, bad: str
) -> None:
    with pytest.raises(ValueError, match="account_id"):
        client.account(bad)
    assert fake.api_requests() == []


async def test_async_instance_and_account(aclient: AsyncRuntimeClient, fake: FakeService) -> None:
    answer(fake, "GET", "/v1/instances/usage", httpx.Response(200, json=USAGE))
    answer(fake, "GET", "/v1/accounts/abc", httpx.Response(200, json={"plans": []}))
    answer(fake, "PUT", "/v1/instances/configuration", httpx.Response(204))
    assert (await aclient.instance.usage()).usage_consumed_seconds == 12.5
    await aclient.instance.set_limit(60)
    assert (await aclient.account("abc")).plans == []
    answer(fake, "GET", "/v1/tags", httpx.Response(200, json={"tags": ["t-1"]}))
    assert await aclient.tags.search("t-1") == ["t-1"]
