"""Waiting for one job: polls spaced in proportion to the time spent, a deadline on the clock.

The interval between polls is a fraction (ELAPSED_FRACTION) of the time since the status last
changed (as this client saw it), between the initial and the maximum interval, jittered by
ELAPSED_JITTER: a job that ends after t seconds in a status is seen at most about
ELAPSED_FRACTION * t later (half that on average: 10%), so the added latency stays a small,
fixed share of the job's duration while the number of polls grows only with the logarithm of
it. A status change (Queued -> Running) starts the count again, so a job that queued for an
hour and runs for seconds is still seen promptly. When the service estimates the running time
(`estimated_running_time_seconds`), a poll is placed at the estimated end if the next one would
come later: the estimate only ever brings a poll forward, never pushes one back.

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
#: The interval between polls, as a fraction of the time since the status last changed.
ELAPSED_FRACTION = 0.2
#: A poll placed at the service's estimated end comes this long after it.
ESTIMATE_MARGIN = 0.05
#: Jitter of the elapsed-time interval: a factor in [1 - it, 1 + it].
ELAPSED_JITTER = 0.1
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

    def after(self, elapsed: float, rand: Callable[[], float] = random.random) -> float:
        """The delay before the next poll, `elapsed` seconds after the status last changed.

        ELAPSED_FRACTION of it, within [initial, maximum], jittered by up to ELAPSED_JITTER
        either way (so simultaneous waiters spread out), never above the maximum.
        """
        base = min(self.maximum, max(self.initial, ELAPSED_FRACTION * max(elapsed, 0.0)))
        return min(self.maximum, base * (1.0 - ELAPSED_JITTER + 2.0 * ELAPSED_JITTER * rand()))


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
    since = now()  # when this client saw the status change last
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
            since = now()
            if on_change is not None:
                on_change(details)
        if status.is_final:
            return details
        delay = backoff.after(now() - since, rand)
        estimate = details.estimated_running_seconds
        if status.value == "Running" and estimate is not None and estimate > 0:
            # The job ran at most since `since`: it should end by since + estimate.
            until_end = since + estimate + ESTIMATE_MARGIN - now()
            if 0 < until_end < delay:
                delay = until_end
        if deadline is not None:
            remaining = deadline - now()
            if remaining <= 0:
                raise timed_out(job_id, timeout, status.value)
            delay = min(delay, remaining)
        yield Sleep(delay)
