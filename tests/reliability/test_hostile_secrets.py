"""Defect 11: no part of the API key (or a password in a URL) reaches a message or a repr,
whatever encoding the server echoes it in and however the message is cut."""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

import pytest
from qiskit_runtime_client import AuthenticationError, ConfigurationError, RuntimeClient

from ._hostile import API_KEY, CRN, Conn, Req, client_kwargs, hostile, job_json


def _leaks(text: str, secret: str = API_KEY, window: int = 8) -> list[str]:
    """Every run of `window` characters of the secret (in any encoding) found in text."""
    found = []
    for form in {secret, quote(secret, safe=""), quote_plus(secret)}:
        found += [
            form[i : i + window]
            for i in range(len(form) - window + 1)
            if form[i : i + window] in text
        ]
    return found


@pytest.mark.parametrize(
    "body",
    [
        ("x" * 100 + " apikey=" + API_KEY + " rejected").encode(),  # cut at 120 characters
        json.dumps({"errorMessage": "bad key " + quote(API_KEY, safe="")}).encode(),
        json.dumps({"errorMessage": "bad key " + quote_plus(API_KEY)}).encode(),
        json.dumps({"errorMessage": "bad key " + quote(API_KEY, safe="").lower()}).encode(),
        ("grant_type=x&apikey=" + quote_plus(API_KEY)).encode(),
    ],
    ids=["truncated", "url-encoded", "plus-encoded", "lower-hex", "form-echo"],
)
def test_iam_errors_never_show_part_of_the_key(body: bytes) -> None:
    def iam(req: Req, conn: Conn) -> None:
        conn.answer(400, raw_body=body, headers={"Content-Type": "text/plain"})

    with (
        hostile(lambda r, c: c.answer(200, {}), iam=iam) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.jobs.get("j1")
    assert _leaks(str(caught.value)) == []
    assert _leaks(repr(caught.value)) == []


def test_swapping_token_and_instance_does_not_print_the_key() -> None:
    with pytest.raises(ConfigurationError) as caught:
        RuntimeClient(token=CRN, instance=API_KEY)
    assert _leaks(str(caught.value)) == []


def test_a_password_in_the_url_stays_out_of_reprs_and_errors() -> None:
    password = "UrlPassw0rd-Secret"
    with hostile(lambda r, c: c.answer(200, job_json("j1"))) as srv:
        url = srv.url.replace("http://", f"http://user:{password}@")
        iam_url = srv.root.replace("http://", f"http://user:{password}@")
    # the server is gone: every request now fails at the transport level
    client = RuntimeClient(API_KEY, instance=CRN, url=url, iam_url=iam_url, max_retries=0)
    texts = [repr(client), repr(client._connection), repr(client._connection.auth)]
    with pytest.raises(Exception) as caught:
        client.jobs.get("j1")
    client.close()
    texts += [str(caught.value), repr(caught.value)]
    assert [t for t in texts if password in t] == []


@pytest.mark.parametrize(("status", "as_json"), [(400, False), (200, False), (200, True)])
def test_an_api_answer_echoing_the_bearer_token_does_not_show_it(
    status: int, as_json: bool
) -> None:
    from qiskit_runtime_client import APIError

    def echo(req: Req, conn: Conn) -> None:
        token = req.headers["authorization"].removeprefix("Bearer ")
        text = f"<html>bad request, you sent {token} and {quote(token, safe='')}</html>"
        if as_json:  # valid JSON of the wrong shape
            text = json.dumps({"you_sent": token, "again": quote(token, safe="")})
        conn.answer(status, raw_body=text.encode(), headers={"Content-Type": "text/html"})

    with (
        hostile(echo) as srv,
        RuntimeClient(**client_kwargs(srv)) as client,
        pytest.raises(APIError) as caught,
    ):
        client.jobs.get("j1")
    shown = str(caught.value) + repr(vars(caught.value))
    assert "hostile-bearer" not in shown
