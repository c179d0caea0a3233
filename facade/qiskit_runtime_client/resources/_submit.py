"""Job submission that never duplicates a job: one POST, then reconcile by a client tag.

POST /jobs is not retried after the server may have seen it. Every submission carries a tag
`qrc-<random hex>`; when the answer is lost (5xx, timeout, broken connection, unreadable body,
closed client, any unexpected failure) one job listing filtered by that tag tells whether the
job exists (only a job carrying the tag counts), else JobSubmissionUncertainError.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from qiskit_runtime_client import _api
from qiskit_runtime_client._constants import CLIENT_TAG_PREFIX, MAX_TAGS, MAX_USER_TAGS
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client.errors import (
    APIError,
    APIStatusError,
    AuthenticationError,
    JobSubmissionUncertainError,
    QiskitRuntimeError,
    UnexpectedResponseError,
    submission_cancelled,
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


#: Jobs asked for when looking the tag up: a listing that ignores the filter shows others too.
RECONCILE_LIMIT = 20


def submit_job(body: Mapping[str, Any], *, timeout: httpx.Timeout | None = None) -> Flow[Submitted]:
    """POST the job once; returns the answer (its id, backend, ...) or the job found by its tag.

    Every failure after the request may have reached the service (a 5xx, a lost or unreadable
    answer, a redirect, the client closed meanwhile, any unexpected exception) leads to the tag
    look-up, and to JobSubmissionUncertainError naming the tag when that does not settle it.
    Only answers that say the service refused the job (4xx) and requests never sent are raised
    as they are. A cancelled asyncio task gets a cancellation that names the tag too.
    """
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
    except GeneratorExit:
        raise
    except Exception as exc:
        if _cannot_have_created(exc):
            raise
        return (yield from _reconcile(tag, exc, create.path))
    except BaseException as exc:
        raise _interrupted(tag, exc, create.path) from exc


def _cannot_have_created(exc: Exception) -> bool:
    """Whether the service cannot have created the job: the request never left (no connection,
    or the token exchange or instance lookup before it failed) or the service refused it (4xx)."""
    if isinstance(exc, QiskitRuntimeError) and exc.request_sent is False:
        return True
    if isinstance(exc, AuthenticationError):
        return True  # a 401, or the token exchange failed: refused or never sent
    return isinstance(exc, APIStatusError) and 400 <= exc.status_code < 500


def _interrupted(tag: str, exc: BaseException, path: str) -> BaseException:
    """A cancellation (asyncio) or interrupt during the submission, naming the tag."""
    note = (
        f"the job submission was interrupted: the service may have created the job. It carries "
        f"the tag {tag!r}: check with client.jobs.list(tags=[{tag!r}]) before submitting again."
    )
    logger.warning("%s", note)
    if _is_cancellation(exc):
        return submission_cancelled(note, client_tag=tag, path=path)
    exc.add_note(note)
    return exc


def _is_cancellation(exc: BaseException) -> bool:
    asyncio = sys.modules.get("asyncio")
    return asyncio is not None and isinstance(exc, asyncio.CancelledError)


def _uncertain(tag: str, cause: BaseException, path: str) -> JobSubmissionUncertainError:
    reason = cause.message if isinstance(cause, APIError) else f"{type(cause).__name__}: {cause}"
    return JobSubmissionUncertainError(
        f"job submission failed ({reason[:300]}) and it is not known whether the service "
        f"created the job. It carries the tag {tag!r}: check with "
        f"client.jobs.list(tags=[{tag!r}]) before submitting again.",
        client_tag=tag,
        path=path,
    )


def _reconcile(tag: str, cause: BaseException, path: str) -> Flow[JobDetails]:
    """The job carrying `tag`, or JobSubmissionUncertainError when it cannot be found.

    Only a listed job that carries the tag counts: a listing that ignores the filter must not
    hand someone else's job back.
    """
    try:
        listed = yield from read_jobs_page(_api.list_jobs(tags=[tag], limit=RECONCILE_LIMIT))
    except GeneratorExit:
        raise
    except Exception as exc:
        logger.warning("could not look up submission tag %s: %s", tag, exc)
        raise _uncertain(tag, cause, path) from cause
    except BaseException as exc:
        raise _interrupted(tag, exc, path) from cause
    ours = [job for job in listed.jobs if tag in job.tags]
    if ours:
        logger.info("job submission answer was lost; found job %s by tag %s", ours[0].id, tag)
        return ours[0]
    if listed.jobs:
        logger.warning(
            "looking up tag %s listed %d jobs, none carrying it (the filter was ignored)",
            tag,
            len(listed.jobs),
        )
    raise _uncertain(tag, cause, path) from cause
