"""Authentication as httpx.Auth: IBM Cloud IAM API-key exchange with a cached bearer token.

The token is renewed before it expires (at 80% of `expires_in`, on a monotonic clock), one
exchange at a time however many threads or tasks ask. A 401 from the API forces one renewal and
one resend. The API key is only ever sent to IAM, never to the Runtime API.
"""

from __future__ import annotations

import json
import math
import os
import threading
import weakref
from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING

import attrs
import httpx

from qiskit_runtime_client._buffering import EXT_MAX_SIZE
from qiskit_runtime_client._clock import SYSTEM_CLOCK, Clock
from qiskit_runtime_client._constants import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    IAM_GRANT_TYPE,
    IAM_TOKEN_PATH,
    TOKEN_RENEW_FRACTION,
)
from qiskit_runtime_client._redact import redact_secret, redact_url
from qiskit_runtime_client._retry import EXT_IDEMPOTENT
from qiskit_runtime_client.errors import AuthenticationError

if TYPE_CHECKING:
    import asyncio

    from qiskit_runtime_client._instances import InstanceResolver

#: Token lifetimes that make no sense (NaN, infinite, <= 0) count as the default hour: a lifetime
#: of zero would mean one exchange per call, and a 401 still forces a renewal if the token dies
#: sooner. Lifetimes above a day are cut to a day.
MAX_TOKEN_LIFETIME = 24 * 3600.0
DEFAULT_TOKEN_LIFETIME = 3600.0


def token_lifetime(value: object) -> float:
    """Seconds a token lives, from IAM's expires_in, clamped to sane bounds."""
    try:
        lifetime = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_TOKEN_LIFETIME
    if not math.isfinite(lifetime) or lifetime <= 0:
        return DEFAULT_TOKEN_LIFETIME
    return min(MAX_TOKEN_LIFETIME, lifetime)


#: Upper bounds of the token exchange's timeouts (without any, it could wait forever).
_EXCHANGE_TIMEOUT: dict[str, float] = {
    "connect": DEFAULT_CONNECT_TIMEOUT,
    "read": DEFAULT_READ_TIMEOUT,
    "write": DEFAULT_WRITE_TIMEOUT,
    "pool": DEFAULT_POOL_TIMEOUT,
}


@attrs.frozen(repr=False)
class _Token:
    value: str
    renew_at: float  # monotonic seconds

    def __repr__(self) -> str:
        return f"_Token(renew_at={self.renew_at:.0f})"


#: Request extension set while the auth flow prepares a request (token exchange, instance
#: lookup) and removed just before the request itself is sent: an error raised while it is set
#: means the request never left (see `_runner`).
EXT_PREPARING = "qrc.preparing"

#: Largest IAM answer read (a token answer is about 2 KB): a bigger one is not a token.
MAX_IAM_ANSWER = 1024 * 1024
#: Largest Global Search answer read (instance-name lookup; a page of 100 is about 30 KB).
MAX_SEARCH_ANSWER = 8 * 1024 * 1024


def _bounded_chunks(
    chunks: list[bytes], chunk: bytes, token_url: str, limit: int = MAX_IAM_ANSWER
) -> None:
    chunks.append(chunk)
    if sum(map(len, chunks)) > limit:
        raise AuthenticationError(
            f"IAM token exchange at {redact_url(token_url)} answered more than "
            f"{limit} bytes, which is not a token answer",
            status_code=0,
            method="POST",
            path=IAM_TOKEN_PATH,
        )


def _keep(answer: httpx.Response, content: bytes) -> bytes:
    """Store the body read on the response: httpx reads it again (a no-op then) once the auth
    flow moves on to the API request."""
    answer._content = content
    return content


def _describe_iam_failure(content: bytes, api_key: str) -> str:
    """A readable reason from an IAM error answer, whatever its body looks like; the key is
    redacted (in every encoding) before anything is cut to length."""
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        body = None
    if isinstance(body, dict):
        code = body.get("errorCode") or body.get("code")
        message = body.get("errorMessage") or body.get("message") or body.get("error")
        if message:
            text = redact_secret(f"{code}: {message}" if code else str(message), api_key)
            return text[:300]
    text = content.decode("utf-8", "replace")
    snippet = redact_secret(text, api_key)[:120].strip().replace("\n", " ")
    return f"non-JSON answer {snippet!r}" if snippet else "empty answer"


class IAMAuth(httpx.Auth):
    """Exchanges an IBM Cloud API key for IAM bearer tokens and keeps one fresh."""

    def __init__(
        self,
        api_key: str,
        iam_url: str,
        *,
        clock: Clock = SYSTEM_CLOCK,
        user_agent: str | None = None,
        instance_resolver: InstanceResolver | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("api_key must be a non-empty IBM Cloud API key")
        self._api_key = api_key
        self.token_url = iam_url.rstrip("/") + IAM_TOKEN_PATH
        self._clock = clock
        self._headers = {"Accept": "application/json"}
        if user_agent:
            self._headers["User-Agent"] = user_agent
        self._token: _Token | None = None
        self._lock_pid = os.getpid()
        self._thread_lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        #: How many token exchanges succeeded (for tests and diagnostics).
        self.exchanges = 0
        #: Set when the instance was given by name: resolved at the first request (see
        #: `_instances`), under the exchange lock, then sent as Service-CRN on every request.
        self.instance_resolver = instance_resolver

    def __repr__(self) -> str:
        return f"IAMAuth(token_url={redact_url(self.token_url)!r})"

    @property
    def _lock(self) -> threading.Lock:
        """The exchange lock; a forked child gets a fresh one (the parent's may be held)."""
        if os.getpid() != self._lock_pid:
            self._thread_lock = threading.Lock()
            self._async_locks = weakref.WeakKeyDictionary()
            self._lock_pid = os.getpid()
        return self._thread_lock

    def secrets(self) -> list[str]:
        """The API key and the bearer token in use: what error messages must never show."""
        token = self._token
        return [self._api_key] + ([token.value] if token is not None else [])

    def _fresh_token(self) -> _Token | None:
        token = self._token
        if token is not None and self._clock.monotonic() < token.renew_at:
            return token
        return None

    @staticmethod
    def exchange_timeout(api_request: httpx.Request) -> dict[str, float]:
        """Timeouts of the requests the auth sends itself (token exchange, instance lookup):
        finite, no longer than the API request's own."""
        asked = api_request.extensions.get("timeout") or {}
        return {
            phase: limit if asked.get(phase) is None else min(asked[phase], limit)
            for phase, limit in _EXCHANGE_TIMEOUT.items()
        }

    def _token_request(self, api_request: httpx.Request) -> httpx.Request:
        """The IAM exchange: finite timeouts, no longer than the API request's own."""
        timeout = self.exchange_timeout(api_request)
        extensions = {EXT_IDEMPOTENT: True, "timeout": timeout, EXT_MAX_SIZE: MAX_IAM_ANSWER}
        return httpx.Request(
            "POST",
            self.token_url,
            data={"grant_type": IAM_GRANT_TYPE, "apikey": self._api_key},
            headers=self._headers,
            extensions=extensions,
        )

    def _redact(self, text: str) -> str:
        return redact_secret(text, self._api_key)

    def _read(self, answer: httpx.Response, limit: int = MAX_IAM_ANSWER) -> bytes:
        chunks: list[bytes] = []
        try:
            for chunk in answer.iter_bytes():
                _bounded_chunks(chunks, chunk, self.token_url, limit)
        finally:
            answer.close()
        return _keep(answer, b"".join(chunks))

    async def _aread(self, answer: httpx.Response, limit: int = MAX_IAM_ANSWER) -> bytes:
        chunks: list[bytes] = []
        try:
            async for chunk in answer.aiter_bytes():
                _bounded_chunks(chunks, chunk, self.token_url, limit)
        finally:
            await answer.aclose()
        return _keep(answer, b"".join(chunks))

    def _accept(self, response: httpx.Response, content: bytes) -> _Token:
        """Store the token from an IAM answer, or raise AuthenticationError saying what failed."""
        if response.status_code != 200:
            raise AuthenticationError(
                f"IAM token exchange at {redact_url(self.token_url)} failed with HTTP "
                f"{response.status_code}: {_describe_iam_failure(content, self._api_key)}",
                status_code=response.status_code,
                method="POST",
                path=IAM_TOKEN_PATH,
            )
        try:
            body = json.loads(content)
            value = body["access_token"]
            lifetime = token_lifetime(body.get("expires_in", DEFAULT_TOKEN_LIFETIME))
            if not isinstance(value, str) or not value:
                raise TypeError("access_token is not a string")
            if not value.isascii() or not value.isprintable() or " " in value:
                raise ValueError("access_token is not a printable ASCII token")
        except (ValueError, KeyError, TypeError, RecursionError, AttributeError) as exc:
            raise AuthenticationError(
                f"IAM token exchange at {redact_url(self.token_url)} gave an unusable answer "
                f"({type(exc).__name__}: no access_token/expires_in)",
                status_code=response.status_code,
                method="POST",
                path=IAM_TOKEN_PATH,
            ) from None
        token = _Token(value, self._clock.monotonic() + TOKEN_RENEW_FRACTION * lifetime)
        self._token = token
        self.exchanges += 1
        return token

    def invalidate(self, used: _Token | None) -> None:
        """Forget the token if it is still the one that was rejected."""
        if self._token is used:
            self._token = None

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        request.extensions[EXT_PREPARING] = True  # until the request itself is sent (below)
        token = self._fresh_token()
        if token is None:
            with self._lock:
                token = self._fresh_token()
                if token is None:
                    answer = yield self._token_request(request)
                    # overriding sync_auth_flow skips httpx's own read: read it, bounded
                    token = self._accept(answer, self._read(answer))
        resolver = self.instance_resolver
        if resolver is not None:
            if not resolver.resolved:
                with self._lock:  # one lookup at a time; the others then use its answer
                    if not resolver.resolved:
                        lookup = resolver.lookup(token.value, request, self.secrets())
                        search: httpx.Request | None = lookup.first()
                        while search is not None:
                            found = yield search
                            content = self._read(found, MAX_SEARCH_ANSWER)
                            if found.status_code == 401:
                                self.invalidate(token)  # the next request takes a fresh one
                            search = lookup.feed(found, content)
            resolver.apply(request)
        request.headers["Authorization"] = f"Bearer {token.value}"
        del request.extensions[EXT_PREPARING]
        response = yield request
        if response.status_code == 401:
            with self._lock:
                self.invalidate(token)
                token = self._fresh_token()
                if token is None:
                    answer = yield self._token_request(request)
                    token = self._accept(answer, self._read(answer))
            request.headers["Authorization"] = f"Bearer {token.value}"
            yield request

    def _async_lock(self) -> asyncio.Lock:
        import asyncio  # imported on first use: sync-only programs never load asyncio

        loop = asyncio.get_running_loop()
        self._lock  # noqa: B018 - renews the locks in a forked child
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        return lock

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        request.extensions[EXT_PREPARING] = True  # until the request itself is sent (below)
        token = self._fresh_token()
        if token is None:
            async with self._async_lock():
                token = self._fresh_token()
                if token is None:
                    answer = yield self._token_request(request)
                    # overriding async_auth_flow skips httpx's own read: read it, bounded
                    token = self._accept(answer, await self._aread(answer))
        resolver = self.instance_resolver
        if resolver is not None:
            if not resolver.resolved:
                async with self._async_lock():  # one lookup at a time (see sync_auth_flow)
                    if not resolver.resolved:
                        lookup = resolver.lookup(token.value, request, self.secrets())
                        search: httpx.Request | None = lookup.first()
                        while search is not None:
                            found = yield search
                            content = await self._aread(found, MAX_SEARCH_ANSWER)
                            if found.status_code == 401:
                                self.invalidate(token)  # the next request takes a fresh one
                            search = lookup.feed(found, content)
            resolver.apply(request)
        request.headers["Authorization"] = f"Bearer {token.value}"
        del request.extensions[EXT_PREPARING]
        response = yield request
        if response.status_code == 401:
            async with self._async_lock():
                self.invalidate(token)
                token = self._fresh_token()
                if token is None:
                    answer = yield self._token_request(request)
                    token = self._accept(answer, await self._aread(answer))
            request.headers["Authorization"] = f"Bearer {token.value}"
            yield request


class BearerAuth(httpx.Auth):
    """A bearer token the caller manages: sent as is, never exchanged or renewed."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("bearer_token must be a non-empty string")
        self._token = token

    def __repr__(self) -> str:
        return "BearerAuth(token=<hidden>)"

    def secrets(self) -> list[str]:
        """The bearer token: what error messages must never show."""
        return [self._token]

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request
