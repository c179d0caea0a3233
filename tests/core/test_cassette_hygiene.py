"""Cassette hygiene: no stored cassette holds a secret, all point at the live roots, and the
scanner, filters, URL rewriting and JSON body matcher do what the recording relies on."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from cassette_config import (
    CASSETTE_ROOT,
    FAKE_CRN,
    LIVE_API_ROOT,
    LIVE_IAM_ROOT,
    SCRUBBED_TOKEN,
    cassette_dir_for,
    cassette_files,
    find_secrets,
    json_body_matcher,
    make_request_hook,
    make_response_hook,
)

CASSETTES = list(cassette_files())
JWT = "eyJraWQiOiJlbXUiLCJhbGciOiJIUzI1NiJ9.eyJpYW1faWQiOiJJQk1pZC1lbXUifQ.c2lnbmF0dXJl"


def test_there_are_cassettes() -> None:
    assert len(CASSETTES) >= 4


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: str(p.relative_to(CASSETTE_ROOT)))
def test_cassette_holds_no_secret(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert find_secrets(text) == []
    data = yaml.safe_load(text)
    assert data["version"] == 1 and data["interactions"]
    for interaction in data["interactions"]:
        request = interaction["request"]
        assert request["uri"].startswith((LIVE_API_ROOT + "/", LIVE_IAM_ROOT + "/"))
        headers = {k.lower(): v for k, v in request["headers"].items()}
        if "service-crn" in headers:
            assert headers["service-crn"] == [FAKE_CRN]
        assert "127.0.0.1" not in json.dumps(interaction)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (f'string: \'{{"access_token": "{JWT}"}}\'', "a JWT"),
        ("authorization:\n      - Bearer abcdefgh12345678", "a bearer token"),
        ("Authorization: Bearer abcdefgh12345678", "a bearer token"),
        ("body: grant_type=x&apikey=MyRealKey123", "an apikey value"),
        ('{"apikey": "MyRealKey123"}', "an apikey value"),
        ('{"access_token": "opaque-token-value"}', "an IAM token value"),
        ('{"refresh_token": "opaque-refresh"}', "an IAM token value"),
        ("authorization:\n      - something-else", "an unredacted Authorization header"),
    ],
)
def test_scanner_flags_secrets(text: str, what: str) -> None:
    assert any(finding.startswith(what) for finding in find_secrets(text))


@pytest.mark.parametrize(
    "text",
    [
        "authorization:\n      - REDACTED\n",
        "body: grant_type=x&apikey=REDACTED\n",
        f'{{"access_token": "{SCRUBBED_TOKEN}", "refresh_token": "not_supported"}}',
        "message: token expired, request a new one from IAM",
    ],
)
def test_scanner_accepts_redacted_values(text: str) -> None:
    assert find_secrets(text) == []


def test_scanner_finds_known_secrets_anywhere() -> None:
    assert find_secrets("x plain-key-value y", extra=("plain-key-value",))


def _response(body: Any, headers: dict[str, list[str]] | None = None) -> dict[str, Any]:
    string = body if isinstance(body, bytes) else json.dumps(body).encode()
    return {"status": {"code": 200}, "headers": headers or {}, "body": {"string": string}}


def test_response_hook_scrubs_tokens_and_rewrites_urls() -> None:
    hook = make_response_hook({"http://127.0.0.1:1234/api/v1": LIVE_API_ROOT})
    response = hook(
        _response(
            {
                "access_token": JWT,
                "refresh_token": "real-refresh",
                "expires_in": 3600,
                "nested": [
                    {"id_token": "x", "next": "http://127.0.0.1:1234/api/v1/jobs?offset=10"}
                ],
            },
            {"Content-Length": ["1"], "Set-Cookie": ["session=secret"]},
        )
    )
    body = json.loads(response["body"]["string"])
    assert body["access_token"] == body["refresh_token"] == SCRUBBED_TOKEN
    assert body["nested"][0] == {
        "id_token": SCRUBBED_TOKEN,
        "next": LIVE_API_ROOT + "/jobs?offset=10",
    }
    assert body["expires_in"] == 3600
    assert "Set-Cookie" not in response["headers"]
    assert response["headers"]["Content-Length"] == [str(len(response["body"]["string"]))]


def test_response_hook_leaves_binary_bodies_alone() -> None:
    raw = b"\x89PNG\x00\xff"
    assert make_response_hook({})(_response(raw))["body"]["string"] == raw


def test_request_hook_rewrites_emulator_urls_api_first() -> None:
    hook = make_request_hook(
        {"http://127.0.0.1:5/api/v1": LIVE_API_ROOT, "http://127.0.0.1:5": LIVE_IAM_ROOT}
    )
    api = hook(SimpleNamespace(uri="http://127.0.0.1:5/api/v1/jobs?limit=2"))
    iam = hook(SimpleNamespace(uri="http://127.0.0.1:5/identity/token"))
    assert api.uri == LIVE_API_ROOT + "/jobs?limit=2"
    assert iam.uri == LIVE_IAM_ROOT + "/identity/token"


def _request(body: bytes | str | None, content_type: str = "application/json") -> Any:
    return SimpleNamespace(body=body, headers={"content-type": content_type})


def test_json_body_matcher() -> None:
    a = _request(b'{"program_id": "sampler", "params": {"shots": 10, "pubs": [[1]]}}')
    b = _request('{"params":{"pubs":[[1]],"shots":10},"program_id":"sampler"}')
    json_body_matcher(a, b)  # same JSON, other key order and spacing
    with pytest.raises(AssertionError):
        json_body_matcher(a, _request(b'{"program_id": "estimator", "params": {}}'))
    form = "application/x-www-form-urlencoded"
    json_body_matcher(_request("b=2&a=1", form), _request("a=1&b=2", form))
    with pytest.raises(AssertionError):
        json_body_matcher(_request("a=1", form), _request("a=2", form))
    json_body_matcher(_request(None), _request(b""))
    with pytest.raises(AssertionError):
        json_body_matcher(_request(None), a)


def test_cassette_directory_layout() -> None:
    here = Path(__file__)
    assert cassette_dir_for(here) == str(CASSETTE_ROOT / "core" / "test_cassette_hygiene")
