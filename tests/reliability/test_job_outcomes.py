"""Jobs that do not complete, and sessions left by an exception: the user sees a typed error with
the service's reason, or their own exception unchanged, and nothing is left open or duplicated."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import (
    JobFailedError,
    JobMaxExecutionTimeError,
    JobStatus,
    RuntimeClient,
)
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import BACKEND, BELL, submissions, submit_bell

pytestmark = pytest.mark.emulator


class UserError(Exception):
    """Raised by 'user code' inside a session block."""


def result_downloads(emu: RuntimeEmulator) -> int:
    return emu.count_requests("GET", "/api/v1/jobs/*/results")


def test_a_failed_job_raises_job_failed_error_with_reason_code_and_solution(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.fail_job(reason="Calibration drifted", code=1517, solution="Resubmit the job later")
    job = submit_bell(client)

    assert job.wait() is JobStatus.FAILED  # waiting is not an error; the result is
    with pytest.raises(JobFailedError) as caught:
        job.result()

    error = caught.value
    assert type(error) is JobFailedError
    assert error.job_id == job.id and error.status == "Failed"
    assert (error.reason, error.reason_code, error.solution) == (
        "Calibration drifted",
        1517,
        "Resubmit the job later",
    )
    assert "code 1517" in str(error) and "Resubmit the job later" in str(error)
    assert result_downloads(emu) == 0  # the state says it all: no result to fetch
    assert len(submissions(emu)) == len(emu.job_ids()) == 1


def test_a_job_that_runs_too_long_raises_max_execution_time_error(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.run_too_long()
    job = submit_bell(client)

    with pytest.raises(JobMaxExecutionTimeError) as caught:
        job.result()

    error = caught.value
    assert isinstance(error, JobFailedError)  # callers catching failures catch this too
    assert error.job_id == job.id and error.reason_code == 1305
    assert error.status == "Cancelled - Ran too long"
    assert error.reason is not None and "maximum execution time" in error.reason
    assert job.status() is JobStatus.CANCELLED_RAN_TOO_LONG
    assert result_downloads(emu) == 0
    assert len(emu.job_ids()) == 1


def test_an_exception_in_a_session_propagates_unchanged_and_the_session_is_closed(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    raised = UserError("bad parameter in my loop")

    with pytest.raises(UserError) as caught, client.session(BACKEND) as session:
        job = session.sampler().run([BELL], shots=100)
        raise raised

    assert caught.value is raised and not getattr(raised, "__notes__", None)
    assert session.closed
    (close,) = [r for r in emu.requests if r.method == "PATCH"]
    assert close.path == f"/api/v1/sessions/{session.id}"
    assert close.body == {"accepting_jobs": False} and close.status == 204
    assert not [r for r in emu.requests if r.method == "DELETE"]  # graceful: not cancelled
    assert job.session_id == session.id
    assert job.wait() is JobStatus.COMPLETED  # a graceful close lets queued jobs finish
    assert len(submissions(emu)) == len(emu.job_ids()) == 1


def test_a_failing_close_never_replaces_the_users_exception(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    raised = UserError("the real problem")
    emu.inject_errors(500, count=None, method="PATCH", path="/api/v1/sessions/*")

    with pytest.raises(UserError) as caught, client.session(BACKEND) as session:
        raise raised

    assert caught.value is raised
    (note,) = raised.__notes__
    assert f"Closing session {session.id}" in note and "500" in note
    assert emu.count_requests("PATCH") == 4  # PATCH is idempotent: retried before giving up
