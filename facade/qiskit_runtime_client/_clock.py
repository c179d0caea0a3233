"""Time as one injectable seam: a monotonic clock and sleeping, for both sync and async code."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """What the client needs of time. Tests pass a ManualClock so waits and backoffs are instant."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: time.monotonic, time.sleep and asyncio.sleep."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds))  # a deadline already past is no error

    async def asleep(self, seconds: float) -> None:
        import asyncio  # imported on first use: sync-only programs never load asyncio

        await asyncio.sleep(seconds)

    def __repr__(self) -> str:
        return "SystemClock()"


class ManualClock:
    """A clock that only moves when slept on (or advanced): for tests and simulations."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """The clock's time in seconds (moves only by sleep or advance)."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward without recording a sleep (time passing elsewhere)."""
        self.now += seconds

    def sleep(self, seconds: float) -> None:
        """Record the sleep and move the clock by it at once (a negative one by nothing)."""
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)

    async def asleep(self, seconds: float) -> None:
        """`sleep`, then yield to the event loop once so other tasks run."""
        import asyncio

        self.sleep(seconds)
        await asyncio.sleep(0)

    def __repr__(self) -> str:
        return f"ManualClock(now={self.now})"


SYSTEM_CLOCK = SystemClock()
