"""Configuration that behaves the same everywhere: one precedence (argument, then environment
variable, then saved account), URLs in any accepted form, SDK-saved accounts read as the SDK
means them (host-only url = platform root; proxies, verify, private_endpoint), exact errors."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, ConfigurationError, ManualClock, RuntimeClient

EU = "crn:v1:bluemix:public:quantum-computing:eu-de:a/acct:guid::"
US = "crn:v1:bluemix:public:quantum-computing:us-east:a/acct:guid::"


def _offline() -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(500))


def _save(path: Path, **entry: object) -> None:
    path.write_text(
        json.dumps(
            {
                "default-ibm-quantum-platform": {
                    "channel": "ibm_quantum_platform",
                    "token": "saved-key",
                    **entry,
                }
            }
        )
    )


@pytest.fixture
def accounts(tmp_path: Path) -> Path:
    return tmp_path / "qiskit-ibm.json"  # the conftest points the default file here


def test_the_url_variable_applies_with_token_and_instance_arguments(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QISKIT_IBM_URL", "https://api.example.com/api/v1")
    with RuntimeClient("k", instance=US, transport=_offline()) as client:
        assert client.base_url == "https://api.example.com/api"
    # an argument still wins over the variable
    with RuntimeClient(
        "k", instance=US, url="https://other.example.com/api", transport=_offline()
    ) as client:
        assert client.base_url == "https://other.example.com/api"


def test_the_instance_variable_completes_a_token_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", EU)
    with RuntimeClient("k", transport=_offline()) as client:
        assert client.base_url == "https://eu-de.quantum.cloud.ibm.com/api"


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://cloud.ibm.com", "https://eu-de.quantum.cloud.ibm.com/api"),
        ("https://test.cloud.ibm.com/", "https://eu-de.quantum.test.cloud.ibm.com/api"),
        ("https://eu-de.quantum.cloud.ibm.com", "https://eu-de.quantum.cloud.ibm.com/api"),
        ("https://eu-de.quantum.cloud.ibm.com/api", "https://eu-de.quantum.cloud.ibm.com/api"),
        ("https://eu-de.quantum.cloud.ibm.com/api/v1/", "https://eu-de.quantum.cloud.ibm.com/api"),
    ],
)
def test_every_url_form_gives_the_api_root_from_every_source(
    url: str, root: str, monkeypatch: pytest.MonkeyPatch, accounts: Path
) -> None:
    with RuntimeClient("k", instance=EU, url=url, transport=_offline()) as client:
        assert client.base_url == root
    monkeypatch.setenv("QISKIT_IBM_URL", url)
    with RuntimeClient("k", instance=EU, transport=_offline()) as client:
        assert client.base_url == root
    monkeypatch.delenv("QISKIT_IBM_URL")
    _save(accounts, instance=EU, url=url)  # as the official SDK saves it
    with RuntimeClient(transport=_offline()) as client:
        assert client.base_url == root


def test_an_sdk_saved_account_keeps_its_proxies_verify_and_private_endpoint(accounts: Path) -> None:
    _save(
        accounts,
        instance=EU,
        url="https://cloud.ibm.com",
        private_endpoint=True,
        verify=False,
        proxies={"urls": {"https": "http://proxy.example.com:3128"}},
    )
    with RuntimeClient(clock=ManualClock()) as client:
        assert client.base_url == "https://private.eu-de.quantum.cloud.ibm.com/api"
        connection = client._connection
        assert connection.transport_options() == {
            "verify": False,
            "proxy": "http://proxy.example.com:3128",
        }
        assert connection.auth.token_url.startswith("https://private.iam.cloud.ibm.com/")  # type: ignore[attr-defined]
        pool = client._http._transport._inner._pool  # type: ignore[attr-defined]
        assert type(pool).__name__ == "HTTPProxy"


def test_ntlm_proxy_credentials_are_refused_saying_what_to_do(accounts: Path) -> None:
    _save(accounts, instance=EU, proxies={"urls": {"https": "http://p:1"}, "username_ntlm": "u"})
    with pytest.raises(ConfigurationError, match="NTLM proxy credentials are not supported"):
        RuntimeClient()


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"QISKIT_IBM_INSTANCE": US}, "only the API key is missing: QISKIT_IBM_INSTANCE is set"),
        ({"QISKIT_IBM_TOKEN": "k"}, "instance= is required with an API key"),
        ({}, "neither token=/instance= nor QISKIT_IBM_TOKEN/QISKIT_IBM_INSTANCE are set"),
    ],
)
def test_the_error_says_exactly_what_is_missing(
    env: dict[str, str], words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=words):
        RuntimeClient()


def test_an_instance_argument_picks_the_instance_of_a_saved_account(accounts: Path) -> None:
    _save(accounts, instance=US)
    with RuntimeClient(instance=EU, transport=_offline()) as client:
        assert client.base_url == "https://eu-de.quantum.cloud.ibm.com/api"
        assert client._connection.instance == EU


@pytest.mark.emulator
async def test_host_only_url_and_an_iam_token_url_reach_the_emulator() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    clock = ManualClock()
    with testing.RuntimeEmulator(clock=clock) as emu:
        token_url = emu.url + "/identity/token"  # what the emulator CLI prints as "IAM :"
        kwargs = {"instance": emu.instance, "url": emu.url, "iam_url": token_url, "clock": clock}
        with RuntimeClient(emu.api_key, **kwargs) as client:  # type: ignore[arg-type]
            assert client.backends.list()
        async with AsyncRuntimeClient(emu.api_key, **kwargs) as aclient:  # type: ignore[arg-type]
            assert await aclient.backends.list()
        tokens = [r for r in emu.requests if r.path.endswith("/identity/token")]
        assert tokens and all(r.path == "/identity/token" for r in tokens)


def test_from_saved_account_uses_the_saved_key_even_with_the_variables_set(
    accounts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(accounts, instance=EU, url="https://cloud.ibm.com", private_endpoint=True)
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "env-key")
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", US)
    with RuntimeClient.from_saved_account(transport=_offline()) as client:
        assert client._connection.instance == EU
        assert client.base_url == "https://private.eu-de.quantum.cloud.ibm.com/api"
