"""Tokens that expire while the user waits: the wait completes and no 401 reaches the user.

Proactive renewal (at 80% of `expires_in`, on the client's clock) must cost exactly one IAM
exchange per renewal point actually reached, and a token revoked early costs exactly one 401,
one forced exchange and one resend.
"""

from __future__ import annotations

import pytest
from qiskit_runtime_client import AuthenticationError, JobStatus, ManualClock, RuntimeClient
from qiskit_runtime_client._constants import TOKEN_RENEW_FRACTION
from qiskit_runtime_client.resources import Job
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import (
    TOKEN_PATH,
    api_requests,
    statuses,
    submissions,
    submit_bell,
    token_exchanges,
)

pytestmark = pytest.mark.emulator


def expected_exchanges(emu: RuntimeEmulator, lifetime: float) -> int:
    """How many exchanges a client renewing at TOKEN_RENEW_FRACTION of `lifetime` needs for
    the API requests in the log (replayed on their emulator timestamps)."""
    needed, token_at = 0, None
    for request in api_requests(emu):
        if token_at is None or request.time - token_at >= TOKEN_RENEW_FRACTION * lifetime:
            needed, token_at = needed + 1, request.time
    return needed


def test_short_token_lifetime_renews_on_schedule_during_a_long_wait(
    emu: RuntimeEmulator, client: RuntimeClient, clock: ManualClock
) -> None:
    emu.token_lifetime = 60
    emu.run_seconds = 900  # ~15 token lifetimes of polling
    job = submit_bell(client)

    assert job.wait() is JobStatus.COMPLETED

    assert all(r.status == 200 for r in api_requests(emu)), "a request met an expired token"
    exchanges = token_exchanges(emu)
    assert len(exchanges) == emu.tokens_issued == expected_exchanges(emu, 60)
    assert emu.tokens_issued >= 900 // 60  # it did renew, many times
    # Each renewal happened just before the request that needed it, and only then.
    requests = emu.requests
    for exchange in exchanges[1:]:
        following = requests[requests.index(exchange) + 1]
        assert following.path.startswith("/api/v1/") and following.time == exchange.time
    assert len(submissions(emu)) == 1 and len(emu.job_ids()) == 1


def test_tokens_revoked_mid_wait_cost_one_401_one_exchange_one_resend(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)

    def revoke_when_running(job: Job, status: JobStatus) -> None:
        if status is JobStatus.RUNNING:
            emu.expire_tokens()

    assert job.wait(callback=revoke_when_running) is JobStatus.COMPLETED

    assert emu.tokens_issued == len(token_exchanges(emu)) == 2
    rejected = [r for r in emu.requests if r.status == 401]
    assert len(rejected) == 1
    # The rejected poll is followed by the exchange, then the same request sent again.
    after = emu.requests[emu.requests.index(rejected[0]) + 1 :][:2]
    assert [r.path for r in after] == [TOKEN_PATH, rejected[0].path]
    assert after[1].status == 200
    assert len(submissions(emu)) == 1 and len(emu.job_ids()) == 1


def test_a_token_revoked_before_submission_costs_one_resend_not_a_second_job(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    client.backends.status("ibm_fez")  # a token is cached...
    emu.expire_tokens()  # ...and revoked before the user submits

    job = submit_bell(client)

    assert statuses(submissions(emu)) == [401, 200]  # a 401 means not acted on: safe to resend
    assert emu.job_ids() == [job.id]
    assert emu.tokens_issued == 2


def test_a_failing_iam_during_renewal_is_retried_and_the_wait_completes(
    emu: RuntimeEmulator, client: RuntimeClient
) -> None:
    job = submit_bell(client)

    def revoke_and_break_iam(job: Job, status: JobStatus) -> None:
        if status is JobStatus.RUNNING:
            emu.expire_tokens()
            emu.inject_errors(503, count=2, path=TOKEN_PATH)

    assert job.wait(callback=revoke_and_break_iam) is JobStatus.COMPLETED

    assert statuses(token_exchanges(emu)) == [200, 503, 503, 200]
    assert emu.tokens_issued == 2
    assert len([r for r in emu.requests if r.status == 401]) == 1


def test_iam_down_gives_an_authentication_error_naming_iam_and_no_api_request(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    emu.inject_html_error(502, count=None, path=TOKEN_PATH)
    with emu.client(clock=clock) as client, pytest.raises(AuthenticationError) as caught:
        client.jobs.get("d0vjjcsucup8k00nl51e")

    message = str(caught.value)
    assert "IAM token exchange" in message and "502" in message and "Bad Gateway" in message
    assert emu.api_key not in message
    assert len(token_exchanges(emu)) == 4  # retried like any idempotent request
    assert api_requests(emu) == []  # never sent without a token, never with the API key
