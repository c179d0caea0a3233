"""Fixtures for emulator tests: an emulator on a manual clock and an authenticated httpx client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import api_client


@pytest.fixture
def clock() -> ManualClock:
    """A clock that only moves when told to (shared by emulator and tests)."""
    return ManualClock(start=1000.0)


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[RuntimeEmulator]:
    """An emulator on a manual clock: jobs queue 5 s and run 10 s of that clock."""
    with RuntimeEmulator(
        clock=clock, queue_seconds=5, run_seconds=10, seed=1234, isa=False
    ) as emulator:
        yield emulator


@pytest.fixture
def api(emu: RuntimeEmulator) -> Iterator[httpx.Client]:
    """Raw httpx client, authenticated, IBM-API-Version 2026-03-15."""
    with api_client(emu) as client:
        yield client


@pytest.fixture
def run_job(api: httpx.Client, clock: ManualClock) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Submit a job body, move the clock past its end, and return its final details."""

    def run(body: dict[str, Any]) -> dict[str, Any]:
        created = api.post("/jobs", json=body)
        assert created.status_code == 200, created.text
        job_id = created.json()["id"]
        api.get(f"/jobs/{job_id}")  # noticed as Running at the next look after 5 s...
        clock.advance(5)
        api.get(f"/jobs/{job_id}")
        clock.advance(10)
        details: dict[str, Any] = api.get(f"/jobs/{job_id}").json()
        return details

    return run
