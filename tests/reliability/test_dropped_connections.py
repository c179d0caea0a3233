"""Connections that break during a submission: never two jobs, and an error that says what to
check. A connection never made is retried; one dropped after the request was sent is not; a job
whose answer was lost is found again by the client's tag."""

from __future__ import annotations

import socket

import pytest
from qiskit_runtime_client import (
    APIConnectionError,
    JobStatus,
    JobSubmissionUncertainError,
    ManualClock,
    RuntimeClient,
)
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import (
    JOBS_PATH,
    client_tag,
    reconciliations,
    statuses,
    submissions,
    submit_bell,
)

pytestmark = pytest.mark.emulator


def unused_port() -> int:
    """A loopback port nothing listens on (bound, read, released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_connection_never_made_is_retried_then_reported_as_not_sent(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    dead = f"http://127.0.0.1:{unused_port()}/api/v1"
    with (
        RuntimeClient(
            emu.api_key,
            instance=emu.instance,
            url=dead,
            iam_url=emu.url,
            clock=clock,
            check_isa=False,
        ) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        submit_bell(client)

    error = caught.value
    assert not isinstance(error, JobSubmissionUncertainError)
    assert error.request_sent is False and error.method == "POST"
    assert "ConnectError" in str(error)
    assert len(clock.sleeps) == 3  # the default 3 retries: safe, the server saw nothing
    assert [r.path for r in emu.requests] == ["/identity/token"]  # IAM only


def test_a_connection_dropped_before_handling_is_not_resent_and_no_job_exists(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        submit_bell(client)

    (sent,) = submissions(emu)  # the request was sent: sending it again could duplicate it
    assert sent.status is None and sent.fault == "drop"
    tag = client_tag(sent)
    error = caught.value
    assert error.client_tag == tag and f"client.jobs.list(tags=[{tag!r}])" in str(error)
    cause = error.__cause__
    assert isinstance(cause, APIConnectionError) and cause.request_sent is True
    assert [r.query["tags"] for r in reconciliations(emu)] == [[tag]]
    assert emu.job_ids() == []
    # Following the error's advice shows no job, so submitting again is safe: one job.
    assert [job.id for job in client.jobs.list(tags=[tag])] == []
    assert [submit_bell(client).id] == emu.job_ids()


def test_a_connection_dropped_after_handling_returns_the_one_job_found_by_tag(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH, after_handling=True)

    job = submit_bell(client)

    (sent,) = submissions(emu)
    assert sent.status is None and sent.extra["status_not_sent"] == 200
    assert emu.job_ids() == [job.id]  # exactly one job, and it is the one returned
    (lookup,) = reconciliations(emu)
    assert lookup.query["tags"] == [client_tag(sent)]
    assert client_tag(sent) in (job.last_details.tags if job.last_details else [])
    assert job.wait() is JobStatus.COMPLETED
    assert sum(job.result()[0].data["c"].get_counts().values()) == 100


def test_the_reconciliation_look_up_is_itself_retried_after_a_drop(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH, after_handling=True)
    emu.drop_connections(method="GET", path=JOBS_PATH)

    job = submit_bell(client)

    assert emu.job_ids() == [job.id]
    assert statuses(reconciliations(emu)) == [None, 200]
    assert len(submissions(emu)) == 1


def test_when_the_job_cannot_be_looked_up_the_error_names_the_tag_that_finds_it(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    emu.drop_connections(method="POST", path=JOBS_PATH, after_handling=True)
    outage = emu.inject_errors(503, count=None, method="GET", path=JOBS_PATH)

    with pytest.raises(JobSubmissionUncertainError) as caught:
        submit_bell(client)

    tag = caught.value.client_tag
    assert f"client.jobs.list(tags=[{tag!r}])" in str(caught.value)
    assert outage.hits == 4 and len(submissions(emu)) == 1
    (created,) = emu.job_ids()  # it was created, once; the user was not told otherwise
    emu.reset_faults()
    assert [job.id for job in client.jobs.list(tags=[tag])] == [created]


def test_a_dropped_read_is_retried(emu: RuntimeEmulator, client: RuntimeClient) -> None:
    job = submit_bell(client)
    emu.drop_connections(count=2, method="GET", path=JOBS_PATH + "/*")

    assert job.status() is JobStatus.QUEUED

    assert statuses([r for r in emu.requests if r.method == "GET"]) == [None, None, 200]
