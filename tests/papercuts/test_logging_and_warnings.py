"""INFO logs for submissions, status changes and session open/close; a ResourceWarning for a
session left open; a fresh job's repr."""

from __future__ import annotations

import gc
import logging
import warnings
from collections.abc import Iterator

import pytest
from qiskit_runtime_client import ManualClock, RuntimeClient
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

COIN = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def client(clock: ManualClock) -> Iterator[RuntimeClient]:
    with RuntimeEmulator(clock=clock, seed=4) as emu, emu.client(clock=clock) as c:
        yield c


def _info(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and r.name.startswith("qiskit_runtime_client")
    ]


def test_submission_and_status_changes_are_logged_at_info(
    client: RuntimeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="qiskit_runtime_client")
    job = client.sampler("ibm_fez").run([COIN], shots=10)
    job.wait(timeout=600)

    messages = _info(caplog)
    assert messages[0] == f"submitted job {job.id} to ibm_fez"
    assert f"job {job.id}: Queued" in messages
    assert messages[-1] == f"job {job.id}: Completed"


def test_session_open_close_and_jobs_in_it_are_logged(
    client: RuntimeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="qiskit_runtime_client")
    with client.batch("ibm_fez") as batch:
        job = batch.sampler().run([COIN], shots=10)
    with client.session("ibm_torino") as session:
        session.cancel()

    messages = _info(caplog)
    assert messages[0] == f"opened batch session {batch.id} on ibm_fez"
    assert f"submitted job {job.id} to ibm_fez in session {batch.id}" in messages
    assert f"closed session {batch.id} (queued jobs still run)" in messages
    assert f"opened dedicated session {session.id} on ibm_torino" in messages
    assert messages[-1] == f"cancelled session {session.id} (its queued jobs too)"


def test_a_session_left_open_warns_when_collected(client: RuntimeClient) -> None:
    session = client.session("ibm_fez")
    session_id = session.create()

    with pytest.warns(ResourceWarning, match=f"session {session_id} on ibm_fez was left open"):
        del session
        gc.collect()


def test_closed_sessions_and_handles_from_an_id_do_not_warn(client: RuntimeClient) -> None:
    closed = client.batch("ibm_fez")
    closed.create()
    closed.close()
    opened = client.session("ibm_fez")
    handle = client.session_from_id(opened.create(), backend="ibm_fez")  # created elsewhere
    opened.close()
    never_created = client.session("ibm_fez")

    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        del closed, opened, handle, never_created
        gc.collect()


def test_a_job_just_submitted_does_not_claim_an_unknown_status(client: RuntimeClient) -> None:
    job = client.sampler("ibm_fez").run([COIN], shots=10)
    assert repr(job) == f"Job(id={job.id!r}, status not fetched yet)"
    job.wait(timeout=600)
    assert repr(job) == f"Job(id={job.id!r}, status='Completed')"
