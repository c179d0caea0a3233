"""Where credentials come from: arguments, QISKIT_IBM_* variables, or the saved-accounts file.

The file is the official SDK's `~/.qiskit/qiskit-ibm.json` (same format and lookup rules), so an
account saved by either client works in both; this client writes it with mode 0600, under a
lock and atomically (see `_atomic`), so concurrent savers lose nothing and a failure mid-write
leaves the old file intact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from qiskit_runtime_client._atomic import locked, write_atomic
from qiskit_runtime_client._constants import (
    DEFAULT_IAM_URL,
    DEFAULT_REGION,
    DEFAULT_SERVICE_URL,
    PATH_VERSION_SEGMENT,
)
from qiskit_runtime_client.errors import ConfigurationError

DEFAULT_ACCOUNTS_FILE = Path.home() / ".qiskit" / "qiskit-ibm.json"
CHANNELS = ("ibm_quantum_platform", "ibm_cloud")
DEFAULT_CHANNEL = "ibm_quantum_platform"
DEFAULT_ACCOUNT_NAMES = {
    "ibm_quantum_platform": "default-ibm-quantum-platform",
    "ibm_cloud": "default-ibm-cloud",
}
#: URLs the official SDK stores by default; they mean "derive the service root from the CRN".
_PLATFORM_URLS = {"https://cloud.ibm.com", "https://test.cloud.ibm.com", ""}


@attrs.frozen
class Account:
    """Credentials and where to send them. The token never appears in repr()."""

    token: str = attrs.field(repr=False)
    instance: str
    url: str | None = None
    channel: str = DEFAULT_CHANNEL
    name: str | None = None


def parse_crn(crn: str) -> list[str]:
    """The colon-separated fields of an instance CRN, checked enough to take the region from."""
    fields = crn.split(":")
    if len(fields) < 8 or fields[0] != "crn":
        # Only echo what looks like a CRN: a swapped token and instance must not print the key.
        got = repr(crn[:120]) if crn.startswith("crn:") else f"a value of {len(crn)} characters"
        raise ConfigurationError(
            f"instance must be an instance CRN such as "
            f"'crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<guid>::', got {got} "
            "(find it on the Instances page of quantum.cloud.ibm.com)"
        )
    return fields


def service_url_for(instance: str) -> str:
    """The service root for an instance CRN: us-east at quantum.cloud.ibm.com, else per region."""
    fields = parse_crn(instance)
    region = fields[5] or DEFAULT_REGION
    host = "quantum.test.cloud.ibm.com" if fields[2] == "staging" else "quantum.cloud.ibm.com"
    if region == DEFAULT_REGION:
        return DEFAULT_SERVICE_URL.replace("quantum.cloud.ibm.com", host)
    return f"https://{region}.{host}/api"


def iam_url_for(instance: str | None, iam_url: str | None = None) -> str:
    """The IAM host: the argument, else the IAM_URL variable, else test or production IAM."""
    if iam_url:
        return iam_url.rstrip("/")
    if env := os.environ.get("IAM_URL"):
        return env.rstrip("/")
    if instance and instance.startswith("crn:") and parse_crn(instance)[2] == "staging":
        return "https://iam.test.cloud.ibm.com"
    return DEFAULT_IAM_URL


def resolve_service_url(instance: str, url: str | None) -> str:
    """An explicit service root wins; a platform URL (or none) means: derive it from the CRN.

    A root that ends in the paths' version segment (".../api/v1") is taken without it, since the
    generated operations' paths start with it.
    """
    if url is not None and url.rstrip("/") not in _PLATFORM_URLS:
        root = url.rstrip("/")
        if root.endswith(PATH_VERSION_SEGMENT):
            root = root[: -len(PATH_VERSION_SEGMENT)]
        return root
    return service_url_for(instance)


def _read_accounts(filename: Path) -> dict[str, Any]:
    try:
        text = filename.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise ConfigurationError(f"{filename} is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"{filename} must hold a JSON object of named accounts")
    return data


def _to_account(name: str, data: Mapping[str, Any], filename: Path) -> Account:
    token, instance = data.get("token"), data.get("instance")
    if not token or not instance:
        raise ConfigurationError(
            f"saved account {name!r} in {filename} lacks a token or an instance CRN"
        )
    return Account(
        token=str(token),
        instance=str(instance),
        url=data.get("url"),
        channel=str(data.get("channel", DEFAULT_CHANNEL)),
        name=name,
    )


def load_saved_account(
    name: str | None = None,
    filename: str | os.PathLike[str] | None = None,
    channel: str | None = None,
) -> Account | None:
    """The named account, else the channel's default account, as the official SDK picks it."""
    path = Path(filename) if filename is not None else DEFAULT_ACCOUNTS_FILE
    accounts = _read_accounts(path)
    if name is not None:
        if name not in accounts:
            known = ", ".join(sorted(accounts)) or "none"
            raise ConfigurationError(f"no saved account named {name!r} in {path} (saved: {known})")
        return _to_account(name, accounts[name], path)
    wanted = channel or os.environ.get("QISKIT_IBM_CHANNEL") or DEFAULT_CHANNEL
    # Legacy `ibm_quantum` accounts are skipped, as the official SDK does since 0.41.
    usable = {
        key: value
        for key, value in accounts.items()
        if isinstance(value, dict) and value.get("channel", DEFAULT_CHANNEL) == wanted
    }
    for key, value in usable.items():
        if value.get("is_default_account"):
            return _to_account(key, value, path)
    default_name = DEFAULT_ACCOUNT_NAMES.get(wanted)
    if default_name in usable:
        return _to_account(default_name, usable[default_name], path)
    for key, value in usable.items():
        return _to_account(key, value, path)
    return None


def account_from_env() -> Account | None:
    """QISKIT_IBM_TOKEN, QISKIT_IBM_INSTANCE (and QISKIT_IBM_URL), when both are set."""
    token = os.environ.get("QISKIT_IBM_TOKEN")
    instance = os.environ.get("QISKIT_IBM_INSTANCE")
    if token and instance:
        return Account(
            token=token,
            instance=instance,
            url=os.environ.get("QISKIT_IBM_URL") or None,
            channel=os.environ.get("QISKIT_IBM_CHANNEL") or DEFAULT_CHANNEL,
            name="environment",
        )
    return None


def discover_account() -> Account:
    """Credentials when none were passed: the environment, then the saved default account."""
    account = account_from_env() or load_saved_account()
    if account is None:
        raise ConfigurationError(
            "no IBM Quantum credentials found: pass token= and instance= (an IBM Cloud API key and "
            "an instance CRN), or set QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE, or save an account "
            f"with qiskit_runtime_client.save_account(...) (file {DEFAULT_ACCOUNTS_FILE})"
        )
    return account


def save_account(
    token: str,
    instance: str,
    *,
    name: str | None = None,
    channel: str = DEFAULT_CHANNEL,
    url: str | None = None,
    filename: str | os.PathLike[str] | None = None,
    set_as_default: bool | None = None,
    overwrite: bool = False,
) -> Path:
    """Save credentials in the official SDK's accounts file (mode 0600) and return its path."""
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}; got {channel!r}")
    if not token:
        raise ValueError("token must be a non-empty IBM Cloud API key")
    parse_crn(instance)
    path = Path(filename) if filename is not None else DEFAULT_ACCOUNTS_FILE
    name = name or DEFAULT_ACCOUNT_NAMES[channel]
    with locked(path):  # read-modify-write by one process at a time
        accounts = _read_accounts(path)
        if name in accounts and not overwrite:
            raise ConfigurationError(
                f"an account named {name!r} is already saved in {path}; pass overwrite=True"
            )
        entry: dict[str, Any] = {
            "channel": channel,
            "instance": instance,
            "token": token,
            "url": url or "https://cloud.ibm.com",
        }
        if set_as_default:
            for other in accounts.values():
                if isinstance(other, dict) and other.get("channel", DEFAULT_CHANNEL) == channel:
                    other.pop("is_default_account", None)
            entry["is_default_account"] = True
        accounts[name] = entry
        write_atomic(path, json.dumps(accounts, sort_keys=True, indent=4))
    return path
