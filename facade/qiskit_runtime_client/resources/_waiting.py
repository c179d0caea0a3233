"""Waiting for one job: capped exponential backoff with jitter, a deadline on the monotonic clock.

Written once as a flow; Job and AsyncJob pass in how to fetch the job, the clock and a callback.
The deadline is wall-clock and covers everything: each poll carries it (so no attempt, retry or
slow body outlives it) and a poll that fails once it has passed is a JobTimeoutError.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

import attrs

from qiskit_runtime_client._effects import Flow, Sleep, T
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIStatusError,
    DeadlineExceededError,
    JobTimeoutError,
)
from qiskit_runtime_client.resources._checks import check_seconds
from qiskit_runtime_client.resources._details import JobDetails

logger = logging.getLogger("qiskit_runtime_client.jobs")

DEFAULT_POLL_INTERVAL = 0.5
DEFAULT_MAX_POLL_INTERVAL = 10.0
BACKOFF_FACTOR = 1.5
#: Each delay is scaled by a random factor in [1 - JITTER, 1 + JITTER] (then capped).
JITTER = 0.25
#: A poll may run this long past the deadline: the last status request, made at the deadline,
#: still gets a short budget, so a job that ended just in time is reported, not timed out.
LAST_POLL_GRACE = 1.0


@attrs.frozen
class Backoff:
    """Delays between polls: initial * factor**n, jittered, never above maximum."""

    initial: float = DEFAULT_POLL_INTERVAL
    maximum: float = DEFAULT_MAX_POLL_INTERVAL
    factor: float = BACKOFF_FACTOR

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The delay before poll number attempt + 1 (attempt counts from 0)."""
        base = min(self.maximum, self.initial * self.factor ** min(attempt, 64))
        return min(self.maximum, base * (1.0 - JITTER + 2.0 * JITTER * rand()))


def make_backoff(poll_interval: float | None, max_poll_interval: float | None) -> Backoff:
    """A Backoff from the user's wait() arguments, checked before any request."""
    initial = check_seconds(poll_interval, "poll_interval") or DEFAULT_POLL_INTERVAL
    maximum = check_seconds(max_poll_interval, "max_poll_interval")
    if maximum is None:
        maximum = max(initial, DEFAULT_MAX_POLL_INTERVAL)
    if maximum < initial:
        raise ValueError(f"max_poll_interval ({maximum}) must be >= poll_interval ({initial})")
    return Backoff(initial=initial, maximum=maximum)


def timed_out(job_id: str, timeout: float | None, last_status: str | None) -> JobTimeoutError:
    """The error for a wait whose deadline passed (the job goes on)."""
    return JobTimeoutError(
        f"job {job_id} was still {last_status or 'of unknown status'} after waiting "
        f"{timeout or 0:g} s (it was not cancelled)",
        job_id=job_id,
        last_status=last_status,
    )


def bounded(
    step: Flow[T],
    *,
    job_id: str,
    now: Callable[[], float],
    deadline: float | None,
    timeout: float | None,
    last_status: str | None,
) -> Flow[T]:
    """Run one request flow; a transport or server failure after the deadline is a timeout."""
    try:
        return (yield from step)
    except (APIConnectionError, APIStatusError) as exc:
        late = isinstance(exc, DeadlineExceededError) or (
            deadline is not None and now() >= deadline - 1e-9
        )
        if late:
            raise timed_out(job_id, timeout, last_status) from exc
        raise


def wait_flow(
    job_id: str,
    fetch: Callable[[float | None], Flow[JobDetails]],
    *,
    now: Callable[[], float],
    timeout: float | None,
    backoff: Backoff,
    on_change: Callable[[JobDetails], None] | None = None,
    rand: Callable[[], float] = random.random,
    deadline: float | None = None,
) -> Flow[JobDetails]:
    """Poll until the job's status is final; JobTimeoutError once `timeout` seconds have passed.

    The first poll is immediate; `fetch(deadline)` makes one poll that ends by the deadline.
    `on_change` sees each new status. An unknown status that is not final is logged and waited
    on. The job is never cancelled here. `deadline` (clock seconds) replaces `timeout` when given.
    """
    if deadline is None and timeout is not None:
        deadline = now() + timeout
    last_status: str | None = None
    attempt = 0
    while True:
        details = yield from bounded(
            fetch(None if deadline is None else deadline + LAST_POLL_GRACE),
            job_id=job_id,
            now=now,
            deadline=deadline,
            timeout=timeout,
            last_status=last_status,
        )
        status = details.status
        if status != last_status:
            if not status.is_known and not status.is_final:
                logger.warning(
                    "job %s has status %r, which this client does not know; still waiting",
                    job_id,
                    status.value,
                )
            last_status = status.value
            if on_change is not None:
                on_change(details)
        if status.is_final:
            return details
        delay = backoff.delay(attempt, rand)
        attempt += 1
        if deadline is not None:
            remaining = deadline - now()
            if remaining <= 0:
                raise timed_out(job_id, timeout, status.value)
            delay = min(delay, remaining)
        yield Sleep(delay)
