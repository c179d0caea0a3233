"""wait_all: wait for many jobs with one or two listing requests per round, not one per job.

Each round asks GET /jobs?pending=false for the jobs that ended since the oldest job still
waited on (created_after) or within their shared session (session_id), oldest first, up to two
pages of 200. Only jobs with no known creation time and no shared session get a GET of their
own, once, to learn it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, NamedTuple, TypeVar

from qiskit_runtime_client._effects import Call, Flow, Sleep, call
from qiskit_runtime_client.resources._checks import MAX_PAGE_SIZE, check_choice, check_seconds
from qiskit_runtime_client.resources._details import JobDetails, parse_jobs_page
from qiskit_runtime_client.resources._parse import format_time
from qiskit_runtime_client.resources._waiting import Backoff
from qiskit_runtime_client.resources.job import AsyncJob, Job, _JobCore

J = TypeVar("J", Job, AsyncJob)

#: Listing pages asked per round at most.
MAX_PAGES_PER_ROUND = 2
#: Margin before a creation time the service reported (timestamp precision).
SERVER_TIME_MARGIN = timedelta(seconds=1)
#: Margin before a local submission time (this machine's clock may be off).
LOCAL_TIME_MARGIN = timedelta(minutes=5)


class WaitAllResult(NamedTuple, Generic[J]):
    """The jobs that ended and those still running, each in the order given."""

    done: list[J]
    pending: list[J]


def _window_start(job: _JobCore[Any]) -> datetime | None:
    details = job.last_details
    if details is not None and details.created is not None:
        return details.created - SERVER_TIME_MARGIN
    if job.submitted_at is not None:
        return job.submitted_at - LOCAL_TIME_MARGIN
    return None


def wait_all_flow(
    jobs: Sequence[_JobCore[Any]],
    *,
    now: Callable[[], float],
    timeout: float | None,
    return_when: str,
    backoff: Backoff,
    rand: Callable[[], float] = random.random,
) -> Flow[set[str]]:
    """Wait until all (or the first of) `jobs` end or `timeout` passes; returns the ended ids.

    The handles' last_details are updated with what the listing says.
    """
    timeout = check_seconds(timeout, "timeout")
    check_choice(return_when, "return_when", ("all", "first"))
    deadline = None if timeout is None else now() + timeout
    by_id: dict[str, list[_JobCore[Any]]] = {}
    for job in jobs:
        by_id.setdefault(job.id, []).append(job)
    done: set[str] = set()

    def settle(details: JobDetails) -> None:
        for job in by_id[details.id]:
            job._details = details
        if details.status.is_final:
            done.add(details.id)

    def pending() -> list[str]:
        return [job_id for job_id in by_id if job_id not in done]

    def finished() -> bool:
        return not pending() or (return_when == "first" and bool(done))

    for handles in by_id.values():
        details = handles[0].last_details
        if details is not None and details.status.is_final:
            settle(details)
    session = _shared_session([by_id[i][0] for i in pending()])
    if session is None:
        for job_id in pending():
            if _window_start(by_id[job_id][0]) is None and not finished():
                settle((yield from by_id[job_id][0]._fetch()))
    attempt = 0
    while not finished():
        yield from _listing_round(pending(), by_id, session, settle)
        if finished():
            break
        delay = backoff.delay(attempt, rand)
        attempt += 1
        if deadline is not None:
            remaining = deadline - now()
            if remaining <= 0:
                break
            delay = min(delay, remaining)
        yield Sleep(delay)
    return done


def _shared_session(jobs: Sequence[_JobCore[Any]]) -> str | None:
    sessions = {job.session_id for job in jobs}
    if len(sessions) == 1:
        return sessions.pop()
    return None


def _listing_round(
    waiting: list[str],
    by_id: dict[str, list[_JobCore[Any]]],
    session: str | None,
    settle: Callable[[JobDetails], None],
) -> Flow[None]:
    """One round: up to two pages of jobs that ended, matched against the ids waited on."""
    params: dict[str, Any] = {
        "pending": False,
        "exclude_params": True,
        "limit": MAX_PAGE_SIZE,
        "session_id": session,
        "sort": "DESC",  # without a time window, the newest jobs are the likely ones
    }
    starts = [_window_start(by_id[job_id][0]) for job_id in waiting]
    if starts and all(start is not None for start in starts):
        params["created_after"] = format_time(min(s for s in starts if s is not None))
        params["sort"] = "ASC"  # the oldest job waited on comes first, so the window moves on
    wanted = set(waiting)
    for page in range(MAX_PAGES_PER_ROUND):
        data = yield from call(
            Call("GET", "/jobs", params={**params, "offset": page * MAX_PAGE_SIZE})
        )
        listed = parse_jobs_page(data)
        for details in listed.jobs:
            if details.id in wanted and details.status.is_final:
                settle(details)
                wanted.discard(details.id)
        if not wanted or listed.received < MAX_PAGE_SIZE:
            return
