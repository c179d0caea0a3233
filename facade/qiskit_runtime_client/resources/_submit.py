"""Job submission that never duplicates a job: one POST, then reconcile by a client tag.

POST /jobs is not retried after the server may have seen it. Every submission carries a tag
`qrc-<random hex>`; when the answer is lost (5xx, timeout, broken connection, unreadable body)
one job listing filtered by that tag tells whether the job exists, else
JobSubmissionUncertainError.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from qiskit_runtime_client import _api
from qiskit_runtime_client._constants import CLIENT_TAG_PREFIX, MAX_TAGS, MAX_USER_TAGS
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIError,
    JobSubmissionUncertainError,
    QiskitRuntimeError,
    ServerError,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources._checks import check_tags
from qiskit_runtime_client.resources._details import JobDetails, read_jobs_page

if TYPE_CHECKING:
    from qiskit_runtime_api.models import JobCreateResponse

logger = logging.getLogger("qiskit_runtime_client.jobs")

#: What a submission returns: the POST answer, or the job found by its tag after a lost answer.
Submitted: TypeAlias = "JobCreateResponse | JobDetails"

#: What generated model parsing raises on a body of another shape.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def new_client_tag() -> str:
    """A fresh submission tag: 'qrc-' and 20 random hex digits (24 characters, which even the
    vendored spec's old tag limit accepts)."""
    return CLIENT_TAG_PREFIX + uuid.uuid4().hex[:20]


def tagged_body(body: Any, tag: str) -> dict[str, Any]:
    """A copy of the job body with the client tag added to its tags (checked before sending)."""
    if not isinstance(body, Mapping):
        raise TypeError(f"the job body must be a dict, got {type(body).__name__}")
    try:
        user_tags = _api.job_body_tags(body)
    except _PARSE_ERRORS as exc:
        raise ValueError(
            "the job body does not have the shape of a job submission (program_id, backend, "
            f"params, ...): {type(exc).__name__}: {str(exc)[:200]}"
        ) from None
    tags: list[str] = []
    if user_tags is not None:
        try:
            tags = check_tags(user_tags, "tags", max_items=MAX_USER_TAGS)
        except ValueError as exc:
            raise ValueError(
                f"{exc} (a job holds {MAX_TAGS} tags and this client uses one to find the "
                "job again after a lost answer)"
            ) from None
    return _api.with_job_body_tags(body, [*tags, tag])


def submit_job(body: Mapping[str, Any], *, timeout: httpx.Timeout | None = None) -> Flow[Submitted]:
    """POST the job once; returns the answer (its id, backend, ...) or the job found by its tag."""
    tag = new_client_tag()
    create = _api.create_job(tagged_body(body, tag), timeout=timeout)
    try:
        answer = yield from request(create)
        if not isinstance(answer.id, str) or not answer.id:
            raise UnexpectedResponseError(
                f"{create.method} {create.path} answered without a job id: {answer.id!r}",
                method=create.method,
                path=create.path,
            )
        return answer
    except (ServerError, APIConnectionError, UnexpectedResponseError) as exc:
        if isinstance(exc, APIConnectionError) and not exc.request_sent:
            raise  # the connection was never made: the service cannot have created the job
        return (yield from _reconcile(tag, exc, create.path))


def _reconcile(tag: str, cause: APIError, path: str) -> Flow[JobDetails]:
    """The job carrying `tag`, or JobSubmissionUncertainError when it cannot be found."""
    try:
        jobs = (yield from read_jobs_page(_api.list_jobs(tags=[tag], limit=1))).jobs
    except QiskitRuntimeError as exc:
        logger.warning("could not look up submission tag %s: %s", tag, exc)
        jobs = []
    if jobs:
        logger.info("job submission answer was lost; found job %s by tag %s", jobs[0].id, tag)
        return jobs[0]
    raise JobSubmissionUncertainError(
        f"job submission failed ({cause.message}) and it is not known whether the service "
        f"created the job. It carries the tag {tag!r}: check with "
        f"client.jobs.list(tags=[{tag!r}]) before submitting again.",
        client_tag=tag,
        path=path,
    ) from cause
