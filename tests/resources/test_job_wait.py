"""Job handles: wait with backoff, result outcomes, cancel, and the other job endpoints."""

from __future__ import annotations

import logging

import httpx
import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    ConflictError,
    JobCancelledError,
    JobFailedError,
    JobMaxExecutionTimeError,
    JobTimeoutError,
    RuntimeClient,
    UnexpectedResponseError,
)
from qiskit_runtime_client.errors import JobNotCancellableError
from qiskit_runtime_client.resources import Job, JobStatus, decode_json
from qiskit_runtime_client.results import ResultDecodeError
from resources_fake import FakeJob, FakeService


def job_gets(fake: FakeService, job: FakeJob) -> int:
    return len(fake.calls("GET", f"/v1/jobs/{job.id}"))


def scripted(fake: FakeService, *steps: tuple[float, dict[str, object]]) -> FakeJob:
    job = fake.add_job()
    job.timeline = list(steps)
    return job


def test_queued_running_completed_with_callback_and_backoff(
    client: RuntimeClient, fake: FakeService
) -> None:
    fj = scripted(
        fake, (0, {"status": "Queued"}), (5, {"status": "Running"}), (30, {"status": "Completed"})
    )
    seen: list[tuple[str, JobStatus]] = []
    job = Job(client._runner, fj.id)

    final = job.wait(callback=lambda j, status: seen.append((j.id, status)))

    assert final is JobStatus.COMPLETED
    assert seen == [(fj.id, s) for s in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED)]
    sleeps = fake.clock.sleeps
    assert 0.375 <= sleeps[0] <= 0.625  # starts near 0.5 s (with jitter)
    assert sleeps[-2] > sleeps[0] * 3  # and grows
    assert max(sleeps) <= 10.0
    assert job_gets(fake, fj) == len(sleeps) + 1 < 30  # fixed 0.5 s polling would need 60


@pytest.mark.parametrize("runs_for", [3.0, 60.0, 600.0, 3600.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_wait_returns_within_a_fifth_of_the_time_spent(
    client: RuntimeClient, fake: FakeService, runs_for: float, seed: int
) -> None:
    # Queued 100 s, then Running `runs_for` s: once the job ends, the wait returns within about
    # 20% of the time waited (the interval restarts at the status change), 10 s at most.
    import random

    random.seed(seed)
    fj = scripted(
        fake,
        (0, {"status": "Queued"}),
        (100, {"status": "Running"}),
        (100 + runs_for, {"status": "Completed"}),
    )
    Job(client._runner, fj.id).wait()
    late = fake.clock.now - (100 + runs_for)
    assert 0 <= late <= min(10.0, 0.22 * (100 + runs_for)) + 1e-9
    if runs_for >= 60:  # seen Running within 10 s: from then on, within 22% of the running time
        assert late <= 0.22 * runs_for
    assert job_gets(fake, fj) < 60 + runs_for / 9  # logarithmic, then at most one per ~10 s


def test_wait_polls_at_the_estimated_end(client: RuntimeClient, fake: FakeService) -> None:
    # The service's estimate brings a poll forward to the estimated end: a job of 30 s is seen
    # 0.05 s after it ends, not up to 6 s later.
    fj = scripted(fake, (0, {"status": "Running"}), (30, {"status": "Completed"}))
    fj.fields["estimated_running_time_seconds"] = 30.0
    Job(client._runner, fj.id).wait()
    assert 30 <= fake.clock.now <= 30.05 + 1e-9
    assert job_gets(fake, fj) < 25


def test_a_wrong_estimate_never_delays_a_poll(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Running"}), (3, {"status": "Completed"}))
    fj.fields["estimated_running_time_seconds"] = 3600.0
    Job(client._runner, fj.id).wait()
    assert 3 <= fake.clock.now <= 3.5 + 1e-9


def test_a_one_hour_job_costs_hundreds_not_thousands_of_polls(
    client: RuntimeClient, fake: FakeService
) -> None:
    fj = scripted(fake, (0, {"status": "Running"}), (3600, {"status": "Completed"}))
    Job(client._runner, fj.id).wait()
    assert max(fake.clock.sleeps) <= 10.0
    assert job_gets(fake, fj) < 450  # the official SDK: 7,200


def test_result_downloads_once_and_caches(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Running"}), (3, {"status": "Completed"}))
    job = client.jobs.get(fj.id)
    result = job.result()
    assert float(result[0].data["evs"]) == 0.25
    assert result[0].metadata == {"shots": 100}
    assert job.result() is result
    assert len(fake.calls("GET", f"/v1/jobs/{fj.id}/results")) == 1


def test_decode_is_one_replaceable_function(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Completed"}))
    fj.result_text = "not json"
    job = client.jobs.get(fj.id)
    with pytest.raises(ResultDecodeError, match="not valid JSON"):
        job.result()
    job.decode = decode_json
    with pytest.raises(UnexpectedResponseError, match="not valid JSON"):
        job.result()
    job.decode = lambda text: ("decoded", text)
    assert job.result() == ("decoded", "not json")
    assert len(fake.calls("GET", f"/v1/jobs/{fj.id}/results")) == 1  # the text was kept


@pytest.mark.parametrize("code_key", ["reasonCode", "reason_code"])
def test_failed_job_raises_with_reason_code_and_solution(
    client: RuntimeClient, fake: FakeService, code_key: str
) -> None:
    fj = scripted(
        fake,
        (0, {"status": "Queued"}),
        (
            2,
            {
                "status": "Failed",
                "reason": "Transpilation failed",
                code_key: 1003,
                "reason_solution": "Check the ISA",
            },
        ),
    )
    job = Job(client._runner, fj.id)
    with pytest.raises(JobFailedError) as info:
        job.result()
    error = info.value
    assert type(error) is JobFailedError
    assert (error.job_id, error.reason, error.reason_code, error.solution) == (
        fj.id,
        "Transpilation failed",
        1003,
        "Check the ISA",
    )
    assert "1003" in str(error) and "Check the ISA" in str(error)
    assert fake.calls("GET", f"/v1/jobs/{fj.id}/results") == []  # no download on failure


def test_cancelled_job_raises_job_cancelled(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Cancelled", "reason": "by user"}))
    with pytest.raises(JobCancelledError, match="cancelled"):
        Job(client._runner, fj.id).result()


def test_ran_too_long_is_final_and_raises_max_execution_time(
    client: RuntimeClient, fake: FakeService
) -> None:
    fj = scripted(fake, (0, {"status": "Running"}), (4, {"status": "Cancelled"}))
    fj.top_status = "Cancelled - Ran too long"
    job = Job(client._runner, fj.id)
    assert job.wait() == JobStatus.CANCELLED_RAN_TOO_LONG
    with pytest.raises(JobMaxExecutionTimeError):
        job.result()


def test_code_1305_raises_max_execution_time(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Cancelled", "reasonCode": 1305}))
    with pytest.raises(JobMaxExecutionTimeError) as info:
        Job(client._runner, fj.id).result()
    assert info.value.reason_code == 1305


def test_timeout_raises_with_last_status_and_does_not_cancel(
    client: RuntimeClient, fake: FakeService
) -> None:
    fj = scripted(fake, (0, {"status": "Queued"}), (10, {"status": "Running"}))
    job = Job(client._runner, fj.id)
    with pytest.raises(JobTimeoutError) as info:
        job.wait(timeout=60)
    assert (info.value.job_id, info.value.last_status) == (fj.id, "Running")
    assert fake.clock.now == pytest.approx(60)  # the last sleep is cut to the deadline
    assert fake.calls("POST", f"/v1/jobs/{fj.id}/cancel") == []


def test_unknown_status_is_logged_and_waited_on(
    client: RuntimeClient, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    fj = scripted(fake, (0, {"status": "Paused"}), (20, {"status": "Completed"}))
    with caplog.at_level(logging.WARNING, logger="qiskit_runtime_client"):
        assert Job(client._runner, fj.id).wait() is JobStatus.COMPLETED
    assert "Paused" in caplog.text


def test_unknown_failed_prefixed_status_is_final(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Failed - quota exceeded", "reason": "quota"}))
    job = Job(client._runner, fj.id)
    status = job.wait()
    assert status == "Failed - quota exceeded" and not status.is_known
    with pytest.raises(JobFailedError, match="quota"):
        job.result()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": -1}, "timeout"),
        ({"poll_interval": 0}, "poll_interval"),
        ({"max_poll_interval": float("inf")}, "max_poll_interval"),
        ({"poll_interval": 5, "max_poll_interval": 1}, "max_poll_interval"),
    ],
)
def test_bad_wait_arguments_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, kwargs: dict[str, float], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        Job(client._runner, "job0001").wait(**kwargs)
    assert fake.api_requests() == []


def test_poll_interval_and_cap_are_honoured(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Running"}), (100, {"status": "Completed"}))
    Job(client._runner, fj.id).wait(poll_interval=2, max_poll_interval=3)
    assert 1.5 <= fake.clock.sleeps[0] <= 2.5
    assert max(fake.clock.sleeps) <= 3


def test_cancel_a_finished_job_names_its_state(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Completed"}))
    with pytest.raises(JobNotCancellableError) as info:
        Job(client._runner, fj.id).cancel()
    assert isinstance(info.value, ConflictError)
    assert info.value.job_status == "Completed"
    assert "Completed" in str(info.value)


def test_cancel_a_queued_job(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Queued"}))
    job = Job(client._runner, fj.id)
    job.cancel()
    assert job.status() is JobStatus.CANCELLED


def test_other_job_endpoints(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Completed"}))
    job = Job(client._runner, fj.id)
    assert job.logs() == "log line\n"
    metrics = job.metrics()
    assert (metrics.usage_seconds, metrics.created) == (3.0, fj.created)
    assert metrics.raw["qiskit_version"] == "2.1.0"
    job.update_tags(["a", "b"])
    assert fake.bodies[-1] == {"tags": ["a", "b"]}
    assert job.refresh().tags == ["a", "b"]
    job.delete()
    assert fake.calls("DELETE", f"/v1/jobs/{fj.id}") == [("DELETE", f"/v1/jobs/{fj.id}")]


def test_update_tags_checks_the_spec_limits(client: RuntimeClient, fake: FakeService) -> None:
    job = Job(client._runner, "job0001")
    for bad in ([], ["t"] * 9, ["x" * 87], [3]):
        with pytest.raises((ValueError, TypeError), match="tags"):
            job.update_tags(bad)  # type: ignore[arg-type]
    assert fake.api_requests() == []


def test_details_with_params(client: RuntimeClient, fake: FakeService) -> None:
    fj = scripted(fake, (0, {"status": "Completed"}))
    fj.fields["params"] = {"pubs": []}
    details = Job(client._runner, fj.id).details(include_params=True)
    assert details.params == {"pubs": []}
    assert fake.requests[-1][2] == {"exclude_params": ["false"]}


def test_a_completed_job_without_result_is_a_clear_error(
    client: RuntimeClient, fake: FakeService
) -> None:
    fj = scripted(fake, (0, {"status": "Completed"}))
    fake.overrides[("GET", f"/v1/jobs/{fj.id}/results")] = lambda r: httpx.Response(204)
    with pytest.raises(UnexpectedResponseError, match="no result"):
        Job(client._runner, fj.id).result()


async def test_async_wait_result_and_failures(
    aclient: AsyncRuntimeClient, fake: FakeService
) -> None:
    ok = scripted(fake, (0, {"status": "Queued"}), (7, {"status": "Completed"}))
    failed = scripted(fake, (0, {"status": "Failed", "reasonCode": 1002, "reason": "bad"}))
    long = scripted(fake, (0, {"status": "Running"}))
    statuses: list[JobStatus] = []

    job = await aclient.jobs.get(ok.id)
    assert await job.wait(callback=lambda j, s: statuses.append(s)) is JobStatus.COMPLETED
    assert statuses == [JobStatus.QUEUED, JobStatus.COMPLETED]
    result = await job.result()
    assert float(result[0].data["evs"]) == 0.25
    assert await job.result() is result
    assert len(fake.calls("GET", f"/v1/jobs/{ok.id}/results")) == 1

    with pytest.raises(JobFailedError) as info:
        await (await aclient.jobs.get(failed.id)).result()
    assert info.value.reason_code == 1002

    with pytest.raises(JobTimeoutError):
        await (await aclient.jobs.get(long.id)).wait(timeout=30)

    with pytest.raises(JobNotCancellableError):
        await job.cancel()
