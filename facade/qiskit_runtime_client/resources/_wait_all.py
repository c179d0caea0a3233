"""wait_all: wait for many jobs with a few listing requests per round, not one per job.

Each round reads at most PAGES_PER_ROUND pages of the jobs that ended (pending=false), oldest
first, created since the oldest job still waited on (created_after, from the service's own
timestamps, so this machine's clock does not matter), within their session when they share one.
A window longer than that is read across rounds: a cursor (the window's start, fixed for one
pass, and an offset) goes on where the last round stopped, and a new pass starts, from the
oldest job then waited on, when the listing ends. Jobs only ever enter the finished listing, so
a fixed start and a forward offset never skip a job that had ended when the pass began (an
insertion before the cursor moves the rest back by one: a job is read twice, never missed), and
a job that ends during a pass is seen by the next one. A round thus costs at most
PAGES_PER_ROUND requests however many jobs are waited on; the price is that with thousands of
finished jobs in the window a completion can take several rounds to be seen.
Handles that lack a creation time (fresh submissions) learn it first from the listing of the
newest jobs, paged while pages bring jobs looked for (then DISCOVERY_SLACK more); only a job
missing from that too gets a GET of its own. When only a few jobs are left (at most
PAGES_PER_ROUND) in a window too long for one round, they are asked for one by one instead.
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

#: Listing pages asked per round at most (800 jobs); a longer window is read across rounds.
PAGES_PER_ROUND = 4
#: The discovery listing (newest jobs, any status) stops after this many pages in a row with
#: none of the jobs looked for; jobs not in it are fetched singly.
DISCOVERY_SLACK = 1
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
            yield from _discovery(unknown, by_id, session, settle, until=until)
            for job_id in unknown:
                if job_id not in done and _window_start(by_id[job_id][0]) is None:
                    settle((yield from by_id[job_id][0]._fetch(deadline=until)))
        attempt = 0
        cursor = _Cursor()
        while not finished():
            yield from _window_round(pending(), by_id, session, settle, cursor, until=until)
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


@attrs.define
class _Cursor:
    """Where the reading of the finished-jobs window stands: its start for this pass, an offset."""

    start: datetime | None = None
    offset: int = 0
    #: Ids read in this pass (a page that brings nothing new ends the pass).
    seen: set[str] = attrs.field(factory=set)
    #: The window's length the last time the service said it (`count`).
    count: int | None = None


def _window_round(
    waiting: list[str],
    by_id: dict[str, list[_JobCore[Any]]],
    session: str | None,
    settle: Callable[[JobDetails], None],
    cursor: _Cursor,
    *,
    until: float | None = None,
) -> Flow[None]:
    """One round: up to PAGES_PER_ROUND pages of the finished window (see the module docstring).

    When the jobs left are at most PAGES_PER_ROUND and a pass over the window would take more
    rounds than that, each of them is asked for instead (the bounded fallback: the last few
    jobs among thousands of finished ones are not left waiting for whole passes).
    """
    pass_pages = None if cursor.count is None else -(-cursor.count // MAX_PAGE_SIZE)
    if len(waiting) <= PAGES_PER_ROUND and (pass_pages or 0) > PAGES_PER_ROUND:
        for job_id in waiting:
            settle((yield from by_id[job_id][0]._fetch(deadline=until)))
        return
    if cursor.start is None:
        starts = [_window_start(by_id[job_id][0]) for job_id in waiting]
        cursor.start = min(s for s in starts if s is not None)
        cursor.offset, cursor.seen = 0, set()
    wanted = set(waiting)
    for _ in range(PAGES_PER_ROUND):
        call = _api.list_jobs(
            limit=MAX_PAGE_SIZE,
            offset=cursor.offset,
            pending=False,
            session_id=session,
            sort="ASC",  # the oldest job waited on comes first, so the window moves on
            created_after=cursor.start,
        )
        listed = yield from read_jobs_page(attrs.evolve(call, deadline=until))
        fresh = [details for details in listed.jobs if details.id not in cursor.seen]
        cursor.seen.update(details.id for details in fresh)
        cursor.offset += MAX_PAGE_SIZE
        if listed.count is not None:
            cursor.count = listed.count
        for details in fresh:
            if details.id in wanted:
                settle(details)
                wanted.discard(details.id)
        ended = (
            listed.received < MAX_PAGE_SIZE
            or not fresh
            or (listed.count is not None and cursor.offset >= listed.count)
        )
        if ended or not wanted:
            # The next round starts a new pass from the oldest job left.
            cursor.start, cursor.offset = None, 0
            return


def _discovery(
    unknown: list[str],
    by_id: dict[str, list[_JobCore[Any]]],
    session: str | None,
    settle: Callable[[JobDetails], None],
    *,
    until: float | None = None,
) -> Flow[None]:
    """The newest jobs, any status, until every job in `unknown` is seen or the bound is hit."""
    wanted = set(unknown)
    seen: set[str] = set()
    barren = 0  # pages in a row without a job looked for
    page = 0
    while barren < DISCOVERY_SLACK:
        call = _api.list_jobs(
            limit=MAX_PAGE_SIZE,
            offset=page * MAX_PAGE_SIZE,
            session_id=session,
            sort="DESC",
        )
        listed = yield from read_jobs_page(attrs.evolve(call, deadline=until))
        page += 1
        fresh = [details for details in listed.jobs if details.id not in seen]
        seen.update(details.id for details in fresh)
        found = [details for details in fresh if details.id in wanted]
        for details in found:
            settle(details)
            wanted.discard(details.id)
        barren = 0 if found else barren + 1
        if not wanted or listed.received < MAX_PAGE_SIZE or not fresh:
            return  # all found, the listing ended, or it repeats itself
