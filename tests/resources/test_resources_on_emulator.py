"""End to end on the RuntimeEmulator, which checks every request against the spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("werkzeug")
pytest.importorskip("qiskit")

from qiskit_runtime_client import JobFailedError, ManualClock, SessionClosedError
from qiskit_runtime_client.errors import JobNotCancellableError
from qiskit_runtime_client.resources import JobStatus
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

FIXTURES = Path(__file__).parents[1] / "fixtures" / "qiskit-encoded"


def test_jobs_sessions_backends_against_the_emulator() -> None:
    body = json.loads((FIXTURES / "sampler_v2_post_jobs_body.json").read_text())
    body["backend"] = "ibm_fez"
    clock = ManualClock()
    # the SDK fixture circuits are logical (h, cx): this test is about the job lifecycle
    with RuntimeEmulator(clock=clock, queue_seconds=5, run_seconds=20, seed=7, isa=False) as emu:
        client = emu.client(clock=clock)
        assert client.backends.least_busy().name == "ibm_fez"

        job = client.jobs.submit(body)
        seen: list[JobStatus] = []
        assert job.wait(callback=lambda j, s: seen.append(s)) is JobStatus.COMPLETED
        assert seen == [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED]
        assert len(job.result()) == len(body["params"]["pubs"])
        with pytest.raises(JobNotCancellableError, match="Completed"):
            job.cancel()

        with client.session("ibm_fez", max_ttl=600) as session:
            in_session = session._submit_body(body)
        assert in_session.session_id == session.id
        with pytest.raises(SessionClosedError):
            session._submit_body(body)

        failing = client.jobs.submit(body)
        emu.fail_job(failing.id)
        done, pending = client.jobs.wait_all([in_session, failing])
        assert len(done) == 2 and pending == []
        with pytest.raises(JobFailedError):
            failing.result()

        ids = [j.id for j in client.jobs.list(page_size=1)]
        assert len(ids) == len(set(ids)) == 3


def test_status_asks_until_a_final_status_is_seen_then_answers_without_a_request() -> None:
    clock = ManualClock()
    bell = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'
    with RuntimeEmulator(clock=clock, queue_seconds=5, run_seconds=5, seed=7) as emu:
        client = emu.client(clock=clock)
        job = client.sampler("ibm_fez").run([bell], shots=10)
        path = f"/api/v1/jobs/{job.id}"
        before = emu.count_requests("GET", path)
        assert job.status() is JobStatus.QUEUED
        assert job.status() is JobStatus.QUEUED  # not final: each call asks
        assert emu.count_requests("GET", path) == before + 2

        clock.advance(60)
        assert job.status() is JobStatus.COMPLETED
        asked = emu.count_requests("GET", path)
        assert [job.status() for _ in range(3)] == [JobStatus.COMPLETED] * 3
        assert emu.count_requests("GET", path) == asked  # a final status cannot change
        assert job.refresh().status is JobStatus.COMPLETED
        assert emu.count_requests("GET", path) == asked + 1  # refresh() still asks


async def test_async_status_answers_a_final_status_without_a_request() -> None:
    clock = ManualClock()
    bell = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'
    with RuntimeEmulator(clock=clock, queue_seconds=1, run_seconds=1, seed=7) as emu:
        async with emu.async_client(clock=clock) as client:
            job = await client.sampler("ibm_fez").run([bell], shots=10)
            path = f"/api/v1/jobs/{job.id}"
            clock.advance(60)
            assert await job.status() is JobStatus.COMPLETED
            asked = emu.count_requests("GET", path)
            assert await job.status() is JobStatus.COMPLETED
            assert emu.count_requests("GET", path) == asked
