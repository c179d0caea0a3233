"""The sans-IO runners: effects performed alike by sync and async, requests built from Calls,
path segments checked, and the clocks."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import APIConnectionError, NotFoundError, ServerError
from qiskit_runtime_client._clock import ManualClock, SystemClock
from qiskit_runtime_client._effects import Call, Flow, Sleep, request, segment

from ._fake import API_ROOT, FakeService
from .conftest import MakeHarness


def test_sleep_effects_go_through_the_clock(make: MakeHarness) -> None:
    def flow() -> Flow[list[Any]]:
        first = yield from request(Call("GET", "/v1/jobs/a"))
        yield Sleep(2.5)
        second = yield from request(Call("GET", "/v1/jobs/b"))
        return [first, second]

    h = make(FakeService((200, {"n": 1}), (200, {"n": 2})))
    assert h.run(flow()) == [{"n": 1}, {"n": 2}]
    assert h.clock.sleeps == [2.5]
    assert h.clock.monotonic() == 2.5


def test_errors_are_thrown_into_the_flow(make: MakeHarness) -> None:
    seen: list[BaseException] = []

    def flow() -> Flow[str]:
        try:
            yield from request(Call("GET", "/v1/jobs/missing"))
        except NotFoundError as exc:
            seen.append(exc)
        try:
            yield from request(Call("POST", "/v1/jobs", json={}))
        except ServerError as exc:
            seen.append(exc)
        return "done"

    h = make(FakeService((404, ""), (500, "")))
    assert h.run(flow()) == "done"
    assert [type(e) for e in seen] == [NotFoundError, ServerError]


def test_call_params_none_dropped_lists_repeated(make: MakeHarness) -> None:
    h = make(FakeService())
    h.request("GET", "/v1/jobs", params={"tags": ["a", "b"], "limit": 5, "backend": None})
    assert str(h.service.api_requests[0].url) == f"{API_ROOT}/v1/jobs?tags=a&tags=b&limit=5"


def test_call_timeout_overrides_the_client_timeout(make: MakeHarness) -> None:
    h = make(FakeService())
    h.request("POST", "/v1/jobs", json={}, timeout=httpx.Timeout(5.0, read=300.0))
    assert h.service.api_requests[0].extensions["timeout"]["read"] == 300.0


def test_connection_error_names_the_same_path_as_status_errors(make: MakeHarness) -> None:
    h = make(FakeService(httpx.ReadError, (404, "")), max_retries=0)
    with pytest.raises(APIConnectionError) as connection:
        h.request("POST", "/v1/jobs/j1/cancel")
    with pytest.raises(NotFoundError) as status:
        h.request("POST", "/v1/jobs/j1/cancel")
    assert connection.value.path == status.value.path == "/api/v1/jobs/j1/cancel"
    assert "POST /api/v1/jobs/j1/cancel" in str(connection.value)


@pytest.mark.parametrize(
    ("value", "encoded"),
    [("job-123", "job-123"), ("ibm fez", "ibm%20fez"), ("a:b@c", "a%3Ab%40c")],
)
def test_segment_encodes(value: str, encoded: str) -> None:
    assert segment(value, "job_id") == encoded


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", ValueError),
        ("   ", ValueError),
        ("a/b", ValueError),
        ("..", ValueError),
        ("a?b", ValueError),
        ("a#b", ValueError),
        ("a%2Fb", ValueError),
        ("a\\b", ValueError),
        ("a\nb", ValueError),
        ("x" * 129, ValueError),
        (123, TypeError),
    ],
)
def test_segment_rejects_unsafe_ids_naming_the_field(value: Any, error: type) -> None:
    with pytest.raises(error, match="job_id"):
        segment(value, "job_id")


def test_system_clock_tolerates_a_past_deadline() -> None:
    clock = SystemClock()
    clock.sleep(-1.0)
    asyncio.run(clock.asleep(-1.0))


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(start=10.0)
    assert clock.monotonic() == 10.0
    clock.advance(5)
    clock.sleep(2)
    asyncio.run(clock.asleep(3))
    assert clock.monotonic() == 20.0
    assert clock.sleeps == [2, 3]
