"""client.jobs: list (lazy pager), get, wait_all and submission, for sync and async clients."""

from __future__ import annotations

import builtins
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client._setup import submit_timeout
from qiskit_runtime_client.resources._details import JobDetails, read_job
from qiskit_runtime_client.resources._paging import (
    AsyncJobPager,
    JobPage,
    JobPager,
    build_query,
)
from qiskit_runtime_client.resources._submit import Submitted, submit_job
from qiskit_runtime_client.resources._wait_all import WaitAllResult, wait_all_flow
from qiskit_runtime_client.resources._waiting import Backoff
from qiskit_runtime_client.resources.job import AsyncJob, Decode, Job, _JobCore, submission_handle

__all__ = ["AsyncJobPager", "AsyncJobs", "JobPage", "JobPager", "Jobs", "WaitAllResult"]

logger = logging.getLogger("qiskit_runtime_client.jobs")

R = TypeVar("R", SyncRunner, AsyncRunner)
J = TypeVar("J", Job, AsyncJob)


def get_job(job_id: str, *, include_params: bool = False) -> Flow[JobDetails]:
    """GET the job document as JobDetails."""
    return (yield from read_job(_api.get_job(job_id, include_params=include_params)))


def _check_handles(jobs: Iterable[Any], cls: type[J], runner: Any) -> builtins.list[J]:
    handles = builtins.list(jobs)
    for job in handles:
        if not isinstance(job, cls):
            raise TypeError(f"jobs must hold {cls.__name__} handles, got {type(job).__name__}")
        if job._runner is not runner:
            raise ValueError(f"job {job.id} belongs to another client; wait on it with that one")
    return handles


def _split(handles: builtins.list[J], done: set[str]) -> WaitAllResult[J]:
    return WaitAllResult(
        [job for job in handles if job.id in done], [job for job in handles if job.id not in done]
    )


class _JobsBase(Generic[R]):
    _runner: R

    def __init__(self, runner: R) -> None:
        self._runner = runner

    def submit_job(self, body: Mapping[str, Any]) -> Flow[Submitted]:
        """The submission flow for a job body (POST /jobs with the longer submission timeout).

        Adds a client tag to the body's tags and, if the answer is lost, finds the job by it
        or raises JobSubmissionUncertainError. Run it with the client's runner.
        """
        return submit_job(
            body,
            timeout=submit_timeout(
                self._runner.settings.timeout, given=self._runner.settings.timeout_given
            ),
        )

    def _wait_all(
        self, handles: Sequence[_JobCore[Any]], timeout: float | None, return_when: str
    ) -> Flow[set[str]]:
        return wait_all_flow(
            handles,
            now=self._runner.clock.monotonic,
            timeout=timeout,
            return_when=return_when,
            backoff=Backoff(),
        )


class Jobs(_JobsBase[SyncRunner]):
    """Jobs of the instance (blocking)."""

    def list(
        self,
        *,
        pending: bool | None = None,
        program: str | None = None,
        backend: str | None = None,
        created_after: datetime | str | None = None,
        created_before: datetime | str | None = None,
        sort: str | None = None,
        tags: Sequence[str] | None = None,
        session_id: str | None = None,
        exclude_params: bool = True,
        page_size: int = 200,
        limit: int | None = None,
    ) -> JobPager:
        """A lazy listing of jobs, newest first unless sort='ASC'; `limit` caps the total.

        Filters are checked now; requests are sent while iterating. Naive datetimes are local time.
        """
        query = build_query(
            pending=pending,
            program=program,
            backend=backend,
            created_after=created_after,
            created_before=created_before,
            sort=sort,
            tags=tags,
            session_id=session_id,
            exclude_params=exclude_params,
            page_size=page_size,
            limit=limit,
        )
        return JobPager(self._runner, query)

    def get(self, job_id: str, *, include_params: bool = False) -> Job:
        """A handle on one job, with its current details."""
        details = self._runner.run(get_job(job_id, include_params=include_params))
        return Job(self._runner, details.id, details)

    def wait_all(
        self, jobs: Iterable[Job], timeout: float | None = None, return_when: str = "all"
    ) -> WaitAllResult[Job]:
        """Wait until all jobs (or the first, return_when='first') end, or `timeout` passes.

        Returns (done, pending); it does not raise on timeout and never cancels jobs.
        """
        handles = _check_handles(jobs, Job, self._runner)
        done = self._runner.run(self._wait_all(handles, timeout, return_when))
        return _split(handles, done)

    def submit(self, body: Mapping[str, Any], *, decode: Decode | None = None) -> Job:
        """Submit a job body (POST /jobs, never sent twice) and return its handle."""
        answer = self._runner.run(self.submit_job(body))
        return submission_handle(Job, self._runner, answer, body, decode=decode)


class AsyncJobs(_JobsBase[AsyncRunner]):
    """Jobs of the instance (asyncio): the methods of Jobs, awaitable; list() is an async pager."""

    def list(
        self,
        *,
        pending: bool | None = None,
        program: str | None = None,
        backend: str | None = None,
        created_after: datetime | str | None = None,
        created_before: datetime | str | None = None,
        sort: str | None = None,
        tags: Sequence[str] | None = None,
        session_id: str | None = None,
        exclude_params: bool = True,
        page_size: int = 200,
        limit: int | None = None,
    ) -> AsyncJobPager:
        """A lazy listing of jobs for `async for` (see Jobs.list)."""
        query = build_query(
            pending=pending,
            program=program,
            backend=backend,
            created_after=created_after,
            created_before=created_before,
            sort=sort,
            tags=tags,
            session_id=session_id,
            exclude_params=exclude_params,
            page_size=page_size,
            limit=limit,
        )
        return AsyncJobPager(self._runner, query)

    async def get(self, job_id: str, *, include_params: bool = False) -> AsyncJob:
        """A handle on one job, with its current details."""
        details = await self._runner.run(get_job(job_id, include_params=include_params))
        return AsyncJob(self._runner, details.id, details)

    async def wait_all(
        self, jobs: Iterable[AsyncJob], timeout: float | None = None, return_when: str = "all"
    ) -> WaitAllResult[AsyncJob]:
        """Wait until all jobs (or the first) end, or `timeout` passes (see Jobs.wait_all)."""
        handles = _check_handles(jobs, AsyncJob, self._runner)
        done = await self._runner.run(self._wait_all(handles, timeout, return_when))
        return _split(handles, done)

    async def submit(self, body: Mapping[str, Any], *, decode: Decode | None = None) -> AsyncJob:
        """Submit a job body (POST /jobs, never sent twice) and return its handle."""
        answer = await self._runner.run(self.submit_job(body))
        return submission_handle(AsyncJob, self._runner, answer, body, decode=decode)
