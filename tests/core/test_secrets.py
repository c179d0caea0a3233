"""No secret (API key, IAM or caller token) in logs at DEBUG, in repr()/str() of any object, or in
any raised exception; and one DEBUG line per attempt."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, ManualClock, RuntimeClient
from qiskit_runtime_client._accounts import account_from_env
from qiskit_runtime_client._effects import Call

from ._fake import API_KEY, CRN, FakeService, Harness, one_call, token_value
from ._loopback import loopback_server

BEARER = "caller-bearer-Xy9_secret"
SECRETS = (API_KEY, BEARER, "s3cr3t", "loopback-token", "loopback-key")


def _exposed(obj: object) -> str:
    """Everything an object shows: str, repr, args and attributes (exceptions), its cause."""
    parts = [str(obj), repr(obj)]
    if isinstance(obj, BaseException):
        parts += [repr(obj.args), repr(vars(obj))]
        if obj.__cause__ is not None:
            parts.append(_exposed(obj.__cause__))
    return "\n".join(parts)


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked"


def _log_text(caplog: pytest.LogCaptureFixture) -> str:
    lines = [caplog.text]
    for record in caplog.records:
        lines.append(record.getMessage())
        lines.append(repr(record.args))
        if record.exc_info and record.exc_info[1] is not None:
            lines.append(_exposed(record.exc_info[1]))
    return "\n".join(lines)


def _scenarios(mode: str) -> tuple[list[BaseException], list[object]]:
    """Run success, retries, a 401 renewal, IAM failures and API errors; return what was raised
    and the objects made along the way."""
    raised: list[BaseException] = []
    objects: list[object] = []

    def attempt(harness: Harness, *calls: Call) -> None:
        objects.extend(
            [harness.client, harness.client._connection, harness.client._connection.auth]
        )
        for c in calls:
            try:
                harness.run(one_call(c))
            except Exception as exc:
                raised.append(exc)
        token = getattr(harness.client._connection.auth, "_token", None)
        if not isinstance(token, str):  # IAMAuth's cached _Token (BearerAuth keeps a plain str)
            objects.append(token)
        harness.close()

    echo_key = {"errorCode": "BXNIM0415E", "errorMessage": f"key {API_KEY} not found"}
    attempt(
        Harness(mode, FakeService((503, ""), (429, "", {"Retry-After": "1"}), (401, ""))),
        Call("GET", "/v1/jobs"),
        Call("POST", "/v1/jobs", json={"program_id": "sampler"}),
    )
    attempt(Harness(mode, FakeService(iam=[(400, echo_key)])), Call("GET", "/v1/jobs"))
    attempt(
        Harness(mode, FakeService(iam=[(200, '{"access_token": "s3cr3t-half')])), Call("GET", "/x")
    )
    attempt(Harness(mode, FakeService(iam=[httpx.ConnectError] * 4)), Call("GET", "/v1/jobs"))
    attempt(
        Harness(
            mode,
            FakeService(
                (500, {"errors": [{"code": "5000", "message": "boom"}], "trace": "t"}),
                (404, "<html><title>Not here</title></html>"),
                (200, "{truncated"),
                (401, ""),
                (401, ""),
                httpx.ReadTimeout,
            ),
            max_retries=0,
        ),
        Call("POST", "/v1/jobs", json={}),
        Call("GET", "/v1/jobs/x"),
        Call("GET", "/v1/jobs/y"),
        Call("GET", "/v1/jobs/z"),
        Call("POST", "/v1/jobs", json={}),
    )
    attempt(
        Harness(mode, FakeService((401, ""), httpx.ConnectError), bearer_token=BEARER),
        Call("GET", "/v1/jobs"),
        Call("POST", "/v1/jobs", json={}),
    )
    return raised, objects


def test_no_secret_in_debug_logs_reprs_or_errors(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    raised, objects = _scenarios(mode)
    assert len(raised) >= 8  # the scenarios did fail where intended
    _assert_clean(_log_text(caplog))
    for exc in raised:
        _assert_clean(_exposed(exc))
    for obj in objects:
        _assert_clean(_exposed(obj))
    # The scenarios did log, and the tokens did reach the fake service.
    assert "qiskit_runtime_client" in {r.name for r in caplog.records}


def test_no_secret_in_debug_logs_over_real_sockets(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # includes httpcore's connection-level logs
    with loopback_server() as (root, state):
        state.revoked.add("loopback-token-1")
        state.statuses = [429]
        options: dict[str, Any] = {
            "token": "loopback-key",
            "instance": CRN,
            "url": root + "/api/v1",
            "iam_url": root,
            "clock": ManualClock(),
        }
        if mode == "sync":
            with RuntimeClient(**options) as client:
                client._runner.run(one_call(Call("POST", "/v1/jobs", json={"a": 1})))
        else:

            async def main() -> None:
                async with AsyncRuntimeClient(**options) as client:
                    await client._runner.run(one_call(Call("POST", "/v1/jobs", json={"a": 1})))

            asyncio.run(main())
    assert state.tokens_issued == 2
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    _assert_clean(_log_text(caplog))


def test_account_repr_hides_the_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", API_KEY)
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", CRN)
    account = account_from_env()
    assert account is not None and account.token == API_KEY
    _assert_clean(repr(account) + str(account))


def test_one_log_line_per_attempt(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="qiskit_runtime_client")
    h = Harness(mode, FakeService((503, ""), (502, "")))
    h.request("GET", "/v1/jobs/j1")
    h.close()
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "qiskit_runtime_client" and "/v1/jobs/j1" in r.getMessage()
    ]
    assert len(lines) == 3
    for number, (line, status) in enumerate(zip(lines, ["503", "502", "200"], strict=True), 1):
        assert line.startswith("GET quantum.cloud.ibm.com/api/v1/jobs/j1 -> " + status)
        assert f"(attempt {number} of 4)" in line
        assert " in " in line and "s" in line  # elapsed seconds
    assert "retrying in" in lines[0] and "retrying in" not in lines[2]
    levels = [r.levelno for r in caplog.records if "/v1/jobs/j1" in r.getMessage()]
    assert levels == [logging.WARNING, logging.WARNING, logging.DEBUG]  # retries are warnings
    assert token_value(1) not in "\n".join(lines)
