"""Runners: perform the effects of a flow with blocking (sync) or awaited (async) I/O.

Both share request building and answer handling (`_prepare`, `read_reply`,
`error_from_transport`); only the sending and the sleeping differ. Whatever sending raises is
thrown into the flow (typed where it can be: a closed client, a request that cannot be encoded),
so flows that must react to every failure (job submission) see them all. Redirects are never
followed, and decompressed bodies are bounded by `max_response_size`.
"""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from qiskit_runtime_client._auth import EXT_PREPARING
from qiskit_runtime_client._buffering import EXT_DEADLINE, EXT_GAVE_UP, EXT_MAX_SIZE, too_large
from qiskit_runtime_client._clock import Clock
from qiskit_runtime_client._effects import Call, Flow, Reply, Sleep, T
from qiskit_runtime_client._inflight import InFlight
from qiskit_runtime_client._responses import (
    error_from_transport,
    error_from_undecodable,
    read_reply,
)
from qiskit_runtime_client._retry import EXT_IDEMPOTENT, EXT_MAX_RETRIES
from qiskit_runtime_client.errors import (
    APIConnectionError,
    APIError,
    ClientClosedError,
    DeadlineExceededError,
    QiskitRuntimeError,
)


@attrs.frozen
class Settings:
    """Per-client settings applied to every facade request (with_options makes a copy)."""

    api_version: str
    timeout: httpx.Timeout
    max_retries: int
    #: Largest answer accepted, in bytes, on the wire and after decompression.
    max_response_size: int
    #: Whether timeout= was given (job submission then keeps it instead of its longer budget).
    timeout_given: bool = False
    #: the default of the ISA check before a job is sent (sampler/estimator check_isa=)
    check_isa: bool = True


def _prepare(
    http: httpx.Client | httpx.AsyncClient, settings: Settings, call: Call[Any]
) -> httpx.Request:
    extensions: dict[str, Any] = {
        EXT_MAX_RETRIES: settings.max_retries,
        EXT_MAX_SIZE: settings.max_response_size,
    }
    if call.idempotent is not None:
        extensions[EXT_IDEMPOTENT] = call.idempotent
    if call.deadline is not None:
        extensions[EXT_DEADLINE] = call.deadline
    params = {k: v for k, v in (call.params or {}).items() if v is not None}
    # Per-request headers and timeout only where they differ from the httpx client's own (a
    # with_options copy, a job submission): merging them costs time on every request.
    version = settings.api_version
    headers = (
        None if http.headers.get("IBM-API-Version") == version else {"IBM-API-Version": version}
    )
    if call.headers:
        headers = {**call.headers, **(headers or {})}
    timeout = call.timeout or settings.timeout
    try:
        return http.build_request(
            call.method,
            call.path.lstrip("/"),
            params=params or None,
            json=call.json,
            headers=headers,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout == http.timeout else timeout,
            extensions=extensions,
        )
    except (httpx.InvalidURL, UnicodeError, ValueError, TypeError) as exc:
        raise APIConnectionError(
            f"{call.method} {call.path} was not sent: the request cannot be encoded "
            f"({type(exc).__name__}: {str(exc)[:200]})",
            method=call.method,
            path=call.path,
            request_sent=False,
        ) from None


def _closed(call: Call[Any], *, sent: bool) -> ClientClosedError:
    when = "while it was being sent" if sent else "before it was sent"
    return ClientClosedError(
        f"{call.method} {call.path}: the client was closed {when}",
        method=call.method,
        path=call.path,
        request_sent=sent,
    )


def _decoded(call: Call[Any], response: httpx.Response, chunks: list[bytes]) -> httpx.Response:
    """The answer with its decompressed body (the encoding header dropped: it is decoded)."""
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-encoding"]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=b"".join(chunks),
        request=response.request,
        extensions=response.extensions,
    )


def _settled(call: Call[Any], request: httpx.Request, error: QiskitRuntimeError) -> Exception:
    """The error to raise for a failed call: marked as never sent when the auth flow failed
    before the request left (token exchange, instance lookup); a DeadlineExceededError when the
    retries stopped for the call's deadline."""
    if request.extensions.get(EXT_PREPARING):
        error.request_sent = False
    return _past_deadline(call, request, error) if isinstance(error, APIError) else error


def _past_deadline(call: Call[Any], request: httpx.Request, error: APIError) -> APIError:
    """`error` as is, or a DeadlineExceededError when the retries stopped for the deadline."""
    if not request.extensions.get(EXT_GAVE_UP):
        return error
    sent = error.request_sent is not False
    return DeadlineExceededError(
        f"{call.method} {call.path}: the call's deadline leaves no time to try again "
        f"({error.message})",
        method=call.method,
        path=call.path,
        request_sent=sent,
    )


def _secrets(http: httpx.Client | httpx.AsyncClient) -> tuple[str, ...]:
    """The credentials in use (to redact from error answers that echo them)."""
    secrets = getattr(http.auth, "secrets", None)
    return tuple(secrets()) if callable(secrets) else ()


class _Collector:
    """Decompressed chunks of a body, refused past the size bound."""

    def __init__(self, request: httpx.Request, limit: int) -> None:
        self.request = request
        self.limit = limit
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            raise too_large(self.request, self.limit, "decompressed answer")
        self.chunks.append(chunk)


class SyncRunner:
    """Runs flows with a blocking httpx.Client."""

    def __init__(
        self,
        http: httpx.Client,
        settings: Settings,
        clock: Clock,
        in_flight: InFlight | None = None,
        proxy: str | None = None,
    ) -> None:
        self.http = http
        self.settings = settings
        self.clock = clock
        #: Bounds the requests in flight at once (shared with with_options copies).
        self.in_flight = in_flight or InFlight()
        #: The proxy our transport goes through, named in connection errors.
        self.proxy = proxy

    def send(self, call: Call[Any]) -> Reply:
        """Send one call: its Reply, or the typed error."""
        request = _prepare(self.http, self.settings, call)
        try:
            with self.in_flight.slot():
                return self._send(call, request)
        except QiskitRuntimeError as exc:
            settled = _settled(call, request, exc)
            if settled is exc:
                raise
            raise settled from exc

    def _send(self, call: Call[Any], request: httpx.Request) -> Reply:
        if self.http.is_closed:
            raise _closed(call, sent=False)
        collector = _Collector(request, self.settings.max_response_size)
        try:
            response = self.http.send(request, stream=True, follow_redirects=False)
            try:
                for chunk in response.iter_bytes():
                    collector.add(chunk)
            finally:
                response.close()
        except httpx.TransportError as exc:
            typed = error_from_transport(exc, call, request, proxy=self.proxy)
            if self.http.is_closed:
                raise _closed(call, sent=typed.request_sent) from exc
            raise typed from exc
        except httpx.RequestError as exc:
            raise error_from_undecodable(exc, call) from exc
        except RuntimeError as exc:
            if self.http.is_closed:
                raise _closed(call, sent=True) from exc
            raise
        return read_reply(call, _decoded(call, response, collector.chunks), _secrets(self.http))

    def run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            if isinstance(effect, Sleep):
                self.clock.sleep(effect.seconds)
                continue
            try:
                value = self.send(effect)
            except BaseException as exc:
                error = exc


class AsyncRunner:
    """Runs flows with an httpx.AsyncClient."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        settings: Settings,
        clock: Clock,
        in_flight: InFlight | None = None,
        proxy: str | None = None,
    ) -> None:
        self.http = http
        self.settings = settings
        self.clock = clock
        #: Bounds the requests in flight at once (shared with with_options copies).
        self.in_flight = in_flight or InFlight()
        #: The proxy our transport goes through, named in connection errors.
        self.proxy = proxy

    async def send(self, call: Call[Any]) -> Reply:
        """Send one call: its Reply, or the typed error."""
        request = _prepare(self.http, self.settings, call)
        try:
            async with self.in_flight.aslot():
                return await self._send(call, request)
        except QiskitRuntimeError as exc:
            settled = _settled(call, request, exc)
            if settled is exc:
                raise
            raise settled from exc

    async def _send(self, call: Call[Any], request: httpx.Request) -> Reply:
        if self.http.is_closed:
            raise _closed(call, sent=False)
        collector = _Collector(request, self.settings.max_response_size)
        try:
            response = await self.http.send(request, stream=True, follow_redirects=False)
            try:
                async for chunk in response.aiter_bytes():
                    collector.add(chunk)
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            typed = error_from_transport(exc, call, request, proxy=self.proxy)
            if self.http.is_closed:
                raise _closed(call, sent=typed.request_sent) from exc
            raise typed from exc
        except httpx.RequestError as exc:
            raise error_from_undecodable(exc, call) from exc
        except RuntimeError as exc:
            if self.http.is_closed:
                raise _closed(call, sent=True) from exc
            raise
        return read_reply(call, _decoded(call, response, collector.chunks), _secrets(self.http))

    async def run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: BaseException | None = None
        while True:
            try:
                effect = flow.send(value) if error is None else flow.throw(error)
            except StopIteration as stop:
                result: T = stop.value
                return result
            value, error = None, None
            if isinstance(effect, Sleep):
                await self.clock.asleep(effect.seconds)
                continue
            try:
                value = await self.send(effect)
            except BaseException as exc:
                error = exc
