"""Credential discovery (arguments, QISKIT_IBM_* variables, the saved-accounts file) and
save_account, following the official SDK's file format and lookup rules."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    ConfigurationError,
    ManualClock,
    RuntimeClient,
    _accounts,
    save_account,
)
from qiskit_runtime_client._effects import Call

from ._fake import CRN, FakeService, one_call

EU_CRN = "crn:v1:bluemix:public:quantum-computing:eu-de:a/abc123:inst-2::"


def _entry(token: str, instance: str = CRN, **extra: Any) -> dict[str, Any]:
    return {"channel": "ibm_quantum_platform", "token": token, "instance": instance, **extra}


def _write(path: Path, accounts: dict[str, Any]) -> Path:
    path.write_text(json.dumps(accounts, indent=4, sort_keys=True))
    return path


def _key_sent(client: RuntimeClient, service: FakeService) -> str:
    client._runner.run(one_call(Call("GET", "/v1/jobs")))
    body = service.iam_requests[-1].content.decode()
    return dict(part.split("=", 1) for part in body.split("&"))["apikey"]


def _client(service: FakeService, **kwargs: Any) -> RuntimeClient:
    return RuntimeClient(
        transport=httpx.MockTransport(service.handler), clock=ManualClock(), **kwargs
    )


@pytest.fixture
def accounts_file() -> Path:
    """The (isolated) default accounts file of this test."""
    return Path(_accounts.DEFAULT_ACCOUNTS_FILE)


def test_environment_variables(monkeypatch: pytest.MonkeyPatch, accounts_file: Path) -> None:
    _write(accounts_file, {"default-ibm-quantum-platform": _entry("file-key")})
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "env-key")
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", EU_CRN)
    service = FakeService()
    client = _client(service)
    assert client.base_url == "https://eu-de.quantum.cloud.ibm.com/api"
    assert client.instance_crn == EU_CRN
    assert _key_sent(client, service) == "env-key"  # the environment beats the file


def test_environment_url_overrides_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "env-key")
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", CRN)
    monkeypatch.setenv("QISKIT_IBM_URL", "http://localhost:9999/api/v1")
    assert _client(FakeService()).base_url == "http://localhost:9999/api"


def test_url_argument_wins_over_discovered_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "env-key")
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", CRN)
    monkeypatch.setenv("QISKIT_IBM_URL", "http://localhost:9999/api/v1")
    assert _client(FakeService(), url="https://other:1/api/v1").base_url == "https://other:1/api"


def test_only_one_variable_is_not_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "env-key")
    with pytest.raises(ConfigurationError, match="QISKIT_IBM_INSTANCE"):
        _client(FakeService())


@pytest.mark.parametrize("cls", [RuntimeClient, AsyncRuntimeClient])
def test_nothing_found_says_what_to_set(cls: type) -> None:
    with pytest.raises(ConfigurationError) as info:
        cls()
    message = str(info.value)
    for word in ["token=", "instance=", "QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "save_account"]:
        assert word in message


@pytest.mark.parametrize(
    ("accounts", "expected_key"),
    [
        # The default-named account of the channel.
        (
            {"other": _entry("other-key"), "default-ibm-quantum-platform": _entry("default-key")},
            "default-key",
        ),
        # is_default_account beats the default name.
        (
            {
                "default-ibm-quantum-platform": _entry("default-key"),
                "mine": _entry("marked-key", is_default_account=True),
            },
            "marked-key",
        ),
        # Otherwise any account of the channel.
        ({"only": _entry("only-key")}, "only-key"),
        # Legacy ibm_quantum accounts are skipped.
        (
            {
                "default": {"channel": "ibm_quantum", "token": "legacy", "instance": "h/g/p"},
                "new": _entry("new-key"),
            },
            "new-key",
        ),
        # An account of another channel is not picked for the default channel.
        (
            {
                "cloud": {
                    **_entry("cloud-key"),
                    "channel": "ibm_cloud",
                    "is_default_account": True,
                },
                "platform": _entry("platform-key"),
            },
            "platform-key",
        ),
    ],
)
def test_saved_account_lookup(
    accounts_file: Path, accounts: dict[str, Any], expected_key: str
) -> None:
    _write(accounts_file, accounts)
    service = FakeService()
    assert _key_sent(_client(service), service) == expected_key


def test_channel_variable_selects_the_channel(
    monkeypatch: pytest.MonkeyPatch, accounts_file: Path
) -> None:
    _write(
        accounts_file,
        {
            "default-ibm-quantum-platform": _entry("platform-key"),
            "default-ibm-cloud": {**_entry("cloud-key", EU_CRN), "channel": "ibm_cloud"},
        },
    )
    monkeypatch.setenv("QISKIT_IBM_CHANNEL", "ibm_cloud")
    service = FakeService()
    client = _client(service)
    assert client.instance_crn == EU_CRN
    assert _key_sent(client, service) == "cloud-key"


def test_saved_platform_url_means_derive_from_the_crn(accounts_file: Path) -> None:
    _write(accounts_file, {"a": _entry("k", EU_CRN, url="https://cloud.ibm.com")})
    assert _client(FakeService()).base_url == "https://eu-de.quantum.cloud.ibm.com/api"


def test_from_saved_account_by_name_and_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "elsewhere.json", {"a": _entry("a-key"), "b": _entry("b-key", EU_CRN)})
    service = FakeService()
    client = RuntimeClient.from_saved_account(
        "b", filename=path, transport=httpx.MockTransport(service.handler)
    )
    assert client.instance_crn == EU_CRN
    assert _key_sent(client, service) == "b-key"
    with pytest.raises(ConfigurationError, match=r"no saved account named 'c'.*saved: a, b"):
        RuntimeClient.from_saved_account("c", filename=path)


def test_from_saved_account_async(tmp_path: Path) -> None:
    path = _write(tmp_path / "accounts.json", {"a": _entry("a-key", EU_CRN)})
    client = AsyncRuntimeClient.from_saved_account(filename=path)
    assert client.base_url == "https://eu-de.quantum.cloud.ibm.com/api"


def test_from_saved_account_without_any(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="no saved account"):
        RuntimeClient.from_saved_account(filename=tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        (json.dumps({"a": {"channel": "ibm_quantum_platform", "token": "k"}}), "lacks"),
        (
            json.dumps({"a": {"token": "k", "instance": CRN, "verify": "false"}}),
            "verify must be true or false, got 'false'",
        ),
        (
            json.dumps({"a": {"token": "k", "instance": CRN, "private_endpoint": 1}}),
            "private_endpoint must be true or false",
        ),
    ],
)
def test_broken_accounts_file_gives_a_configuration_error(
    accounts_file: Path, content: str, words: str
) -> None:
    accounts_file.write_text(content)
    with pytest.raises(ConfigurationError, match=words):
        RuntimeClient()


# --- save_account -----------------------------------------------------------------------------


def test_save_account_writes_the_official_format_with_mode_0600(accounts_file: Path) -> None:
    path = save_account("my-key", CRN)
    assert path == accounts_file
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=4)
    assert json.loads(text) == {
        "default-ibm-quantum-platform": {
            "channel": "ibm_quantum_platform",
            "instance": CRN,
            "token": "my-key",
            "url": "https://cloud.ibm.com",
        }
    }
    service = FakeService()
    assert _key_sent(_client(service), service) == "my-key"  # and RuntimeClient() finds it


def test_save_account_restricts_an_existing_readable_file(
    accounts_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(accounts_file, {"other": _entry("other-key")})
    os.chmod(accounts_file, 0o644)
    modes_while_writing: list[int] = []
    real_fsync = os.fsync

    def spying_fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # the written file (not its directory)
            modes_while_writing.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr("qiskit_runtime_client._atomic.os.fsync", spying_fsync)
    save_account("my-key", CRN, name="mine")
    assert modes_while_writing == [0o600]  # the key never sits in a readable file
    assert stat.S_IMODE(os.stat(accounts_file).st_mode) == 0o600
    assert set(json.loads(accounts_file.read_text())) == {"other", "mine"}


def test_save_account_default_flag_and_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "accounts.json"
    save_account("k1", CRN, name="one", filename=path, set_as_default=True)
    save_account("k2", EU_CRN, name="two", filename=path, set_as_default=True)
    saved = json.loads(path.read_text())
    assert "is_default_account" not in saved["one"]
    assert saved["two"]["is_default_account"] is True
    with pytest.raises(ConfigurationError, match="overwrite=True"):
        save_account("k3", CRN, name="two", filename=path)
    save_account("k3", CRN, name="two", filename=path, overwrite=True)
    assert json.loads(path.read_text())["two"]["token"] == "k3"


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (("k", CRN), {"channel": "ibm_quantum"}, "channel must be one of"),
        (("", CRN), {}, "token"),
        (("k", "crn:v1:too-short"), {}, "instance CRN"),
        (("k", "my\ninstance"), {}, "name of an instance"),
        ((CRN, "my-instance"), {}, "swapped"),
    ],
)
def test_save_account_rejects_bad_input(
    accounts_file: Path, args: tuple[str, str], kwargs: dict[str, str], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        save_account(*args, **kwargs)  # type: ignore[arg-type]
    assert not accounts_file.exists()


def test_save_account_keeps_proxy_verify_and_private_endpoint_as_the_sdk_does(
    accounts_file: Path,
) -> None:
    save_account("k", CRN, proxy="http://proxy.corp:3128", verify=False, private_endpoint=True)
    entry = json.loads(accounts_file.read_text())["default-ibm-quantum-platform"]
    assert entry["proxies"] == {"urls": {"https": "http://proxy.corp:3128"}}
    assert entry["verify"] is False and entry["private_endpoint"] is True
    with RuntimeClient() as client:
        assert client._connection.transport_options() == {
            "verify": False,
            "proxy": "http://proxy.corp:3128",
        }
        assert client.base_url.startswith("https://private.")
    with pytest.raises(ConfigurationError, match="proxy must be a URL"):
        save_account("k", CRN, proxy="ftp://x", overwrite=True)
