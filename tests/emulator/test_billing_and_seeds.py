"""Usage is billed by emulated running time whatever the polling; each job has its own seed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import BELL_QASM, api_client, sampler_body


def _sampler(shots: int = 200) -> dict[str, Any]:
    return sampler_body("ibm_fez", pubs=[[BELL_QASM, None, shots]])


def test_a_job_left_unpolled_is_billed_its_running_time(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    job_id = api.post("/jobs", json=_sampler()).json()["id"]
    clock.advance(200)  # queued 5 s, ran 10 s, then nobody looked for 185 s
    details = api.get(f"/jobs/{job_id}").json()
    assert details["status"] == "Completed"
    assert details["usage"] == {"qpu_charge_time_seconds": 10, "status": "complete"}
    stamps = api.get(f"/jobs/{job_id}/metrics").json()["timestamps"]
    ran = datetime.fromisoformat(stamps["finished"]) - datetime.fromisoformat(stamps["running"])
    waited = datetime.fromisoformat(stamps["running"]) - datetime.fromisoformat(stamps["created"])
    assert (waited.total_seconds(), ran.total_seconds()) == (5, 10)  # not when it was noticed
    assert api.get("/instances/usage").json()["usage_consumed_seconds"] == 10


def test_job_details_carry_the_running_time_estimate(api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=_sampler()).json()["id"]
    assert api.get(f"/jobs/{job_id}").json()["estimated_running_time_seconds"] == 10.0


def _samples(api: httpx.Client, job_id: str) -> list[str]:
    body = json.loads(api.get(f"/jobs/{job_id}/results").text)
    samples: list[str] = body["results"][0]["data"]["c"]["samples"]
    return samples


def _run_two(emu: RuntimeEmulator, clock: ManualClock) -> tuple[list[str], list[str], list[str]]:
    with api_client(emu) as api:
        ids = [api.post("/jobs", json=_sampler()).json()["id"] for _ in range(2)]
        clock.advance(30)
        assert all(api.get(f"/jobs/{i}").json()["status"] == "Completed" for i in ids)
        return ids, _samples(api, ids[0]), _samples(api, ids[1])


def test_identical_concurrent_jobs_differ_and_a_seed_repeats_the_whole_run() -> None:
    runs = []
    for _ in range(2):
        clock = ManualClock(start=1000.0)
        with RuntimeEmulator(
            clock=clock, queue_seconds=5, run_seconds=10, seed=99, isa=False
        ) as emu:
            runs.append(_run_two(emu, clock))
    (ids, first, second), (ids_again, first_again, second_again) = runs
    assert first != second  # two jobs, two seeds (derived from the emulator seed and job id)
    assert ids == ids_again  # job ids follow the emulator seed...
    assert (first, second) == (first_again, second_again)  # ...and so do the results
