"""wait_all: wait for many jobs with one or two listing requests per round, not one per job.

Each round lists the jobs that ended (pending=false) since the oldest job still
waited on (created_after, from the service's own timestamps, so this machine's clock does not
matter), oldest first, within their session when they share one. A job behind hundreds of other
finished jobs must still be seen: after the first page, the round goes on paging only while
that costs fewer requests than asking each job still missing directly (by the listing's
`count`); otherwise, and past MAX_PAGES_PER_ROUND pages, the missing jobs are asked for one by
one. A round thus costs at most min(pages of the window, 1 + jobs missing) requests.
Handles that lack a creation time (fresh submissions) learn it first from one listing of the
newest jobs; only a job missing from that too gets a GET of its own.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, Sleep
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIStatusError,
    DeadlineExceededError,
)
from qiskit_runtime_client.resources._checks import MAX_PAGE_SIZE, check_choice, check_seconds
from qiskit_runtime_client.resources._details import JobDetails, read_jobs_page
from qiskit_runtime_client.resources._waiting import LAST_POLL_GRACE, Backoff
from qiskit_runtime_client.resources.job import AsyncJob, Job, _JobCore

J = TypeVar("J", Job, AsyncJob)

#: Listing pages asked per round at most (5,000 jobs); then the missing jobs are fetched singly.
MAX_PAGES_PER_ROUND = 25
#: Pages of the discovery listing (newest jobs, any status); jobs not in them are fetched singly.
DISCOVERY_PAGES = 2
#: Margin before a creation time the service reported (timestamp precision).
TIME_MARGIN = timedelta(seconds=1)


class WaitAllResult(NamedTuple, Generic[J]):
    """The jobs that ended and those still running, each in the order given."""

    done: list[J]
    pending: list[J]


def _window_start(job: _JobCore[Any]) -> datetime | None:
    details = job.last_details
    if details is not None and details.created is not None:
        return details.created - TIME_MARGIN
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

    `timeout` is a wall-clock deadline across listings, retries and slow bodies: a request that
    fails once it has passed ends the wait like the timeout does. The handles' last_details are
    updated with what the listing says.
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
    # Each request ends by the deadline (the last one, made at it, gets LAST_POLL_GRACE more).
    until = None if deadline is None else deadline + LAST_POLL_GRACE

    def rounds() -> Flow[None]:
        unknown = [i for i in pending() if _window_start(by_id[i][0]) is None]
        if unknown:
            yield from _listing_round(unknown, by_id, session, settle, pending=None, until=until)
            for job_id in unknown:
                if job_id not in done and _window_start(by_id[job_id][0]) is None:
                    settle((yield from by_id[job_id][0]._fetch(deadline=until)))
        attempt = 0
        while not finished():
            yield from _listing_round(pending(), by_id, session, settle, pending=False, until=until)
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

    try:
        yield from rounds()
    except (APIConnectionError, APIStatusError) as exc:
        late = isinstance(exc, DeadlineExceededError) or (
            deadline is not None and now() >= deadline
        )
        if deadline is None or not late:
            raise
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
    *,
    pending: bool | None,
    until: float | None = None,
) -> Flow[None]:
    """One round: listing pages matched against the ids waited on (see the module docstring).

    With pending=False and every creation time known, it lists the jobs that ended since the
    oldest one, oldest first; otherwise (discovery) the newest jobs, whatever their status,
    up to DISCOVERY_PAGES pages.
    """
    created_after: datetime | None = None
    sort = "DESC"
    starts = [_window_start(by_id[job_id][0]) for job_id in waiting]
    if pending is False and all(start is not None for start in starts):
        created_after = min(s for s in starts if s is not None)
        sort = "ASC"  # the oldest job waited on comes first, so the window moves on
    wanted = set(waiting)
    seen: set[str] = set()
    for page in range(MAX_PAGES_PER_ROUND if pending is False else DISCOVERY_PAGES):
        call = _api.list_jobs(
            limit=MAX_PAGE_SIZE,
            offset=page * MAX_PAGE_SIZE,
            pending=pending,
            session_id=session,
            sort=sort,
            created_after=created_after,
        )
        listed = yield from read_jobs_page(attrs.evolve(call, deadline=until))
        fresh = [details for details in listed.jobs if details.id not in seen]
        seen.update(details.id for details in fresh)
        for details in fresh:
            if details.id in wanted:
                settle(details)
                wanted.discard(details.id)
        if not wanted or listed.received < MAX_PAGE_SIZE or not fresh:
            return  # all found, the listing ended, or it repeats itself
        if pending is False and listed.count is not None:
            pages_left = -(-(listed.count - (page + 1) * MAX_PAGE_SIZE) // MAX_PAGE_SIZE)
            if pages_left <= 0:
                return  # the server's total is reached
            if len(wanted) < pages_left:
                break  # cheaper to ask the missing jobs directly
    if pending is False:
        for job_id in sorted(wanted):  # a listing too long to page through: ask each job
            settle((yield from by_id[job_id][0]._fetch(deadline=until)))
