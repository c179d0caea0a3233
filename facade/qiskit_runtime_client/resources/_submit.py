"""Job submission that never duplicates a job: one POST, then reconcile by a client tag.

POST /jobs is not retried after the server may have seen it. Every submission carries a tag
`qrc-<random hex>`; when the answer is lost (5xx, timeout, broken connection, unreadable body)
one GET /jobs?tags=<tag> tells whether the job exists, else JobSubmissionUncertainError.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from qiskit_runtime_client._constants import CLIENT_TAG_PREFIX, MAX_TAGS, MAX_USER_TAGS
from qiskit_runtime_client._effects import Call, Flow, call
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIError,
    JobSubmissionUncertainError,
    QiskitRuntimeError,
    ServerError,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources._checks import check_tags
from qiskit_runtime_client.resources._details import parse_jobs_page
from qiskit_runtime_client.resources._parse import as_dict

logger = logging.getLogger("qiskit_runtime_client.jobs")


def new_client_tag() -> str:
    """A fresh submission tag: 'qrc-' and 20 random hex digits (24 characters, which even the
    vendored spec's old tag limit accepts)."""
    return CLIENT_TAG_PREFIX + uuid.uuid4().hex[:20]


def tagged_body(body: Any, tag: str) -> dict[str, Any]:
    """A copy of the job body with the client tag added to its tags (checked before sending)."""
    if not isinstance(body, Mapping):
        raise TypeError(f"the job body must be a dict, got {type(body).__name__}")
    user_tags = body.get("tags")
    tags: list[str] = []
    if user_tags is not None and not (isinstance(user_tags, list | tuple) and not user_tags):
        try:
            tags = check_tags(user_tags, "tags", max_items=MAX_USER_TAGS)
        except ValueError as exc:
            raise ValueError(
                f"{exc} (a job holds {MAX_TAGS} tags and this client uses one to find the "
                "job again after a lost answer)"
            ) from None
    return {**body, "tags": [*tags, tag]}


def submit_job(
    body: Mapping[str, Any], *, timeout: httpx.Timeout | None = None
) -> Flow[dict[str, Any]]:
    """POST /jobs once; returns the answer ({'id', 'backend', ...}) or the job found by its tag."""
    tag = new_client_tag()
    payload = tagged_body(body, tag)
    try:
        data = yield from call(
            Call("POST", "/jobs", json=payload, timeout=timeout, idempotent=False)
        )
        answer = as_dict(data)
        if not isinstance(answer.get("id"), str) or not answer["id"]:
            raise UnexpectedResponseError(
                f"POST /jobs answered without a job id: {str(data)[:200]!r}",
                method="POST",
                path="/jobs",
            )
        return answer
    except (ServerError, APIConnectionError, UnexpectedResponseError) as exc:
        if isinstance(exc, APIConnectionError) and not exc.request_sent:
            raise  # the connection was never made: the service cannot have created the job
        return (yield from _reconcile(tag, exc))


def _reconcile(tag: str, cause: APIError) -> Flow[dict[str, Any]]:
    """The job carrying `tag`, or JobSubmissionUncertainError when it cannot be found."""
    try:
        data = yield from call(
            Call("GET", "/jobs", params={"tags": [tag], "limit": 1, "exclude_params": True})
        )
        jobs = parse_jobs_page(data).jobs
    except QiskitRuntimeError as exc:
        logger.warning("could not look up submission tag %s: %s", tag, exc)
        jobs = []
    if jobs:
        logger.info("job submission answer was lost; found job %s by tag %s", jobs[0].id, tag)
        return jobs[0].raw
    raise JobSubmissionUncertainError(
        f"job submission failed ({cause.message}) and it is not known whether the service "
        f"created the job. It carries the tag {tag!r}: check with "
        f"client.jobs.list(tags=[{tag!r}]) before submitting again.",
        client_tag=tag,
        path="/jobs",
    ) from cause
