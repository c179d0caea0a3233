"""proxy= and verify= as constructor arguments, with one precedence (argument, then the saved
account, then HTTPS_PROXY/HTTP_PROXY/ALL_PROXY and NO_PROXY); requests really go through the proxy,
IAM's included; this machine is never reached through one."""

from __future__ import annotations

import json
import logging
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, ConfigurationError, RuntimeClient

US = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:guid::"
API = "http://api.example.test"
IAM = "http://iam.example.test"


class _ForwardProxy(BaseHTTPRequestHandler):
    """A plain-HTTP forward proxy that answers for the hosts itself and records what it saw."""

    protocol_version = "HTTP/1.1"
    seen: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.server.seen.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if "/identity/token" in self.path:
            body = {"access_token": "bearer-1", "expires_in": 3600, "token_type": "Bearer"}
        else:
            body = {"tags": ["through-the-proxy"]}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ForwardProxy)
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def accounts(tmp_path: Path) -> Path:
    return tmp_path / "qiskit-ibm.json"  # the conftest points the default file here


def _client(**kwargs: Any) -> RuntimeClient:
    return RuntimeClient(
        "k", instance=US, url=API + "/api", iam_url=IAM, allow_insecure_http=True, **kwargs
    )


def test_the_proxy_argument_carries_iam_and_api_requests(proxy: tuple[str, list[str]]) -> None:
    url, seen = proxy
    with _client(proxy=url) as client:
        assert client.tags.search("through") == ["through-the-proxy"]
    assert seen[0] == f"POST {IAM}/identity/token"
    assert seen[1].startswith(f"GET {API}/api/v1/tags?")


async def test_the_async_client_goes_through_the_proxy_too(proxy: tuple[str, list[str]]) -> None:
    url, seen = proxy
    async with AsyncRuntimeClient(
        "k", instance=US, url=API + "/api", iam_url=IAM, allow_insecure_http=True, proxy=url
    ) as client:
        assert await client.tags.search("through") == ["through-the-proxy"]
    assert [line.split("?")[0] for line in seen] == [
        f"POST {IAM}/identity/token",
        f"GET {API}/api/v1/tags",
    ]


def test_the_environment_proxy_is_honoured_unless_no_proxy_names_the_host(
    proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, seen = proxy
    monkeypatch.setenv("HTTP_PROXY", url)
    with _client() as client:
        assert client.tags.search("through") == ["through-the-proxy"]
    assert len(seen) == 2

    monkeypatch.setenv("NO_PROXY", "example.test")
    with _client() as client:
        assert client._connection.proxy is None


def test_this_machine_is_never_reached_through_an_environment_proxy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with RuntimeClient("k", instance=US, url="http://127.0.0.1:8000") as client:
        assert client._connection.proxy is None


def test_argument_then_saved_account_then_environment(
    accounts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://from-env:1")
    accounts.write_text(
        json.dumps(
            {
                "default-ibm-quantum-platform": {
                    "channel": "ibm_quantum_platform",
                    "token": "saved-key",
                    "instance": US,
                    "proxies": {"urls": {"https": "http://from-account:2"}},
                }
            }
        )
    )
    with RuntimeClient(proxy="http://from-argument:3") as client:
        assert client._connection.proxy == "http://from-argument:3"
    with RuntimeClient() as client:
        assert client._connection.proxy == "http://from-account:2"
    accounts.unlink()
    with RuntimeClient("k", instance=US) as client:
        assert client._connection.proxy == "http://from-env:1"


def test_verify_false_or_a_context_reaches_the_transport_and_false_is_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="qiskit_runtime_client")
    with RuntimeClient("k", instance=US, verify=False) as client:
        assert client._connection.transport_options() == {"verify": False}
    assert (
        "TLS certificate verification is off for https://quantum.cloud.ibm.com/api" in caplog.text
    )

    context = ssl.create_default_context()
    with RuntimeClient("k", instance=US, verify=context) as client:
        assert client._connection.transport_options() == {"verify": context}
        assert client._http._transport._inner._pool._ssl_context is context  # type: ignore[attr-defined]


def test_an_explicit_verify_true_overrides_a_saved_accounts_false(accounts: Path) -> None:
    accounts.write_text(
        json.dumps(
            {
                "default-ibm-quantum-platform": {
                    "channel": "ibm_quantum_platform",
                    "token": "saved-key",
                    "instance": US,
                    "verify": False,
                }
            }
        )
    )
    with RuntimeClient() as client:
        assert client._connection.transport_options() == {"verify": False}
    with RuntimeClient(verify=True) as client:
        assert client._connection.transport_options() == {}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"proxy": "ftp://user:hunter2@p:21"}, "proxy must be a URL with scheme http, https"),
        ({"proxy": "not a url"}, "proxy must be a URL with scheme"),
        ({"verify": "yes"}, "verify must be True, False or an ssl.SSLContext, got str"),
    ],
)
def test_bad_proxy_or_verify_values_are_refused_naming_the_field(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message) as info:
        RuntimeClient("k", instance=US, **kwargs)
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("kwargs", [{"proxy": "http://p:1"}, {"verify": False}])
def test_proxy_and_verify_are_refused_with_a_callers_client_or_transport(
    kwargs: dict[str, Any],
) -> None:
    with httpx.Client() as http, pytest.raises(ConfigurationError, match="httpx client you pass"):
        RuntimeClient("k", instance=US, httpx_client=http, **kwargs)
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    with pytest.raises(ConfigurationError, match="the transport you pass"):
        RuntimeClient("k", instance=US, transport=transport, **kwargs)


def test_an_environment_proxy_without_a_scheme_is_http_as_curl_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "proxy.corp:8080")
    with RuntimeClient("k", instance=US) as client:
        assert client._connection.proxy == "http://proxy.corp:8080"


def test_a_bad_environment_proxy_names_the_variable_and_spares_a_callers_transport(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "ftp://proxy.corp:21")
    with pytest.raises(ConfigurationError, match="the HTTPS_PROXY environment variable"):
        RuntimeClient("k", instance=US)
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    with RuntimeClient("k", instance=US, transport=transport) as client:  # not used there
        assert client._connection.proxy is None


def test_a_socks_proxy_without_socksio_names_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "socksio" else real(name, *a)
    )
    with pytest.raises(ConfigurationError, match=r'pip install "httpx\[socks\]"'):
        RuntimeClient("k", instance=US, proxy="socks5://proxy.corp:1080")


def test_a_dead_proxy_is_named_in_the_connection_error() -> None:
    from qiskit_runtime_client import APIConnectionError

    dead = "http://user:hunter2@127.0.0.1:9"  # nothing listens there
    client = RuntimeClient("k", instance=US, proxy=dead, max_retries=0)
    with client, pytest.raises(APIConnectionError) as caught:
        client.tags.search("xyz")
    message = str(caught.value)
    assert message.endswith("Connection refused (through the proxy http://***@127.0.0.1:9)")
    assert "hunter2" not in message
    assert caught.value.request_sent is False  # the token exchange never reached IAM
