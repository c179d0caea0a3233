"""jobs.wait_all(): completions learnt through the listing, a few requests per round."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from qiskit_runtime_client.resources import Job, JobStatus
from resources_fake import FakeService

BODY = {"program_id": "sampler", "backend": "ibm_a", "params": {"pubs": []}}


def make_jobs(fake: FakeService, count: int, *, step: float = 30.0) -> list[str]:
    ids = []
    for n in range(count):
        job = fake.add_job()
        job.timeline = [(0, {"status": "Queued"}), (10 + step * n, {"status": "Completed"})]
        ids.append(job.id)
    return ids


def listings(fake: FakeService) -> list[dict[str, list[str]]]:
    return [q for m, p, q in fake.requests if (m, p) == ("GET", "/v1/jobs")]


def test_waits_for_100_jobs_with_at_most_two_requests_per_round(
    client: RuntimeClient, fake: FakeService
) -> None:
    make_jobs(fake, 100, step=2)
    jobs = list(client.jobs.list(limit=100))
    fake.requests.clear()

    done, pending = client.jobs.wait_all(jobs)

    assert [j.id for j in done] == [j.id for j in jobs] and pending == []
    assert all(j.last_details and j.last_details.status is JobStatus.COMPLETED for j in done)
    rounds = len(fake.clock.sleeps) + 1
    requests = fake.api_requests()
    assert all(path == "/v1/jobs" for _, path, _ in requests)  # no per-job GETs
    assert len(requests) <= 2 * rounds
    query = listings(fake)[0]
    assert query["pending"] == ["false"] and query["sort"] == ["ASC"]
    assert "created_after" in query


def test_the_window_moves_past_jobs_that_ended(client: RuntimeClient, fake: FakeService) -> None:
    make_jobs(fake, 3, step=100)
    jobs = list(client.jobs.list())
    client.jobs.wait_all(jobs)
    starts = [q["created_after"][0] for q in listings(fake)[1:]]
    assert len(set(starts)) == 3  # one window per oldest job still waited on


def test_return_when_first(client: RuntimeClient, fake: FakeService) -> None:
    make_jobs(fake, 5, step=100)
    jobs = list(client.jobs.list(sort="ASC"))
    done, pending = client.jobs.wait_all(jobs, return_when="first")
    assert [j.id for j in done] == ["job0001"]
    assert len(pending) == 4
    assert fake.clock.now < 60


def test_timeout_returns_what_is_still_pending(client: RuntimeClient, fake: FakeService) -> None:
    make_jobs(fake, 3, step=1000)
    jobs = list(client.jobs.list(sort="ASC"))
    done, pending = client.jobs.wait_all(jobs, timeout=500)
    assert [j.id for j in done] == ["job0001"]
    assert [j.id for j in pending] == ["job0002", "job0003"]
    assert fake.clock.now == pytest.approx(500)


def test_jobs_of_one_session_are_listed_by_session(
    client: RuntimeClient, fake: FakeService
) -> None:
    with client.session("ibm_a") as session:
        jobs = [session._submit_body(BODY) for _ in range(3)]
    for n, job in enumerate(jobs):
        fake.jobs[job.id].timeline.append((5 + n, {"status": "Completed"}))
    fake.requests.clear()

    done, _ = client.jobs.wait_all(jobs)

    assert len(done) == 3
    assert all(q["session_id"] == [session.id] for q in listings(fake))
    assert all(path == "/v1/jobs" for _, path, _ in fake.api_requests())


def test_handles_without_creation_time_learn_it_from_one_listing(
    client: RuntimeClient, fake: FakeService
) -> None:
    make_jobs(fake, 3, step=20)
    jobs = [Job(client._runner, job_id) for job_id in fake.jobs]
    done, _ = client.jobs.wait_all(jobs)
    assert len(done) == 3
    assert fake.calls("GET", "/v1/jobs/job0001") == []
    discovery = listings(fake)[0]
    assert "pending" not in discovery and discovery["sort"] == ["DESC"]
    assert "created_after" in listings(fake)[1]


def test_a_job_missing_from_the_discovery_listing_is_fetched_once(
    client: RuntimeClient, fake: FakeService
) -> None:
    (old,) = make_jobs(fake, 1, step=0)
    for _ in range(400):
        fake.add_job("Completed")
    done, _ = client.jobs.wait_all([Job(client._runner, old)])
    assert [j.id for j in done] == [old]
    assert len(fake.calls("GET", f"/v1/jobs/{old}")) == 1
    assert len(listings(fake)) <= 2 + 2 * len(fake.clock.sleeps) + 2


def test_jobs_already_final_cost_no_request(client: RuntimeClient, fake: FakeService) -> None:
    for _ in range(3):
        fake.add_job("Completed")
    jobs = list(client.jobs.list())
    fake.requests.clear()
    done, pending = client.jobs.wait_all(jobs)
    assert len(done) == 3 and pending == []
    assert fake.api_requests() == []


def test_bad_arguments_fail_before_any_request(client: RuntimeClient, fake: FakeService) -> None:
    job = Job(client._runner, "job0001")
    with pytest.raises(ValueError, match="return_when"):
        client.jobs.wait_all([job], return_when="any")
    with pytest.raises(ValueError, match="timeout"):
        client.jobs.wait_all([job], timeout=0)
    with pytest.raises(TypeError, match="Job"):
        client.jobs.wait_all(["job0001"])  # type: ignore[list-item]
    assert fake.api_requests() == []


async def test_async_wait_all(aclient: AsyncRuntimeClient, fake: FakeService) -> None:
    make_jobs(fake, 50, step=3)
    jobs = [job async for job in aclient.jobs.list()]
    fake.requests.clear()
    done, pending = await aclient.jobs.wait_all(jobs)
    assert len(done) == 50 and pending == []
    assert len(fake.api_requests()) <= 2 * (len(fake.clock.sleeps) + 1)


@pytest.mark.parametrize("fresh", [True, False])
def test_no_job_missed_among_1500_ending_in_any_order(
    client: RuntimeClient, fake: FakeService, fresh: bool
) -> None:
    # 1,500 jobs (plus 300 finished jobs of others among them) ending at random times: every
    # one is reported done with its final status, each round costs at most PAGES_PER_ROUND
    # listings, and no job is fetched on its own.
    import random

    from qiskit_runtime_client.resources._wait_all import PAGES_PER_ROUND

    rng = random.Random(7)
    ours = []
    for n in range(1800):
        job = fake.add_job()
        if n % 6 == 5:
            job.timeline = [(0, {"status": "Completed"})]  # someone else's, already finished
            continue
        job.timeline = [(0, {"status": "Queued"}), (rng.uniform(1, 300), {"status": "Completed"})]
        ours.append(job.id)
    if fresh:
        jobs = [Job(client._runner, job_id) for job_id in ours]
    else:
        wanted = set(ours)
        jobs = [j for j in client.jobs.list(sort="ASC") if j.id in wanted]
    fake.requests.clear()

    done, pending = client.jobs.wait_all(jobs)

    assert [j.id for j in done] == ours and pending == []
    assert all(j.last_details and j.last_details.status is JobStatus.COMPLETED for j in done)
    requests = fake.api_requests()
    assert all(path == "/v1/jobs" for _, path, _ in requests)  # no per-job GETs
    rounds = len(fake.clock.sleeps) + 1
    discovery = sum(1 for q in listings(fake) if "pending" not in q)
    assert discovery <= (1500 // 200 + 2 if fresh else 0)
    assert len(requests) - discovery <= PAGES_PER_ROUND * rounds
    last_end = max(fake.jobs[i].timeline[-1][0] for i in ours)
    assert fake.clock.now < last_end + 60  # the last completion seen within a few rounds
