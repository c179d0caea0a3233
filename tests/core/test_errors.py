"""Every error answer becomes a typed error with a readable message; bodies never crash a parser."""

from __future__ import annotations

import json

import httpx
import pytest
from qiskit_runtime_client import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    NotFoundError,
    PermissionDeniedError,
    QiskitRuntimeError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)

from ._fake import FakeService
from .conftest import MakeHarness

CONTAINER = {
    "errors": [
        {
            "code": "1234",
            "message": "Job not found",
            "more_info": "https://quantum.cloud.ibm.com/docs/errors",
        }
    ],
    "trace": "trace-abc-123",
}
GENERIC_DTO = {
    "errors": [
        {
            "code": 1000,
            "message": "Unauthorized",
            "solution": "Check your API key",
            "more_info": "https://cloud.ibm.com/docs",
        }
    ],
    "trace": "6b0f-uuid",
}
PROXY_PAGE = (
    "<html><head><title>502 Bad Gateway</title></head>"
    "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>"
)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (501, ServerError),
        (418, APIStatusError),
        (422, APIStatusError),
    ],
)
def test_status_maps_to_its_error_class(make: MakeHarness, status: int, cls: type) -> None:
    h = make(FakeService((status, CONTAINER)), max_retries=0)
    with pytest.raises(cls) as info:
        h.request("GET", "/v1/jobs/j1")
    error = info.value
    assert type(error) is cls
    assert isinstance(error, APIStatusError) and isinstance(error, APIError | QiskitRuntimeError)
    assert error.status_code == status
    assert error.method == "GET"
    assert error.path == "/api/v1/jobs/j1"
    assert error.errors == (
        ErrorDetail(
            code="1234",
            message="Job not found",
            more_info="https://quantum.cloud.ibm.com/docs/errors",
        ),
    )
    assert error.codes == ("1234",)
    assert error.trace == "trace-abc-123"
    assert "Job not found" in str(error) and "trace-abc-123" in str(error)
    assert f"HTTP {status}" in str(error)


def test_401_is_an_authentication_error(make: MakeHarness) -> None:
    h = make(FakeService((401, CONTAINER)), bearer_token="caller-token")
    with pytest.raises(AuthenticationError) as info:
        h.request("GET", "/v1/jobs")
    assert info.value.status_code == 401


def test_numeric_error_codes_and_solution_are_kept(make: MakeHarness) -> None:
    h = make(FakeService((403, GENERIC_DTO)))
    with pytest.raises(PermissionDeniedError) as info:
        h.request("GET", "/instances/usage")
    (detail,) = info.value.errors
    assert detail.code == "1000"
    assert detail.solution == "Check your API key"
    assert info.value.trace == "6b0f-uuid"
    assert "[1000] Unauthorized (solution: Check your API key)" in str(info.value)


def test_legacy_singular_error_object_is_read(make: MakeHarness) -> None:
    h = make(FakeService((400, {"error": {"code": "E1", "message": "bad param"}})))
    with pytest.raises(BadRequestError) as info:
        h.request("GET", "/v1/jobs")
    assert info.value.codes == ("E1",)
    assert "bad param" in str(info.value)


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (PROXY_PAGE, {"content-type": "text/html"}, "502 Bad Gateway"),
        ("", {}, "empty body"),
        ('{"errors": [{"code": "12', {"content-type": "application/json"}, '{"errors"'),
        (b"\xff\xfe\x00garbage", {"content-type": "application/json"}, "HTTP 500"),
        ("[1, 2, 3]", {"content-type": "application/json"}, "[1, 2, 3]"),
        ('{"errors": "not a list", "trace": 5}', {}, "not a list"),
        ('{"errors": [null, 3, "plain text"]}', {}, "plain text"),
        ("null", {"content-type": "application/json"}, "null"),
    ],
)
def test_odd_error_bodies_give_readable_messages(
    make: MakeHarness, body: str | bytes, headers: dict[str, str], expected: str
) -> None:
    h = make(FakeService(httpx.Response(500, content=body, headers=headers)), max_retries=0)
    with pytest.raises(ServerError) as info:
        h.request("GET", "/v1/jobs")
    assert expected in str(info.value)
    assert not isinstance(info.value, json.JSONDecodeError)
    assert info.value.trace is None or isinstance(info.value.trace, str)


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (PROXY_PAGE, {"content-type": "text/html"}),
        ("", {}),
        ('{"id": "job-1", "status": "Runn', {"content-type": "application/json"}),
        (b"\xff\xfe\x00garbage", {"content-type": "application/json"}),
    ],
)
def test_2xx_without_json_is_an_unexpected_response_error(
    make: MakeHarness, body: str | bytes, headers: dict[str, str]
) -> None:
    h = make(FakeService(httpx.Response(200, content=body, headers=headers)))
    with pytest.raises(UnexpectedResponseError) as info:
        h.request("GET", "/v1/jobs/job-1")
    message = str(info.value)
    assert "GET /api/v1/jobs/job-1" in message and "not valid JSON" in message
    assert info.value.path == "/api/v1/jobs/job-1"
    assert info.value.body == (body if isinstance(body, str) else info.value.body)


def test_corrupt_compressed_body_is_an_unexpected_response_error(make: MakeHarness) -> None:
    corrupt = b"\x1f\x8b\x08\x00 not really gzip"
    headers = {"content-encoding": "gzip"}
    h = make(FakeService(httpx.Response(200, stream=httpx.ByteStream(corrupt), headers=headers)))
    with pytest.raises(UnexpectedResponseError) as info:
        h.request("GET", "/v1/jobs/job-1")
    assert "GET /api/v1/jobs/job-1" in str(info.value)
    assert "could not be decoded" in str(info.value)


def test_204_and_expectations(make: MakeHarness) -> None:
    h = make(
        FakeService(
            (204, None),
            httpx.Response(200, text="line 1\nline 2", headers={"content-type": "text/plain"}),
            (200, {"ignored": True}),
        )
    )
    assert h.request("DELETE", "/v1/jobs/j1") is None
    assert h.request("GET", "/v1/jobs/j1/logs", expect="text") == "line 1\nline 2"
    assert h.request("POST", "/v1/jobs/j1/cancel", expect="empty") is None


def test_rate_limit_error_carries_retry_after(make: MakeHarness) -> None:
    h = make(FakeService((429, CONTAINER, {"Retry-After": "30"})), max_retries=0)
    with pytest.raises(RateLimitError) as info:
        h.request("GET", "/v1/jobs")
    assert info.value.retry_after == 30.0


def test_a_flow_can_catch_a_typed_error(make: MakeHarness) -> None:
    from qiskit_runtime_client._effects import Call, Flow, request

    def get_or_none() -> Flow[object]:
        try:
            return (yield from request(Call("GET", "/v1/jobs/missing")))
        except NotFoundError:
            return None

    h = make(FakeService((404, CONTAINER)))
    assert h.run(get_or_none()) is None
