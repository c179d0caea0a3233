"""Transport policy: which failed attempts are sent again, after how long; and the transports.

`decide_retry` is a pure function shared by the sync and async transports, which only add the
I/O and the sleeping. Requests are retried only where sending them again cannot duplicate work:
idempotent methods on connection errors, timeouts, 429 and 5xx; other methods (job submission)
only when the server surely did not act on them (connection never made, or 429).
"""

from __future__ import annotations

import email.utils
import logging
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs
import httpx

from qiskit_runtime_client._buffering import (
    EXT_GAVE_UP,
    clamp_timeouts,
    read_async,
    read_sync,
    remaining,
)
from qiskit_runtime_client._clock import SYSTEM_CLOCK, Clock
from qiskit_runtime_client._constants import (
    DEFAULT_MAX_RETRIES,
    MAX_RETRY_AFTER,
    RETRY_BASE_DELAY,
    RETRY_MAX_DELAY,
)
from qiskit_runtime_client.errors import ConfigurationError

logger = logging.getLogger("qiskit_runtime_client")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
#: Request extension keys the facade sets (per request or per client).
EXT_MAX_RETRIES = "qrc.max_retries"
EXT_IDEMPOTENT = "qrc.idempotent"


@attrs.frozen
class RetryDecision:
    """Whether to send the request again, after how many seconds, and why (for the log)."""

    retry: bool
    delay: float = 0.0
    reason: str = ""


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... capped at 8 s, each scaled 50-100%."""
    base = min(RETRY_MAX_DELAY, RETRY_BASE_DELAY * (2.0**attempt))
    return base * (0.5 + 0.5 * rand())


def decide_retry(
    *,
    method: str,
    attempt: int,
    max_retries: int,
    idempotent: bool | None = None,
    status: int | None = None,
    retry_after: str | None = None,
    error: Exception | None = None,
    rand: Callable[[], float] = random.random,
) -> RetryDecision:
    """Decide whether attempt number `attempt` (0-based) that failed this way is sent again."""
    if attempt >= max_retries:
        return RetryDecision(False, reason="retries exhausted")
    safe = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
    if error is not None:
        if isinstance(error, httpx.LocalProtocolError):
            # Our own request is malformed (a header with CR/LF, ...): sending again cannot help.
            return RetryDecision(False, reason=type(error).__name__)
        if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
            # The connection was never made: the server cannot have seen the request.
            return RetryDecision(True, backoff_delay(attempt, rand), type(error).__name__)
        name = type(error).__name__
        if isinstance(error, httpx.TimeoutException | httpx.NetworkError | httpx.ProtocolError):
            if safe:
                return RetryDecision(True, backoff_delay(attempt, rand), name)
            return RetryDecision(False, reason=f"{name} on a non-idempotent request")
        return RetryDecision(False, reason=type(error).__name__)
    if status is None or status not in RETRY_STATUSES:
        return RetryDecision(False, reason=f"status {status}")
    if status != 429 and not safe:
        return RetryDecision(False, reason=f"status {status} on a non-idempotent request")
    asked = parse_retry_after(retry_after)
    if asked is not None:
        if asked > MAX_RETRY_AFTER:
            return RetryDecision(False, reason=f"Retry-After {asked:.0f}s > {MAX_RETRY_AFTER:.0f}s")
        return RetryDecision(True, asked, f"status {status}, Retry-After {asked:.1f}s")
    return RetryDecision(True, backoff_delay(attempt, rand), f"status {status}")


class _Attempts:
    """The state of one request's attempts: counts them, asks `decide_retry`, logs each one."""

    def __init__(self, request: httpx.Request, default_max_retries: int, clock: Clock) -> None:
        self.request = request
        self.clock = clock
        self.max_retries = int(request.extensions.get(EXT_MAX_RETRIES, default_max_retries))
        self.idempotent: bool | None = request.extensions.get(EXT_IDEMPOTENT)
        self.attempt = 0
        self.started = time.perf_counter()

    def judge(
        self, response: httpx.Response | None = None, error: Exception | None = None
    ) -> RetryDecision:
        decision = decide_retry(
            method=self.request.method,
            attempt=self.attempt,
            max_retries=self.max_retries,
            idempotent=self.idempotent,
            status=response.status_code if response is not None else None,
            retry_after=response.headers.get("retry-after") if response is not None else None,
            error=error,
        )
        if decision.retry and _give_up_for_deadline(self.request, self.clock, decision.delay):
            decision = RetryDecision(False, reason="the call's deadline comes before the next try")
        if decision.retry or logger.isEnabledFor(logging.DEBUG):
            self._log(decision, response, error)
        return decision

    def _log(
        self, decision: RetryDecision, response: httpx.Response | None, error: Exception | None
    ) -> None:
        """A retry is a WARNING (the caller sees delays and may want to know why); every
        attempt's outcome is DEBUG. Method, host and path only: queries may carry tags or
        filters, and a transport error's own words (errno, "timed out") carry no secret."""
        if response is not None:
            outcome = str(response.status_code)
        else:
            detail = str(error)[:120]
            outcome = type(error).__name__ + (f" ({detail})" if detail else "")
        level = logging.WARNING if decision.retry else logging.DEBUG
        logger.log(
            level,
            "%s %s%s -> %s in %.3fs (attempt %d of %d)%s",
            self.request.method,
            self.request.url.host,
            self.request.url.path,
            outcome,
            time.perf_counter() - self.started,
            self.attempt + 1,
            self.max_retries + 1,
            f"; retrying in {decision.delay:.2f}s: {decision.reason}" if decision.retry else "",
        )

    def next(self) -> None:
        self.attempt += 1
        self.started = time.perf_counter()


def _after_fork(owner: str, factory: Callable[[], Any] | None) -> Any:
    """A fresh inner transport for a forked child, or a clear refusal when it cannot be made."""
    if factory is None:
        raise ConfigurationError(
            f"this {owner} was created in another process (before a fork) with a caller-provided "
            "httpx client or transport, whose connections cannot be shared across processes; "
            "create the client in the child process (or let it make its own transport)"
        )
    logger.debug("process id changed (fork): opening fresh connections")
    return factory()


def _give_up_for_deadline(request: httpx.Request, clock: Clock, delay: float) -> bool:
    """Whether the next attempt would start past the call's deadline (then it is not made)."""
    left = remaining(request, clock)
    if left is not None and left <= delay:
        request.extensions[EXT_GAVE_UP] = True
        return True
    return False


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport and sends again what `decide_retry` allows, sleeping through the clock.

    Bodies are read here (bounded; see `_buffering`), so a body cut off midway is retried like
    any failed idempotent attempt. A process that forked gets fresh connections from `factory`
    (never the parent's pool); without a factory (a caller's transport) it is refused.
    """

    def __init__(
        self,
        inner: httpx.BaseTransport,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        clock: Clock = SYSTEM_CLOCK,
        factory: Callable[[], httpx.BaseTransport] | None = None,
    ) -> None:
        self._inner = inner
        self._max_retries = max_retries
        self._clock = clock
        self._factory = factory
        self._pid = os.getpid()

    def _transport(self) -> httpx.BaseTransport:
        if os.getpid() != self._pid:
            self._inner = _after_fork("client", self._factory)
            self._pid = os.getpid()
        return self._inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(request, self._max_retries, self._clock)
        while True:
            try:
                clamp_timeouts(request, self._clock)
                response = self._transport().handle_request(request)
                response = read_sync(response, request, self._clock)
            except httpx.TransportError as exc:
                decision = attempts.judge(error=exc)
                if not decision.retry:
                    raise
            else:
                decision = attempts.judge(response)
                if not decision.retry:
                    return response
                response.close()
            self._clock.sleep(decision.delay)
            attempts.next()

    def close(self) -> None:
        if os.getpid() == self._pid:
            self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The async twin of RetryTransport: the same decisions, with awaited I/O and sleeping."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        clock: Clock = SYSTEM_CLOCK,
        factory: Callable[[], httpx.AsyncBaseTransport] | None = None,
    ) -> None:
        self._inner = inner
        self._max_retries = max_retries
        self._clock = clock
        self._factory = factory
        self._pid = os.getpid()

    def _transport(self) -> httpx.AsyncBaseTransport:
        if os.getpid() != self._pid:
            self._inner = _after_fork("client", self._factory)
            self._pid = os.getpid()
        return self._inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(request, self._max_retries, self._clock)
        while True:
            try:
                clamp_timeouts(request, self._clock)
                response = await self._transport().handle_async_request(request)
                response = await read_async(response, request, self._clock)
            except httpx.TransportError as exc:
                decision = attempts.judge(error=exc)
                if not decision.retry:
                    raise
            else:
                decision = attempts.judge(response)
                if not decision.retry:
                    return response
                await response.aclose()
            await self._clock.asleep(decision.delay)
            attempts.next()

    async def aclose(self) -> None:
        if os.getpid() == self._pid:
            await self._inner.aclose()
