"""client.instance: usage, configuration and the usage limit of the instance in use."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

from qiskit_runtime_client._effects import Call, Flow, call
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.resources._checks import check_int
from qiskit_runtime_client.resources._parse import as_dict, expect_dict, opt_float, opt_int

R = TypeVar("R", SyncRunner, AsyncRunner)


@attrs.frozen
class InstanceUsage:
    """Usage of the instance in seconds (`bss_seconds` is the billed figure)."""

    bss_seconds: int | None = None
    seconds: int | None = None
    quantum_seconds: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class InstanceConfiguration:
    """The instance's settings: `instance_limit` in seconds, None when there is none."""

    instance_limit: float | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def get_usage() -> Flow[InstanceUsage]:
    """GET /instances/usage."""
    body = expect_dict((yield from call(Call("GET", "/instances/usage"))), "the instance usage")
    usage = as_dict(body.get("usage"))
    return InstanceUsage(
        bss_seconds=opt_int(as_dict(body.get("bss")).get("seconds")),
        seconds=opt_int(usage.get("seconds")),
        quantum_seconds=opt_int(usage.get("quantum_seconds")),
        raw=body,
    )


def get_configuration() -> Flow[InstanceConfiguration]:
    """GET /instances/configuration."""
    data = yield from call(Call("GET", "/instances/configuration"))
    body = expect_dict(data, "the instance configuration")
    return InstanceConfiguration(instance_limit=opt_float(body.get("instance_limit")), raw=body)


def set_limit(seconds: int | None) -> Flow[None]:
    """PUT /instances/configuration {instance_limit}: seconds >= 1, or None for no limit."""
    if seconds is not None:
        check_int(seconds, "seconds", minimum=1)
    body = {"instance_limit": seconds}
    yield from call(Call("PUT", "/instances/configuration", json=body, expect="empty"))


class _InstanceBase(Generic[R]):
    _runner: R

    def __init__(self, runner: R) -> None:
        self._runner = runner


class Instance(_InstanceBase[SyncRunner]):
    """The instance in use (blocking)."""

    def usage(self) -> InstanceUsage:
        """Seconds used by the instance."""
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
        """Seconds used by the instance."""
        return await self._runner.run(get_usage())

    async def configuration(self) -> InstanceConfiguration:
        """The instance's configuration (its usage limit)."""
        return await self._runner.run(get_configuration())

    async def set_limit(self, seconds: int | None) -> None:
        """Set the instance's usage limit in seconds; None removes it."""
        await self._runner.run(set_limit(seconds))
