"""A scripted fake of IAM and the Runtime API for httpx.MockTransport, and a sync/async harness.

`FakeService` answers IAM token requests (tokens `iam-token-1`, `iam-token-2`, ...) and API requests
from a script of replies; `Harness` runs one flow through a RuntimeClient or an AsyncRuntimeClient
built on it with a ManualClock, so the same table test covers both.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
from qiskit_runtime_client import AsyncRuntimeClient, ManualClock, RuntimeClient
from qiskit_runtime_client._effects import Call, Flow, request

CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/abc123:inst-1::"
API_KEY = "fake-api-key-Q7w9e1r3t5y7u9"
API_ROOT = "https://quantum.cloud.ibm.com/api"
IAM_TOKEN_URL = "https://iam.cloud.ibm.com/identity/token"

#: A reply in a script: a Response, an httpx exception class (raised with the request), a
#: callable building a Response, or (status, body) with body a dict (JSON) or str/bytes.
ReplySpec = (
    httpx.Response
    | type[Exception]
    | Callable[[httpx.Request], httpx.Response]
    | tuple[int, Any]
    | tuple[int, Any, dict[str, str]]
)


def token_value(n: int) -> str:
    """The n-th access token the fake IAM hands out."""
    return f"iam-token-{n}-s3cr3t"


def reply(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    """A Response: dict/list bodies as JSON, str/bytes as they are, None as empty."""
    if isinstance(body, dict | list):
        return httpx.Response(status, json=body, headers=headers)
    if isinstance(body, str):
        body = body.encode()
    return httpx.Response(status, content=body or b"", headers=headers)


class FakeService:
    """Answers IAM and API requests from scripts; records every request it sees."""

    def __init__(
        self,
        *api: ReplySpec,
        iam: Iterable[ReplySpec] = (),
        expires_in: float = 3600,
        iam_delay: float = 0.0,
    ) -> None:
        self.api_script: list[ReplySpec] = list(api)
        self.iam_script: list[ReplySpec] = list(iam)
        self.expires_in = expires_in
        #: Real seconds the IAM answer takes (widens races in concurrency tests; never asserted).
        self.iam_delay = iam_delay
        self.requests: list[httpx.Request] = []
        self.tokens_issued = 0
        #: API requests bearing one of these tokens are answered 401 (a revoked token).
        self.revoked: set[str] = set()
        self._lock = threading.Lock()

    @property
    def iam_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path.endswith("/identity/token")]

    @property
    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if not r.url.path.endswith("/identity/token")]

    def _issue_token(self) -> httpx.Response:
        self.tokens_issued += 1
        return reply(
            200,
            {
                "access_token": token_value(self.tokens_issued),
                "refresh_token": "not_supported",
                "token_type": "Bearer",
                "expires_in": self.expires_in,
                "expiration": 1_900_000_000,
                "scope": "ibm openid",
            },
        )

    def _answer(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            # A snapshot: the auth mutates the same Request object before a resend.
            self.requests.append(
                httpx.Request(
                    request.method,
                    request.url,
                    headers=request.headers.copy(),
                    content=request.content,
                    extensions=dict(request.extensions),
                )
            )
            is_iam = request.url.path.endswith("/identity/token")
            script = self.iam_script if is_iam else self.api_script
            spec = script.pop(0) if script else None
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
            if not is_iam and bearer in self.revoked:
                return reply(401, {"errors": [{"code": "1201", "message": "token revoked"}]})
            if spec is None:
                return self._issue_token() if is_iam else reply(200, {"ok": True})
        if isinstance(spec, httpx.Response):
            return spec
        if isinstance(spec, type) and issubclass(spec, Exception):
            raise spec(f"fake {spec.__name__}", request=request)  # type: ignore[call-arg]
        if isinstance(spec, tuple):
            return reply(*spec)
        build: Callable[[httpx.Request], httpx.Response] = spec  # type: ignore[assignment]
        return build(request)

    def handler(self, request: httpx.Request) -> httpx.Response:
        """For httpx.MockTransport with a sync client."""
        if self.iam_delay and request.url.path.endswith("/identity/token"):
            time.sleep(self.iam_delay)
        return self._answer(request)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        """For httpx.MockTransport with an async client."""
        if self.iam_delay and request.url.path.endswith("/identity/token"):
            await asyncio.sleep(self.iam_delay)
        return self._answer(request)


def one_call(c: Call[Any]) -> Flow[Any]:
    """A flow of a single Call returning its data."""
    data = yield from request(c)
    return data


class Harness:
    """One client (sync or async) on a FakeService with a ManualClock; runs flows to completion."""

    def __init__(self, mode: str, service: FakeService, **kwargs: Any) -> None:
        self.mode = mode
        self.service = service
        self.clock: ManualClock = kwargs.setdefault("clock", ManualClock())
        kwargs.setdefault("instance", CRN)
        if "bearer_token" not in kwargs:
            kwargs.setdefault("token", API_KEY)
        self.client: RuntimeClient | AsyncRuntimeClient
        if mode == "sync":
            self.client = RuntimeClient(transport=httpx.MockTransport(service.handler), **kwargs)
        else:
            self.client = AsyncRuntimeClient(
                transport=httpx.MockTransport(service.async_handler), **kwargs
            )

    def run(self, flow: Flow[Any], client: RuntimeClient | AsyncRuntimeClient | None = None) -> Any:
        """Run a flow through this client (or a copy of it) and return its value or raise."""
        client = client or self.client
        if isinstance(client, RuntimeClient):
            return client._runner.run(flow)
        return asyncio.run(client._runner.run(flow))

    def request(self, method: str = "GET", path: str = "/v1/jobs", **call_kwargs: Any) -> Any:
        """Send one Call and return its data."""
        return self.run(one_call(Call(method, path, **call_kwargs)))

    def close(self) -> None:
        if isinstance(self.client, RuntimeClient):
            self.client.close()
        else:
            asyncio.run(self.client.aclose())


def json_body(request: httpx.Request) -> Any:
    """The JSON body a request carried."""
    return json.loads(request.content)
