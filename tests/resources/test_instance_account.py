"""client.instance and client.account: parsing, the limit body, input checks."""

from __future__ import annotations

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from resources_fake import FakeService


def answer(fake: FakeService, method: str, path: str, response: httpx.Response) -> None:
    fake.overrides[(method, path)] = lambda request: response


def test_usage_and_configuration(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "GET", "/instances/usage", httpx.Response(
        200, json={"bss": {"seconds": 120}, "usage": {"quantum_seconds": 80, "seconds": 100}}
    ))  # fmt: skip
    answer(fake, "GET", "/instances/configuration", httpx.Response(
        200, json={"instance_limit": 3600}
    ))  # fmt: skip
    usage = client.instance.usage()
    assert (usage.bss_seconds, usage.seconds, usage.quantum_seconds) == (120, 100, 80)
    assert client.instance.configuration().instance_limit == 3600.0


def test_set_limit_sends_the_spec_body(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "PUT", "/instances/configuration", httpx.Response(204))
    client.instance.set_limit(7200)
    client.instance.set_limit(None)
    assert fake.bodies[-2:] == [{"instance_limit": 7200}, {"instance_limit": None}]
    for bad in (0, -5, 1.5, True):
        with pytest.raises((ValueError, TypeError), match="seconds"):
            client.instance.set_limit(bad)  # type: ignore[arg-type]
    assert len(fake.api_requests()) == 2


def test_account_plans(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "GET", "/accounts/abc123", httpx.Response(200, json={
        "plans": [
            {"plan_id": "p1", "backends": ["ibm_a"], "max_ttl": 28800,
             "usage_allocation_seconds": 200, "unallocated_usage_seconds": 150},
            "garbage",
            {"plan_id": "p2"},
        ],
        "extra": True,
    }))  # fmt: skip
    info = client.account("a/abc123")
    assert info.account_id == "abc123"
    assert [(p.plan_id, p.backends, p.max_ttl) for p in info.plans] == [
        ("p1", ["ibm_a"], 28800),
        ("p2", [], None),
    ]
    assert info.raw["extra"] is True


@pytest.mark.parametrize("bad", ["", "a/", "abc/def", "x" * 65, "has space"])
def test_bad_account_ids_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, bad: str
) -> None:
    with pytest.raises(ValueError, match="account_id"):
        client.account(bad)
    assert fake.api_requests() == []


async def test_async_instance_and_account(aclient: AsyncRuntimeClient, fake: FakeService) -> None:
    answer(fake, "GET", "/instances/usage", httpx.Response(200, json={"bss": {"seconds": 5}}))
    answer(fake, "GET", "/accounts/abc", httpx.Response(200, json={"plans": []}))
    assert (await aclient.instance.usage()).bss_seconds == 5
    assert (await aclient.account("abc")).plans == []
    answer(fake, "GET", "/tags", httpx.Response(200, json={"tags": ["t-1"]}))
    assert await aclient.tags.search("t-1") == ["t-1"]
