"""IAM auth: one cached token, renewed at 80% of its life, one exchange under concurrency, a 401
forcing one renewal and one resend, and failures that say what failed without leaking the key."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from qiskit_runtime_client import (
    APIConnectionError,
    AsyncRuntimeClient,
    AuthenticationError,
    ManualClock,
    RuntimeClient,
)
from qiskit_runtime_client._effects import Call

from ._fake import API_KEY, CRN, FakeService, one_call, token_value
from .conftest import MakeHarness


def _auth_header(request: httpx.Request) -> str:
    return request.headers["authorization"]


def test_token_is_cached(make: MakeHarness) -> None:
    h = make(FakeService())
    for _ in range(5):
        h.request()
    assert len(h.service.iam_requests) == 1
    assert {_auth_header(r) for r in h.service.api_requests} == {f"Bearer {token_value(1)}"}


def test_token_is_renewed_at_80_percent_of_its_life(make: MakeHarness) -> None:
    h = make(FakeService(expires_in=100))
    h.request()
    h.clock.advance(79.9)
    h.request()
    assert len(h.service.iam_requests) == 1
    h.clock.advance(0.1)  # 80 s of 100 s
    h.request()
    assert len(h.service.iam_requests) == 2
    assert _auth_header(h.service.api_requests[-1]) == f"Bearer {token_value(2)}"
    # The new token's life counts from when it was received.
    h.clock.advance(79.9)
    h.request()
    assert len(h.service.iam_requests) == 2


def test_expiry_uses_expires_in_not_the_absolute_expiration(make: MakeHarness) -> None:
    # The fake's `expiration` is a fixed timestamp in 2030; only expires_in must count.
    h = make(FakeService(expires_in=10))
    h.request()
    h.clock.advance(8)
    h.request()
    assert len(h.service.iam_requests) == 2


def test_401_forces_one_renewal_and_one_resend(make: MakeHarness) -> None:
    h = make(FakeService((401, {"errors": [{"code": "1201", "message": "expired"}]})))
    assert h.request("POST", "/v1/jobs", json={"a": 1}) == {"ok": True}
    first, second = h.service.api_requests
    assert _auth_header(first) == f"Bearer {token_value(1)}"
    assert _auth_header(second) == f"Bearer {token_value(2)}"
    assert first.content == second.content
    assert len(h.service.iam_requests) == 2


def test_second_401_surfaces_as_authentication_error(make: MakeHarness) -> None:
    body = {"errors": [{"code": "1200", "message": "not authorized"}], "trace": "t-1"}
    h = make(FakeService((401, body), (401, body)))
    with pytest.raises(AuthenticationError) as info:
        h.request()
    assert info.value.status_code == 401
    assert info.value.codes == ("1200",)
    assert len(h.service.api_requests) == 2
    assert len(h.service.iam_requests) == 2


def test_401_with_caller_bearer_token_is_not_renewed(make: MakeHarness) -> None:
    h = make(FakeService((401, "")), bearer_token="caller-token")
    with pytest.raises(AuthenticationError):
        h.request()
    assert len(h.service.api_requests) == 1
    assert h.service.iam_requests == []


@pytest.mark.parametrize(
    ("iam_reply", "words"),
    [
        (
            (
                400,
                {"errorCode": "BXNIM0415E", "errorMessage": "Provided API key could not be found."},
            ),
            ["IAM token exchange", "HTTP 400", "BXNIM0415E", "could not be found"],
        ),
        ((401, "<html><title>Denied</title></html>"), ["HTTP 401", "non-JSON", "Denied"]),
        ((403, ""), ["HTTP 403", "empty answer"]),
        ((200, {"token_type": "Bearer"}), ["unusable answer", "access_token"]),
        ((200, '{"access_token": "tru'), ["unusable answer"]),
        ((200, {"access_token": 12345, "expires_in": 3600}), ["unusable answer"]),
    ],
)
def test_failed_exchange_says_what_failed_and_sends_nothing_to_the_api(
    make: MakeHarness, iam_reply: tuple[int, object], words: list[str]
) -> None:
    h = make(FakeService(iam=[iam_reply]))
    with pytest.raises(AuthenticationError) as info:
        h.request("POST", "/v1/jobs", json={})
    for word in words:
        assert word in str(info.value)
    assert "https://iam.cloud.ibm.com/identity/token" in str(info.value)
    assert h.service.api_requests == []
    assert API_KEY not in str(info.value)


def test_exchange_failing_with_5xx_after_retries(make: MakeHarness) -> None:
    h = make(FakeService(iam=[(503, "")] * 4))
    with pytest.raises(AuthenticationError, match="HTTP 503"):
        h.request()
    assert len(h.service.iam_requests) == 4
    assert h.service.api_requests == []


def test_unreachable_iam_is_named_and_the_api_request_counts_as_unsent(make: MakeHarness) -> None:
    h = make(FakeService(iam=[httpx.ConnectError] * 4))
    with pytest.raises(APIConnectionError) as info:
        h.request("POST", "/v1/jobs", json={})
    assert "token exchange at https://iam.cloud.ibm.com/identity/token" in str(info.value)
    assert info.value.request_sent is False
    assert h.service.api_requests == []


def test_iam_echoing_the_key_is_redacted(make: MakeHarness) -> None:
    h = make(FakeService(iam=[(400, {"errorMessage": f"bad key {API_KEY}"})]))
    with pytest.raises(AuthenticationError) as info:
        h.request()
    assert API_KEY not in str(info.value)
    assert "<api key>" in str(info.value)


def test_the_api_key_goes_only_to_iam(make: MakeHarness) -> None:
    h = make(FakeService((401, ""), (503, "")))
    h.request("POST", "/v1/jobs", json={"program_id": "sampler"}, idempotent=True)
    for request in h.service.api_requests:
        everything = str(request.url) + str(request.headers.raw) + request.content.decode()
        assert API_KEY not in everything
        assert not request.headers["authorization"].lower().startswith("apikey")
    assert all(API_KEY in r.content.decode() for r in h.service.iam_requests)


def test_failed_renewal_does_not_fall_back_to_the_key(make: MakeHarness) -> None:
    first = (200, {"access_token": "t1", "expires_in": 3600})
    h = make(FakeService((401, ""), iam=[first, *[(500, "")] * 4]))
    with pytest.raises(AuthenticationError, match="HTTP 500"):
        h.request()
    assert len(h.service.api_requests) == 1
    assert _auth_header(h.service.api_requests[0]) == "Bearer t1"


# --- concurrency: one exchange however many ask at once ----------------------------------------


def test_many_threads_share_one_exchange() -> None:
    service = FakeService(iam_delay=0.05)
    client = RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler), clock=ManualClock()
    )
    start = threading.Barrier(20)
    results: list[object] = []

    def worker() -> None:
        start.wait()
        results.append(client._runner.run(one_call(Call("GET", "/v1/jobs"))))

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert results == [{"ok": True}] * 20
    assert len(service.iam_requests) == 1
    assert {_auth_header(r) for r in service.api_requests} == {f"Bearer {token_value(1)}"}


def test_many_threads_hit_by_401_renew_once() -> None:
    service = FakeService(iam_delay=0.02)
    client = RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler), clock=ManualClock()
    )
    client._runner.run(one_call(Call("GET", "/warm-up")))  # fetches token 1
    service.revoked.add(token_value(1))
    start = threading.Barrier(20)
    results: list[object] = []

    def worker() -> None:
        start.wait()
        results.append(client._runner.run(one_call(Call("GET", "/v1/jobs"))))

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.close()
    assert results == [{"ok": True}] * 20
    assert service.tokens_issued == 2  # one renewal for all the threads that met the 401


def test_many_tasks_share_one_exchange() -> None:
    service = FakeService(iam_delay=0.02)

    async def main() -> list[object]:
        async with AsyncRuntimeClient(
            API_KEY,
            instance=CRN,
            transport=httpx.MockTransport(service.async_handler),
            clock=ManualClock(),
        ) as client:
            return list(
                await asyncio.gather(
                    *(client._runner.run(one_call(Call("GET", "/v1/jobs"))) for _ in range(50))
                )
            )

    assert asyncio.run(main()) == [{"ok": True}] * 50
    assert len(service.iam_requests) == 1
    assert len(service.api_requests) == 50
    assert {_auth_header(r) for r in service.api_requests} == {f"Bearer {token_value(1)}"}


def test_auth_survives_a_new_event_loop() -> None:
    service = FakeService()
    client = AsyncRuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.async_handler)
    )
    for _ in range(2):  # each asyncio.run has its own loop (and its own asyncio.Lock)
        assert asyncio.run(client._runner.run(one_call(Call("GET", "/v1/jobs")))) == {"ok": True}
    assert len(service.iam_requests) == 1
