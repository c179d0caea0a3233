"""Job submission: one POST, a client tag, reconciliation instead of a blind retry."""

from __future__ import annotations

import httpx
import pytest
from qiskit_runtime_client import (
    APIConnectionError,
    AsyncRuntimeClient,
    JobSubmissionUncertainError,
    RuntimeClient,
)
from qiskit_runtime_client.primitives import estimator_job_body
from qiskit_runtime_client.resources import AsyncJob, Job, JobStatus
from resources_fake import FakeService

BODY = {"program_id": "sampler", "backend": "ibm_a", "params": {"pubs": []}}


def test_submit_posts_once_with_a_client_tag(client: RuntimeClient, fake: FakeService) -> None:
    job = client.jobs.submit({**BODY, "tags": ["mine"]})
    assert isinstance(job, Job) and job.id in fake.jobs
    (posted,) = [b for b in fake.bodies if b and "program_id" in b]
    mine, tag = posted["tags"]
    assert mine == "mine" and tag.startswith("qrc-") and len(tag) == 24
    assert len(fake.calls("POST", "/v1/jobs")) == 1


def test_the_posted_body_is_the_body_given_plus_the_client_tag(
    client: RuntimeClient, fake: FakeService
) -> None:
    # An estimator input also fits the sampler's generated variant; sending it must not lose
    # what only the estimator's has (precision, resilience_level, resilience options).
    body = estimator_job_body(
        "ibm_a",
        [("OPENQASM 3.0; qubit[2] q;", "ZZ")],
        precision=0.01,
        resilience_level=1,
        options={"resilience": {"zne_mitigation": True}},
        tags=["mine"],
    )
    client.jobs.submit(body)
    (posted,) = [b for b in fake.bodies if b and "program_id" in b]
    tag = posted["tags"][-1]
    assert tag.startswith("qrc-")
    assert posted == {**body, "tags": ["mine", tag]}
    assert posted["params"]["precision"] == 0.01 and posted["params"]["resilience_level"] == 1


def test_submit_timeout_is_the_longer_one(client: RuntimeClient) -> None:
    flow = client.jobs.submit_job(BODY)
    call = next(flow)
    assert (call.method, call.path, call.idempotent) == ("POST", "/v1/jobs", False)
    assert call.timeout is not None and call.timeout.read >= 300


def test_lost_answer_with_the_job_created_is_reconciled(
    client: RuntimeClient, fake: FakeService
) -> None:
    def create_then_fail(request: httpx.Request) -> httpx.Response:
        fake.route("POST", "/jobs", {}, __import__("json").loads(request.content))
        return httpx.Response(502, text="<html><title>Bad Gateway</title></html>")

    fake.overrides[("POST", "/v1/jobs")] = create_then_fail
    job = client.jobs.submit(BODY)
    assert job.id == "job0001"
    assert job.last_details is not None and job.last_details.status is JobStatus.QUEUED
    assert len(fake.calls("POST", "/v1/jobs")) == 1  # never sent twice
    lookup = [q for m, p, q in fake.requests if (m, p) == ("GET", "/v1/jobs")]
    assert lookup[0]["tags"][0].startswith("qrc-") and lookup[0]["limit"] == ["20"]


def test_lost_answer_without_a_job_raises_uncertain_with_the_tag(
    client: RuntimeClient, fake: FakeService
) -> None:
    fake.overrides[("POST", "/v1/jobs")] = lambda r: httpx.Response(500, json={"errors": []})
    with pytest.raises(JobSubmissionUncertainError) as info:
        client.jobs.submit(BODY)
    tag = info.value.client_tag
    assert tag.startswith("qrc-") and tag in str(info.value)
    assert "client.jobs.list(tags=" in str(info.value)
    assert len(fake.calls("POST", "/v1/jobs")) == 1


def test_read_timeout_is_reconciled(client: RuntimeClient, fake: FakeService) -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    fake.overrides[("POST", "/v1/jobs")] = timeout
    with pytest.raises(JobSubmissionUncertainError):
        client.jobs.submit(BODY)
    assert len(fake.calls("POST", "/v1/jobs")) == 1


def test_connection_never_made_is_not_uncertain(client: RuntimeClient, fake: FakeService) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    fake.overrides[("POST", "/v1/jobs")] = refused
    with pytest.raises(APIConnectionError) as info:
        client.jobs.submit(BODY)
    assert not isinstance(info.value, JobSubmissionUncertainError)
    assert info.value.request_sent is False
    assert fake.calls("GET", "/v1/jobs") == []


@pytest.mark.parametrize("tags", [["t"] * 8, ["x" * 87], "one"], ids=["eight", "long", "str"])
def test_bad_tags_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, tags: object
) -> None:
    with pytest.raises((ValueError, TypeError), match="tags"):
        client.jobs.submit({**BODY, "tags": tags})
    assert fake.api_requests() == []


async def test_async_submit_and_reconcile(aclient: AsyncRuntimeClient, fake: FakeService) -> None:
    job = await aclient.jobs.submit(BODY)
    assert isinstance(job, AsyncJob)
    fake.overrides[("POST", "/v1/jobs")] = lambda r: httpx.Response(503, text="down")
    with pytest.raises(JobSubmissionUncertainError):
        await aclient.jobs.submit(BODY)
