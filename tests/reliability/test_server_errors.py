"""5xx bursts and proxy HTML pages: reads are retried and nothing is lost or repeated; a job
submission is never sent twice, and the client reconciles by its tag instead."""

from __future__ import annotations

import json

import pytest
from qiskit_runtime_client import (
    JobStatus,
    JobSubmissionUncertainError,
    ManualClock,
    RuntimeClient,
    ServerError,
)
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import (
    JOBS_PATH,
    ScriptedClock,
    client_tag,
    reconciliations,
    statuses,
    submissions,
    submit_bell,
)

pytestmark = pytest.mark.emulator


def listing_offsets(emu: RuntimeEmulator) -> list[tuple[str, int | None]]:
    """(offset, status) of every GET /jobs listing request, in order."""
    return [
        (r.query.get("offset", ["0"])[0], r.status)
        for r in emu.requests
        if r.method == "GET" and r.path == JOBS_PATH
    ]


def make_jobs(client: RuntimeClient, clock: ManualClock, count: int) -> list[str]:
    """Submit `count` jobs one emulator second apart; their ids, oldest first."""
    ids = []
    for _ in range(count):
        ids.append(submit_bell(client).id)
        clock.advance(1)
    return ids


# --- listing -------------------------------------------------------------------------------------


def test_5xx_bursts_between_pages_lose_and_repeat_nothing(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    created = make_jobs(client, clock, 7)
    pages = client.jobs.list(page_size=3).pages()

    first = next(pages)
    emu.inject_errors(503, count=3, method="GET", path=JOBS_PATH)
    make_jobs(client, clock, 2)  # jobs created meanwhile must not shift or join the listing
    rest = list(pages)
    emu.inject_errors(502, count=2, method="GET", path=JOBS_PATH, retry_after=7)
    again = [job.id for job in client.jobs.list(page_size=3, limit=4)]

    listed = [job.id for page in [first, *rest] for job in page.jobs]
    assert sorted(listed) == sorted(created) and len(listed) == len(set(listed)) == 7
    assert [page.offset for page in [first, *rest]] == [0, 3, 6]
    assert listing_offsets(emu)[:6] == [
        ("0", 200),
        ("3", 503),
        ("3", 503),
        ("3", 503),
        ("3", 200),
        ("6", 200),
    ]
    assert len(again) == len(set(again)) == 4
    assert clock.sleeps.count(7.0) == 2  # the 502s' Retry-After, on the client's clock
    assert len(submissions(emu)) == len(emu.job_ids()) == 9


def test_jobs_created_at_the_same_instant_mid_listing_shift_nothing_out(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    # On a clock that does not move, new jobs share the listed ones' timestamp, so the
    # created_before pin cannot keep them out: the offsets shift by a whole page or more.
    created = [submit_bell(client).id for _ in range(6)]
    pages = client.jobs.list(page_size=2).pages()

    first = next(pages)
    meanwhile = {submit_bell(client).id for _ in range(4)}
    emu.inject_errors(503, count=2, method="GET", path=JOBS_PATH)
    listed = [job.id for page in [first, *pages] for job in page.jobs]

    assert len(listed) == len(set(listed))  # nothing twice
    assert set(created) <= set(listed)  # nothing lost (it stopped after 2 pages before the fix)
    assert set(listed) - set(created) <= meanwhile  # a job inside the pin may show up, once
    assert len(emu.job_ids()) == 10


def test_a_5xx_burst_longer_than_the_retries_reaches_the_user_as_server_error(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    created = make_jobs(client, clock, 5)
    seen: list[str] = []
    emu.inject_errors(500, count=4, method="GET", path=JOBS_PATH)

    with pytest.raises(ServerError) as caught:
        seen.extend(job.id for job in client.jobs.list(page_size=2))

    assert caught.value.status_code == 500 and caught.value.codes == ("1000",)
    assert seen == []
    assert (
        statuses([r for r in emu.requests if r.path == JOBS_PATH and r.method == "GET"])
        == [500] * 4
    )
    listed = [job.id for job in client.jobs.list(page_size=2)]  # the outage is over
    assert sorted(listed) == sorted(created) and len(listed) == 5


# --- waiting -------------------------------------------------------------------------------------


def test_5xx_bursts_while_waiting_are_ridden_out(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    emu.inject_errors(503, count=3, method="GET", path=JOBS_PATH + "/*")

    def burst_when_running(job: object, status: JobStatus) -> None:
        if status is JobStatus.RUNNING:
            emu.inject_errors(504, count=2, method="GET", path=JOBS_PATH + "/*")

    assert job.wait(callback=burst_when_running) is JobStatus.COMPLETED
    counts = job.result()[0].data["c"].get_counts()

    assert sum(counts.values()) == 100
    faulted = [r.status for r in emu.requests if r.fault == "error"]
    assert faulted == [503, 503, 503, 504, 504]
    assert len(submissions(emu)) == len(emu.job_ids()) == 1


def test_a_5xx_outage_while_waiting_raises_and_leaves_the_job_alone(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    rule = emu.inject_errors(503, count=None, method="GET", path=JOBS_PATH + "/*")

    with pytest.raises(ServerError) as caught:
        job.wait()

    assert caught.value.status_code == 503 and rule.hits == 4
    emu.reset_faults()
    assert job.wait() is JobStatus.COMPLETED  # the user can simply wait again
    assert not [r for r in emu.requests if r.path.endswith("/cancel")]
    assert len(emu.job_ids()) == 1


def test_wait_all_rides_out_5xx_bursts_on_the_listing_it_polls(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ScriptedClock
) -> None:
    jobs = [submit_bell(client) for _ in range(3)]
    emu.fail_job(jobs[1].id)
    clock.at(clock.now + 10, lambda: emu.inject_errors(503, count=3, method="GET", path=JOBS_PATH))
    clock.at(clock.now + 40, lambda: emu.inject_html_error(502, count=2, path=JOBS_PATH + "*"))

    done, pending = client.jobs.wait_all(jobs)

    assert [job.id for job in done] == [job.id for job in jobs] and pending == []
    assert [job.last_details.status for job in jobs if job.last_details] == [
        JobStatus.COMPLETED,
        JobStatus.FAILED,
        JobStatus.COMPLETED,
    ]
    assert [r.status for r in emu.requests if r.fault] == [503, 503, 503, 502, 502]
    assert len(submissions(emu)) == len(emu.job_ids()) == 3


# --- submission --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "retry_after", "html_title"),
    [(500, None, None), (503, 1, None), (502, None, "502 Bad Gateway"), (504, None, "504 Gateway")],
    ids=["500", "503-retry-after", "502-html", "504-html"],
)
def test_5xx_on_submission_is_never_resent_and_is_reconciled_by_tag(
    emu: RuntimeEmulator,
    client: RuntimeClient,
    status: int,
    retry_after: float | None,
    html_title: str | None,
) -> None:
    html = html_title is not None
    emu.inject_errors(status, method="POST", path=JOBS_PATH, retry_after=retry_after, html=html)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        submit_bell(client)

    (sent,) = submissions(emu)  # exactly one POST, never resent
    tag = client_tag(sent)
    error = caught.value
    assert error.client_tag == tag
    assert f"client.jobs.list(tags=[{tag!r}])" in str(error)
    assert isinstance(error.__cause__, ServerError) and error.__cause__.status_code == status
    if html_title:  # the proxy page's title, not a JSON decode error
        assert html_title in str(error) and "non-JSON text/html" in str(error)
        assert not isinstance(error.__cause__.__context__, json.JSONDecodeError)
    (lookup,) = reconciliations(emu)
    assert lookup.query["tags"] == [tag] and lookup.status == 200
    assert emu.job_ids() == []  # the failure came before the service acted: no job, none found
    assert [job.id for job in client.jobs.list(tags=[tag])] == []


# --- HTML pages on reads -----------------------------------------------------------------------


def test_an_html_502_page_after_retries_is_a_server_error_with_the_page_title(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    rule = emu.inject_html_error(502, count=None, method="GET", path=JOBS_PATH + "/*")

    with pytest.raises(ServerError) as caught:
        job.status()

    error = caught.value
    assert error.status_code == 502 and rule.hits == 4
    assert "502 Bad Gateway" in str(error) and "text/html" in str(error)
    assert error.errors == () and error.body is not None and "<html>" in error.body
    assert not isinstance(error.__context__, ValueError)  # no parser error underneath


def test_a_transient_html_page_is_retried_transparently(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)
    emu.inject_html_error(503, count=2, method="GET", path=JOBS_PATH + "/*")

    assert job.status() is JobStatus.QUEUED

    assert statuses([r for r in emu.requests if r.method == "GET"]) == [503, 503, 200]
