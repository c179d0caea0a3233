"""Client construction: where requests go, what every request carries, and argument checks."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import qiskit_runtime_client
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    ClientClosedError,
    ConfigurationError,
    ManualClock,
    RuntimeClient,
)
from qiskit_runtime_client._effects import Call

from ._fake import API_KEY, API_ROOT, CRN, FakeService, one_call, token_value
from .conftest import MakeHarness

EU_CRN = "crn:v1:bluemix:public:quantum-computing:eu-de:a/abc123:inst-2::"


# --- service root and IAM host ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("instance", "kwargs", "root"),
    [
        (CRN, {}, "https://quantum.cloud.ibm.com/api"),
        (EU_CRN, {}, "https://eu-de.quantum.cloud.ibm.com/api"),
        # A root given with the paths' version segment (.../api/v1) is the same root.
        (CRN, {"url": "https://proxy.example.com/qc/api/v1/"}, "https://proxy.example.com/qc/api"),
        (CRN, {"url": "https://proxy.example.com/qc/api"}, "https://proxy.example.com/qc/api"),
        (CRN, {"url": "https://cloud.ibm.com"}, "https://quantum.cloud.ibm.com/api"),
        (EU_CRN, {"url": "https://cloud.ibm.com"}, "https://eu-de.quantum.cloud.ibm.com/api"),
        (CRN, {"url": "http://127.0.0.1:8000/api/v1"}, "http://127.0.0.1:8000/api"),
    ],
)
def test_service_root(make: MakeHarness, instance: str, kwargs: dict[str, str], root: str) -> None:
    h = make(FakeService(), instance=instance, **kwargs)
    assert h.client.base_url == root
    h.request("GET", "/v1/backends")
    (request,) = h.service.api_requests
    assert str(request.url) == root + "/v1/backends"


def test_iam_host_default_env_and_argument(
    make: MakeHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = make(FakeService())
    h.request()
    assert str(h.service.iam_requests[0].url) == "https://iam.cloud.ibm.com/identity/token"

    monkeypatch.setenv("IAM_URL", "https://iam.env.example.com/")
    h = make(FakeService())
    h.request()
    assert str(h.service.iam_requests[0].url) == "https://iam.env.example.com/identity/token"

    h = make(FakeService(), iam_url="https://iam.arg.example.com")
    h.request()
    assert str(h.service.iam_requests[0].url) == "https://iam.arg.example.com/identity/token"


def test_iam_exchange_form(make: MakeHarness) -> None:
    h = make(FakeService())
    h.request()
    (iam,) = h.service.iam_requests
    assert iam.method == "POST"
    assert iam.headers["content-type"] == "application/x-www-form-urlencoded"
    assert iam.headers["accept"] == "application/json"
    assert parse_qs(iam.content.decode()) == {
        "grant_type": ["urn:ibm:params:oauth:grant-type:apikey"],
        "apikey": [API_KEY],
    }
    assert "service-crn" not in iam.headers and "authorization" not in iam.headers
    assert iam.headers["user-agent"].startswith(
        f"qiskit-runtime-client/{qiskit_runtime_client.__version__}"
    )
    # The exchange has finite timeouts, bounded by the client's.
    timeout = iam.extensions["timeout"]
    assert all(isinstance(timeout[phase], float) for phase in ("connect", "read", "write", "pool"))


def test_iam_exchange_is_bounded_by_a_shorter_client_timeout(make: MakeHarness) -> None:
    h = make(FakeService(), timeout=2.5)
    h.request()
    assert set(h.service.iam_requests[0].extensions["timeout"].values()) == {2.5}


# --- headers --------------------------------------------------------------------------------


def _assert_api_headers(request: httpx.Request, token: str, version: str) -> None:
    assert request.headers["authorization"] == f"Bearer {token}"
    assert request.headers["service-crn"] == CRN
    assert request.headers["ibm-api-version"] == version
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith(
        f"qiskit-runtime-client/{qiskit_runtime_client.__version__} "
    )


def test_headers_on_every_request(make: MakeHarness) -> None:
    h = make(FakeService((503, ""), (401, ""), (200, {}), (200, {})))
    h.request("GET", "/v1/jobs")  # 503 -> retried, then 401 -> renewed and resent
    h.request("POST", "/v1/jobs", json={"program_id": "sampler"})
    h.request("DELETE", "/v1/jobs/j1", expect="empty")
    tokens = [token_value(1), token_value(1), token_value(2), token_value(2), token_value(2)]
    assert len(h.service.api_requests) == len(tokens)
    for request, token in zip(h.service.api_requests, tokens, strict=True):
        _assert_api_headers(request, token, "2026-04-15")
    assert h.service.api_requests[3].headers["content-type"] == "application/json"


def test_api_version_is_configurable(make: MakeHarness) -> None:
    h = make(FakeService(), api_version="2025-05-01")
    assert h.client.api_version == "2025-05-01"
    h.request()
    _assert_api_headers(h.service.api_requests[0], token_value(1), "2025-05-01")


def test_with_options_is_a_copy_sharing_connection_and_token(make: MakeHarness) -> None:
    h = make(FakeService())
    copy = h.client.with_options(api_version="2025-01-01", timeout=7.0, max_retries=1)
    assert copy is not h.client and type(copy) is type(h.client)
    assert copy.base_url == h.client.base_url
    h.run(one_call(Call("GET", "/v1/jobs")), client=copy)
    h.request()
    first, second = h.service.api_requests
    assert first.headers["ibm-api-version"] == "2025-01-01"
    assert first.extensions["timeout"] == httpx.Timeout(7.0).as_dict()
    assert first.extensions["qrc.max_retries"] == 1
    assert second.headers["ibm-api-version"] == "2026-04-15"  # the original is unchanged
    assert second.extensions["qrc.max_retries"] == 3
    assert h.client.api_version == "2026-04-15"
    assert len(h.service.iam_requests) == 1  # one token for both


def test_closing_a_copy_leaves_the_original_open() -> None:
    service = FakeService()
    client = RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler), clock=ManualClock()
    )
    client.with_options(timeout=3.0).close()
    assert client._runner.run(one_call(Call("GET", "/v1/jobs"))) == {"ok": True}
    client.close()
    with pytest.raises(ClientClosedError):
        client._runner.run(one_call(Call("GET", "/v1/jobs")))


def test_context_managers_close_their_connections() -> None:
    service = FakeService()
    with RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler)
    ) as client:
        pass
    assert client._http.is_closed

    async def main() -> AsyncRuntimeClient:
        async with AsyncRuntimeClient(
            API_KEY, instance=CRN, transport=httpx.MockTransport(service.handler)
        ) as aclient:
            pass
        return aclient

    assert asyncio.run(main())._http.is_closed


def test_callers_httpx_client_is_used_and_not_closed() -> None:
    service = FakeService((503, ""))
    mine = httpx.Client(transport=httpx.MockTransport(service.handler), headers={"X-Mine": "1"})
    with RuntimeClient(API_KEY, instance=CRN, httpx_client=mine, clock=ManualClock()) as client:
        assert client._runner.run(one_call(Call("GET", "/v1/jobs"))) == {"ok": True}
    assert not mine.is_closed
    last = service.api_requests[-1]
    assert len(service.api_requests) == 2  # retried through the caller's client
    _assert_api_headers(last, token_value(1), "2026-04-15")
    assert last.headers["x-mine"] == "1"
    mine.close()


def test_callers_mounted_transports_get_the_retry_policy_too() -> None:
    # A caller routing the service through a mount (as proxies= does) still gets retries.
    service = FakeService((503, ""))
    unused = FakeService()
    mine = httpx.Client(
        transport=httpx.MockTransport(unused.handler),
        mounts={"all://": httpx.MockTransport(service.handler)},
    )
    with RuntimeClient(API_KEY, instance=CRN, httpx_client=mine, clock=ManualClock()) as client:
        assert client._runner.run(one_call(Call("GET", "/v1/jobs"))) == {"ok": True}
    assert len(service.api_requests) == 2  # the 503 was retried through the mount
    assert unused.api_requests == []
    mine.close()


def test_callers_async_httpx_client_is_used_and_not_closed() -> None:
    service = FakeService((503, ""))

    async def main() -> httpx.AsyncClient:
        mine = httpx.AsyncClient(transport=httpx.MockTransport(service.async_handler))
        async with AsyncRuntimeClient(
            API_KEY, instance=CRN, httpx_client=mine, clock=ManualClock()
        ) as client:
            assert await client._runner.run(one_call(Call("GET", "/v1/jobs"))) == {"ok": True}
        return mine

    mine = asyncio.run(main())
    assert not mine.is_closed
    assert len(service.api_requests) == 2
    _assert_api_headers(service.api_requests[-1], token_value(1), "2026-04-15")


def test_bearer_token_is_sent_without_exchange(make: MakeHarness) -> None:
    h = make(FakeService(), bearer_token="caller-managed-token")
    h.request()
    assert h.service.iam_requests == []
    assert h.service.api_requests[0].headers["authorization"] == "Bearer caller-managed-token"


# --- bad arguments fail before any request ------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"token": "k", "bearer_token": "b", "instance": CRN}, ConfigurationError, "not both"),
        ({"token": "k"}, ConfigurationError, "instance= is required"),
        ({"bearer_token": "b"}, ConfigurationError, "instance= is required"),
        ({"instance": CRN}, ConfigurationError, "only the API key is missing: instance= is set"),
        ({"token": "k", "instance": "crn:v1:short"}, ConfigurationError, "instance CRN"),
        ({"token": "k", "instance": "my\ninstance"}, ConfigurationError, "name of an instance"),
        ({"bearer_token": "b", "instance": "my-instance"}, ConfigurationError, "must be a CRN"),
        ({"token": "", "instance": CRN}, ValueError, "api_key"),
        ({"token": "k", "instance": CRN, "timeout": -1}, ValueError, "timeout"),
        ({"token": "k", "instance": CRN, "timeout": float("inf")}, ValueError, "finite"),
        ({"token": "k", "instance": CRN, "timeout": "10"}, TypeError, "timeout"),
        ({"token": "k", "instance": CRN, "max_retries": -1}, ValueError, "max_retries"),
        ({"token": "k", "instance": CRN, "max_retries": True}, ValueError, "max_retries"),
        ({"token": "k", "instance": CRN, "api_version": ""}, ValueError, "api_version"),
        ({"token": "k", "instance": CRN, "api_version": "v2"}, ValueError, "YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("cls", [RuntimeClient, AsyncRuntimeClient])
def test_bad_arguments_are_rejected_with_a_clear_error(
    cls: type, kwargs: dict[str, object], error: type[Exception], words: str
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    transport = httpx.MockTransport(handler)
    with pytest.raises(error, match=words):
        cls(transport=transport, **kwargs)
    assert sent == []


def test_with_options_rejects_bad_values(make: MakeHarness) -> None:
    h = make(FakeService())
    for kwargs, word in [
        ({"api_version": "latest"}, "api_version"),
        ({"max_retries": -2}, "max_retries"),
        ({"timeout": 0}, "timeout"),
    ]:
        with pytest.raises(ValueError, match=word):
            h.client.with_options(**kwargs)  # type: ignore[arg-type]


def test_transport_and_httpx_client_together_are_rejected() -> None:
    with pytest.raises(ValueError, match="not both"):
        RuntimeClient(
            API_KEY,
            instance=CRN,
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
            httpx_client=httpx.Client(),
        )


def test_repr_names_root_and_instance() -> None:
    client = RuntimeClient(
        API_KEY, instance=CRN, transport=httpx.MockTransport(FakeService().handler)
    )
    assert repr(client) == f"RuntimeClient(base_url='{API_ROOT}', instance='{CRN}')"
    assert client.instance_crn == CRN


@pytest.mark.parametrize(
    ("client_class", "kwargs", "needs"),
    [
        (RuntimeClient, {"httpx_client": httpx.AsyncClient()}, "httpx.Client"),
        (RuntimeClient, {"transport": httpx.AsyncHTTPTransport()}, "httpx.BaseTransport"),
        (AsyncRuntimeClient, {"httpx_client": httpx.Client()}, "httpx.AsyncClient"),
        (AsyncRuntimeClient, {"transport": httpx.HTTPTransport()}, "httpx.AsyncBaseTransport"),
    ],
)
def test_a_callers_http_of_the_other_kind_is_refused_at_construction(
    client_class: type[RuntimeClient] | type[AsyncRuntimeClient], kwargs: dict[str, Any], needs: str
) -> None:
    crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:guid::"
    with pytest.raises(TypeError, match=f"needs an {needs}") as caught:
        client_class("k", instance=crn, **kwargs)
    assert "takes the other kind" in str(caught.value)


def test_verify_false_warns_only_for_https_on_our_own_transport(
    caplog: pytest.LogCaptureFixture,
) -> None:
    crn = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:guid::"
    with caplog.at_level(logging.WARNING, logger="qiskit_runtime_client"):
        RuntimeClient("k", instance=crn, url="http://127.0.0.1:8000", verify=False).close()
        with pytest.raises(ConfigurationError):
            RuntimeClient("k", instance=crn, httpx_client=httpx.Client(), verify=False)
    assert "verification is off" not in caplog.text
    with caplog.at_level(logging.WARNING, logger="qiskit_runtime_client"):
        RuntimeClient("k", instance=crn, verify=False).close()
    assert "verification is off" in caplog.text
