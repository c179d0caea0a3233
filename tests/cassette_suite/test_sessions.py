"""Sessions and batches over recorded traffic: create, details, jobs inside, close on leaving the
block, cancel, an exception inside the block (with and without a failing close)."""

from __future__ import annotations

from typing import Any

import pytest
from cassette_config import CassetteTarget
from qiskit_runtime_client import SessionClosedError
from qiskit_runtime_client.resources import JobStatus

from ._helpers import BELL_QASM, JOB_TIMING, api_calls, assert_fully_played, emulator

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.emulator_options(**JOB_TIMING),
]

BACKEND = "ibm_torino"


class UserError(Exception):
    """Raised by the test inside a session block."""


def test_session_used_normally(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        with client.session(BACKEND, max_ttl=600) as session:
            assert session.id is not None
            opened = session.details()
            job = session.sampler(support_qiskit=False).run([BELL_QASM], shots=4)
            assert job.wait(poll_interval=2) is JobStatus.COMPLETED
        assert session.closed
        with pytest.raises(SessionClosedError):
            session.sampler(support_qiskit=False).run([BELL_QASM], shots=4)
        closed = client.session_from_id(session.id).details()
    assert (opened.id, opened.mode, opened.backend_name) == (session.id, "dedicated", BACKEND)
    assert (opened.accepting_jobs, opened.max_ttl) == (True, 600)
    assert job.session_id == session.id
    assert (closed.accepting_jobs, closed.state) == (False, "closed")
    assert closed.closed_at is not None
    calls = api_calls(vcr)
    assert calls[:3] == [
        ("POST", "/sessions", 200),
        ("GET", f"/sessions/{session.id}", 200),
        ("POST", "/jobs", 200),
    ]
    assert calls[-2:] == [
        ("PATCH", f"/sessions/{session.id}", 204),
        ("GET", f"/sessions/{session.id}", 200),
    ]
    submitted = next(r for r, _ in vcr.data if r.method == "POST" and r.uri.endswith("/jobs"))
    assert f'"session_id": "{session.id}"'.encode() in submitted.body
    assert_fully_played(vcr)


def test_exception_inside_the_block_closes_and_propagates(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    error = UserError("the user's own failure")
    client = cassette_target.client()
    with client, pytest.raises(UserError) as raised, client.session(BACKEND) as session:
        raise error
    assert raised.value is error
    assert not getattr(error, "__notes__", None)
    assert session.closed
    assert api_calls(vcr) == [
        ("POST", "/sessions", 200),
        ("PATCH", f"/sessions/{session.id}", 204),
    ]
    assert_fully_played(vcr)


def test_failed_close_after_an_exception_is_a_note(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    emu = emulator(cassette_target)
    if emu is not None:
        emu.inject_errors(403, method="PATCH", path="/api/v1/sessions/*")
    error = UserError("the user's own failure")
    client = cassette_target.client()
    with client, pytest.raises(UserError) as raised, client.session(BACKEND) as session:
        raise error
    assert raised.value is error  # not replaced by the PermissionDeniedError of the close
    (note,) = error.__notes__
    assert f"Closing session {session.id}" in note and "PermissionDeniedError" in note
    assert api_calls(vcr)[-1] == ("PATCH", f"/sessions/{session.id}", 403)
    assert_fully_played(vcr)


def test_batch_cancel_drops_queued_jobs(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        with client.batch(BACKEND) as batch:
            job = batch.sampler(support_qiskit=False).run([BELL_QASM], shots=4)
            batch.cancel()
            assert batch.closed
        status = job.wait()
        details = client.session_from_id(str(batch.id)).details()
    assert status is JobStatus.CANCELLED
    assert (details.mode, details.state, details.accepting_jobs) == ("batch", "closed", False)
    # leaving the block after cancel() sends nothing more
    assert api_calls(vcr) == [
        ("POST", "/sessions", 200),
        ("POST", "/jobs", 200),
        ("DELETE", f"/sessions/{batch.id}/close", 204),
        ("GET", f"/jobs/{job.id}?exclude_params=true", 200),
        ("GET", f"/sessions/{batch.id}", 200),
    ]
    assert_fully_played(vcr)


async def test_async_session_with_an_exception(vcr: Any, cassette_target: CassetteTarget) -> None:
    error = UserError("async failure")
    async with cassette_target.async_client() as client:
        with pytest.raises(UserError) as raised:
            async with client.session(BACKEND) as session:
                details = await session.details()
                raise error
    assert raised.value is error and details.accepting_jobs is True
    assert api_calls(vcr) == [
        ("POST", "/sessions", 200),
        ("GET", f"/sessions/{session.id}", 200),
        ("PATCH", f"/sessions/{session.id}", 204),
    ]
    assert_fully_played(vcr)
