"""Hand-assembled cassettes of documented live traffic (tests/cassettes/cassette_suite/
test_documented_traffic/README.md names each source), replayed through the facade: what a user
gets from the live service's camelCase reasonCode, plain-JSON estimator result and names-only
backend list. These cassettes are never re-recorded, so the tests skip while recording."""

from __future__ import annotations

import os
from typing import Any

import pytest
from cassette_config import RECORD_ENV, CassetteTarget
from qiskit_runtime_client import JobMaxExecutionTimeError
from qiskit_runtime_client.resources import JobState, JobStatus

from ._helpers import api_calls, assert_fully_played

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.skipif(
        os.environ.get(RECORD_ENV) == "1", reason="hand-assembled cassettes are not re-recorded"
    ),
]

JOB_ID = "cassettehandmade0001"


def test_completed_state_with_camel_case_reason_code(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    with cassette_target.client() as client:
        job = client.jobs.get(JOB_ID)
        status = job.wait()  # already final: no further request
    assert status is JobStatus.COMPLETED
    details = job.last_details
    assert details is not None
    assert details.state == JobState(JobStatus.COMPLETED, reason=None, reason_code=None)
    assert details.raw["state"] == {"status": "Completed", "reason": "", "reasonCode": None}
    assert (details.backend, details.program_id) == ("ibm_quebec", "estimator")
    assert api_calls(vcr) == [("GET", f"/jobs/{JOB_ID}?exclude_params=true", 200)]
    assert_fully_played(vcr)


def test_plain_json_estimator_result(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        result = client.jobs.get(JOB_ID).result()
    (pub,) = result
    assert pub.data.shape == ()
    assert float(pub.data.evs) == 0.5121617512921861
    assert float(pub.data.stds) == 0.2692213349927506
    assert float(pub.data.ensemble_standard_error) == 0.12655983446198443
    assert pub.metadata == {
        "shots": 4096,
        "target_precision": 0.015625,
        "circuit_metadata": {},
        "resilience": {},
        "num_randomizations": 32,
    }
    assert_fully_played(vcr)


def test_names_only_backend_list_and_least_busy(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client(api_version="2024-01-01") as client:
        backends = client.backends.list()
        best = client.backends.least_busy()
    names = ["ibm_brisbane", "ibm_kyiv", "ibm_kyoto", "ibm_cusco", "ibm_nazca"]
    assert [b.name for b in backends] == names
    assert all(b.status is None and b.queue_length is None for b in backends)
    # names only: least_busy asks each backend's status and skips the one in maintenance
    assert (best.name, best.queue_length, best.status) == ("ibm_kyiv", 3, "online")
    assert best.status_reason == "available"
    assert [path for _, path, _ in api_calls(vcr)] == [
        "/backends",
        "/backends",
        *[f"/backends/{name}/status" for name in names],
    ]
    assert_fully_played(vcr)


def test_cancelled_job_with_snake_case_reason_code_1305(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    with cassette_target.client() as client:
        job = client.jobs.get("cassettehandmade0002")
        with pytest.raises(JobMaxExecutionTimeError) as too_long:
            job.result()  # final state: raises without asking for /results
    error = too_long.value
    assert (error.status, error.reason_code) == ("Cancelled", 1305)
    assert error.reason == "Job ran longer than the maximum execution time"
    assert error.solution == "Increase max_execution_time or split the job."
    assert_fully_played(vcr)
