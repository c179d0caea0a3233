"""client.raw: generated operations called directly go through the client's auth, headers,
retries and timeouts."""

from __future__ import annotations

import asyncio

import httpx
from qiskit_runtime_client import AsyncRuntimeClient, ManualClock, RuntimeClient

from ._fake import API_KEY, API_ROOT, CRN, FakeService, token_value


def _check(request: httpx.Request, token: str) -> None:
    assert str(request.url) == f"{API_ROOT}/tags?type=job&search=abc"
    assert request.headers["authorization"] == f"Bearer {token}"
    assert request.headers["service-crn"] == CRN
    assert request.headers["ibm-api-version"] == "2026-04-15"
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("qiskit-runtime-client/")
    assert request.extensions["timeout"]["read"] == 60.0


def test_raw_sync_call_uses_auth_headers_and_retries() -> None:
    from qiskit_runtime_api.api.tags import list_tags

    service = FakeService((503, ""), (401, ""), (200, {"tags": ["abc-1", "xabc"]}))
    clock = ManualClock()
    with RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler), clock=clock
    ) as client:
        assert client.raw is client.raw
        response = list_tags.sync_detailed(client=client.raw, search="abc")
    assert response.status_code == 200
    assert response.parsed is not None and response.parsed.tags == ["abc-1", "xabc"]
    first, retried, resent = service.api_requests
    _check(first, token_value(1))
    _check(retried, token_value(1))  # 503 retried by the transport
    _check(resent, token_value(2))  # 401 -> renewed and resent by the auth
    assert len(clock.sleeps) == 1


def test_raw_async_call_uses_auth_headers_and_retries() -> None:
    from qiskit_runtime_api.api.tags import list_tags

    service = FakeService((502, ""), (200, {"tags": ["abc"]}))

    async def main() -> list[str]:
        async with AsyncRuntimeClient(
            API_KEY,
            instance=CRN,
            transport=httpx.MockTransport(service.async_handler),
            clock=ManualClock(),
        ) as client:
            response = await list_tags.asyncio_detailed(client=client.raw, search="abc")
            assert response.parsed is not None
            return list(response.parsed.tags or [])

    assert asyncio.run(main()) == ["abc"]
    assert len(service.api_requests) == 2
    for request in service.api_requests:
        _check(request, token_value(1))
