"""client.instance: usage, configuration and the usage limit of the instance in use."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs
from qiskit_runtime_api.types import Unset

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import check_int
from qiskit_runtime_client.resources._typed import (
    fetch,
    opt_bool,
    opt_float,
    opt_str,
    opt_time,
)

R = TypeVar("R", SyncRunner, AsyncRunner)


@attrs.frozen
class InstanceUsage:
    """The instance's usage in the current usage period (GET /instances/usage), in seconds.

    `usage_consumed_seconds` is what the instance's workloads used in the period that runs from
    `period_start` to `period_end` (the answer's `usage_period`). `usage_limit_seconds` (the
    instance's limit), `usage_allocation_seconds` (what the plan allocates to the instance) and
    `usage_limit_reached` are None when they do not apply to the instance's plan. Fields the
    service did not send are None; the whole answer is in `raw`.
    """

    instance_id: str | None = None
    plan_id: str | None = None
    usage_consumed_seconds: float | None = None
    usage_limit_seconds: float | None = None
    usage_allocation_seconds: float | None = None
    usage_limit_reached: bool | None = None
    period_start: datetime | None = None
    period_end: datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class InstanceConfiguration:
    """The instance's settings: `instance_limit` in seconds, None when there is none."""

    instance_limit: float | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def get_usage() -> Flow[InstanceUsage]:
    """GET /instances/usage (the generated GetUsageResponse)."""
    usage, raw = yield from fetch(_api.instance_usage())
    period = usage.usage_period
    start = end = None
    if not isinstance(period, Unset):
        start, end = opt_time(period.start_time), opt_time(period.end_time)
    return InstanceUsage(
        instance_id=opt_str(usage.instance_id),
        plan_id=opt_str(usage.plan_id),
        usage_consumed_seconds=opt_float(usage.usage_consumed_seconds),
        usage_limit_seconds=opt_float(usage.usage_limit_seconds),
        usage_allocation_seconds=opt_float(usage.usage_allocation_seconds),
        usage_limit_reached=opt_bool(usage.usage_limit_reached),
        period_start=start,
        period_end=end,
        raw=raw,
    )


def get_configuration() -> Flow[InstanceConfiguration]:
    """GET /instances/configuration (the generated InstanceConfiguration)."""
    configuration, raw = yield from fetch(_api.instance_configuration())
    return InstanceConfiguration(instance_limit=opt_float(configuration.instance_limit), raw=raw)


def set_limit(seconds: int | None) -> Flow[None]:
    """PUT /instances/configuration: seconds >= 1, or None for no limit."""
    if seconds is not None:
        check_int(seconds, "seconds", minimum=1)
    yield from request(_api.set_instance_limit(seconds))


class _InstanceBase(Generic[R]):
    _runner: R

    def __init__(self, runner: R) -> None:
        self._runner = runner


class Instance(_InstanceBase[SyncRunner]):
    """The instance in use (blocking)."""

    def usage(self) -> InstanceUsage:
        """The instance's usage in the current period: seconds consumed, limit, allocation."""
        return self._runner.run(get_usage())

    def configuration(self) -> InstanceConfiguration:
        """The instance's configuration (its usage limit)."""
        return self._runner.run(get_configuration())

    def set_limit(self, seconds: int | None) -> None:
        """Set the instance's usage limit in seconds; None removes it."""
        self._runner.run(set_limit(seconds))


class AsyncInstance(_InstanceBase[AsyncRunner]):
    """The instance in use (asyncio): the methods of Instance, awaitable."""

    async def usage(self) -> InstanceUsage:
        """The instance's usage in the current period: seconds consumed, limit, allocation."""
        return await self._runner.run(get_usage())

    async def configuration(self) -> InstanceConfiguration:
        """The instance's configuration (its usage limit)."""
        return await self._runner.run(get_configuration())

    async def set_limit(self, seconds: int | None) -> None:
        """Set the instance's usage limit in seconds; None removes it."""
        await self._runner.run(set_limit(seconds))
