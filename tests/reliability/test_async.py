"""The main scenarios through AsyncRuntimeClient: token expiry mid-wait, 429 on job creation,
a dropped connection after the job was created, and a 5xx on submission."""

from __future__ import annotations

import asyncio

import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    JobStatus,
    JobSubmissionUncertainError,
    ManualClock,
    RateLimitError,
    ServerError,
)
from qiskit_runtime_client.resources import AsyncJob
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import (
    BACKEND,
    BELL,
    JOBS_PATH,
    TOKEN_PATH,
    ScriptedClock,
    client_tag,
    reconciliations,
    statuses,
    submissions,
    token_exchanges,
)

pytestmark = pytest.mark.emulator


async def submit_bell(client: AsyncRuntimeClient) -> AsyncJob:
    return await client.sampler(BACKEND).run([BELL], shots=100)


async def test_tokens_revoked_mid_wait(emu: RuntimeEmulator, aclient: AsyncRuntimeClient) -> None:
    job = await submit_bell(aclient)

    def revoke_when_running(job: AsyncJob, status: JobStatus) -> None:
        if status is JobStatus.RUNNING:
            emu.expire_tokens()

    assert await job.wait(callback=revoke_when_running) is JobStatus.COMPLETED

    assert emu.tokens_issued == len(token_exchanges(emu)) == 2
    (rejected,) = [r for r in emu.requests if r.status == 401]
    after = emu.requests[emu.requests.index(rejected) + 1 :][:2]
    assert [(r.path, r.status) for r in after] == [(TOKEN_PATH, 200), (rejected.path, 200)]
    assert len(submissions(emu)) == len(emu.job_ids()) == 1


async def test_concurrent_waits_share_one_renewal_after_revocation(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient, clock: ScriptedClock
) -> None:
    jobs = [await submit_bell(aclient) for _ in range(4)]
    clock.at(clock.now + 20, emu.expire_tokens)

    finals = await asyncio.gather(*(job.wait() for job in jobs))

    assert finals == [JobStatus.COMPLETED] * 4
    assert emu.tokens_issued == len(token_exchanges(emu)) == 2  # one exchange, however many ask
    rejected = [r for r in emu.requests if r.status == 401]
    assert 1 <= len(rejected) <= 4  # the polls in flight when the tokens died, each resent once
    assert len(submissions(emu)) == len(emu.job_ids()) == 4


async def test_short_token_lifetime_never_lets_a_401_through(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient
) -> None:
    emu.token_lifetime = 30
    emu.run_seconds = 300
    job = await submit_bell(aclient)

    assert await job.wait() is JobStatus.COMPLETED

    assert not [r for r in emu.requests if r.status != 200]
    assert emu.tokens_issued == len(token_exchanges(emu)) >= 300 // 30


async def test_the_rate_limit_is_waited_out(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient, clock: ManualClock
) -> None:
    emu.rate_limit_job_creation(1)
    jobs = [await submit_bell(aclient) for _ in range(2)]

    assert sorted(job.id for job in jobs) == sorted(emu.job_ids())
    posts = submissions(emu)
    assert statuses(posts) == [200, 429, 200]
    assert client_tag(posts[1]) == client_tag(posts[2])
    assert clock.sleeps == [60.0]


async def test_a_retry_after_above_the_cap_reaches_the_user(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient
) -> None:
    emu.inject_errors(429, method="POST", path=JOBS_PATH, retry_after=121)

    with pytest.raises(RateLimitError) as caught:
        await submit_bell(aclient)

    assert caught.value.retry_after == 121.0
    assert statuses(submissions(emu)) == [429]
    assert emu.job_ids() == [] and reconciliations(emu) == []


async def test_a_connection_dropped_after_handling_returns_the_one_job(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH, after_handling=True)

    job = await submit_bell(aclient)

    (sent,) = submissions(emu)
    assert sent.status is None
    assert emu.job_ids() == [job.id]
    assert [r.query["tags"] for r in reconciliations(emu)] == [[client_tag(sent)]]
    assert await job.wait() is JobStatus.COMPLETED


async def test_a_connection_dropped_before_handling_creates_no_job(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        await submit_bell(aclient)

    (sent,) = submissions(emu)
    assert caught.value.client_tag == client_tag(sent)
    assert len(reconciliations(emu)) == 1 and emu.job_ids() == []


async def test_5xx_on_submission_is_not_resent(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient
) -> None:
    emu.inject_errors(503, method="POST", path=JOBS_PATH)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        await submit_bell(aclient)

    assert isinstance(caught.value.__cause__, ServerError)
    assert statuses(submissions(emu)) == [503]
    assert len(reconciliations(emu)) == 1 and emu.job_ids() == []


async def test_5xx_bursts_while_listing_lose_and_repeat_nothing(
    emu: RuntimeEmulator, aclient: AsyncRuntimeClient, clock: ManualClock
) -> None:
    created = []
    for _ in range(5):
        created.append((await submit_bell(aclient)).id)
        clock.advance(1)
    emu.inject_errors(502, count=2, method="GET", path=JOBS_PATH)

    listed = [job.id async for job in aclient.jobs.list(page_size=2)]

    assert sorted(listed) == sorted(created) and len(listed) == 5
    assert len([r for r in emu.requests if r.fault == "error"]) == 2
