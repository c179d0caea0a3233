"""AsyncJob.wait(callback=...) awaits an `async def` callback (and still takes a plain one)."""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator

import pytest
from qiskit_runtime_client import AsyncJob, JobStatus, ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

COIN = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(clock=clock, seed=2, queue_seconds=5, run_seconds=5) as emulator:
        yield emulator


async def test_an_async_callback_is_awaited_for_each_change(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    seen: list[tuple[str, JobStatus]] = []

    async def callback(job: AsyncJob, status: JobStatus) -> None:
        await asyncio.sleep(0)
        seen.append((job.id, status))

    async with emu.async_client(clock=clock) as client:
        job = await client.sampler("ibm_fez").run([COIN], shots=10)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no "coroutine was never awaited"
            final = await job.wait(timeout=600, callback=callback)

    assert final == JobStatus.COMPLETED
    assert [status for _, status in seen][-1] == JobStatus.COMPLETED
    assert len(seen) >= 2 and {job_id for job_id, _ in seen} == {job.id}


async def test_a_plain_callback_still_works(emu: RuntimeEmulator, clock: ManualClock) -> None:
    seen: list[JobStatus] = []
    async with emu.async_client(clock=clock) as client:
        job = await client.sampler("ibm_fez").run([COIN], shots=10)
        await job.wait(timeout=600, callback=lambda job, status: seen.append(status))
    assert seen[-1] == JobStatus.COMPLETED


async def test_an_async_callback_error_reaches_the_caller(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    async def callback(job: AsyncJob, status: JobStatus) -> None:
        raise RuntimeError(f"callback saw {status}")

    async with emu.async_client(clock=clock) as client:
        job = await client.sampler("ibm_fez").run([COIN], shots=10)
        with pytest.raises(RuntimeError, match="callback saw"):
            await job.wait(timeout=600, callback=callback)
