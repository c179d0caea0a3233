"""Writes other than job submission whose answer is lost (the server acted, the connection
dropped before the reply): idempotent ones are resent and the user sees success; a lost
cancel (a POST, so not resent) gives a clear connection error and the job's real state."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import APIConnectionError, JobStatus, NotFoundError, RuntimeClient
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import BACKEND, BELL, statuses, submit_bell

pytestmark = pytest.mark.emulator


def test_a_delete_whose_answer_was_lost_still_succeeds(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    job.wait()
    emu.drop_connections(method="DELETE", after_handling=True)

    job.delete()  # resent; the 404 for the resend means our first DELETE did it

    assert statuses([r for r in emu.requests if r.method == "DELETE"]) == [None, 404]
    assert emu.job_ids() == []
    with pytest.raises(NotFoundError):
        client.jobs.get(job.id)


def test_a_session_close_whose_answer_was_lost_still_closes_once(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.drop_connections(method="PATCH", after_handling=True)

    with client.session(BACKEND) as session:
        job = session.sampler().run([BELL], shots=100)

    assert session.closed
    assert statuses([r for r in emu.requests if r.method == "PATCH"]) == [None, 204]
    assert session.details().accepting_jobs is False
    assert job.wait() is JobStatus.COMPLETED
    assert len(emu.job_ids()) == 1


def test_a_session_cancel_whose_answer_was_lost_still_succeeds(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    session = client.session(BACKEND)
    session.create()
    emu.drop_connections(method="DELETE", after_handling=True)

    session.cancel()

    assert session.closed
    assert statuses([r for r in emu.requests if r.method == "DELETE"]) == [None, 204]


def test_replacing_tags_whose_answer_was_lost_is_resent(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    emu.drop_connections(method="PUT", after_handling=True)

    job.update_tags(["nightly", "calibration"])

    assert statuses([r for r in emu.requests if r.method == "PUT"]) == [None, 204]
    assert job.refresh().tags == ["nightly", "calibration"]


def test_a_cancel_whose_answer_was_lost_is_not_resent_and_says_so(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    emu.drop_connections(method="POST", path="/api/v1/jobs/*/cancel", after_handling=True)

    with pytest.raises(APIConnectionError) as caught:
        job.cancel()

    assert caught.value.request_sent is True
    assert f"POST /api/v1/jobs/{job.id}/cancel failed" in str(caught.value)
    assert emu.count_requests("POST", "/api/v1/jobs/*/cancel") == 1
    assert job.status() is JobStatus.CANCELLED  # what the user checks next
