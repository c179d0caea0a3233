"""Which failed attempts are sent again, after how long: the pure policy and both transports."""

from __future__ import annotations

import email.utils
import logging
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from qiskit_runtime_client import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)
from qiskit_runtime_client._constants import MAX_RETRY_AFTER, RETRY_MAX_DELAY
from qiskit_runtime_client._retry import backoff_delay, decide_retry, parse_retry_after

from ._fake import FakeService
from .conftest import MakeHarness

IDEMPOTENT = ["GET", "PUT", "DELETE", "PATCH"]
RETRIED_STATUSES = [429, 500, 502, 503, 504, 520, 521, 522, 523, 524]
NOT_RETRIED_STATUSES = [400, 403, 404, 409, 418, 422, 501, 505]
#: Failures where the connection was never made: the server cannot have seen the request.
NEVER_SENT = [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
#: Failures after the request may have reached the server.
MAYBE_SENT = [
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
]


# --- the pure decision -----------------------------------------------------------------------


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize("status", RETRIED_STATUSES)
def test_idempotent_methods_retry_retryable_statuses(method: str, status: int) -> None:
    decision = decide_retry(method=method, attempt=0, max_retries=3, status=status)
    assert decision.retry


@pytest.mark.parametrize("method", [*IDEMPOTENT, "POST"])
@pytest.mark.parametrize("status", NOT_RETRIED_STATUSES)
def test_other_statuses_are_never_retried(method: str, status: int) -> None:
    assert not decide_retry(method=method, attempt=0, max_retries=3, status=status).retry


@pytest.mark.parametrize("status", RETRIED_STATUSES)
def test_post_is_retried_only_on_429(status: int) -> None:
    decision = decide_retry(method="POST", attempt=0, max_retries=3, status=status)
    assert decision.retry is (status == 429)


@pytest.mark.parametrize("method", [*IDEMPOTENT, "POST"])
@pytest.mark.parametrize("error", NEVER_SENT)
def test_failures_before_sending_are_retried_for_every_method(
    method: str, error: type[httpx.TransportError]
) -> None:
    assert decide_retry(method=method, attempt=0, max_retries=3, error=error("x")).retry


@pytest.mark.parametrize("error", MAYBE_SENT)
def test_failures_after_sending_retry_idempotent_methods_only(
    error: type[httpx.TransportError],
) -> None:
    for method in IDEMPOTENT:
        assert decide_retry(method=method, attempt=0, max_retries=3, error=error("x")).retry
    assert not decide_retry(method="POST", attempt=0, max_retries=3, error=error("x")).retry


def test_explicit_idempotent_flag_overrides_the_method() -> None:
    assert decide_retry(method="POST", attempt=0, max_retries=3, status=503, idempotent=True).retry
    assert not decide_retry(
        method="GET", attempt=0, max_retries=3, status=503, idempotent=False
    ).retry


def test_no_retry_once_attempts_are_exhausted() -> None:
    assert decide_retry(method="GET", attempt=2, max_retries=3, status=503).retry
    assert not decide_retry(method="GET", attempt=3, max_retries=3, status=503).retry
    assert not decide_retry(method="GET", attempt=0, max_retries=0, status=503).retry


def test_backoff_grows_exponentially_and_is_capped() -> None:
    full = [backoff_delay(n, rand=lambda: 1.0) for n in range(8)]
    assert full == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0, 8.0]
    assert backoff_delay(50, rand=lambda: 1.0) == RETRY_MAX_DELAY
    # Jitter scales each delay to 50-100% of its base.
    assert backoff_delay(3, rand=lambda: 0.0) == 2.0


def test_retry_after_seconds_are_the_delay() -> None:
    decision = decide_retry(method="GET", attempt=0, max_retries=3, status=429, retry_after="7")
    assert decision.retry and decision.delay == 7.0


def test_retry_after_http_date_is_converted_to_seconds() -> None:
    now = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
    header = email.utils.format_datetime(now + timedelta(seconds=42), usegmt=True)
    assert parse_retry_after(header, now=now) == 42.0
    assert parse_retry_after(email.utils.format_datetime(now - timedelta(seconds=5)), now=now) == 0


@pytest.mark.parametrize("value", ["", "soon", "-3", None])
def test_unreadable_or_negative_retry_after(value: str | None) -> None:
    parsed = parse_retry_after(value)
    assert parsed is None or parsed == 0.0


def test_retry_after_beyond_the_limit_is_not_waited_for() -> None:
    too_long = str(int(MAX_RETRY_AFTER) + 1)
    decision = decide_retry(
        method="GET", attempt=0, max_retries=3, status=503, retry_after=too_long
    )
    assert not decision.retry
    assert decide_retry(
        method="GET", attempt=0, max_retries=3, status=503, retry_after=str(int(MAX_RETRY_AFTER))
    ).retry


# --- through the sync and async transports -----------------------------------------------------


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize("status", RETRIED_STATUSES)
def test_transport_resends_after_retryable_status(
    make: MakeHarness, method: str, status: int
) -> None:
    h = make(FakeService((status, {"errors": [{"code": "x", "message": "busy"}]})))
    assert h.request(method, "/v1/jobs/j1") == {"ok": True}
    assert [r.method for r in h.service.api_requests] == [method, method]
    assert len(h.clock.sleeps) == 1
    assert 0 < h.clock.sleeps[0] <= RETRY_MAX_DELAY


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize("error", NEVER_SENT + MAYBE_SENT)
def test_transport_resends_idempotent_after_transport_failure(
    make: MakeHarness, method: str, error: type[httpx.TransportError]
) -> None:
    h = make(FakeService(error, error))
    assert h.request(method, "/v1/jobs/j1") == {"ok": True}
    assert len(h.service.api_requests) == 3
    assert len(h.clock.sleeps) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504, 520, 521, 522, 523, 524])
def test_post_jobs_is_not_resent_after_5xx(make: MakeHarness, status: int) -> None:
    h = make(FakeService((status, {"errors": [{"code": "5000", "message": "oops"}]})))
    with pytest.raises(ServerError) as info:
        h.request("POST", "/v1/jobs", json={"program_id": "sampler"})
    assert info.value.status_code == status
    assert len(h.service.api_requests) == 1
    assert h.clock.sleeps == []


def test_post_jobs_is_resent_after_429(make: MakeHarness) -> None:
    h = make(FakeService((429, {"errors": [{"code": "1202", "message": "Too many requests"}]})))
    assert h.request("POST", "/v1/jobs", json={"program_id": "sampler"}) == {"ok": True}
    assert len(h.service.api_requests) == 2
    assert h.service.api_requests[0].content == h.service.api_requests[1].content


@pytest.mark.parametrize("error", NEVER_SENT)
def test_post_jobs_is_resent_when_the_connection_was_never_made(
    make: MakeHarness, error: type[httpx.TransportError]
) -> None:
    h = make(FakeService(error))
    assert h.request("POST", "/v1/jobs", json={"program_id": "sampler"}) == {"ok": True}
    assert len(h.service.api_requests) == 2


@pytest.mark.parametrize("error", MAYBE_SENT)
def test_post_jobs_is_not_resent_after_the_request_may_have_arrived(
    make: MakeHarness, error: type[httpx.TransportError]
) -> None:
    h = make(FakeService(error))
    expected = APITimeoutError if issubclass(error, httpx.TimeoutException) else APIConnectionError
    with pytest.raises(expected) as info:
        h.request("POST", "/v1/jobs", json={"program_id": "sampler"})
    assert info.value.request_sent is True
    assert len(h.service.api_requests) == 1


def test_connect_failure_reports_request_not_sent(make: MakeHarness) -> None:
    h = make(FakeService(*[httpx.ConnectError] * 4))
    with pytest.raises(APIConnectionError) as info:
        h.request("POST", "/v1/jobs", json={})
    assert info.value.request_sent is False
    assert not isinstance(info.value, APITimeoutError)
    assert len(h.service.api_requests) == 4  # 1 + max_retries (3)


def test_retries_stop_after_max_retries_with_capped_backoff(make: MakeHarness) -> None:
    h = make(FakeService(*[(503, "")] * 20), max_retries=8)
    with pytest.raises(ServerError):
        h.request("GET", "/v1/jobs")
    assert len(h.service.api_requests) == 9
    assert len(h.clock.sleeps) == 8
    assert all(0 < s <= RETRY_MAX_DELAY for s in h.clock.sleeps)
    # The bases double up to the cap: late delays are never below half the cap.
    assert min(h.clock.sleeps[4:]) >= RETRY_MAX_DELAY / 2


def test_max_retries_zero_sends_once(make: MakeHarness) -> None:
    h = make(FakeService((503, "")), max_retries=0)
    with pytest.raises(ServerError):
        h.request("GET", "/v1/jobs")
    assert len(h.service.api_requests) == 1


def test_retry_after_seconds_is_slept_through_the_clock(make: MakeHarness) -> None:
    h = make(FakeService((429, "", {"Retry-After": "7"}), (503, "", {"Retry-After": "0"})))
    assert h.request("GET", "/v1/jobs") == {"ok": True}
    assert h.clock.sleeps == [7.0, 0.0]


def test_retry_after_http_date_is_honoured(make: MakeHarness) -> None:
    when = email.utils.formatdate(time.time() + 60, usegmt=True)
    h = make(FakeService((503, "", {"Retry-After": when})))
    assert h.request("GET", "/v1/jobs") == {"ok": True}
    (slept,) = h.clock.sleeps
    assert 50 < slept <= 60


def test_retry_after_over_the_limit_raises_at_once(make: MakeHarness) -> None:
    h = make(
        FakeService(
            (429, {"errors": [{"code": "1202", "message": "slow"}]}, {"Retry-After": "300"})
        )
    )
    with pytest.raises(RateLimitError) as info:
        h.request("GET", "/v1/jobs")
    assert info.value.retry_after == 300.0
    assert len(h.service.api_requests) == 1
    assert h.clock.sleeps == []


def test_call_can_mark_post_idempotent(make: MakeHarness) -> None:
    h = make(FakeService((502, "")))
    assert h.request("POST", "/v1/sessions/s1/close", idempotent=True) == {"ok": True}
    assert len(h.service.api_requests) == 2


def test_with_options_max_retries_applies_to_the_copy_only(make: MakeHarness) -> None:
    h = make(FakeService((503, ""), (503, "")))
    from qiskit_runtime_client._effects import Call

    from ._fake import one_call

    with pytest.raises(ServerError):
        h.run(one_call(Call("GET", "/v1/jobs")), client=h.client.with_options(max_retries=0))
    assert len(h.service.api_requests) == 1
    assert h.request("GET", "/v1/jobs") == {"ok": True}  # the original still retries
    assert len(h.service.api_requests) == 3


def test_iam_exchange_is_retried_on_server_errors(make: MakeHarness) -> None:
    h = make(FakeService(iam=[(503, "down"), httpx.ConnectError]))
    assert h.request("GET", "/v1/jobs") == {"ok": True}
    assert len(h.service.iam_requests) == 3
    assert len(h.clock.sleeps) == 2


def test_retry_after_http_date_beyond_the_limit_is_not_waited_for() -> None:
    far = "Fri, 01 Jan 2100 00:00:00 GMT"
    assert not decide_retry(
        method="GET", attempt=0, max_retries=3, status=429, retry_after=far
    ).retry


def test_a_request_that_cannot_be_encoded_is_never_retried() -> None:
    # h11 refuses a header with CR/LF: our own request is malformed, so sending it again cannot
    # help (a GET used to be tried four times and a submission said it "may have been created").
    error = httpx.LocalProtocolError("Illegal header value")
    assert not decide_retry(method="GET", attempt=0, max_retries=3, error=error).retry


# --- what a retry tells the caller's logs ------------------------------------------------------


def _retry_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name == "qiskit_runtime_client" and r.levelno == logging.WARNING
    ]


def test_each_retry_is_a_warning_naming_the_call_the_outcome_and_the_wait(
    make: MakeHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="qiskit_runtime_client")
    h = make(FakeService((503, ""), httpx.ReadTimeout))
    assert h.request("GET", "/v1/jobs/j1?tags=secret-tag") == {"ok": True}

    messages = [r.getMessage() for r in _retry_records(caplog)]
    assert len(messages) == 2  # two retries; the successful third attempt is not a warning
    assert messages[0].startswith("GET quantum.cloud.ibm.com/api/v1/jobs/j1 -> 503 in ")
    assert "(attempt 1 of 4); retrying in " in messages[0]
    assert messages[0].endswith(": status 503")
    assert messages[1].startswith("GET quantum.cloud.ibm.com/api/v1/jobs/j1 -> ReadTimeout (")
    assert "(attempt 2 of 4)" in messages[1]
    assert "secret-tag" not in " ".join(messages)  # queries are not logged


def test_a_final_failure_and_a_refused_retry_are_not_warnings(
    make: MakeHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="qiskit_runtime_client")
    h = make(FakeService((503, ""), (503, ""), (503, "")), max_retries=1)
    with pytest.raises(ServerError):
        h.request("GET", "/v1/jobs")
    with pytest.raises(ServerError):
        h.request("POST", "/v1/jobs", json={})  # never resent after a 5xx

    assert len(_retry_records(caplog)) == 1  # only the one retry of the GET
