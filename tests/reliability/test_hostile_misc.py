"""Defects 14, 15 and 16 (token lifetime): header values with CR/LF are refused before anything
is sent (and never retried); `client.raw` ids '.' and '..' never reach another endpoint; an IAM
lifetime that makes no sense does not cause one token exchange per call."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import (
    AuthenticationError,
    ConfigurationError,
    JobSubmissionUncertainError,
    RuntimeClient,
)

from ._hostile import API_KEY, CRN, Conn, Req, client_kwargs, hostile, job_json


def _ok(req: Req, conn: Conn) -> None:
    conn.answer(200, job_json("j1"))


@pytest.mark.parametrize("crn", [CRN + "\r\nX-Injected: 1", CRN + "\n", "crn:v1 :x:y:z:w:v:u::"])
def test_a_crn_with_line_breaks_or_spaces_is_refused_at_construction(crn: str) -> None:
    with hostile(_ok) as srv:
        with pytest.raises(ConfigurationError, match="instance"):
            RuntimeClient(**client_kwargs(srv, instance=crn))
        assert srv.requests == []


def test_a_token_with_line_breaks_is_refused_once_and_never_sent() -> None:
    def iam(req: Req, conn: Conn) -> None:
        conn.answer(200, {"access_token": "abc\r\nX-Injected: 1", "expires_in": 3600})

    body = {"program_id": "sampler", "backend": "ibm_fez", "params": {"pubs": []}}
    with hostile(_ok, iam=iam) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        with pytest.raises(AuthenticationError):
            client.jobs.get("j1")
        with pytest.raises(AuthenticationError) as caught:
            client.jobs.submit(body)  # not "may have been created": nothing was sent
        assert not isinstance(caught.value, JobSubmissionUncertainError)
        assert srv.api() == []
        assert len(srv.requests) == 2  # one exchange per call, no retries


@pytest.mark.parametrize("job_id", [".", ".."])
def test_raw_ids_dot_and_dot_dot_never_reach_another_endpoint(job_id: str) -> None:
    from qiskit_runtime_api.api.jobs import delete_job, get_job

    with hostile(_ok) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        for module in (delete_job, get_job):
            with pytest.raises(ValueError, match=r"'\.' or '\.\.'"):
                module.sync_detailed(job_id, client=client.raw)
        assert srv.api() == []


@pytest.mark.parametrize("expires_in", ["NaN", "0", "-5", "Infinity", '"soon"'])
def test_a_senseless_token_lifetime_does_not_cost_an_exchange_per_call(expires_in: str) -> None:
    def iam(req: Req, conn: Conn) -> None:
        body = '{"access_token": "tok", "expires_in": ' + expires_in + "}"
        conn.answer(200, raw_body=body.encode())

    with hostile(_ok, iam=iam) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        for _ in range(5):
            client.jobs.get("j1")
        exchanges = [r for r in srv.requests if r.path == "/identity/token"]
        assert len(exchanges) == 1
        assert API_KEY not in repr(client)
