"""client.backends: list, status, properties, configuration, defaults and least_busy.

GET /backends answers one object per device (status, qubits, queue length: the generated
`BackendsResponse`, what IBM-API-Version 2025-01-01 and later send). Older API versions answered
the device names only (`devices` a list of strings), a shape the spec no longer documents: it is
still accepted, as Backend objects with only a name. Both become the same Backend list.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from datetime import datetime
from functools import cached_property
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
    from qiskit_runtime_client.isa import InstructionSet

R = TypeVar("R", SyncRunner, AsyncRunner)

#: Status reasons that still mean "takes jobs" (an online backend without a reason does too).
AVAILABLE_REASONS = frozenset({"", "available"})
#: V1 status document `status` values of a working backend.
ACTIVE_STATUSES = frozenset({"active", "online"})


@attrs.frozen
class QubitCalibration:
    """One qubit's calibration values from the properties document (None: not reported)."""

    t1: float | None = None
    """T1 in seconds."""
    t2: float | None = None
    """T2 in seconds."""
    frequency: float | None = None
    """Hz."""
    readout_error: float | None = None
    readout_length: float | None = None
    """Seconds."""


@attrs.frozen
class GateCalibration:
    """One instruction on one tuple of qubits: error and duration (seconds), None if unknown."""

    error: float | None = None
    duration: float | None = None


_UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "ps": 1e-12}
_FREQ = {"hz": 1.0, "khz": 1e3, "mhz": 1e6, "ghz": 1e9}


def _si(item: Mapping[str, Any]) -> float | None:
    value = item.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    unit = str(item.get("unit") or "").strip()
    scale = _UNITS.get(unit) or _FREQ.get(unit.casefold()) or 1.0
    return float(value) * scale


@attrs.frozen
class Backend:
    """A backend: what the listing says and, from `client.backends.get(name)`, its documents.

    Fields the server did not send are None. `configuration` and `properties` are the
    documents as sent (None for backends from `list()`/`least_busy()`, which read only the
    listing); the instruction set, coupling map, calibrations and `target` come from them.
    A Backend is accepted wherever a backend name is.
    """

    name: str
    status: str | None = None
    status_reason: str | None = None
    is_simulator: bool | None = None
    qubits: int | None = None
    queue_length: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)
    configuration: dict[str, Any] | None = attrs.field(default=None, repr=False)
    properties: dict[str, Any] | None = attrs.field(default=None, repr=False)
    use_fractional_gates: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def is_available(self) -> bool | None:
        """True if online and available, False if not, None if the listing did not say."""
        if self.status is None:
            return None
        reason = (self.status_reason or "").strip().casefold()
        return self.status.casefold() == "online" and reason in AVAILABLE_REASONS

    def _config(self) -> dict[str, Any]:
        if self.configuration is None:
            raise ValueError(
                f"backend {self.name!r} was read from the listing, without its configuration: "
                f"use client.backends.get({self.name!r}) for the instruction set and target"
            )
        return self.configuration

    @property
    def num_qubits(self) -> int | None:
        """Qubit count (configuration `n_qubits`, else the listing's `qubits`)."""
        if self.configuration is not None and isinstance(self.configuration.get("n_qubits"), int):
            return int(self.configuration["n_qubits"])
        return self.qubits

    @cached_property
    def instruction_set(self) -> InstructionSet:
        """What the ISA check checks against (fractional gates only if enabled)."""
        from qiskit_runtime_client.isa import InstructionSet

        return InstructionSet.from_configuration(
            self._config(), use_fractional_gates=self.use_fractional_gates
        )

    @property
    def instructions(self) -> tuple[str, ...]:
        """Instruction names jobs may use (gates, measure, reset, delay, control flow)."""
        return tuple(sorted(self.instruction_set.instructions))

    @property
    def basis_gates(self) -> tuple[str, ...]:
        """The gates of the instruction set (fractional ones only if enabled)."""
        from qiskit_runtime_client.isa import NON_UNITARY

        isa = self.instruction_set
        return tuple(sorted(n for n, k in isa.instructions.items() if k and n not in NON_UNITARY))

    @property
    def coupling_map(self) -> builtins.list[tuple[int, int]]:
        """Directed (control, target) pairs two-qubit gates run on."""
        pairs: set[tuple[int, int]] = set()
        for edges in self.instruction_set.couplings.values():
            pairs |= edges
        if not pairs:
            pairs = {(int(a), int(b)) for a, b in self._config().get("coupling_map") or []}
        return sorted(pairs)

    @property
    def fractional_gates(self) -> frozenset[str]:
        """Fractional gates the backend supports (`rx`, `rzz`), enabled or not."""
        return self.instruction_set.fractional_supported

    @property
    def supports_fractional_gates(self) -> bool:
        """True when the backend offers fractional gates (enable with `with_fractional_gates()`)."""
        return bool(self.fractional_gates)

    @property
    def fractional_gates_enabled(self) -> bool:
        """True when this Backend's instruction set and target include the fractional gates."""
        return self.instruction_set.fractional_enabled

    def with_fractional_gates(self, enabled: bool = True) -> Backend:
        """The same backend with fractional gates enabled (or disabled)."""
        return attrs.evolve(self, use_fractional_gates=enabled)

    @cached_property
    def qubit_calibrations(self) -> builtins.list[QubitCalibration]:
        """T1, T2, frequency and readout values of each qubit (empty without properties)."""
        result = []
        for items in (self.properties or {}).get("qubits") or []:
            values = {str(i.get("name")): _si(i) for i in items if isinstance(i, Mapping)}
            result.append(
                QubitCalibration(
                    t1=values.get("T1"),
                    t2=values.get("T2"),
                    frequency=values.get("frequency"),
                    readout_error=values.get("readout_error"),
                    readout_length=values.get("readout_length"),
                )
            )
        return result

    @cached_property
    def gate_calibrations(self) -> dict[tuple[str, tuple[int, ...]], GateCalibration]:
        """(gate, qubits) -> error and duration, from the properties document."""
        result: dict[tuple[str, tuple[int, ...]], GateCalibration] = {}
        for gate in (self.properties or {}).get("gates") or []:
            if not isinstance(gate, Mapping):
                continue
            values = {
                str(p.get("name")): _si(p)
                for p in gate.get("parameters") or []
                if isinstance(p, Mapping)
            }
            key = (str(gate.get("gate")), tuple(int(q) for q in gate.get("qubits") or []))
            result[key] = GateCalibration(
                error=values.get("gate_error"), duration=values.get("gate_length")
            )
        return result

    @property
    def target(self) -> Any:
        """A qiskit Target equivalent to the official SDK's (needs the qiskit extra)."""
        from qiskit_runtime_client.target import build_target

        return build_target(
            self._config(), self.properties, use_fractional_gates=self.use_fractional_gates
        )


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


def backend_name(backend: object, field: str = "backend") -> str:
    """The name of a backend given as a name or a Backend (TypeError for anything else)."""
    if isinstance(backend, Backend):
        return backend.name
    if isinstance(backend, str):
        return backend
    raise TypeError(f"{field}: expected a backend name or a Backend, got {type(backend).__name__}")


def get_backend(name: str, use_fractional_gates: bool) -> Flow[Backend]:
    """A Backend with status, configuration and properties (three GETs)."""
    check_bool(use_fractional_gates, "use_fractional_gates")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"name: expected a backend name, got {name!r}")
    status = yield from backend_status(name)
    configuration = yield from backend_configuration(name)
    properties = yield from backend_properties(name, None)
    simulator = configuration.get("simulator")
    return Backend(
        name=name,
        status="online" if status.is_available else (status.status or "offline"),
        status_reason=status.message,
        is_simulator=simulator if isinstance(simulator, bool) else None,
        qubits=opt_int(configuration.get("n_qubits")),
        queue_length=status.queue_length,
        raw=status.raw,
        configuration=configuration,
        properties=properties,
        use_fractional_gates=use_fractional_gates,
    )


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

    def get(self, name: str | Backend, *, use_fractional_gates: bool = False) -> Backend:
        """The backend with its status, configuration and properties (instruction set, target)."""
        return self._runner.run(get_backend(backend_name(name, "name"), use_fractional_gates))

    def status(self, name: str | Backend) -> BackendStatus:
        """The backend's status and queue length."""
        return self._runner.run(backend_status(backend_name(name, "name")))

    def properties(
        self, name: str | Backend, updated_before: datetime | str | None = None
    ) -> dict[str, Any]:
        """The calibration properties (as of `updated_before` when given), as JSON."""
        return self._runner.run(backend_properties(backend_name(name, "name"), updated_before))

    def configuration(self, name: str | Backend) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return self._runner.run(backend_configuration(backend_name(name, "name")))

    def defaults(self, name: str | Backend) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return self._runner.run(backend_defaults(backend_name(name, "name")))

    def least_busy(self, min_qubits: int | None = None, simulator: bool | None = False) -> Backend:
        """The online, available backend with the shortest queue (simulator=None: either kind)."""
        return self._runner.run(least_busy(min_qubits, simulator))


class AsyncBackends(_BackendsBase[AsyncRunner]):
    """Backends of the instance (asyncio): the methods of Backends, awaitable."""

    async def list(self) -> builtins.list[Backend]:
        """All backends the instance can use, with status, qubits and queue where given."""
        return await self._runner.run(list_backends())

    async def get(self, name: str | Backend, *, use_fractional_gates: bool = False) -> Backend:
        """The backend with its status, configuration and properties (instruction set, target)."""
        return await self._runner.run(get_backend(backend_name(name, "name"), use_fractional_gates))

    async def status(self, name: str | Backend) -> BackendStatus:
        """The backend's status and queue length."""
        return await self._runner.run(backend_status(backend_name(name, "name")))

    async def properties(
        self, name: str | Backend, updated_before: datetime | str | None = None
    ) -> dict[str, Any]:
        """The calibration properties (as of `updated_before` when given), as JSON."""
        return await self._runner.run(
            backend_properties(backend_name(name, "name"), updated_before)
        )

    async def configuration(self, name: str | Backend) -> dict[str, Any]:
        """The backend configuration document, as JSON."""
        return await self._runner.run(backend_configuration(backend_name(name, "name")))

    async def defaults(self, name: str | Backend) -> dict[str, Any]:
        """The pulse defaults document, as JSON."""
        return await self._runner.run(backend_defaults(backend_name(name, "name")))

    async def least_busy(
        self, min_qubits: int | None = None, simulator: bool | None = False
    ) -> Backend:
        """The online, available backend with the shortest queue (simulator=None: either kind)."""
        return await self._runner.run(least_busy(min_qubits, simulator))
