"""Where credentials come from: arguments, QISKIT_IBM_* variables, or the saved-accounts file.

The file is the official SDK's `~/.qiskit/qiskit-ibm.json` (same format and lookup rules), so an
account saved by either client works in both; this client writes it with mode 0600, under a
lock and atomically (see `_atomic`), so concurrent savers lose nothing and a failure mid-write
leaves the old file intact.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs

from qiskit_runtime_client._atomic import locked, write_atomic
from qiskit_runtime_client._constants import DEFAULT_REGION, PATH_VERSION_SEGMENT
from qiskit_runtime_client.errors import ConfigurationError

DEFAULT_ACCOUNTS_FILE = Path.home() / ".qiskit" / "qiskit-ibm.json"
CHANNELS = ("ibm_quantum_platform", "ibm_cloud")
DEFAULT_CHANNEL = "ibm_quantum_platform"
DEFAULT_ACCOUNT_NAMES = {
    "ibm_quantum_platform": "default-ibm-quantum-platform",
    "ibm_cloud": "default-ibm-cloud",
}
#: URLs the official SDK stores by default; they mean "derive the service root from the CRN".
_PLATFORM_URLS = {"https://cloud.ibm.com", ""}
IAM_TOKEN_PATH = "/identity/token"


@attrs.frozen
class Account:
    """Credentials and where to send them. The token never appears in repr()."""

    token: str = attrs.field(repr=False)
    instance: str
    url: str | None = None
    channel: str = DEFAULT_CHANNEL
    name: str | None = None
    #: The official SDK's proxy settings ({"urls": {"https": "http://proxy:3128"}, ...}).
    proxies: Mapping[str, Any] | None = attrs.field(default=None, repr=False)
    verify: bool = True
    private_endpoint: bool = False


def is_crn(instance: str) -> bool:
    """Whether an instance is given as a CRN (else it is an instance name); " CRN:..." counts,
    so a mistyped CRN is refused as one, not looked up as a name."""
    return instance.lstrip().casefold().startswith("crn:")


def parse_crn(crn: str) -> list[str]:
    """The colon-separated fields of an instance CRN, checked enough to take the region from."""
    fields = crn.split(":")
    if len(fields) < 8 or fields[0] != "crn":
        # Only echo what looks like a CRN: a swapped token and instance must not print the key.
        got = repr(crn[:120]) if is_crn(crn) else f"a value of {len(crn)} characters"
        raise ConfigurationError(
            f"instance must be an instance CRN such as "
            f"'crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<guid>::', got {got} "
            "(find it on the Instances page of quantum.cloud.ibm.com)"
        )
    region = fields[5]
    if not set(region) <= _REGION_CHARACTERS or region.startswith("-"):
        # The region becomes part of a host name: nothing else may reach it.
        raise ConfigurationError(
            f"the region of instance CRN {crn[:120]!r} must be lowercase letters, digits and "
            f"dashes, such as 'us-east' or 'eu-de'; got {region[:40]!r}"
        )
    return fields


_REGION_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def service_url_for(
    instance: str, *, platform: str | None = None, private_endpoint: bool = False
) -> str:
    """The service root for an instance CRN on a platform (as the official SDK derives it).

    The platform is cloud.ibm.com (test.cloud.ibm.com for a staging CRN) unless given, e.g. a
    saved account's host-only `url`; us-east is quantum.<platform>, other regions
    <region>.quantum.<platform>, and a private endpoint private.<region>.quantum.<platform>.
    """
    fields = parse_crn(instance)
    region = fields[5] or DEFAULT_REGION
    if platform is None:
        platform = (
            "https://test.cloud.ibm.com" if fields[2] == "staging" else "https://cloud.ibm.com"
        )
    parsed = urlsplit(platform)
    if private_endpoint:
        prefix = f"private.{region}."
    else:
        prefix = "" if region == DEFAULT_REGION else f"{region}."
    return f"{parsed.scheme}://{prefix}quantum.{parsed.netloc}/api"


def normalize_iam_url(url: str) -> str:
    """An IAM root: a token URL (".../identity/token") is taken without its path."""
    root = url.rstrip("/")
    if root.endswith(IAM_TOKEN_PATH):
        root = root[: -len(IAM_TOKEN_PATH)]
    return root


def iam_url_for(
    instance: str | None, iam_url: str | None = None, *, private_endpoint: bool = False
) -> str:
    """The IAM root: the argument, else the IAM_URL variable, else test or production IAM
    (private.iam... for a private endpoint). A token URL is taken as its root."""
    if iam_url:
        return normalize_iam_url(iam_url)
    if env := os.environ.get("IAM_URL"):
        return normalize_iam_url(env)
    staging = bool(instance and is_crn(instance) and parse_crn(instance)[2] == "staging")
    host = "iam.test.cloud.ibm.com" if staging else "iam.cloud.ibm.com"
    return f"https://{'private.' if private_endpoint else ''}{host}"


def _is_api_host(host: str) -> bool:
    """A host that serves the API itself: quantum.*, <region>.quantum.*, an address, loopback."""
    host = host.lower().strip("[]")
    if host == "localhost" or host.endswith(".localhost") or ".quantum." in f".{host}":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve_service_url(instance: str, url: str | None, *, private_endpoint: bool = False) -> str:
    """The API root from a URL in any of its accepted forms, the same for every source.

    - none, or a platform root (`https://cloud.ibm.com`, or any other host-only URL whose host
      does not serve the API, as the official SDK stores it): derived from the instance CRN
      (region, private endpoint);
    - a host-only URL of the API itself (`https://quantum.cloud.ibm.com`, `http://127.0.0.1:8000`):
      that host's `/api`;
    - a URL with a path (`.../api` or `.../api/v1`): the API root, without the trailing `/v1`.
    """
    if url is None or url.rstrip("/") in _PLATFORM_URLS:
        return service_url_for(instance, private_endpoint=private_endpoint)
    root = url.rstrip("/")
    parsed = urlsplit(root)
    if not parsed.path:
        if parsed.hostname and _is_api_host(parsed.hostname):
            return f"{root}/api"
        return service_url_for(instance, platform=root, private_endpoint=private_endpoint)
    if root.endswith(PATH_VERSION_SEGMENT):
        root = root[: -len(PATH_VERSION_SEGMENT)]
    return root


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
    proxies = data.get("proxies")
    if proxies is not None and not isinstance(proxies, Mapping):
        raise ConfigurationError(f"saved account {name!r} in {filename}: proxies must be an object")
    for flag in ("verify", "private_endpoint"):
        if not isinstance(data.get(flag, False), bool):  # "false" would read as true
            raise ConfigurationError(
                f"saved account {name!r} in {filename}: {flag} must be true or false, "
                f"got {data[flag]!r}"
            )
    return Account(
        token=str(token),
        instance=str(instance),
        url=data.get("url") or None,
        channel=str(data.get("channel", DEFAULT_CHANNEL)),
        name=name,
        proxies=proxies,
        verify=data.get("verify", True),
        private_endpoint=data.get("private_endpoint", False),
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


def discover_account(
    *,
    token: str | None = None,
    instance: str | None = None,
    name: str | None = None,
    filename: str | os.PathLike[str] | None = None,
) -> Account:
    """The credentials, each from the first place that has it (the documented precedence).

    The API key: the `token` argument, else QISKIT_IBM_TOKEN, else the saved account (the one
    `name`/`filename` picks, else the channel's default). The instance CRN: the `instance`
    argument, else QISKIT_IBM_INSTANCE, else that same saved account (a CRN, or a name that the
    client looks up at its first request). A token from an argument or
    the environment is never paired with a saved account's instance. When something is missing,
    the error says exactly what, and where it was looked for.
    """
    env_token = os.environ.get("QISKIT_IBM_TOKEN") or None
    env_instance = os.environ.get("QISKIT_IBM_INSTANCE") or None
    instance_argument = instance
    if name is None and filename is None:
        token = token if token is not None else env_token
        instance = instance or env_instance
        if token is not None and instance:
            from_env = token == env_token and instance == env_instance
            return Account(
                token=token,
                instance=instance,
                url=(os.environ.get("QISKIT_IBM_URL") or None) if from_env else None,
                channel=os.environ.get("QISKIT_IBM_CHANNEL") or DEFAULT_CHANNEL,
                name="environment" if from_env else None,
            )
        if token is not None:
            raise ConfigurationError(
                "instance= is required with an API key (token= or QISKIT_IBM_TOKEN): pass "
                "instance= or set QISKIT_IBM_INSTANCE to the instance CRN, e.g. "
                "'crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<guid>::', or to "
                "the instance's name"
            )
    saved = load_saved_account(name, filename)
    if saved is None:
        path = Path(filename) if filename is not None else DEFAULT_ACCOUNTS_FILE
        if instance_argument or env_instance:
            what = "instance=" if instance_argument else "QISKIT_IBM_INSTANCE"
            missing = (
                f"only the API key is missing: {what} is set, but neither token= nor "
                "QISKIT_IBM_TOKEN"
            )
        else:
            missing = "neither token=/instance= nor QISKIT_IBM_TOKEN/QISKIT_IBM_INSTANCE are set"
        raise ConfigurationError(
            f"no IBM Quantum credentials found ({missing}, and no saved account in {path}). Pass "
            "token= and instance= (an IBM Cloud API key and an instance CRN), set "
            "QISKIT_IBM_TOKEN and QISKIT_IBM_INSTANCE, or save an account with "
            "qiskit_runtime_client.save_account(...)"
        )
    chosen = instance_argument or (env_instance if name is None and filename is None else None)
    if chosen:
        saved = attrs.evolve(saved, instance=chosen)
    return saved


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
    proxy: str | None = None,
    verify: bool = True,
    private_endpoint: bool = False,
) -> Path:
    """Save credentials in the official SDK's accounts file (mode 0600) and return its path.

    `instance` is an instance CRN, or an instance name (looked up when the account is used).
    `proxy` (a URL), `verify=False` and `private_endpoint=True` are saved as the SDK saves them
    (`proxies`, `verify`, `private_endpoint`), for every client that uses the account.
    """
    if channel not in CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(CHANNELS)}; got {channel!r}")
    if not token:
        raise ValueError("token must be a non-empty IBM Cloud API key")
    from qiskit_runtime_client._instances import check_instance_name

    if is_crn(token):  # neither value is shown: one of them is the API key
        raise ValueError(
            "token looks like an instance CRN: are the token and the instance swapped?"
        )
    if is_crn(instance):
        parse_crn(instance)
    else:
        check_instance_name(instance)  # looked up with Global Search when the client is used
    for flag, value in (("verify", verify), ("private_endpoint", private_endpoint)):
        if not isinstance(value, bool):
            raise ValueError(f"{flag} must be True or False, got {value!r}")
    if proxy is not None:
        from qiskit_runtime_client._setup import check_proxy

        check_proxy(proxy, "proxy")
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
        if proxy is not None:
            entry["proxies"] = {"urls": {"https": proxy}}  # the SDK's ProxyConfiguration
        if not verify:
            entry["verify"] = False
        if private_endpoint:
            entry["private_endpoint"] = True
        if set_as_default:
            for other in accounts.values():
                if isinstance(other, dict) and other.get("channel", DEFAULT_CHANNEL) == channel:
                    other.pop("is_default_account", None)
            entry["is_default_account"] = True
        accounts[name] = entry
        write_atomic(path, json.dumps(accounts, sort_keys=True, indent=4))
    return path
