"""RuntimeClient and AsyncRuntimeClient: the entry points users construct.

Both hold the same parts (a Connection, Settings, a Clock) and expose the same resources; the
sync one sends with httpx.Client, the async one with httpx.AsyncClient. Resources and generated
modules are imported on first use to keep `import qiskit_runtime_client` light.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from functools import cached_property, partial
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Self

import attrs
import httpx

from qiskit_runtime_client._clock import SYSTEM_CLOCK, Clock
from qiskit_runtime_client._constants import (
    DEFAULT_API_VERSION,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
)
from qiskit_runtime_client._inflight import DEFAULT_MAX_IN_FLIGHT, InFlight
from qiskit_runtime_client._pathguard import guard_paths
from qiskit_runtime_client._retry import EXT_MAX_RETRIES, AsyncRetryTransport, RetryTransport
from qiskit_runtime_client._runner import AsyncRunner, Settings, SyncRunner
from qiskit_runtime_client._setup import (
    Connection,
    TimeoutLike,
    check_api_version,
    check_max_response_size,
    check_max_retries,
    make_timeout,
    resolve_connection,
)
from qiskit_runtime_client.errors import ConfigurationError

if TYPE_CHECKING:
    from qiskit_runtime_api.client import AuthenticatedClient

    from qiskit_runtime_client.resources.accounts import AccountInfo
    from qiskit_runtime_client.resources.backends import AsyncBackends, Backend, Backends
    from qiskit_runtime_client.resources.instance import AsyncInstance, Instance
    from qiskit_runtime_client.resources.jobs import AsyncJobs, Jobs
    from qiskit_runtime_client.resources.primitives import (
        AsyncEstimator,
        AsyncSampler,
        Estimator,
        Sampler,
    )
    from qiskit_runtime_client.resources.sessions import AsyncSession, Session
    from qiskit_runtime_client.resources.tags import AsyncTags, Tags
    from qiskit_runtime_client.resources.workloads import AsyncWorkloads, Workloads


class _ClientBase:
    """What both clients share: where to send, how to authenticate, and per-client settings."""

    _connection: Connection
    _settings: Settings
    _clock: Clock

    #: Set by each subclass: its httpx client, retry transport, default transport and runner.
    _http_class: ClassVar[type[Any]]
    _retry_class: ClassVar[type[Any]]
    _transport_class: ClassVar[type[Any]]
    _transport_base: ClassVar[type[Any]]
    _runner_class: ClassVar[type[Any]]

    def __init__(self, token: str | None = None, **options: Any) -> None:
        raise TypeError("construct RuntimeClient or AsyncRuntimeClient")  # subclasses set up

    def _setup(
        self,
        *,
        token: str | None,
        instance: str | None,
        url: str | None,
        iam_url: str | None,
        bearer_token: str | None,
        timeout: TimeoutLike,
        max_retries: int,
        api_version: str,
        httpx_client: Any,
        transport: Any,
        clock: Clock | None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        allow_insecure_http: bool = False,
        check_isa: bool = True,
        name: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        proxy: str | None = None,
        verify: bool | ssl.SSLContext | None = None,
    ) -> None:
        """Resolve credentials and settings, then build (or adopt) the httpx client."""
        if not isinstance(check_isa, bool):
            raise TypeError(f"check_isa: expected True or False, got {check_isa!r}")
        self._check_callers_http(httpx_client, transport, proxy, verify)
        self._clock = clock or SYSTEM_CLOCK
        self._connection = resolve_connection(
            token=token,
            instance=instance,
            url=url,
            iam_url=iam_url,
            bearer_token=bearer_token,
            clock=self._clock,
            allow_insecure_http=allow_insecure_http,
            name=name,
            filename=filename,
            proxy=proxy,
            verify=verify,
            own_transport=httpx_client is None and transport is None,
        )
        self._settings = Settings(
            api_version=check_api_version(api_version),
            timeout=make_timeout(timeout),
            max_retries=check_max_retries(max_retries),
            max_response_size=check_max_response_size(max_response_size),
            timeout_given=timeout is not None,
            check_isa=check_isa,
        )
        in_flight = InFlight(max_in_flight)
        retries = self._settings.max_retries

        def retrying(inner: Any, factory: Callable[[], Any] | None = None) -> Any:
            return self._retry_class(inner, max_retries=retries, clock=self._clock, factory=factory)

        options = self._http_options()
        if httpx_client is not None:
            # The caller's client keeps its proxies, TLS and limits; we wrap its transports.
            _wrap_transports(httpx_client, retrying)
            _adopt(httpx_client, options)
            self._http, self._owns_http = httpx_client, False
        else:
            # Our own transport can be made again in a forked child; a caller's cannot.
            # verify and proxy: the arguments, the saved account's or the environment's.
            made = self._connection.transport_options()
            transport_class: Callable[..., Any] = self._transport_class
            make: Callable[[], Any] = partial(transport_class, **made)
            factory = None if transport is not None else make
            inner = transport or make()
            self._http = self._http_class(transport=retrying(inner, factory), **options)
            self._owns_http = True
        guard_paths(self._http)
        self._http_settings = self._settings
        self._runner = self._runner_class(
            self._http, self._settings, self._clock, in_flight, self._connection.proxy
        )

    def _check_callers_http(
        self,
        httpx_client: Any,
        transport: Any,
        proxy: str | None,
        verify: bool | ssl.SSLContext | None,
    ) -> None:
        """The caller's httpx client or transport: one of them, of this client's kind (sync or
        async), without proxy=/verify= (which would be ignored); checked before anything else."""
        if httpx_client is not None and transport is not None:
            raise ValueError("pass either httpx_client= or transport=, not both")
        own = type(self).__name__
        for field, given, kind in (
            ("httpx_client", httpx_client, self._http_class),
            ("transport", transport, self._transport_base),
        ):
            if given is None:
                continue
            if not isinstance(given, kind):
                other = "AsyncRuntimeClient" if own == "RuntimeClient" else "RuntimeClient"
                raise TypeError(
                    f"{field}: {own} needs an httpx.{kind.__name__} (or a subclass), got "
                    f"{type(given).__module__}.{type(given).__name__}; {other} takes the other kind"
                )
            _refuse_connection_options(field, proxy, verify)

    @classmethod
    def from_saved_account(
        cls, name: str | None = None, filename: str | os.PathLike[str] | None = None, **kwargs: Any
    ) -> Self:
        """A client for an account saved with save_account() (or the official SDK): its key and
        instance even when QISKIT_IBM_TOKEN is set; arguments and QISKIT_IBM_URL/IAM_URL still
        apply on top (the precedence of the auth guide)."""
        from qiskit_runtime_client import _accounts
        from qiskit_runtime_client.errors import ConfigurationError

        filename = filename if filename is not None else _accounts.DEFAULT_ACCOUNTS_FILE
        if _accounts.load_saved_account(name, filename) is None:
            raise ConfigurationError(f"no saved account found in {filename}")
        return cls(name=name, filename=filename, **kwargs)

    def with_options(
        self,
        *,
        timeout: TimeoutLike = None,
        max_retries: int | None = None,
        api_version: str | None = None,
        max_response_size: int | None = None,
    ) -> Self:
        """A copy with other settings that shares this client's connections and token."""
        copy = object.__new__(type(self))
        copy.__dict__.update(
            _connection=self._connection,
            _clock=self._clock,
            _settings=self._copy_settings(timeout, max_retries, api_version, max_response_size),
            _http=self._http,
            _http_settings=self._http_settings,
            _owns_http=False,
        )
        copy._runner = self._runner_class(
            self._http, copy._settings, self._clock, self._runner.in_flight, self._runner.proxy
        )
        return copy

    def _copy_settings(
        self,
        timeout: TimeoutLike,
        max_retries: int | None,
        api_version: str | None,
        max_response_size: int | None = None,
    ) -> Settings:
        changes: dict[str, Any] = {}
        if timeout is not None:
            changes["timeout"] = make_timeout(timeout)
            changes["timeout_given"] = True
        if max_response_size is not None:
            changes["max_response_size"] = check_max_response_size(max_response_size)
        if max_retries is not None:
            changes["max_retries"] = check_max_retries(max_retries)
        if api_version is not None:
            changes["api_version"] = check_api_version(api_version)
        return attrs.evolve(self._settings, **changes)

    def _http_options(self) -> dict[str, Any]:
        return {
            "base_url": self._connection.base_url + "/",
            "headers": {
                **self._connection.headers(),
                "IBM-API-Version": self._settings.api_version,
            },
            "auth": self._connection.auth,
            "timeout": self._settings.timeout,
            "follow_redirects": False,
        }

    @property
    def base_url(self) -> str:
        """The service root in use, e.g. https://quantum.cloud.ibm.com/api (the spec's servers)."""
        return self._connection.current_base_url

    @property
    def instance_crn(self) -> str:
        """The instance CRN sent as Service-CRN. An instance given by name is looked up at the
        first request: until then this is the name."""
        return self._connection.current_instance

    @property
    def api_version(self) -> str:
        """The IBM-API-Version header value."""
        return self._settings.api_version

    def __repr__(self) -> str:
        connection = self.__dict__.get("_connection")
        if connection is None:  # construction failed part-way
            return f"{type(self).__name__}(<not set up>)"
        return (
            f"{type(self).__name__}(base_url={connection.display_url!r}, "
            f"instance={connection.current_instance!r})"
        )


def _refuse_connection_options(
    given: str, proxy: str | None, verify: bool | ssl.SSLContext | None
) -> None:
    """proxy=/verify= configure our own transport; with the caller's they would be ignored."""
    for field, value in (("proxy", proxy), ("verify", verify)):
        if value is not None:
            raise ConfigurationError(
                f"{field}= cannot be combined with {given}=: configure {field} on the "
                f"{'httpx client' if given == 'httpx_client' else 'transport'} you pass instead"
            )


def _wrap_transports(http: Any, wrap: Callable[[Any], Any]) -> None:
    """Put the retry policy around every transport of a caller's client (default and mounts,
    e.g. proxies), so no request escapes it."""
    http._transport = wrap(http._transport)
    http._mounts = {
        pattern: None if transport is None else wrap(transport)
        for pattern, transport in http._mounts.items()
    }


def _adopt(http: httpx.Client | httpx.AsyncClient, options: dict[str, Any]) -> None:
    """Configure a caller's httpx client with our root, headers, auth and timeout."""
    http.base_url = options["base_url"]
    http.headers.update(options["headers"])
    http.auth = options["auth"]
    http.timeout = options["timeout"]
    http.follow_redirects = False  # redirects would carry credentials and bodies elsewhere


def _with_max_retries(request: httpx.Request, max_retries: int) -> None:
    request.extensions.setdefault(EXT_MAX_RETRIES, max_retries)


class RuntimeClient(_ClientBase):
    """Blocking client for the Qiskit Runtime REST API."""

    _http_class = httpx.Client
    _retry_class = RetryTransport
    _transport_class = httpx.HTTPTransport
    _transport_base = httpx.BaseTransport
    _runner_class = SyncRunner
    _http: httpx.Client
    _runner: SyncRunner

    def __init__(
        self,
        token: str | None = None,
        *,
        instance: str | None = None,
        url: str | None = None,
        iam_url: str | None = None,
        bearer_token: str | None = None,
        timeout: TimeoutLike = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        api_version: str = DEFAULT_API_VERSION,
        httpx_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        allow_insecure_http: bool = False,
        check_isa: bool = True,
        name: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        proxy: str | None = None,
        verify: bool | ssl.SSLContext | None = None,
    ) -> None:
        """Credentials from the arguments, the environment or the saved account (auth guide).

        Each setting comes from its argument, else its environment variable (QISKIT_IBM_TOKEN,
        QISKIT_IBM_INSTANCE, QISKIT_IBM_URL, IAM_URL), else the saved account (`name=` and
        `filename=` pick one; else the default one); `url` and `iam_url` take any form (API root
        or host, platform root; IAM root or token URL). `instance` is the instance CRN, or its
        name, looked up once at the first request (IBM Cloud Global Search).

        `max_response_size` bounds every answer in bytes (on the wire and decompressed);
        `allow_insecure_http=True` accepts http:// to a host other than this machine (the key
        or token would travel in cleartext). `max_in_flight` bounds the requests this client
        (and its with_options copies) has in flight at once; more wait their turn, in order.

        `proxy` (an http://, https:// or socks5:// URL) and `verify` (False, or an
        ssl.SSLContext with your CA) apply to every connection, IAM's included; without them
        the saved account's `proxies`/`verify` apply, then HTTPS_PROXY/HTTP_PROXY/ALL_PROXY and
        NO_PROXY.
        """
        self._setup(
            token=token,
            instance=instance,
            url=url,
            iam_url=iam_url,
            bearer_token=bearer_token,
            timeout=timeout,
            max_retries=max_retries,
            api_version=api_version,
            httpx_client=httpx_client,
            transport=transport,
            clock=clock,
            max_response_size=max_response_size,
            allow_insecure_http=allow_insecure_http,
            check_isa=check_isa,
            name=name,
            filename=filename,
            max_in_flight=max_in_flight,
            proxy=proxy,
            verify=verify,
        )

    @cached_property
    def raw(self) -> AuthenticatedClient:
        """The generated low-level client, sending through this client's auth, retries, headers.

        Call its functions with `client=client.raw`; do not use it as a context manager (that
        would close this client's connections).
        """
        from qiskit_runtime_api.client import AuthenticatedClient

        # The token field is unused: requests go through this client's httpx client, whose auth
        # adds the real (renewed) token; the placeholder keeps secrets out of the raw client's repr.
        raw = AuthenticatedClient(base_url=self.base_url, token="")
        http = self._http
        if self._settings != self._http_settings:  # a with_options copy: its own settings
            max_retries = self._settings.max_retries
            http = httpx.Client(
                transport=self._http._transport,  # the same connections and retry policy
                event_hooks={"request": [lambda r: _with_max_retries(r, max_retries)]},
                **self._http_options(),
            )
            guard_paths(http)
        raw.set_httpx_client(http)
        return raw

    @cached_property
    def backends(self) -> Backends:
        """Backends: list, status, properties, configuration, defaults, least_busy."""
        from qiskit_runtime_client.resources.backends import Backends

        return Backends(self._runner)

    @cached_property
    def jobs(self) -> Jobs:
        """Jobs: list (lazy pager), get, wait_all."""
        from qiskit_runtime_client.resources.jobs import Jobs

        return Jobs(self._runner)

    @cached_property
    def workloads(self) -> Workloads:
        """Your own jobs and sessions (GET /workloads, user=me): list (lazy pager)."""
        from qiskit_runtime_client.resources.workloads import Workloads

        return Workloads(self._runner)

    @cached_property
    def tags(self) -> Tags:
        """Job tags: search."""
        from qiskit_runtime_client.resources.tags import Tags

        return Tags(self._runner)

    @cached_property
    def instance(self) -> Instance:
        """The instance: usage, configuration, set_limit."""
        from qiskit_runtime_client.resources.instance import Instance

        return Instance(self._runner)

    def account(self, account_id: str) -> AccountInfo:
        """The configuration of an account (GET /accounts/{id})."""
        from qiskit_runtime_client.resources.accounts import get_account

        return self._runner.run(get_account(account_id))

    def session(
        self, backend: str | Backend, *, mode: str = "dedicated", max_ttl: int | None = None
    ) -> Session:
        """A session context manager: created on entering the block, closed on leaving it."""
        from qiskit_runtime_client.resources.backends import backend_name
        from qiskit_runtime_client.resources.sessions import Session

        return Session(self._runner, backend_name(backend), mode=mode, max_ttl=max_ttl)

    def batch(self, backend: str | Backend, *, max_ttl: int | None = None) -> Session:
        """A session in batch mode."""
        return self.session(backend, mode="batch", max_ttl=max_ttl)

    def session_from_id(self, session_id: str, backend: str | None = None) -> Session:
        """A handle on an existing session (created elsewhere); `backend` spares reading it
        from the session before its first job."""
        from qiskit_runtime_client.resources.sessions import Session

        return Session.from_id(self._runner, session_id, backend)

    def sampler(
        self,
        backend: str | Backend | None = None,
        session: Session | None = None,
        *,
        support_qiskit: bool | None = None,
        check_isa: bool | None = None,
    ) -> Sampler:
        """A Sampler for `backend` (or the session's backend); run() returns a Job."""
        from qiskit_runtime_client.resources.primitives import Sampler

        return Sampler(
            self._runner, backend, session, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def estimator(
        self,
        backend: str | Backend | None = None,
        session: Session | None = None,
        *,
        support_qiskit: bool | None = None,
        check_isa: bool | None = None,
    ) -> Estimator:
        """An Estimator for `backend` (or the session's backend); run() returns a Job."""
        from qiskit_runtime_client.resources.primitives import Estimator

        return Estimator(
            self._runner, backend, session, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def transpile(
        self,
        circuits: Any,
        backend: str | Backend,
        optimization_level: int = 2,
        seed: int | None = None,
    ) -> Any:
        """ISA circuits for `backend`, transpiled locally by qiskit (the `qiskit` extra).

        OpenQASM 3 text in gives OpenQASM 3 text out (with `.layout`), a QuantumCircuit gives a
        QuantumCircuit; a list gives a list. Map estimator observables with
        `qiskit_runtime_client.apply_layout(observables, transpiled)`. This replaces IBM's
        cloud transpiler service, which IBM retired.
        """
        from qiskit_runtime_client.resources.backends import Backend as _Backend
        from qiskit_runtime_client.target import require_qiskit, transpile

        require_qiskit("transpile")
        if not isinstance(backend, _Backend) or backend.configuration is None:
            backend = self.backends.get(backend)
        return transpile(circuits, backend.target, optimization_level=optimization_level, seed=seed)

    def close(self) -> None:
        """Close the connections (not those of a caller-provided httpx client)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncRuntimeClient(_ClientBase):
    """Asyncio client for the Runtime REST API: the methods of RuntimeClient, awaitable."""

    _http_class = httpx.AsyncClient
    _retry_class = AsyncRetryTransport
    _transport_class = httpx.AsyncHTTPTransport
    _transport_base = httpx.AsyncBaseTransport
    _runner_class = AsyncRunner
    _http: httpx.AsyncClient
    _runner: AsyncRunner

    def __init__(
        self,
        token: str | None = None,
        *,
        instance: str | None = None,
        url: str | None = None,
        iam_url: str | None = None,
        bearer_token: str | None = None,
        timeout: TimeoutLike = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        api_version: str = DEFAULT_API_VERSION,
        httpx_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        allow_insecure_http: bool = False,
        check_isa: bool = True,
        name: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        proxy: str | None = None,
        verify: bool | ssl.SSLContext | None = None,
    ) -> None:
        """Credentials from the arguments, the environment or the saved account (auth guide).

        Each setting comes from its argument, else its environment variable (QISKIT_IBM_TOKEN,
        QISKIT_IBM_INSTANCE, QISKIT_IBM_URL, IAM_URL), else the saved account (`name=` and
        `filename=` pick one; else the default one); `url` and `iam_url` take any form (API root
        or host, platform root; IAM root or token URL). `instance` is the instance CRN, or its
        name, looked up once at the first request (IBM Cloud Global Search).

        `max_response_size` bounds every answer in bytes (on the wire and decompressed);
        `allow_insecure_http=True` accepts http:// to a host other than this machine (the key
        or token would travel in cleartext). `max_in_flight` bounds the requests this client
        (and its with_options copies) has in flight at once; more wait their turn, in order.

        `proxy` (an http://, https:// or socks5:// URL) and `verify` (False, or an
        ssl.SSLContext with your CA) apply to every connection, IAM's included; without them
        the saved account's `proxies`/`verify` apply, then HTTPS_PROXY/HTTP_PROXY/ALL_PROXY and
        NO_PROXY.
        """
        self._setup(
            token=token,
            instance=instance,
            url=url,
            iam_url=iam_url,
            bearer_token=bearer_token,
            timeout=timeout,
            max_retries=max_retries,
            api_version=api_version,
            httpx_client=httpx_client,
            transport=transport,
            clock=clock,
            max_response_size=max_response_size,
            allow_insecure_http=allow_insecure_http,
            check_isa=check_isa,
            name=name,
            filename=filename,
            max_in_flight=max_in_flight,
            proxy=proxy,
            verify=verify,
        )

    @cached_property
    def raw(self) -> AuthenticatedClient:
        """The generated low-level client, sending through this client's auth, retries, headers.

        Call its functions with `client=client.raw`; do not use it as a context manager (that
        would close this client's connections).
        """
        from qiskit_runtime_api.client import AuthenticatedClient

        # The token field is unused: requests go through this client's httpx client, whose auth
        # adds the real (renewed) token; the placeholder keeps secrets out of the raw client's repr.
        raw = AuthenticatedClient(base_url=self.base_url, token="")
        http = self._http
        if self._settings != self._http_settings:  # a with_options copy: its own settings
            max_retries = self._settings.max_retries

            async def hook(request: httpx.Request) -> None:
                _with_max_retries(request, max_retries)

            http = httpx.AsyncClient(
                transport=self._http._transport,  # the same connections and retry policy
                event_hooks={"request": [hook]},
                **self._http_options(),
            )
            guard_paths(http)
        raw.set_async_httpx_client(http)
        return raw

    @cached_property
    def backends(self) -> AsyncBackends:
        """Backends: list, status, properties, configuration, defaults, least_busy."""
        from qiskit_runtime_client.resources.backends import AsyncBackends

        return AsyncBackends(self._runner)

    @cached_property
    def jobs(self) -> AsyncJobs:
        """Jobs: list (lazy pager), get, wait_all."""
        from qiskit_runtime_client.resources.jobs import AsyncJobs

        return AsyncJobs(self._runner)

    @cached_property
    def workloads(self) -> AsyncWorkloads:
        """Your own jobs and sessions (GET /workloads, user=me): list (lazy pager)."""
        from qiskit_runtime_client.resources.workloads import AsyncWorkloads

        return AsyncWorkloads(self._runner)

    @cached_property
    def tags(self) -> AsyncTags:
        """Job tags: search."""
        from qiskit_runtime_client.resources.tags import AsyncTags

        return AsyncTags(self._runner)

    @cached_property
    def instance(self) -> AsyncInstance:
        """The instance: usage, configuration, set_limit."""
        from qiskit_runtime_client.resources.instance import AsyncInstance

        return AsyncInstance(self._runner)

    async def account(self, account_id: str) -> AccountInfo:
        """The configuration of an account (GET /accounts/{id})."""
        from qiskit_runtime_client.resources.accounts import get_account

        return await self._runner.run(get_account(account_id))

    def session(
        self, backend: str | Backend, *, mode: str = "dedicated", max_ttl: int | None = None
    ) -> AsyncSession:
        """A session async context manager: created on entering the block, closed on leaving."""
        from qiskit_runtime_client.resources.backends import backend_name
        from qiskit_runtime_client.resources.sessions import AsyncSession

        return AsyncSession(self._runner, backend_name(backend), mode=mode, max_ttl=max_ttl)

    def batch(self, backend: str | Backend, *, max_ttl: int | None = None) -> AsyncSession:
        """A session in batch mode."""
        return self.session(backend, mode="batch", max_ttl=max_ttl)

    def session_from_id(self, session_id: str, backend: str | None = None) -> AsyncSession:
        """A handle on an existing session (created elsewhere); `backend` spares reading it
        from the session before its first job."""
        from qiskit_runtime_client.resources.sessions import AsyncSession

        return AsyncSession.from_id(self._runner, session_id, backend)

    def sampler(
        self,
        backend: str | Backend | None = None,
        session: AsyncSession | None = None,
        *,
        support_qiskit: bool | None = None,
        check_isa: bool | None = None,
    ) -> AsyncSampler:
        """A Sampler for `backend` (or the session's backend); `await run()` gives an AsyncJob."""
        from qiskit_runtime_client.resources.primitives import AsyncSampler

        return AsyncSampler(
            self._runner, backend, session, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def estimator(
        self,
        backend: str | Backend | None = None,
        session: AsyncSession | None = None,
        *,
        support_qiskit: bool | None = None,
        check_isa: bool | None = None,
    ) -> AsyncEstimator:
        """An Estimator for `backend` (or the session's backend); `await run()` gives a job."""
        from qiskit_runtime_client.resources.primitives import AsyncEstimator

        return AsyncEstimator(
            self._runner, backend, session, support_qiskit=support_qiskit, check_isa=check_isa
        )

    async def transpile(
        self,
        circuits: Any,
        backend: str | Backend,
        optimization_level: int = 2,
        seed: int | None = None,
    ) -> Any:
        """ISA circuits for `backend`, transpiled locally by qiskit (see RuntimeClient)."""
        from qiskit_runtime_client.resources.backends import Backend as _Backend
        from qiskit_runtime_client.target import require_qiskit, transpile

        require_qiskit("transpile")
        if not isinstance(backend, _Backend) or backend.configuration is None:
            backend = await self.backends.get(backend)
        return transpile(circuits, backend.target, optimization_level=optimization_level, seed=seed)

    async def aclose(self) -> None:
        """Close the connections (not those of a caller-provided httpx client)."""
        if self._owns_http:
            await self._http.aclose()

    async def close(self) -> None:
        """Same as aclose()."""
        await self.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
