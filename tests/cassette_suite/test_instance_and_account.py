"""client.instance (usage, configuration, set_limit) and client.account over recorded traffic."""

from __future__ import annotations

from typing import Any

import pytest
from cassette_config import FAKE_ACCOUNT_ID, CassetteTarget

from ._helpers import BELL_QASM, JOB_TIMING, api_calls, assert_fully_played

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.emulator_options(**JOB_TIMING),
]


def test_usage_after_a_job(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        before = client.instance.usage()
        job = client.sampler("ibm_torino", support_qiskit=False).run([BELL_QASM], shots=4)
        job.wait(poll_interval=2)
        after = client.instance.usage()
    details = job.last_details
    assert details is not None
    assert details.usage_seconds == details.raw["usage"]["qpu_charge_time_seconds"] > 0
    # GetUsageResponse: the instance's usage in the current period, its limit and allocation
    assert before.usage_consumed_seconds == 0
    assert after.usage_consumed_seconds == details.usage_seconds
    assert after.raw["usage_consumed_seconds"] == after.usage_consumed_seconds
    for usage in (before, after):
        assert (usage.instance_id, usage.plan_id) == (cassette_target.instance, "emulator-plan")
        # no limit of its own: the plan's allocation is the limit, far from reached
        assert usage.usage_limit_seconds == usage.usage_allocation_seconds == 36000
        assert usage.usage_limit_reached is False
        assert usage.period_start is not None and usage.period_end is not None
        assert usage.period_start < usage.period_end
    assert after.period_start == before.period_start  # the same usage period
    assert [c[:2] for c in api_calls(vcr) if c[1] == "/instances/usage"] == [
        ("GET", "/instances/usage")
    ] * 2
    assert_fully_played(vcr)


def test_configuration_and_limit(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        initial = client.instance.configuration()
        client.instance.set_limit(3600)
        limited = client.instance.configuration()
        client.instance.set_limit(None)
        removed = client.instance.configuration()
    assert initial.instance_limit is None
    assert limited.instance_limit == 3600
    assert removed.instance_limit is None
    puts = [r.body for r, _ in vcr.data if r.method == "PUT"]
    assert puts == [b'{"instance_limit": 3600}', b'{"instance_limit": null}']
    assert [c[:2] for c in api_calls(vcr)] == [
        ("GET", "/instances/configuration"),
        ("PUT", "/instances/configuration"),
        ("GET", "/instances/configuration"),
        ("PUT", "/instances/configuration"),
        ("GET", "/instances/configuration"),
    ]
    assert_fully_played(vcr)


def test_account(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        account = client.account(cassette_target.account_id)
        again = client.account("a/" + cassette_target.account_id)  # the CRN's spelling
    assert account.account_id == again.account_id == cassette_target.account_id
    (plan,) = account.plans
    assert plan.plan_id == "emulator-plan"
    assert "ibm_fez" in plan.backends
    assert (plan.max_ttl, plan.active_ttl, plan.interactive_ttl) == (28800, 28800, 60)
    # ExpandedPlanConfiguration: the subscription and the period the allocation is for
    assert plan.usage_allocation_seconds == plan.unallocated_usage_seconds == 36000
    assert plan.subscription_id and plan.subscription_name == "Emulator subscription"
    assert plan.start_time is not None and plan.end_time is not None
    assert plan.start_time < plan.end_time
    assert plan.raw["plan_id"] == "emulator-plan"
    assert api_calls(vcr) == [("GET", f"/accounts/{FAKE_ACCOUNT_ID}", 200)] * 2
    assert_fully_played(vcr)


async def test_async_instance_and_account(vcr: Any, cassette_target: CassetteTarget) -> None:
    async with cassette_target.async_client() as client:
        usage = await client.instance.usage()
        await client.instance.set_limit(120)
        configuration = await client.instance.configuration()
        account = await client.account(cassette_target.account_id)
    assert usage.usage_consumed_seconds == 0 and usage.usage_limit_reached is False
    assert configuration.instance_limit == 120
    assert account.plans and account.plans[0].usage_allocation_seconds == 36000
    assert len(api_calls(vcr)) == 4
    assert_fully_played(vcr)
