"""Construction shared by RuntimeClient and AsyncRuntimeClient: credentials, root URL, headers."""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import platform
import re
import ssl
import urllib.request
from urllib.parse import urlsplit

import attrs
import httpx

from qiskit_runtime_client._accounts import (
    Account,
    discover_account,
    iam_url_for,
    is_crn,
    parse_crn,
    resolve_service_url,
)
from qiskit_runtime_client._auth import BearerAuth, IAMAuth
from qiskit_runtime_client._clock import Clock
from qiskit_runtime_client._constants import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_POOL_TIMEOUT,
    DEFAULT_READ_TIMEOUT,
    DEFAULT_WRITE_TIMEOUT,
    SUBMIT_READ_TIMEOUT,
    SUBMIT_WRITE_TIMEOUT,
)
from qiskit_runtime_client._instances import (
    PLACEHOLDER_CRN,
    InstanceResolver,
    check_instance_name,
    search_url_for,
)
from qiskit_runtime_client._redact import redact_url
from qiskit_runtime_client._version import __version__
from qiskit_runtime_client.errors import ConfigurationError

USER_AGENT = (
    f"qiskit-runtime-client/{__version__} httpx/{httpx.__version__} "
    f"python/{platform.python_version()}"
)

logger = logging.getLogger("qiskit_runtime_client")
TimeoutLike = float | httpx.Timeout | None
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}")


@attrs.frozen
class Connection:
    """Where requests go and how they are authenticated; shared by a client and its copies."""

    base_url: str = attrs.field(repr=lambda url: repr(redact_url(url)))
    instance: str
    auth: httpx.Auth = attrs.field(repr=False)
    #: TLS verification and proxy; what our own transports are built with.
    verify: bool | ssl.SSLContext = True
    proxy: str | None = attrs.field(default=None, repr=False)
    #: Set when the instance was given by name: finds its CRN at the first request (the auth
    #: flow runs it); `instance` is then the name and `base_url` the root before resolution.
    resolver: InstanceResolver | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def current_base_url(self) -> str:
        """The API root: the resolved instance's once an instance name is resolved."""
        resolver = self.resolver
        return resolver.base_url if resolver is not None and resolver.base_url else self.base_url

    @property
    def current_instance(self) -> str:
        """The instance CRN; for an instance name, the name until the first request resolves
        it to its CRN."""
        resolver = self.resolver
        return resolver.crn if resolver is not None and resolver.crn else self.instance

    def transport_options(self) -> dict[str, object]:
        """Keyword arguments for httpx.HTTPTransport / AsyncHTTPTransport."""
        options: dict[str, object] = {}
        if self.verify is not True:
            options["verify"] = self.verify
        if self.proxy is not None:
            options["proxy"] = self.proxy
        return options

    @property
    def display_url(self) -> str:
        """The service root with any password in it hidden (for reprs and messages)."""
        return redact_url(self.current_base_url)

    def headers(self) -> dict[str, str]:
        """Headers on every API request (IBM-API-Version is added per request; for an instance
        name, the auth flow adds Service-CRN once the name is resolved)."""
        headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Service-CRN": self.instance,
            "X-Qx-Client-Application": f"qiskit-runtime-client/{__version__}",
        }
        if self.resolver is not None:
            del headers["Service-CRN"]
        return headers


def resolve_connection(
    *,
    token: str | None,
    instance: str | None,
    url: str | None,
    iam_url: str | None,
    bearer_token: str | None,
    clock: Clock,
    allow_insecure_http: bool = False,
    name: str | None = None,
    filename: str | os.PathLike[str] | None = None,
    proxy: str | None = None,
    verify: bool | ssl.SSLContext | None = None,
    own_transport: bool = True,
) -> Connection:
    """Credentials and URLs, each from the first source that has it: the argument, then its
    environment variable, then the saved account (see `discover_account` and the auth guide).

    The instance CRN must be printable ASCII (it is sent as a header); an instance given by
    name is resolved to its CRN at the first request (see `_instances`). URLs must be https://,
    or http:// to a loopback host, unless `allow_insecure_http` (credentials would go in
    cleartext); the Global Search URL the name lookup sends the bearer token to follows the
    same rule. A proxy is chosen only for our own transport (`own_transport`): a caller's
    httpx client or transport keeps its own.
    """
    if token is not None and bearer_token is not None:
        raise ConfigurationError("pass either token= (an API key) or bearer_token=, not both")
    if (token is not None or bearer_token is not None) and (name or filename):
        raise ConfigurationError(
            "pass either credentials (token=/bearer_token=) or a saved account (name=/filename=)"
        )
    if bearer_token is not None:
        instance = instance or os.environ.get("QISKIT_IBM_INSTANCE") or None
        if not instance:
            raise ConfigurationError(
                "instance= is required with bearer_token=: pass instance= or set "
                "QISKIT_IBM_INSTANCE to the instance CRN, e.g. "
                "'crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<guid>::'"
            )
        if not is_crn(instance):
            raise ConfigurationError(
                "with bearer_token= the instance must be a CRN (crn:v1:...): instance names are "
                "looked up with the API key (token=)"
            )
        account = Account(token="", instance=instance)
    else:
        account = discover_account(token=token, instance=instance, name=name, filename=filename)
    if is_crn(account.token):  # neither value is shown: one of them is the API key
        raise ConfigurationError(
            "the API key (token=, QISKIT_IBM_TOKEN or the saved account's token) looks like an "
            "instance CRN: are the token and the instance swapped?"
        )
    named = not is_crn(account.instance)
    if named:
        check_instance_name(account.instance)
    else:
        check_header_value(account.instance, "instance")
    # An instance name: the root is derived from a us-east CRN until the name is resolved.
    crn = PLACEHOLDER_CRN if named else account.instance
    private = account.private_endpoint
    url = url or os.environ.get("QISKIT_IBM_URL") or account.url
    if url is not None:
        check_url(url, "url", allow_insecure_http)  # a readable error before normalising it
    if url is None or urlsplit(url.rstrip("/")).path == "":
        parse_crn(crn)  # the URL is derived from the CRN's region
    base_url = check_url(
        resolve_service_url(crn, url, private_endpoint=private), "url", allow_insecure_http
    )
    auth: httpx.Auth
    resolver = None
    if bearer_token is not None:
        check_header_value(bearer_token, "bearer_token", secret=True)
        auth = BearerAuth(bearer_token)
    else:
        check_header_value(account.token, "token", secret=True)
        iam_root = check_url(
            iam_url_for(account.instance, iam_url, private_endpoint=private),
            "iam_url",
            allow_insecure_http,
        )
        if named:

            def root_for(found: str) -> str:
                root = resolve_service_url(found, url, private_endpoint=private)
                return check_url(root, "url", allow_insecure_http)

            def check_found(found: str) -> None:
                check_header_value(found, "the instance CRN Global Search gave")
                parse_crn(found)

            resolver = InstanceResolver(
                account.instance,
                check_url(search_url_for(iam_root), "Global Search URL", allow_insecure_http),
                provisional_root=base_url,
                root_for=root_for,
                check_crn=check_found,
            )
        auth = IAMAuth(
            account.token, iam_root, clock=clock, user_agent=USER_AGENT, instance_resolver=resolver
        )
    return Connection(
        base_url=base_url,
        instance=account.instance,
        auth=auth,
        verify=check_verify(account.verify if verify is None else verify, base_url, own_transport),
        proxy=choose_proxy(proxy, account, base_url) if own_transport else None,
        resolver=resolver,
    )


def check_verify(
    verify: bool | ssl.SSLContext, base_url: str, own_transport: bool = True
) -> bool | ssl.SSLContext:
    """True, False or an ssl.SSLContext; turning verification off for an https:// service on
    our own transport is logged as a warning."""
    if not isinstance(verify, bool | ssl.SSLContext):
        raise ConfigurationError(
            f"verify must be True, False or an ssl.SSLContext, got {type(verify).__name__}"
        )
    if verify is False and own_transport and base_url.startswith("https://"):
        logger.warning(
            "TLS certificate verification is off for %s: anyone on the network path could read "
            "the token",
            redact_url(base_url),
        )
    return verify


def choose_proxy(proxy: str | None, account: Account, base_url: str) -> str | None:
    """The proxy for our connections: the argument, else the saved account's, else the
    environment's (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY and NO_PROXY, as requests and the official
    SDK honour them). Never for this machine: a proxy cannot reach its loopback."""
    source = "proxy"
    if proxy is None:
        source = f"saved account {account.name!r}: proxies"
        proxy = account_proxy(account, base_url)
        if proxy is None:
            source, proxy = environment_proxy(base_url)
        if proxy is None or is_loopback(urlsplit(base_url).hostname or ""):
            return None
    return check_proxy(proxy, source)


_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def check_proxy(proxy: str, source: str) -> str:
    """A proxy URL httpx can use: one of _PROXY_SCHEMES; SOCKS only with socksio installed."""
    try:
        scheme = httpx.URL(proxy).scheme
    except (httpx.InvalidURL, TypeError, ValueError):
        scheme = ""
    if scheme not in _PROXY_SCHEMES:
        raise ConfigurationError(
            f"{source} must be a URL with scheme {', '.join(_PROXY_SCHEMES)}, "
            f"got {redact_url(str(proxy))!r}"
        )
    if scheme.startswith("socks"):
        import importlib.util

        if importlib.util.find_spec("socksio") is None:
            raise ConfigurationError(
                f"{source} is a SOCKS proxy, which needs the socksio package: "
                'pip install "httpx[socks]"'
            )
    return proxy


def environment_proxy(base_url: str) -> tuple[str, str | None]:
    """The variable naming the proxy for this URL and its value (None if none applies, or
    NO_PROXY excludes the host). A value without a scheme is http://, as curl and requests
    read it."""
    scheme, host = urlsplit(base_url).scheme, urlsplit(base_url).hostname or ""
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass(host):
        return "", None
    for key in (scheme, "all"):
        value = proxies.get(key)
        if value:
            value = value if "://" in value else f"http://{value}"
            return f"the {key.upper()}_PROXY environment variable", value
    return "", None


def account_proxy(account: Account, base_url: str) -> str | None:
    """The proxy URL of a saved account's `proxies` for the API's scheme (the SDK's format:
    {"urls": {"https": "http://proxy:3128", ...}}); NTLM credentials are not supported."""
    if not account.proxies:
        return None
    if account.proxies.get("username_ntlm") or account.proxies.get("password_ntlm"):
        raise ConfigurationError(
            f"saved account {account.name!r}: NTLM proxy credentials are not supported; put the "
            "credentials in the proxy URL (http://user:password@proxy:port) instead"
        )
    urls = account.proxies.get("urls") or {}
    if not isinstance(urls, dict):
        raise ConfigurationError(f"saved account {account.name!r}: proxies.urls must be an object")
    scheme = urlsplit(base_url).scheme
    host = urlsplit(base_url).hostname or ""
    for key in (f"{scheme}://{host}", scheme, f"{scheme}://", "all", "all://"):
        if urls.get(key):
            return str(urls[key])
    return None


_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine (127.0.0.0/8, ::1, localhost, and the
    unspecified 0.0.0.0 / :: that connecting to reaches this machine)."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_url(url: str, field: str, allow_insecure_http: bool = False) -> str:
    """A usable https:// URL (http:// only to loopback, or when explicitly allowed)."""
    shown = redact_url(url)
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise ConfigurationError(f"{field} {shown!r} is not a valid URL: {exc}") from None
    if parsed.scheme not in ("https", "http") or not parsed.host:
        raise ConfigurationError(
            f"{field} must be an https:// URL with a host (http:// only to this machine), "
            f"got {shown!r}"
        )
    if parsed.scheme == "http" and not is_loopback(parsed.host) and not allow_insecure_http:
        raise ConfigurationError(
            f"{field} {shown!r} uses http:// to a host other than this machine: the API key or "
            "bearer token would travel in cleartext. Use https://, or pass "
            "allow_insecure_http=True if this is really wanted"
        )
    return url


def check_header_value(value: str, field: str, *, secret: bool = False) -> None:
    """Values sent in headers must be printable ASCII without spaces (no CR/LF injection)."""
    if (
        not isinstance(value, str)
        or not value.isascii()
        or not value.isprintable()
        or any(ch.isspace() for ch in value)
    ):
        what = "a value" if secret else repr(value)[:120]
        raise ConfigurationError(
            f"{field} must be printable ASCII without spaces or line breaks, got {what}"
        )


def check_max_response_size(size: int) -> int:
    """max_response_size: a positive int of bytes."""
    if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
        raise ValueError(f"max_response_size must be an int > 0 (bytes), got {size!r}")
    return size


def make_timeout(timeout: TimeoutLike) -> httpx.Timeout:
    """Finite timeouts: the given number for every phase, or the defaults."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise TypeError(
                f"timeout must be a number of seconds or an httpx.Timeout, got {timeout!r}"
            )
        if not 0 < timeout < math.inf:
            raise ValueError(f"timeout must be a positive, finite number of seconds, got {timeout}")
        return httpx.Timeout(timeout)
    return httpx.Timeout(
        connect=DEFAULT_CONNECT_TIMEOUT,
        read=DEFAULT_READ_TIMEOUT,
        write=DEFAULT_WRITE_TIMEOUT,
        pool=DEFAULT_POOL_TIMEOUT,
    )


def submit_timeout(timeout: httpx.Timeout, *, given: bool = False) -> httpx.Timeout:
    """The longer read/write budget for job submission (large payloads, slow acknowledgement).

    A timeout the caller gave (`given`) is kept as is: it is their bound, even if shorter.
    """
    if given:
        return timeout
    return httpx.Timeout(
        connect=timeout.connect,
        read=max(timeout.read or 0.0, SUBMIT_READ_TIMEOUT),
        write=max(timeout.write or 0.0, SUBMIT_WRITE_TIMEOUT),
        pool=timeout.pool,
    )


def check_api_version(api_version: str) -> str:
    """The IBM-API-Version value: a date such as 2026-04-15."""
    if not isinstance(api_version, str) or not _API_VERSION.fullmatch(api_version):
        raise ValueError(
            f"api_version must be a date string like 2026-04-15 (YYYY-MM-DD), got {api_version!r}"
        )
    return api_version


def check_max_retries(max_retries: int) -> int:
    """max_retries must be a non-negative int (not bool)."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise ValueError(f"max_retries must be an int >= 0, got {max_retries!r}")
    return max_retries
