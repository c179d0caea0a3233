"""client.backends: list, status, properties, configuration, defaults and least_busy.

GET /backends answers either names only (`{"devices": ["a", ...]}`) or, in newer API versions,
one object per device with status, qubits and queue length; both become the same Backend list.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, Generic, TypeVar

import attrs

from qiskit_runtime_client._effects import Call, Flow, call, segment
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client.errors import NoBackendAvailableError, UnexpectedResponseError
from qiskit_runtime_client.resources._checks import check_bool, check_int, check_time
from qiskit_runtime_client.resources._parse import (
    as_dict,
    expect_dict,
    opt_bool,
    opt_int,
    opt_str,
)

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
    """GET /backends/{name}/status, from the V1 document (state/status/message/length_queue)."""

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


def parse_backends(data: Any) -> builtins.list[Backend]:
    """Backends from either GET /backends shape (names only, or objects); odd entries skipped."""
    devices = expect_dict(data, "the backend listing").get("devices")
    if not isinstance(devices, builtins.list):
        raise UnexpectedResponseError(f"expected {{'devices': [...]}}, got {str(data)[:200]!r}")
    backends = []
    for item in devices:
        if isinstance(item, str) and item:
            backends.append(Backend(name=item))
        elif isinstance(item, dict) and opt_str(item.get("name")):
            backends.append(_backend_from_object(item))
    return backends


def _backend_from_object(item: dict[str, Any]) -> Backend:
    status = item.get("status")
    status_doc = as_dict(status)
    return Backend(
        name=str(item["name"]),
        status=opt_str(status_doc.get("name")) or opt_str(status),
        status_reason=opt_str(status_doc.get("reason")),
        is_simulator=opt_bool(item.get("is_simulator")),
        qubits=opt_int(item.get("qubits")),
        queue_length=opt_int(item.get("queue_length")),
        raw=item,
    )


def parse_backend_status(name: str, data: Any) -> BackendStatus:
    """BackendStatus from the V1 document, or from a V2-style {status: {name, reason}} one."""
    body = expect_dict(data, f"the status of backend {name}")
    status = body.get("status")
    if isinstance(status, dict):
        state = opt_str(status.get("name"))
        reason = opt_str(status.get("reason"))
        listed = Backend(name, status=state, status_reason=reason)
        return BackendStatus(
            name=name,
            operational=listed.is_available,
            status=state,
            message=reason,
            queue_length=opt_int(body.get("queue_length", body.get("length_queue"))),
            backend_version=opt_str(body.get("backend_version")),
            raw=body,
        )
    return BackendStatus(
        name=name,
        operational=opt_bool(body.get("state")),
        status=opt_str(status),
        message=opt_str(body.get("message")),
        queue_length=opt_int(body.get("length_queue", body.get("queue_length"))),
        backend_version=opt_str(body.get("backend_version")),
        raw=body,
    )


def _path(name: str, suffix: str) -> str:
    return f"/backends/{segment(name, 'name')}/{suffix}"


def list_backends() -> Flow[builtins.list[Backend]]:
    """GET /backends as Backend objects."""
    return parse_backends((yield from call(Call("GET", "/backends"))))


def backend_status(name: str) -> Flow[BackendStatus]:
    """GET /backends/{name}/status."""
    return parse_backend_status(name, (yield from call(Call("GET", _path(name, "status")))))


def backend_document(
    name: str, what: str, params: dict[str, Any] | None = None
) -> Flow[dict[str, Any]]:
    """GET /backends/{name}/{configuration|properties|defaults} as a JSON object."""
    data = yield from call(Call("GET", _path(name, what), params=params))
    return expect_dict(data, f"the {what} of backend {name}")


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
            config = yield from backend_document(backend.name, "configuration")
            qubits = opt_int(config.get("n_qubits"))
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
        params = {"updated_before": check_time(updated_before, "updated_before")}
        return self._runner.run(backend_document(name, "properties", params))

    def configuration(self, name: str) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return self._runner.run(backend_document(name, "configuration"))

    def defaults(self, name: str) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return self._runner.run(backend_document(name, "defaults"))

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
        params = {"updated_before": check_time(updated_before, "updated_before")}
        return await self._runner.run(backend_document(name, "properties", params))

    async def configuration(self, name: str) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return await self._runner.run(backend_document(name, "configuration"))

    async def defaults(self, name: str) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return await self._runner.run(backend_document(name, "defaults"))

    async def least_busy(
        self, min_qubits: int | None = None, simulator: bool | None = False
    ) -> Backend:
        """The online, available backend with the shortest queue (simulator=None: either kind)."""
        return await self._runner.run(least_busy(min_qubits, simulator))
