"""client.jobs and Job over recorded traffic: a three-page listing, get, the Queued -> Running ->
Completed wait, result, logs, metrics, tags, cancel (and its 409 on a finished job), delete, a
failed job, a job that ran too long, and a timeout."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from cassette_config import LIVE_API_ROOT, CassetteTarget
from qiskit_runtime_client import (
    JobCancelledError,
    JobFailedError,
    JobMaxExecutionTimeError,
    JobTimeoutError,
    NotFoundError,
)
from qiskit_runtime_client.errors import JobNotCancellableError
from qiskit_runtime_client.resources import JobStatus

from ._helpers import BELL_QASM, JOB_TIMING, api_calls, assert_fully_played, emulator

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.emulator_options(**JOB_TIMING),
]

BACKEND = "ibm_torino"
QUEUED, RUNNING, COMPLETED = JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED


def _sampler(client: Any) -> Any:
    """A plain-JSON sampler on the simulator (small, readable results)."""
    return client.sampler(BACKEND, support_qiskit=False)


def test_three_page_listing(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        submitted = []
        for _ in range(5):
            submitted.append(_sampler(client).run([BELL_QASM], shots=4, tags=["listing"]).id)
            cassette_target.clock.advance(1)  # distinct creation times
        pages = list(client.jobs.list(page_size=2, tags=["listing"]).pages())
        oldest = list(
            client.jobs.list(
                sort="ASC",
                program="sampler",
                backend=BACKEND,
                created_after=datetime(2020, 1, 1, tzinfo=UTC),
                limit=3,
            )
        )
    assert [(page.offset, page.count, len(page.jobs)) for page in pages] == [
        (0, 5, 2),
        (2, 5, 2),
        (4, 5, 1),
    ]
    listed = [job.id for page in pages for job in page.jobs]
    assert listed == submitted[::-1]  # newest first, each job once
    assert [job.id for job in oldest] == submitted[:3]
    listings = [call for call in api_calls(vcr) if call[0] == "GET"]
    assert len(listings) == 4
    # pages 2 and 3 are pinned below the newest job seen, so new jobs cannot shift them
    assert "created_before=" not in listings[0][1]
    assert all("created_before=" in path for _, path, _ in listings[1:3])
    assert "offset=4" in listings[2][1]
    assert_fully_played(vcr)


def test_get_and_details(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        submitted = _sampler(client).run([BELL_QASM], shots=4, tags=["details"])
        job = client.jobs.get(submitted.id)
        details = job.last_details
        full = job.details(include_params=True)
    assert job.id == submitted.id
    assert details is not None and details.status is QUEUED
    assert (details.backend, details.program_id) == (BACKEND, "sampler")
    assert details.tags == ["details", "qrc-00000000000000000001"]
    assert details.created is not None and details.created.tzinfo is not None
    assert full.params is not None and full.params["shots"] == 4
    assert details.params is None  # exclude_params by default
    assert api_calls(vcr)[1:] == [
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("GET", f"/jobs/{job.id}?exclude_params=false", 200),
    ]
    assert_fully_played(vcr)


def test_wait_queued_running_completed_then_result(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    seen: list[JobStatus] = []
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=8)
        final = job.wait(poll_interval=2, callback=lambda j, status: seen.append(status))
        result = job.result()
        again = job.result()  # cached: no second download
    assert final is COMPLETED
    assert seen == [QUEUED, RUNNING, COMPLETED]
    assert again is result
    counts = result[0].data.c.get_counts()
    assert sum(counts.values()) == 8 and set(counts) <= {"00", "11"}
    assert api_calls(vcr) == [
        ("POST", "/jobs", 200),
        *[("GET", f"/jobs/{job.id}?exclude_params=true", 200)] * 3,
        ("GET", f"/jobs/{job.id}/results", 200),
    ]
    assert_fully_played(vcr)


def test_finished_job_endpoints(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4, tags=["endpoints"])
        job.wait(poll_interval=2)
        status = job.status()
        logs = job.logs()
        metrics = job.metrics()
        job.update_tags(["endpoints", "renamed"])
        tags = job.details().tags
        found = client.tags.search("rename")
    assert status is COMPLETED
    assert f"Job {job.id} is running" in logs and "finished: Completed" in logs
    assert metrics.created and metrics.running and metrics.finished
    assert metrics.created < metrics.running < metrics.finished
    # IBM-API-Version 2026-04-15 reports usage as UsageV3 {qpu_charge_time_seconds, status}
    assert metrics.raw["usage"]["status"] == "complete"
    charged = metrics.raw["usage"]["qpu_charge_time_seconds"]
    assert metrics.usage_seconds == metrics.quantum_seconds == charged > 0
    assert tags == ["endpoints", "renamed"]
    assert found == ["renamed"]
    assert api_calls(vcr)[-6:] == [
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("GET", f"/jobs/{job.id}/logs", 200),
        ("GET", f"/jobs/{job.id}/metrics", 200),
        ("PUT", f"/jobs/{job.id}/tags", 204),
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("GET", "/tags?type=job&search=rename", 200),
    ]
    assert_fully_played(vcr)


def test_cancel_queued_job_then_delete(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4)
        job.cancel()
        assert job.wait() is JobStatus.CANCELLED
        with pytest.raises(JobCancelledError) as cancelled:
            job.result()
        with pytest.raises(JobNotCancellableError, match="it is Cancelled") as twice:
            job.cancel()
        job.delete()
        with pytest.raises(NotFoundError):
            client.jobs.get(job.id)
    assert cancelled.value.job_id == job.id
    assert (twice.value.status_code, twice.value.job_status) == (409, "Cancelled")
    assert api_calls(vcr) == [
        ("POST", "/jobs", 200),
        ("POST", f"/jobs/{job.id}/cancel", 204),
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("POST", f"/jobs/{job.id}/cancel", 409),
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("DELETE", f"/jobs/{job.id}", 204),
        ("GET", f"/jobs/{job.id}?exclude_params=true", 404),
    ]
    assert_fully_played(vcr)


def test_cancel_completed_job_is_refused(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4)
        job.wait(poll_interval=2)
        with pytest.raises(JobNotCancellableError) as refused:
            job.cancel()
    assert refused.value.job_status == "Completed"
    assert "cannot be cancelled: it is Completed" in str(refused.value)
    assert "non cancellable" in str(refused.value)  # the service's own words
    assert ("POST", f"/jobs/{job.id}/cancel", 409) in api_calls(vcr)
    assert_fully_played(vcr)


def test_failed_job(vcr: Any, cassette_target: CassetteTarget) -> None:
    emu = emulator(cassette_target)
    if emu is not None:
        emu.fail_job(
            reason="Calibration drifted during the job",
            code=1517,
            solution="Submit the job again later.",
        )
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4)
        assert job.wait(poll_interval=2) is JobStatus.FAILED
        with pytest.raises(JobFailedError) as failed:
            job.result()
    error = failed.value
    assert not isinstance(error, JobMaxExecutionTimeError)
    assert (error.job_id, error.status, error.reason_code) == (job.id, "Failed", 1517)
    assert error.reason == "Calibration drifted during the job"
    assert error.solution == "Submit the job again later."
    assert "code 1517" in str(error)
    # the recorded state spells the code as the live service does: camelCase reasonCode
    last = vcr.data[-1][1]["body"]["string"]
    assert b'"reasonCode": 1517' in last or b'"reasonCode":1517' in last
    assert not any(path.endswith("/results") for _, path, _ in api_calls(vcr))
    assert_fully_played(vcr)


def test_job_that_ran_too_long(vcr: Any, cassette_target: CassetteTarget) -> None:
    emu = emulator(cassette_target)
    if emu is not None:
        emu.run_too_long()
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4, max_execution_time=60)
        status = job.wait(poll_interval=2)
        with pytest.raises(JobMaxExecutionTimeError) as too_long:
            job.result()
    assert status is JobStatus.CANCELLED_RAN_TOO_LONG
    assert too_long.value.reason_code == 1305
    assert too_long.value.status == "Cancelled - Ran too long"
    assert "60 seconds" in (too_long.value.reason or "")
    assert_fully_played(vcr)


def test_wait_timeout(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = _sampler(client).run([BELL_QASM], shots=4)
        with pytest.raises(JobTimeoutError) as timed_out:
            job.wait(timeout=0.5)
    assert (timed_out.value.job_id, timed_out.value.last_status) == (job.id, "Queued")
    assert "not cancelled" in str(timed_out.value)
    assert not any("/cancel" in path for _, path, _ in api_calls(vcr))
    assert_fully_played(vcr)


async def test_async_listing_wait_and_result(vcr: Any, cassette_target: CassetteTarget) -> None:
    seen: list[JobStatus] = []
    async with cassette_target.async_client() as client:
        sampler = client.sampler(BACKEND, support_qiskit=False)
        first = await sampler.run([BELL_QASM], shots=4, tags=["async"])
        cassette_target.clock.advance(1)
        second = await sampler.run([BELL_QASM], shots=4, tags=["async"])
        listed = [job.id async for job in client.jobs.list(tags=["async"], page_size=1)]
        final = await second.wait(poll_interval=2, callback=lambda j, s: seen.append(s))
        result = await second.result()
        fetched = await client.jobs.get(first.id)
    assert listed == [second.id, first.id]
    assert final is COMPLETED and seen == [QUEUED, RUNNING, COMPLETED]
    assert sum(result[0].data.c.get_counts().values()) == 4
    assert fetched.last_details is not None and fetched.last_details.status is COMPLETED
    assert all(r.uri.startswith(LIVE_API_ROOT) for r, _ in vcr.data[1:])
    assert_fully_played(vcr)


def test_listing_while_jobs_are_created(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        old = []
        for _ in range(4):
            old.append(_sampler(client).run([BELL_QASM], shots=4, tags=["growing"]).id)
            cassette_target.clock.advance(1)
        pages = client.jobs.list(page_size=2, tags=["growing"]).pages()
        first = next(pages)
        new = _sampler(client).run([BELL_QASM], shots=4, tags=["growing"]).id  # newest: page 1
        rest = list(pages)
    listed = [job.id for page in [first, *rest] for job in page.jobs]
    # without the created_before pin, offset 2 would now start at old[2] again
    assert listed == old[::-1]
    assert new not in listed
    assert [page.count for page in rest] == [4]
    assert_fully_played(vcr)


def test_wait_all_learns_completions_from_listings(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    with cassette_target.client() as client:
        jobs = [_sampler(client).run([BELL_QASM], shots=4) for _ in range(3)]
        first = client.jobs.wait_all(jobs, return_when="first")
        done, pending = client.jobs.wait_all(jobs)
    assert first.done and set(first.done) | set(first.pending) == set(jobs)
    assert [job.id for job in done] == [job.id for job in jobs] and pending == []
    assert all(job.last_details and job.last_details.status is COMPLETED for job in done)
    calls = api_calls(vcr)
    polls = [path for method, path, _ in calls if method == "GET"]
    # rounds ask the listing (pending=false), not each job: no GET /jobs/{id}
    assert polls and all(path.startswith("/jobs?") for path in polls)
    assert any("pending=false" in path for path in polls)
    assert_fully_played(vcr)
