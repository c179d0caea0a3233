"""A bound on the requests one client has in flight at once, shared by its with_options copies.

Without it, thousands of asyncio tasks polling through one httpx pool queue inside httpx,
whose pool rescans every queued request whenever one enters or leaves (quadratic CPU), and
pool timeouts that are retried keep the queue full. Here waiters queue first-come first-served
on a semaphore (asyncio's wakes them in order), so at most `limit` requests reach the pool and
every waiter makes progress in turn. The asyncio semaphore is made per event loop (a client used
from two successive `asyncio.run` calls gets a fresh one).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

#: Requests in flight at once per client by default: below httpx's default pool size (100
#: connections), so the pool never queues (nor times out) requests of its own.
DEFAULT_MAX_IN_FLIGHT = 64


def check_max_in_flight(limit: int) -> int:
    """max_in_flight must be an int >= 1 (not bool)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_in_flight must be an int >= 1, got {limit!r}")
    return limit


class InFlight:
    """At most `limit` requests at once, for threads (sync) or tasks of one event loop (async)."""

    def __init__(self, limit: int = DEFAULT_MAX_IN_FLIGHT) -> None:
        self.limit = check_max_in_flight(limit)
        self._threads = threading.BoundedSemaphore(self.limit)
        # asyncio is imported only by async use: the sync client does not load it.
        self._loop: Any = None
        self._tasks: asyncio.Semaphore | None = None
        #: Requests in flight now and the most there ever were (for tests and benchmarks).
        self.current = 0
        self.peak = 0

    def _enter(self) -> None:
        self.current += 1
        self.peak = max(self.peak, self.current)

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for a blocking request."""
        with self._threads:
            self._enter()
            try:
                yield
            finally:
                self.current -= 1

    @asynccontextmanager
    async def aslot(self) -> AsyncIterator[None]:
        """Hold one slot for an awaited request (FIFO among the loop's tasks)."""
        import asyncio

        loop = asyncio.get_running_loop()
        if self._tasks is None or self._loop is not loop:
            self._loop, self._tasks = loop, asyncio.Semaphore(self.limit)
        async with self._tasks:
            self._enter()
            try:
                yield
            finally:
                self.current -= 1
