"""429 on job creation: the submission waits out Retry-After (on the client's clock) and is
sent again, creating exactly one job; a wait beyond the 120 s cap is handed to the user."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import ManualClock, RateLimitError, RuntimeClient
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import JOBS_PATH, client_tag, reconciliations, statuses, submissions, submit_bell

pytestmark = pytest.mark.emulator


def test_the_rate_limit_is_waited_out_and_each_run_creates_one_job(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    emu.rate_limit_job_creation(2)  # per 60 s of emulator time
    jobs = [submit_bell(client) for _ in range(3)]

    assert sorted(job.id for job in jobs) == sorted(emu.job_ids())
    assert len(set(emu.job_ids())) == 3
    posts = submissions(emu)
    assert statuses(posts) == [200, 200, 429, 200]
    assert posts[3].time - posts[2].time == pytest.approx(60, abs=1e-3)  # Retry-After
    assert clock.sleeps == [60.0]
    # The retry is the same submission (same client tag), not a new one.
    assert client_tag(posts[2]) == client_tag(posts[3]) != client_tag(posts[1])
    assert reconciliations(emu) == []


def test_a_token_that_expires_during_the_retry_after_wait_costs_no_second_job(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.token_lifetime = 50  # shorter than the 60 s Retry-After below
    emu.rate_limit_job_creation(1)
    submit_bell(client)

    job = submit_bell(client)

    assert statuses(submissions(emu)) == [200, 429, 401, 200]
    assert emu.job_ids()[-1] == job.id and len(emu.job_ids()) == 2
    assert emu.tokens_issued == 2


def test_a_retry_after_above_the_cap_reaches_the_user_and_creates_nothing(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    emu.rate_limit_job_creation(1, window=600)
    submit_bell(client)

    with pytest.raises(RateLimitError) as caught:
        submit_bell(client)

    error = caught.value
    assert error.status_code == 429 and error.retry_after == 600.0
    assert error.codes == ("1202",) and "Too many job creation requests" in str(error)
    assert statuses(submissions(emu)) == [200, 429]  # not resent: 600 s > 120 s cap
    assert len(emu.job_ids()) == 1
    assert clock.sleeps == []
    assert reconciliations(emu) == []  # a 429 means not created: nothing to reconcile


def test_a_429_that_outlasts_the_retries_creates_no_job(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    emu.inject_errors(429, count=None, method="POST", path=JOBS_PATH, retry_after=5)

    with pytest.raises(RateLimitError) as caught:
        submit_bell(client)

    assert caught.value.retry_after == 5.0
    posts = submissions(emu)
    assert statuses(posts) == [429] * 4
    assert len({client_tag(p) for p in posts}) == 1
    assert clock.sleeps == [5.0, 5.0, 5.0]
    assert emu.job_ids() == [] and reconciliations(emu) == []
