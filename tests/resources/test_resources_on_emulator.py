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
