"""A slow server against small client timeouts: reads time out, are retried, and end in
APITimeoutError; a submission that times out is not resent and is reconciled by its tag.

These are the only tests that wait in real time: the server's delays, a fraction of a second.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from qiskit_runtime_client import (
    APITimeoutError,
    JobStatus,
    JobSubmissionUncertainError,
    ManualClock,
    RuntimeClient,
)
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import (
    BACKEND,
    JOBS_PATH,
    TOKEN_PATH,
    client_tag,
    reconciliations,
    submissions,
    submit_bell,
)

pytestmark = pytest.mark.emulator

#: Client read timeout, and how long the slow server takes: far apart, so no race decides.
TIMEOUT = 0.1
SLOW = 0.4
STATUS_PATH = f"/api/v1/backends/{BACKEND}/status"


@pytest.fixture
def impatient(emu: RuntimeEmulator, clock: ManualClock) -> Iterator[RuntimeClient]:
    """A client whose every timeout is TIMEOUT seconds, with its token already fetched."""
    with emu.client(clock=clock, timeout=TIMEOUT) as client:
        client.backends.status(BACKEND)
        emu.clear_requests()
        yield client


def wait_for_jobs(emu: RuntimeEmulator, count: int) -> list[str]:
    """The job ids once `count` exist: the slow server finishes its work after the client
    gave up (bounded, so a bug fails the test instead of hanging it)."""
    give_up = time.monotonic() + 10 * SLOW + 5
    while len(emu.job_ids()) < count and time.monotonic() < give_up:
        time.sleep(0.02)
    return emu.job_ids()


def test_a_slow_read_times_out_on_every_retry_then_raises_api_timeout(
    emu: RuntimeEmulator, impatient: RuntimeClient, clock: ManualClock
) -> None:
    emu.slow_responses(SLOW, method="GET", path=STATUS_PATH)

    with pytest.raises(APITimeoutError) as caught:
        impatient.backends.status(BACKEND)

    error = caught.value
    assert error.request_sent is True and error.path == STATUS_PATH
    assert "timed out" in str(error) and "ReadTimeout" in str(error)
    assert emu.count_requests("GET", STATUS_PATH) == 4  # 1 + 3 retries
    assert len(clock.sleeps) == 3  # backoff on the client's clock, not in real time


def test_one_slow_answer_is_retried_transparently(
    emu: RuntimeEmulator, impatient: RuntimeClient
) -> None:
    emu.slow_responses(SLOW, count=1, method="GET", path=STATUS_PATH)

    status = impatient.backends.status(BACKEND)

    assert status.name == BACKEND
    assert emu.count_requests("GET", STATUS_PATH) == 2


def test_a_submission_read_timeout_is_not_resent_and_is_reconciled(
    emu: RuntimeEmulator,
    impatient: RuntimeClient,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Submissions get a long read budget (300 s); shrink it to the client's timeout.
    monkeypatch.setattr("qiskit_runtime_client._setup.SUBMIT_READ_TIMEOUT", TIMEOUT)
    emu.slow_responses(SLOW, count=1, method="POST", path=JOBS_PATH)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        submit_bell(impatient)

    (sent,) = submissions(emu)
    tag = client_tag(sent)
    error = caught.value
    assert error.client_tag == tag and f"client.jobs.list(tags=[{tag!r}])" in str(error)
    assert isinstance(error.__cause__, APITimeoutError)
    # The look-up ran while the server was still busy with the POST: nothing found yet.
    (lookup,) = reconciliations(emu)
    assert lookup.query["tags"] == [tag] and lookup.status == 200
    # The server then created the job, once; following the error's advice finds it.
    (created,) = wait_for_jobs(emu, 1)
    (found,) = impatient.jobs.list(tags=[tag])
    assert found.id == created
    assert len(submissions(emu)) == 1
    assert found.wait() is JobStatus.COMPLETED


def test_a_slow_iam_fails_the_call_before_it_is_sent(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    emu.slow_responses(SLOW, method="POST", path=TOKEN_PATH)

    with (
        emu.client(clock=clock, timeout=TIMEOUT) as client,
        pytest.raises(APITimeoutError) as caught,
    ):
        client.backends.status(BACKEND)

    error = caught.value
    assert error.request_sent is False
    assert "was not sent: the token exchange" in str(error) and emu.api_key not in str(error)
    assert emu.count_requests("POST", TOKEN_PATH) == 4  # the exchange is retried
    assert [r for r in emu.requests if r.path.startswith("/api/")] == []
