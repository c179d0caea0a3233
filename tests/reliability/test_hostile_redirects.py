"""Defects 6 and 7: redirects are never followed for API or IAM calls (whatever the caller's
httpx client says), and http:// is refused for hosts other than this machine unless the caller
opts in: otherwise the API key, bearer token, Service-CRN and job bodies would leave."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from qiskit_runtime_client import (
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    RuntimeClient,
    save_account,
)

from ._hostile import API_KEY, CRN, Conn, Req, client_kwargs, hostile, job_json


def _elsewhere(req: Req, conn: Conn) -> None:
    conn.answer(200, job_json("theirs"))


def _elsewhere_iam(req: Req, conn: Conn) -> None:
    conn.answer(200, {"access_token": "stolen", "expires_in": 3600})


@pytest.mark.parametrize("status", [307, 308])
def test_iam_redirects_are_not_followed_even_by_a_following_httpx_client(status: int) -> None:
    with hostile(_elsewhere, iam=_elsewhere_iam) as other:

        def redirecting_iam(req: Req, conn: Conn) -> None:
            conn.answer(status, {}, headers={"Location": other.root + "/identity/token"})

        with hostile(_elsewhere, iam=redirecting_iam) as srv:
            http = httpx.Client(follow_redirects=True)
            with (
                RuntimeClient(**client_kwargs(srv), httpx_client=http) as client,
                pytest.raises(AuthenticationError) as caught,
            ):
                client.jobs.get("j1")
            http.close()
        assert other.requests == []  # the API key never reached the other host
        assert API_KEY not in str(caught.value)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_api_redirects_are_not_followed(method: str) -> None:
    with hostile(_elsewhere) as other:

        def redirecting(req: Req, conn: Conn) -> None:
            conn.answer(307, {}, headers={"Location": other.url + req.target.removeprefix("/api")})

        with hostile(redirecting) as srv:
            http = httpx.Client(follow_redirects=True)
            with (
                RuntimeClient(**client_kwargs(srv, max_retries=0), httpx_client=http) as client,
                pytest.raises(Exception) as caught,
            ):
                if method == "GET":
                    client.jobs.get("j1")
                else:
                    client.jobs.submit(
                        {"program_id": "sampler", "backend": "b", "params": {"pubs": []}}
                    )
            http.close()
        assert other.requests == []  # neither Service-CRN, token nor body went elsewhere
        if method == "GET":
            assert isinstance(caught.value, APIStatusError) and caught.value.status_code == 307
        else:  # outcome unknown: reported with the tag (the look-up is redirected too)
            assert type(caught.value).__name__ == "JobSubmissionUncertainError"


@pytest.mark.parametrize("field", ["url", "iam_url", "IAM_URL", "saved"])
def test_plain_http_to_another_host_is_refused(
    field: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    insecure = "http://quantum.example.com/api"
    kwargs = {"token": API_KEY, "instance": CRN}
    if field == "url":
        kwargs["url"] = insecure
    elif field == "iam_url":
        kwargs["iam_url"] = "http://iam.example.com"
    elif field == "IAM_URL":
        monkeypatch.setenv("IAM_URL", "http://iam.example.com")
    with pytest.raises(ConfigurationError, match="http://") as caught:
        if field == "saved":
            path = tmp_path / "accounts.json"
            save_account(API_KEY, CRN, name="a", url=insecure, filename=path)
            RuntimeClient.from_saved_account("a", filename=path)
        else:
            RuntimeClient(**kwargs)  # type: ignore[arg-type]
    assert API_KEY not in str(caught.value)
    if field != "saved":  # an explicit opt-in allows it
        RuntimeClient(**kwargs, allow_insecure_http=True).close()  # type: ignore[arg-type]


def test_plain_http_to_loopback_is_allowed() -> None:
    with hostile(_elsewhere) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        client.jobs.get("j1")
        assert [r.path for r in srv.api()] == ["/api/v1/jobs/j1"]
