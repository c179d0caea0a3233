"""Fixtures of the reliability suite: one emulator and its clients, all on one ManualClock.

The client sleeps (polling, backoff, Retry-After) advance the shared clock instead of waiting,
and jobs in the emulator move on that same clock, so nothing here waits in real time except the
few slow-server tests, which keep their delays to fractions of a second.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

pytest.importorskip("werkzeug")
pytest.importorskip("qiskit")

from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import ScriptedClock

#: Emulator time a job spends Queued, then Running.
QUEUE_SECONDS = 5.0
RUN_SECONDS = 60.0


@pytest.fixture
def clock() -> ScriptedClock:
    """The one clock shared by the emulator and the clients (a ManualClock that can also fire
    faults at given times)."""
    return ScriptedClock(start=1000.0)


@pytest.fixture
def emu(clock: ScriptedClock) -> Iterator[RuntimeEmulator]:
    """A fresh emulator per test, so its request log and job list belong to that test alone."""
    with RuntimeEmulator(
        clock=clock, queue_seconds=QUEUE_SECONDS, run_seconds=RUN_SECONDS, seed=11, isa=False
    ) as emulator:
        yield emulator


@pytest.fixture
def client(emu: RuntimeEmulator, clock: ScriptedClock) -> Iterator[RuntimeClient]:
    """A RuntimeClient on the emulator, default settings (3 retries), on the shared clock."""
    with emu.client(clock=clock) as runtime:
        yield runtime


@pytest.fixture
async def aclient(emu: RuntimeEmulator, clock: ScriptedClock) -> AsyncIterator[AsyncRuntimeClient]:
    """An AsyncRuntimeClient on the emulator, default settings, on the shared clock."""
    async with emu.async_client(clock=clock) as runtime:
        yield runtime
