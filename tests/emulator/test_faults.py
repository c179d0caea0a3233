"""The knobs tests use to make the emulator misbehave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import api_client, conforms, sampler_body

RunJob = Callable[[dict[str, Any]], dict[str, Any]]


def test_fail_the_next_job(emu: RuntimeEmulator, run_job: RunJob, api: httpx.Client) -> None:
    emu.fail_job(reason="Calibration drifted", code=1517, solution="Resubmit later")
    failed = run_job(sampler_body())
    assert failed["status"] == "Failed"
    assert failed["state"] == {
        "status": "Failed",
        "reason": "Calibration drifted",
        "reasonCode": 1517,
        "reason_solution": "Resubmit later",
    }
    assert "Calibration drifted" in api.get(f"/jobs/{failed['id']}/results").json()
    assert run_job(sampler_body())["status"] == "Completed"  # only the next one


def test_fail_a_given_job_when_it_would_finish(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    other = api.post("/jobs", json=sampler_body()).json()["id"]
    emu.fail_job(job_id, reason="Backend error")
    clock.advance(5)
    assert api.get(f"/jobs/{job_id}").json()["status"] == "Running"
    clock.advance(10)
    assert api.get(f"/jobs/{job_id}").json()["status"] == "Failed"
    assert api.get(f"/jobs/{other}").json()["status"] == "Completed"
    with pytest.raises(ValueError, match="already Failed"):
        emu.fail_job(job_id)
    with pytest.raises(KeyError):
        emu.fail_job("no-such-job")


def test_run_too_long(emu: RuntimeEmulator, run_job: RunJob, api: httpx.Client) -> None:
    emu.run_too_long()
    details = run_job(sampler_body() | {"cost": 60})
    assert details["status"] == "Cancelled - Ran too long"
    assert details["state"]["status"] == "Cancelled"
    assert details["state"]["reasonCode"] == 1305
    assert "maximum execution time (60 seconds)" in details["state"]["reason"]
    assert api.get(f"/jobs/{details['id']}/results").status_code == 204


def test_rate_limit_job_creation(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    emu.rate_limit_job_creation(5)
    for _ in range(5):
        assert api.post("/jobs", json=sampler_body()).status_code == 200
        clock.advance(10)
    limited = api.post("/jobs", json=sampler_body())
    assert limited.status_code == 429
    conforms(limited)
    assert limited.headers["Retry-After"] == "10"  # the first job leaves the window at t=60
    assert limited.json()["errors"][0]["code"] == "1202"
    assert len(emu.job_ids()) == 5
    clock.advance(10)
    assert api.post("/jobs", json=sampler_body()).status_code == 200
    emu.rate_limit_job_creation(None)
    assert api.post("/jobs", json=sampler_body()).status_code == 200


def test_rejected_jobs_do_not_count_against_the_rate_limit(
    emu: RuntimeEmulator, api: httpx.Client
) -> None:
    emu.rate_limit_job_creation(1)
    assert api.post("/jobs", json=sampler_body("nowhere")).status_code == 404
    assert api.post("/jobs", json=sampler_body()).status_code == 200


def test_5xx_burst_for_a_method_and_path(emu: RuntimeEmulator, api: httpx.Client) -> None:
    rule = emu.inject_errors(503, count=2, method="GET", path="/api/v1/jobs*", retry_after=2)
    assert api.get("/backends").status_code == 200
    first = api.get("/jobs")
    assert first.status_code == 503
    assert first.headers["Retry-After"] == "2"
    assert first.json()["errors"][0]["code"] == "1000"
    assert api.post("/jobs", json=sampler_body()).status_code == 200
    assert api.get("/jobs").status_code == 503
    assert api.get("/jobs").status_code == 200
    assert rule.hits == 2
    assert [r.fault for r in emu.requests if r.fault] == ["error", "error"]


def test_errors_until_reset(emu: RuntimeEmulator, api: httpx.Client) -> None:
    emu.inject_errors(500, count=None, path="/api/v1/backends")
    assert [api.get("/backends").status_code for _ in range(3)] == [500, 500, 500]
    emu.reset_faults()
    assert api.get("/backends").status_code == 200


def test_html_error_page(emu: RuntimeEmulator, api: httpx.Client) -> None:
    emu.inject_html_error(502, path="/api/v1/jobs/*")
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    answer = api.get(f"/jobs/{job_id}")
    assert answer.status_code == 502
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in answer.text


def test_faults_hit_iam_too(emu: RuntimeEmulator) -> None:
    emu.inject_errors(503, path="/identity/token")
    with pytest.raises(httpx.HTTPStatusError):
        api_client(emu)
    with api_client(emu) as api:
        assert api.get("/backends").status_code == 200


def test_slow_responses_make_client_timeouts_fire(emu: RuntimeEmulator) -> None:
    with api_client(emu) as api:
        emu.slow_responses(0.5, count=1, path="/api/v1/backends")
        with pytest.raises(httpx.ReadTimeout):
            api.get("/backends", timeout=0.05)
        assert api.get("/backends", timeout=5).status_code == 200
    delayed = [r for r in emu.requests if r.extra.get("delay")]
    assert len(delayed) == 1


def test_dropped_connection_before_the_job_is_created(
    emu: RuntimeEmulator, api: httpx.Client
) -> None:
    emu.drop_connections(method="POST", path="/api/v1/jobs")
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/jobs", json=sampler_body())
    assert emu.job_ids() == []
    assert emu.requests[-1].status is None
    assert api.post("/jobs", json=sampler_body()).status_code == 200
    assert len(emu.job_ids()) == 1


def test_dropped_connection_after_the_job_is_created(
    emu: RuntimeEmulator, api: httpx.Client
) -> None:
    emu.drop_connections(method="POST", path="/api/v1/jobs", after_handling=True)
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/jobs", json=sampler_body() | {"tags": ["attempt-1"]})
    (job_id,) = emu.job_ids()
    found = api.get("/jobs", params={"tags": "attempt-1"}).json()
    assert [j["id"] for j in found["jobs"]] == [job_id]
    assert emu.requests[-2].extra["status_not_sent"] == 200


def test_status_of_jobs_is_readable_directly(emu: RuntimeEmulator, api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    assert emu.job_status(job_id) == "Queued"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda emu: emu.inject_errors(200), ValueError),
        (lambda emu: emu.inject_errors(503, count=0), ValueError),
        (lambda emu: emu.slow_responses(-1), ValueError),
        (lambda emu: emu.rate_limit_job_creation(0), ValueError),
        (lambda emu: emu.set_backend_status("ibm_fez", "broken"), ValueError),
        (lambda emu: emu.set_backend_status("ibm_nowhere", "online"), KeyError),
        (lambda emu: emu.set_queue_length("ibm_fez", -1), ValueError),
        (lambda emu: setattr(emu, "run_seconds", -1), ValueError),
        (lambda emu: setattr(emu, "token_lifetime", 0), ValueError),
        (lambda emu: setattr(emu, "queue_seconds", "soon"), TypeError),
    ],
)
def test_knobs_refuse_bad_values(
    emu: RuntimeEmulator, call: Callable[[RuntimeEmulator], Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        call(emu)


def test_constructor_refuses_bad_values() -> None:
    with pytest.raises(ValueError, match="port"):
        RuntimeEmulator(port=70000)
    with pytest.raises(ValueError, match="queue_seconds"):
        RuntimeEmulator(queue_seconds=-1)
