"""client.raw: generated operations called directly go through the client's auth, headers,
retries and timeouts."""

from __future__ import annotations

import asyncio

import httpx
from qiskit_runtime_api.models.list_tags_response import ListTagsResponse
from qiskit_runtime_client import AsyncRuntimeClient, ManualClock, RuntimeClient

from ._fake import API_KEY, API_ROOT, CRN, FakeService, token_value


def _check(request: httpx.Request, token: str) -> None:
    assert str(request.url) == f"{API_ROOT}/v1/tags?type=job&search=abc"
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
    assert isinstance(response.parsed, ListTagsResponse)
    assert response.parsed.tags == ["abc-1", "xabc"]
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
            assert isinstance(response.parsed, ListTagsResponse)
            return list(response.parsed.tags or [])

    assert asyncio.run(main()) == ["abc"]
    assert len(service.api_requests) == 2
    for request in service.api_requests:
        _check(request, token_value(1))


def test_raw_of_a_with_options_copy_carries_the_copys_settings() -> None:
    from qiskit_runtime_api.api.tags import list_tags

    service = FakeService((503, ""), (503, ""))
    with RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler), clock=ManualClock()
    ) as client:
        copy = client.with_options(api_version="2025-05-01", timeout=9.0, max_retries=0)
        assert list_tags.sync_detailed(client=copy.raw, search="abc").status_code == 503
        assert list_tags.sync_detailed(client=client.raw, search="abc").status_code == 200
    once, *original = service.api_requests
    assert once.headers["ibm-api-version"] == "2025-05-01"
    assert once.extensions["timeout"]["read"] == 9.0
    assert once.headers["authorization"] == f"Bearer {token_value(1)}"
    assert len(original) == 2  # the original retried its 503; the copy (max_retries=0) did not
    assert original[0].headers["ibm-api-version"] == "2026-04-15"


def test_raw_of_an_async_copy_carries_the_copys_settings() -> None:
    from qiskit_runtime_api.api.tags import list_tags

    service = FakeService((503, ""))

    async def main() -> int:
        async with AsyncRuntimeClient(
            API_KEY,
            instance=CRN,
            transport=httpx.MockTransport(service.async_handler),
            clock=ManualClock(),
        ) as client:
            copy = client.with_options(api_version="2025-05-01", max_retries=0)
            response = await list_tags.asyncio_detailed(client=copy.raw, search="abc")
            return int(response.status_code)

    assert asyncio.run(main()) == 503
    (request,) = service.api_requests
    assert request.headers["ibm-api-version"] == "2025-05-01"
