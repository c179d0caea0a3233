"""The client over real sockets (sync and async): exchange, 401 recovery, retries, and a refused
connection, against a loopback server."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from qiskit_runtime_client import (
    APIConnectionError,
    AsyncRuntimeClient,
    ManualClock,
    RuntimeClient,
)
from qiskit_runtime_client._effects import Call

from ._fake import CRN, one_call
from ._loopback import LoopbackState, loopback_server


@pytest.fixture
def server() -> Iterator[tuple[str, LoopbackState]]:
    with loopback_server() as served:
        yield served


def _run(mode: str, root: str, calls: list[Call], **kwargs: Any) -> list[Any]:
    options: dict[str, Any] = {
        "instance": CRN,
        "url": root + "/api/v1",
        "iam_url": root,
        "clock": ManualClock(),
        **kwargs,
    }
    if "bearer_token" not in options:
        options.setdefault("token", "loopback-key")
    if mode == "sync":
        with RuntimeClient(**options) as client:
            return [client._runner.run(one_call(c)) for c in calls]

    async def main() -> list[Any]:
        async with AsyncRuntimeClient(**options) as client:
            return [await client._runner.run(one_call(c)) for c in calls]

    return asyncio.run(main())


def test_exchange_then_calls(mode: str, server: tuple[str, LoopbackState]) -> None:
    root, state = server
    results = _run(mode, root, [Call("GET", "/v1/jobs"), Call("GET", "/v1/backends")])
    assert [r["path"] for r in results] == ["/api/v1/jobs", "/api/v1/backends"]
    assert state.tokens_issued == 1
    methods = [(m, p) for m, p, _, _ in state.seen]
    assert methods == [
        ("POST", "/identity/token"),
        ("GET", "/api/v1/jobs"),
        ("GET", "/api/v1/backends"),
    ]
    assert state.seen[1][2]["Authorization"] == "Bearer loopback-token-1"


def test_401_recovery_resends_the_body(mode: str, server: tuple[str, LoopbackState]) -> None:
    root, state = server
    state.revoked.add("loopback-token-1")
    (result,) = _run(mode, root, [Call("POST", "/v1/jobs", json={"program_id": "sampler"})])
    assert json.loads(result["echo"]) == {"program_id": "sampler"}
    assert state.tokens_issued == 2
    posts = [s for s in state.seen if s[1] == "/api/v1/jobs"]
    assert [s[2]["Authorization"] for s in posts] == [
        "Bearer loopback-token-1",
        "Bearer loopback-token-2",
    ]
    assert posts[0][3] == posts[1][3]


def test_retry_on_the_same_connection(mode: str, server: tuple[str, LoopbackState]) -> None:
    root, state = server
    state.statuses = [503, 502]
    (result,) = _run(mode, root, [Call("GET", "/v1/jobs")])
    assert result["path"] == "/api/v1/jobs"
    assert len([s for s in state.seen if s[1] == "/api/v1/jobs"]) == 3


def test_refused_connection_retries_even_a_post(mode: str) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    clock = ManualClock()
    with pytest.raises(APIConnectionError) as info:
        _run(
            mode,
            f"http://127.0.0.1:{port}",
            [Call("POST", "/v1/jobs", json={})],
            bearer_token="t",
            clock=clock,
        )
    assert info.value.request_sent is False
    assert len(clock.sleeps) == 3  # retried max_retries times: the server never saw it
