"""Runners: perform the effects of a flow with blocking (sync) or awaited (async) I/O.

Both share request building and answer handling (`_prepare`, `read_reply`,
`error_from_transport`); only the sending and the sleeping differ.
"""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from qiskit_runtime_client._clock import Clock
from qiskit_runtime_client._effects import Call, Flow, Reply, Sleep, T
from qiskit_runtime_client._responses import (
    error_from_transport,
    error_from_undecodable,
    read_reply,
)
from qiskit_runtime_client._retry import EXT_IDEMPOTENT, EXT_MAX_RETRIES
from qiskit_runtime_client.errors import QiskitRuntimeError


@attrs.frozen
class Settings:
    """Per-client settings applied to every facade request (with_options makes a copy)."""

    api_version: str
    timeout: httpx.Timeout
    max_retries: int
    #: the default of the ISA check before a job is sent (sampler/estimator check_isa=)
    check_isa: bool = True


def _prepare(
    http: httpx.Client | httpx.AsyncClient, settings: Settings, call: Call[Any]
) -> httpx.Request:
    extensions: dict[str, Any] = {EXT_MAX_RETRIES: settings.max_retries}
    if call.idempotent is not None:
        extensions[EXT_IDEMPOTENT] = call.idempotent
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
    return http.build_request(
        call.method,
        call.path.lstrip("/"),
        params=params or None,
        json=call.json,
        headers=headers,
        timeout=httpx.USE_CLIENT_DEFAULT if timeout == http.timeout else timeout,
        extensions=extensions,
    )


class SyncRunner:
    """Runs flows with a blocking httpx.Client."""

    def __init__(self, http: httpx.Client, settings: Settings, clock: Clock) -> None:
        self.http = http
        self.settings = settings
        self.clock = clock

    def send(self, call: Call[Any]) -> Reply:
        request = _prepare(self.http, self.settings, call)
        try:
            response = self.http.send(request)
            response.read()
        except httpx.TransportError as exc:
            raise error_from_transport(exc, call, request) from exc
        except httpx.RequestError as exc:
            raise error_from_undecodable(exc, call) from exc
        try:
            return read_reply(call, response)
        finally:
            response.close()

    def run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: QiskitRuntimeError | None = None
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
            except QiskitRuntimeError as exc:
                error = exc


class AsyncRunner:
    """Runs flows with an httpx.AsyncClient."""

    def __init__(self, http: httpx.AsyncClient, settings: Settings, clock: Clock) -> None:
        self.http = http
        self.settings = settings
        self.clock = clock

    async def send(self, call: Call[Any]) -> Reply:
        request = _prepare(self.http, self.settings, call)
        try:
            response = await self.http.send(request)
            await response.aread()
        except httpx.TransportError as exc:
            raise error_from_transport(exc, call, request) from exc
        except httpx.RequestError as exc:
            raise error_from_undecodable(exc, call) from exc
        try:
            return read_reply(call, response)
        finally:
            await response.aclose()

    async def run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: QiskitRuntimeError | None = None
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
            except QiskitRuntimeError as exc:
                error = exc
