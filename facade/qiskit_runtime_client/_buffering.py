"""Reading an answer's body inside the retry loop: bounded in size and in wall-clock time.

The retry transports read each body before returning it, so a connection that breaks in the
middle of a body is an attempt like one that breaks before the headers (and is retried the same
way, for idempotent requests only). Reading checks two bounds between chunks: the body's size
on the wire (`qrc.max_response_size`) and the call's deadline (`qrc.deadline`, on the client's
clock), so a server that sends one byte at a time cannot hold a call past its deadline.
The body is handed on in small chunks, which keeps the bounded decompression in the runner
effective (one chunk of a gzip bomb expands to at most about 16 MiB).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

from qiskit_runtime_client._clock import Clock
from qiskit_runtime_client.errors import ResponseTooLargeError

#: Request extension keys: the call's deadline (clock seconds) and the size bound (bytes).
EXT_DEADLINE = "qrc.deadline"
EXT_MAX_SIZE = "qrc.max_response_size"
#: Set by the retry transports on a request they stopped retrying because of its deadline.
EXT_GAVE_UP = "qrc.gave_up_for_deadline"
#: Pieces the buffered body is handed on in (before decompression).
PIECE = 16 * 1024


class _Pieces(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body already read, handed on in PIECE-sized chunks (sync or async)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __iter__(self) -> Iterator[bytes]:
        view = memoryview(self._data)
        for start in range(0, len(view), PIECE):
            yield bytes(view[start : start + PIECE])

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece


def too_large(request: httpx.Request, limit: int, what: str = "answer") -> ResponseTooLargeError:
    """The typed error for a body over `limit` bytes, saying how to raise the limit."""
    return ResponseTooLargeError(
        f"{request.method} {request.url.path}: the {what} is larger than max_response_size="
        f"{limit} bytes; pass max_response_size= to the client (or to with_options) to accept "
        "larger answers",
        limit=limit,
        setting="max_response_size",
        method=request.method,
        path=request.url.path,
    )


class BodyReader:
    """Collects one body's chunks, checking the size bound and the deadline after each."""

    def __init__(self, request: httpx.Request, clock: Clock) -> None:
        self.request = request
        self.clock = clock
        self.limit: int | None = request.extensions.get(EXT_MAX_SIZE)
        self.deadline: float | None = request.extensions.get(EXT_DEADLINE)
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.limit is not None and self.size > self.limit:
            raise too_large(self.request, self.limit)
        if self.deadline is not None and self.clock.monotonic() > self.deadline:
            raise httpx.ReadTimeout("the call's deadline passed while reading the answer")
        self.chunks.append(chunk)

    def response(self, response: httpx.Response) -> httpx.Response:
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=_Pieces(b"".join(self.chunks)),
            extensions=response.extensions,
            request=self.request,
        )


def read_sync(response: httpx.Response, request: httpx.Request, clock: Clock) -> httpx.Response:
    """The answer with its body read (raw, still compressed), within the bounds."""
    reader = BodyReader(request, clock)
    try:
        for chunk in response.stream:  # type: ignore[union-attr]
            reader.add(chunk)
    finally:
        response.close()
    return reader.response(response)


async def read_async(
    response: httpx.Response, request: httpx.Request, clock: Clock
) -> httpx.Response:
    """The async twin of read_sync."""
    reader = BodyReader(request, clock)
    try:
        async for chunk in response.stream:  # type: ignore[union-attr]
            reader.add(chunk)
    finally:
        await response.aclose()
    return reader.response(response)


def remaining(request: httpx.Request, clock: Clock) -> float | None:
    """Seconds left before the call's deadline (None: no deadline)."""
    deadline: float | None = request.extensions.get(EXT_DEADLINE)
    return None if deadline is None else deadline - clock.monotonic()


def clamp_timeouts(request: httpx.Request, clock: Clock) -> None:
    """Shorten the attempt's timeouts to what is left before the deadline; past it, raise a
    timeout the request was never sent in."""
    left = remaining(request, clock)
    if left is None:
        return
    if left <= 0:
        raise httpx.ConnectTimeout("the call's deadline passed before the request was sent")
    current = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        phase: left if current.get(phase) is None else min(current[phase], left)
        for phase in ("connect", "read", "write", "pool")
    }
