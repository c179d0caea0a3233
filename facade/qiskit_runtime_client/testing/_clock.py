"""Emulator time: wall-clock seconds derived from an injectable monotonic clock.

Pass the same `ManualClock` to the emulator and to the client and jobs advance exactly as fast
as the client's (instant) sleeps: no test needs to wait in real time.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class MonotonicClock(Protocol):
    """All the emulator needs of a clock (qiskit_runtime_client.ManualClock fits)."""

    def monotonic(self) -> float: ...


class _SystemMonotonic:
    def monotonic(self) -> float:
        return time.monotonic()


class EmulatorTime:
    """Unix time as the emulator sees it: the wall time at start plus the clock's progress."""

    def __init__(self, clock: MonotonicClock | None = None) -> None:
        self.clock: MonotonicClock = clock if clock is not None else _SystemMonotonic()
        self._wall_start = time.time()
        self._mono_start = self.clock.monotonic()

    def now(self) -> float:
        """Seconds since the epoch."""
        return self._wall_start + (self.clock.monotonic() - self._mono_start)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(timestamp: float) -> int:
    """Whole microseconds since the epoch: the precision timestamps are written with."""
    return round(timestamp * 1_000_000)


def iso(timestamp: float) -> str:
    """RFC 3339 UTC with microseconds, like the service's `created`: 2021-10-04T13:52:09.456851Z."""
    moment = _EPOCH + timedelta(microseconds=micros(timestamp))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(text: str) -> float | None:
    """Unix seconds of an RFC 3339 date-time (naive means UTC), or None if it is not one."""
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
