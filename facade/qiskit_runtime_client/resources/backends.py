"""client.backends: list, status, properties, configuration, defaults and least_busy.

GET /backends answers one object per device (status, qubits, queue length: the generated
`BackendsResponse`, what IBM-API-Version 2025-01-01 and later send). Older API versions answered
the device names only (`devices` a list of strings), a shape the spec no longer documents: it is
still accepted, as Backend objects with only a name. Both become the same Backend list.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, Reply, reply_of
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.errors import NoBackendAvailableError
from qiskit_runtime_client.resources._checks import check_bool, check_int, check_time
from qiskit_runtime_client.resources._typed import (
    fetch,
    opt_bool,
    opt_int,
    opt_str,
    parse_with,
    read_answer,
    unexpected,
)

if TYPE_CHECKING:
    from qiskit_runtime_api.models import (
        BackendsResponse,
        BackendsResponseDevicesItem,
        BackendStatusResponse,
    )

    from qiskit_runtime_client._effects import Call

R = TypeVar("R", SyncRunner, AsyncRunner)

#: Status reasons that still mean "takes jobs" (an online backend without a reason does too).
AVAILABLE_REASONS = frozenset({"", "available"})
#: V1 status document `status` values of a working backend.
ACTIVE_STATUSES = frozenset({"active", "online"})


@attrs.frozen
class Backend:
    """A backend as listed: fields the server did not send are None; all of it is in `raw`."""

    name: str
    status: str | None = None
    status_reason: str | None = None
    is_simulator: bool | None = None
    qubits: int | None = None
    queue_length: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def is_available(self) -> bool | None:
        """True if online and available, False if not, None if the listing did not say."""
        if self.status is None:
            return None
        reason = (self.status_reason or "").strip().casefold()
        return self.status.casefold() == "online" and reason in AVAILABLE_REASONS


@attrs.frozen
class BackendStatus:
    """GET /backends/{name}/status (BackendStatusResponse: state, status, message, length_queue)."""

    name: str
    operational: bool | None = None
    status: str | None = None
    message: str | None = None
    queue_length: int | None = None
    backend_version: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def is_available(self) -> bool:
        """Operational, and its status (if given) active or online."""
        status = (self.status or "active").casefold()
        return self.operational is not False and status in ACTIVE_STATUSES


def backends_from(call: Call[BackendsResponse], reply: Reply) -> builtins.list[Backend]:
    """Backends from an answer of GET /backends: the generated BackendsResponse, or names only.

    The names-only list of older API versions is recognised first (`_api.backend_names`); any
    other body is read by the generated model, so one of another shape is UnexpectedResponseError.
    """
    names = _api.backend_names(reply.data)
    if names is not None:
        return [Backend(name=name) for name in names]
    model, _ = read_answer(call, reply)
    return [_backend(call, device) for device in model.devices]


def _backend(call: Call[BackendsResponse], device: BackendsResponseDevicesItem) -> Backend:
    raw = device.to_dict()
    name = opt_str(device.name)
    if not name:
        raise unexpected(call, raw, "a device without a usable 'name'")
    return Backend(
        name=name,
        status=opt_str(device.status.name),
        status_reason=opt_str(device.status.reason),
        is_simulator=opt_bool(device.is_simulator),
        qubits=opt_int(device.qubits),
        queue_length=opt_int(device.queue_length),
        raw=raw,
    )


def parse_backends(data: Any) -> builtins.list[Backend]:
    """Backends from a GET /backends body at hand (UnexpectedResponseError for another shape)."""
    call = _api.list_backends()
    return backends_from(call, Reply(status_code=200, headers={}, data=data))


def backend_status_from(
    name: str, model: BackendStatusResponse, raw: dict[str, Any]
) -> BackendStatus:
    """BackendStatus from the generated BackendStatusResponse (`raw`: the document as sent)."""
    return BackendStatus(
        name=name,
        operational=opt_bool(model.state),
        status=opt_str(model.status),
        message=opt_str(model.message),
        queue_length=opt_int(model.length_queue),
        backend_version=opt_str(model.backend_version),
        raw=raw,
    )


def parse_backend_status(name: str, data: Any) -> BackendStatus:
    """BackendStatus from a status document at hand (UnexpectedResponseError for another shape)."""
    return backend_status_from(name, *parse_with(_api.backend_status(name), data))


def list_backends() -> Flow[builtins.list[Backend]]:
    """GET /backends as Backend objects."""
    call = _api.list_backends()
    reply = yield from reply_of(call)
    return backends_from(call, reply)


def backend_status(name: str) -> Flow[BackendStatus]:
    """GET /backends/{name}/status."""
    model, raw = yield from fetch(_api.backend_status(name))
    return backend_status_from(name, model, raw)


def _document(call: Call[Any]) -> Flow[dict[str, Any]]:
    """A backend document as the service sent it, once its generated model has read it."""
    _, raw = yield from fetch(call)
    return raw


def backend_configuration(name: str) -> Flow[dict[str, Any]]:
    """GET /backends/{name}/configuration (BackendsConfigurationResponse), as sent."""
    return (yield from _document(_api.backend_configuration(name)))


def backend_properties(name: str, updated_before: datetime | str | None) -> Flow[dict[str, Any]]:
    """GET /backends/{name}/properties (BackendPropertiesResponse), as sent."""
    when = check_time(updated_before, "updated_before")
    before = datetime.fromisoformat(when) if when is not None else None
    return (yield from _document(_api.backend_properties(name, updated_before=before)))


def backend_defaults(name: str) -> Flow[dict[str, Any]]:
    """GET /backends/{name}/defaults (BackendsDefaultsResponse), as sent."""
    return (yield from _document(_api.backend_defaults(name)))


def _qubits(name: str) -> Flow[int | None]:
    """The qubit count of the backend's configuration."""
    model, _ = yield from fetch(_api.backend_configuration(name))
    return opt_int(model.n_qubits)


def least_busy(min_qubits: int | None, simulator: bool | None) -> Flow[Backend]:
    """The online, available backend with the shortest queue that matches the filters.

    Status is fetched only for backends the listing gave by name alone, and the configuration
    (for the qubit count) only for candidates that need it, shortest queue first.
    """
    if min_qubits is not None:
        check_int(min_qubits, "min_qubits", minimum=1)
    check_bool(simulator, "simulator")
    candidates = []
    for backend in (yield from list_backends()):
        simulated = backend.is_simulator
        if simulated is None:
            simulated = "simulator" in backend.name.casefold()
        if simulator is not None and simulated != simulator:
            continue
        if min_qubits is not None and backend.qubits is not None and backend.qubits < min_qubits:
            continue
        if backend.status is None or backend.queue_length is None:
            status = yield from backend_status(backend.name)
            backend = attrs.evolve(
                backend,
                status="online" if status.is_available else (status.status or "offline"),
                status_reason=status.message,
                queue_length=status.queue_length,
            )
            if not status.is_available:
                continue
        elif not backend.is_available:
            continue
        candidates.append(backend)
    candidates.sort(key=lambda b: b.queue_length if b.queue_length is not None else 1 << 62)
    for backend in candidates:
        if min_qubits is not None and backend.qubits is None:
            qubits = yield from _qubits(backend.name)
            backend = attrs.evolve(backend, qubits=qubits)
            if qubits is None or qubits < min_qubits:
                continue
        return backend
    wanted = [f"at least {min_qubits} qubits"] if min_qubits else []
    if simulator is not None:
        wanted.append("simulators" if simulator else "real devices")
    raise NoBackendAvailableError(
        "no online, available backend" + (f" ({', '.join(wanted)})" if wanted else "")
    )


class _BackendsBase(Generic[R]):
    _runner: R

    def __init__(self, runner: R) -> None:
        self._runner = runner


class Backends(_BackendsBase[SyncRunner]):
    """Backends of the instance (blocking)."""

    def list(self) -> builtins.list[Backend]:
        """All backends the instance can use, with status, qubits and queue where given."""
        return self._runner.run(list_backends())

    def status(self, name: str) -> BackendStatus:
        """The backend's status and queue length."""
        return self._runner.run(backend_status(name))

    def properties(self, name: str, updated_before: datetime | str | None = None) -> dict[str, Any]:
        """The calibration properties (as of `updated_before` when given), as JSON."""
        return self._runner.run(backend_properties(name, updated_before))

    def configuration(self, name: str) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return self._runner.run(backend_configuration(name))

    def defaults(self, name: str) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return self._runner.run(backend_defaults(name))

    def least_busy(self, min_qubits: int | None = None, simulator: bool | None = False) -> Backend:
        """The online, available backend with the shortest queue (simulator=None: either kind)."""
        return self._runner.run(least_busy(min_qubits, simulator))


class AsyncBackends(_BackendsBase[AsyncRunner]):
    """Backends of the instance (asyncio): the methods of Backends, awaitable."""

    async def list(self) -> builtins.list[Backend]:
        """All backends the instance can use, with status, qubits and queue where given."""
        return await self._runner.run(list_backends())

    async def status(self, name: str) -> BackendStatus:
        """The backend's status and queue length."""
        return await self._runner.run(backend_status(name))

    async def properties(
        self, name: str, updated_before: datetime | str | None = None
    ) -> dict[str, Any]:
        """The calibration properties (as of `updated_before` when given), as JSON."""
        return await self._runner.run(backend_properties(name, updated_before))

    async def configuration(self, name: str) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return await self._runner.run(backend_configuration(name))

    async def defaults(self, name: str) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return await self._runner.run(backend_defaults(name))

    async def least_busy(
        self, min_qubits: int | None = None, simulator: bool | None = False
    ) -> Backend:
        """The online, available backend with the shortest queue (simulator=None: either kind)."""
        return await self._runner.run(least_busy(min_qubits, simulator))
