"""Job and AsyncJob: handles on one job (status, wait, result, cancel, logs, ...).

Every operation is a flow on the shared `_JobCore`; the sync and async classes only run it.
`result()` decodes the /results text with the handle's `decode` function, json.loads by default,
which the primitives replace with their result decoder.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, request
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.errors import (
    ConflictError,
    JobNotCancellableError,
    NotFoundError,
    QiskitRuntimeError,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources._checks import check_seconds, check_tags
from qiskit_runtime_client.resources._details import JobDetails, JobMetrics, read_job, read_metrics
from qiskit_runtime_client.resources._parse import opt
from qiskit_runtime_client.resources._status import JobState, JobStatus, outcome_error
from qiskit_runtime_client.resources._waiting import bounded, make_backoff, wait_flow

__all__ = [
    "AsyncJob",
    "Job",
    "JobDetails",
    "JobMetrics",
    "JobState",
    "JobStatus",
    "decode_json",
    "decode_primitive_result",
    "submission_handle",
]

logger = logging.getLogger("qiskit_runtime_client.jobs")

if TYPE_CHECKING:
    from qiskit_runtime_client.resources._submit import Submitted

R = TypeVar("R", SyncRunner, AsyncRunner)
#: What result() returns: SamplerResult / EstimatorResult for primitive jobs, Any when unknown.
if TYPE_CHECKING:  # a default needs Python 3.13's TypeVar; only the type checker reads it
    from typing_extensions import TypeVar as _DefaultTypeVar

    T = _DefaultTypeVar("T", default=Any)
else:
    T = TypeVar("T")
Decode = Callable[[str], Any]


def decode_primitive_result(text: str) -> Any:
    """The default result decoder: a Sampler/Estimator PrimitiveResult (either format).

    For jobs of other programs set `job.decode = decode_json` to get the parsed JSON instead.
    """
    from qiskit_runtime_client.results import decode_result

    return decode_result(text)


def decode_json(text: str) -> Any:
    """The /results body as parsed JSON (UnexpectedResponseError if it is not JSON)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise UnexpectedResponseError(
            f"the job result is not valid JSON ({len(text)} characters): {text[:200]!r}",
            body=text[:2000],
        ) from None


class _JobCore(Generic[R, T]):
    """State and flows shared by Job and AsyncJob."""

    _runner: R

    def __init__(
        self,
        runner: R,
        job_id: str,
        details: JobDetails | None = None,
        *,
        decode: Callable[[str], T] | None = None,
        session_id: str | None = None,
    ) -> None:
        if not isinstance(job_id, str):
            raise TypeError(f"job_id must be a string, got {type(job_id).__name__}")
        self._runner = runner
        self._id = job_id
        self._details = details
        #: Turns the /results text into the value result() returns; replaceable per handle.
        self.decode: Callable[[str], T] = decode or decode_primitive_result
        self._session_hint = session_id
        self._result_text: str | None = None
        self._result: T | None = None
        self._has_result = False

    @property
    def id(self) -> str:
        """The job id."""
        return self._id

    @property
    def last_details(self) -> JobDetails | None:
        """The details from the last answer about this job (no request); None if none yet."""
        return self._details

    @property
    def session_id(self) -> str | None:
        """The session the job runs in, when known."""
        return (self._details.session_id if self._details else None) or self._session_hint

    def __repr__(self) -> str:
        if self._details is None:  # e.g. right after submission: the answer holds no status
            return f"{type(self).__name__}(id={self._id!r}, status not fetched yet)"
        return f"{type(self).__name__}(id={self._id!r}, status={self._details.status.value!r})"

    def _final_status(self) -> JobStatus | None:
        """The status last seen if it is final (a final status never changes), else None."""
        if self._details is not None and self._details.status.is_final:
            return self._details.status
        return None

    def _fetch(
        self, *, exclude_params: bool = True, deadline: float | None = None
    ) -> Flow[JobDetails]:
        call = _api.get_job(self._id, include_params=not exclude_params)
        if deadline is not None:
            call = attrs.evolve(call, deadline=deadline)
        self._details = yield from read_job(call)
        return self._details

    def _wait(
        self,
        timeout: float | None,
        poll_interval: float | None,
        max_poll_interval: float | None,
        on_change: Callable[[JobDetails], None] | None,
        deadline: float | None = None,
    ) -> Flow[JobDetails]:
        timeout = check_seconds(timeout, "timeout")
        backoff = make_backoff(poll_interval, max_poll_interval)
        if self._details is not None and self._details.status.is_final:
            return self._details

        def log_change(details: JobDetails) -> None:
            state = details.state
            reason = f" ({state.reason})" if state.reason else ""
            logger.info("job %s: %s%s", self._id, details.status.value, reason)
            if on_change is not None:
                on_change(details)

        return (
            yield from wait_flow(
                self._id,
                lambda until: self._fetch(deadline=until),
                now=self._runner.clock.monotonic,
                timeout=timeout,
                backoff=backoff,
                on_change=log_change,
                rand=random.random,
                deadline=deadline,
            )
        )

    def _result_flow(self, timeout: float | None) -> Flow[T]:
        if self._has_result:
            return self._result  # type: ignore[return-value]  # set with _has_result
        if self._result_text is None:
            # One wall-clock deadline for the wait and the download together.
            timeout = check_seconds(timeout, "timeout")
            now = self._runner.clock.monotonic
            deadline = None if timeout is None else now() + timeout
            details = yield from self._wait(timeout, None, None, None, deadline)
            error = outcome_error(self._id, details.state)
            if error is not None:
                raise error
            results = attrs.evolve(_api.job_results(self._id), deadline=deadline)
            text = yield from bounded(
                request(results),
                job_id=self._id,
                now=now,
                deadline=deadline,
                timeout=timeout,
                last_status=details.status.value,
            )
            if text is None:
                raise UnexpectedResponseError(
                    f"job {self._id} is {details.status.value} but the service has no result "
                    "for it (HTTP 204)",
                    method=results.method,
                    path=results.path,
                )
            self._result_text = text
        result = self.decode(self._result_text)
        self._result = result
        self._has_result = True
        return result

    def _cancel(self) -> Flow[None]:
        try:
            yield from request(_api.cancel_job(self._id))
        except ConflictError as exc:
            status: str | None = None
            with contextlib.suppress(QiskitRuntimeError):
                status = (yield from self._fetch()).status.value
            where = f"it is {status}" if status else "the service says it is not cancellable"
            raise JobNotCancellableError(
                f"job {self._id} cannot be cancelled: {where} ({exc.message})",
                job_id=self._id,
                job_status=status,
                source=exc,
            ) from exc

    def _delete(self) -> Flow[None]:
        try:
            yield from request(_api.delete_job(self._id))
        except NotFoundError:
            # Already gone: typically our own DELETE, retried after its answer was lost.
            logger.debug("job %s was already deleted (404)", self._id)

    def _logs(self) -> Flow[str]:
        text = yield from request(_api.job_logs(self._id))
        return text or ""

    def _metrics(self) -> Flow[JobMetrics]:
        return (yield from read_metrics(_api.job_metrics(self._id)))

    def _update_tags(self, tags: Any) -> Flow[None]:
        values = check_tags(tags)
        yield from request(_api.replace_job_tags(self._id, values))


class Job(_JobCore[SyncRunner, T]):
    """A handle on one job (blocking). Cheap to create; each method asks the service (status()
    not once it has seen a final one).

    Generic in what `result()` returns: `Job[SamplerResult]` from a sampler's `run()`,
    `Job[EstimatorResult]` from an estimator's, plain `Job` (result `Any`) from `jobs.get(id)`.
    """

    def status(self) -> JobStatus:
        """The job's current status, asked from the service; once a final status (Completed,
        Failed, Cancelled) has been seen it is returned with no request, as it cannot change
        (refresh() asks again)."""
        final = self._final_status()
        return final if final is not None else self._runner.run(self._fetch()).status

    def details(self, *, include_params: bool = False) -> JobDetails:
        """The job document from the service (its params only if include_params)."""
        return self._runner.run(self._fetch(exclude_params=not include_params))

    def refresh(self) -> JobDetails:
        """Fetch the job's details again (same as details())."""
        return self.details()

    def wait(
        self,
        timeout: float | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        callback: Callable[[Job[T], JobStatus], Any] | None = None,
    ) -> JobStatus:
        """Wait until the job ends and return its final status (polling with backoff).

        Raises JobTimeoutError after `timeout` seconds (the job is not cancelled). Does not raise
        for failed or cancelled jobs: result() does. `callback(job, status)` sees each change.
        """
        on_change = None if callback is None else (lambda d: callback(self, d.status))
        flow = self._wait(timeout, poll_interval, max_poll_interval, on_change)
        return self._runner.run(flow).status

    def result(self, timeout: float | None = None) -> T:
        """Wait, then download the result once (cached) and decode it.

        Raises JobFailedError, JobMaxExecutionTimeError or JobCancelledError for jobs that did
        not complete, JobTimeoutError if `timeout` passes first.
        """
        return self._runner.run(self._result_flow(timeout))

    def cancel(self) -> None:
        """Ask the service to cancel the job; JobNotCancellableError if it has already ended."""
        self._runner.run(self._cancel())

    def delete(self) -> None:
        """Delete the job (it must have ended); a job already gone counts as deleted."""
        self._runner.run(self._delete())

    def logs(self) -> str:
        """The job's logs as text."""
        return self._runner.run(self._logs())

    def metrics(self) -> JobMetrics:
        """Timing, queue position and usage of the job."""
        return self._runner.run(self._metrics())

    def update_tags(self, tags: list[str]) -> None:
        """Replace the job's tags (1 to 8 tags of 1 to 86 characters)."""
        self._runner.run(self._update_tags(tags))


class AsyncJob(_JobCore[AsyncRunner, T]):
    """A handle on one job (asyncio): the methods of Job, awaitable (generic like Job)."""

    async def status(self) -> JobStatus:
        """The job's current status, asked from the service; once a final status (Completed,
        Failed, Cancelled) has been seen it is returned with no request, as it cannot change
        (refresh() asks again)."""
        final = self._final_status()
        return final if final is not None else (await self._runner.run(self._fetch())).status

    async def details(self, *, include_params: bool = False) -> JobDetails:
        """The job document from the service (its params only if include_params)."""
        return await self._runner.run(self._fetch(exclude_params=not include_params))

    async def refresh(self) -> JobDetails:
        """Fetch the job's details again (same as details())."""
        return await self.details()

    async def wait(
        self,
        timeout: float | None = None,
        poll_interval: float | None = None,
        max_poll_interval: float | None = None,
        callback: Callable[[AsyncJob[T], JobStatus], Any] | None = None,
    ) -> JobStatus:
        """Wait until the job ends and return its final status (see Job.wait).

        `callback` may be a plain function or an `async def`: a coroutine it returns runs as a
        task at once (in the order of the changes) and is awaited before wait() returns.
        """
        import asyncio  # imported on first use: sync-only programs never load asyncio

        started: list[asyncio.Future[Any]] = []

        def on_change(details: JobDetails) -> None:
            assert callback is not None
            outcome = callback(self, details.status)
            if inspect.isawaitable(outcome):
                started.append(asyncio.ensure_future(outcome))

        flow = self._wait(
            timeout, poll_interval, max_poll_interval, None if callback is None else on_change
        )
        try:
            final = await self._runner.run(flow)
        except BaseException:
            if started:
                await asyncio.gather(*started, return_exceptions=True)
            raise
        if started:
            await asyncio.gather(*started)
        return final.status

    async def result(self, timeout: float | None = None) -> T:
        """Wait, then download the result once (cached) and decode it (see Job.result)."""
        return await self._runner.run(self._result_flow(timeout))

    async def cancel(self) -> None:
        """Ask the service to cancel the job; JobNotCancellableError if it has already ended."""
        await self._runner.run(self._cancel())

    async def delete(self) -> None:
        """Delete the job (it must have ended); a job already gone counts as deleted."""
        await self._runner.run(self._delete())

    async def logs(self) -> str:
        """The job's logs as text."""
        return await self._runner.run(self._logs())

    async def metrics(self) -> JobMetrics:
        """Timing, queue position and usage of the job."""
        return await self._runner.run(self._metrics())

    async def update_tags(self, tags: list[str]) -> None:
        """Replace the job's tags (1 to 8 tags of 1 to 86 characters)."""
        await self._runner.run(self._update_tags(tags))


J = TypeVar("J", Job, AsyncJob)


def submission_handle(
    cls: type[J],
    runner: Any,
    answer: Submitted,
    body: Mapping[str, Any],
    *,
    decode: Decode | None,
    session_id: str | None = None,
) -> J:
    """The handle for a submitted job, from the POST answer (or the job found by its tag).

    Its session is `session_id` if given, else the one the answer or the job body names.
    """
    if isinstance(answer, JobDetails):
        details: JobDetails | None = answer
        session_id = session_id or answer.session_id
        backend = answer.backend
    else:
        details = None
        session_id = session_id or opt(answer.session_id)
        backend = answer.backend
    session_id = session_id or _api.job_body_session(body)
    logger.info(
        "submitted job %s to %s%s",
        answer.id,
        backend or "the service",
        f" in session {session_id}" if session_id else "",
    )
    return cls(
        runner,
        answer.id,
        details,
        decode=decode,
        session_id=session_id,
    )
