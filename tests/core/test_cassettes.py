"""Recorded conversations (tests/cassettes/core/test_cassettes/): the IAM exchange and first call,
renewal after expiry, and 401 recovery, replayed with record mode "none".

Re-record from the emulator with `make cassettes` (scripts/record_cassettes.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from cassette_config import (
    FAKE_CRN,
    LIVE_API_ROOT,
    LIVE_IAM_ROOT,
    REDACTED,
    SCRUBBED_TOKEN,
    CassetteTarget,
)

pytestmark = [pytest.mark.vcr, pytest.mark.block_network]


def _interactions(cassette: Any) -> list[tuple[str, str, int]]:
    """(method, uri, status) of every recorded interaction, in order."""
    return [
        (request.method, request.uri, response["status"]["code"])
        for request, response in cassette.data
    ]


def _assert_fully_played(cassette: Any) -> None:
    if not cassette.write_protected:  # recording: nothing is played back
        return
    assert cassette.play_count == len(cassette.data), "a recorded request was not made"
    assert cassette.all_played


def test_iam_exchange_and_first_call(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        backends = client.backends.list()
        assert backends and all(b.name for b in backends)
        assert client._connection.auth.exchanges == 1
    assert _interactions(vcr) == [
        ("POST", f"{LIVE_IAM_ROOT}/identity/token", 200),
        ("GET", f"{LIVE_API_ROOT}/backends", 200),
    ]
    (iam_request, iam_response), (api_request, _) = vcr.data
    assert b"apikey=" + REDACTED.encode() in iam_request.body
    assert SCRUBBED_TOKEN in iam_response["body"]["string"].decode()
    assert api_request.headers["authorization"] == REDACTED
    assert api_request.headers["service-crn"] == FAKE_CRN
    assert api_request.headers["ibm-api-version"] == "2026-04-15"
    _assert_fully_played(vcr)


def test_async_iam_exchange_and_first_call(vcr: Any, cassette_target: CassetteTarget) -> None:
    async def main() -> list[Any]:
        async with cassette_target.async_client() as client:
            return list(await client.backends.list())

    assert asyncio.run(main())
    assert [method for method, _, _ in _interactions(vcr)] == ["POST", "GET"]
    _assert_fully_played(vcr)


@pytest.mark.emulator_options(token_lifetime=100)
def test_token_renewal_after_expiry(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        client.backends.list()
        cassette_target.clock.advance(79)  # 79 s of a 100 s token: still fresh
        client.backends.status("ibm_fez")
        cassette_target.clock.advance(2)  # past 80%: renewed before the next call
        client.backends.list()
        assert client._connection.auth.exchanges == 2
    assert _interactions(vcr) == [
        ("POST", f"{LIVE_IAM_ROOT}/identity/token", 200),
        ("GET", f"{LIVE_API_ROOT}/backends", 200),
        ("GET", f"{LIVE_API_ROOT}/backends/ibm_fez/status", 200),
        ("POST", f"{LIVE_IAM_ROOT}/identity/token", 200),
        ("GET", f"{LIVE_API_ROOT}/backends", 200),
    ]
    _assert_fully_played(vcr)


def test_401_recovery(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        client.backends.list()
        cassette_target.expire_tokens()  # the service stops accepting the cached token
        status = client.backends.status("ibm_fez")
        assert status is not None
        assert client._connection.auth.exchanges == 2
    assert _interactions(vcr) == [
        ("POST", f"{LIVE_IAM_ROOT}/identity/token", 200),
        ("GET", f"{LIVE_API_ROOT}/backends", 200),
        ("GET", f"{LIVE_API_ROOT}/backends/ibm_fez/status", 401),
        ("POST", f"{LIVE_IAM_ROOT}/identity/token", 200),
        ("GET", f"{LIVE_API_ROOT}/backends/ibm_fez/status", 200),
    ]
    _assert_fully_played(vcr)
