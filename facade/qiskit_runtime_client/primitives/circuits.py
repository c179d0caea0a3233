"""Circuits in PUBs: OpenQASM 3 text as is, or a qiskit `QuantumCircuit` encoded as QPY.

A `QuantumCircuit` is sent as `{"__type__": "QuantumCircuit", "__value__": base64(zlib(QPY))}`,
the form the official SDK sends, written at the newest QPY version the service reads (<= 17).
qiskit is imported only when such an object is passed.
"""

from __future__ import annotations

import base64
import io
import zlib
from typing import Any, Final

import attrs

from qiskit_runtime_client.primitives._checks import show
from qiskit_runtime_client.primitives.qasm import inspect_qasm

SERVICE_MIN_QPY_VERSION: Final = 13
"""Oldest QPY version the service's `TypedQpyCircuitModelV13to17` accepts."""
SERVICE_MAX_QPY_VERSION: Final = 17
"""Newest QPY version the service reads (qiskit-ibm-runtime's SERVICE_MAX_SUPPORTED_QPY_VERSION)."""


@attrs.frozen
class CircuitInfo:
    """The facts about a circuit that PUB validation checks against."""

    num_qubits: int | None
    """Qubit count; None when the QASM text does not say."""
    qubits_exact: bool
    """False when `num_qubits` is only a lower bound (physical `$k` qubits in QASM)."""
    parameters: tuple[str, ...]
    """Parameter names in the order positional values bind to (Qiskit's sorted order)."""
    measures: bool
    classical_registers: tuple[tuple[str, int | None], ...]


@attrs.frozen
class PreparedCircuit:
    """A circuit in its JSON form plus what validation needs to know about it."""

    payload: str | dict[str, str]
    info: CircuitInfo


def is_quantum_circuit(obj: object) -> bool:
    """True for a qiskit QuantumCircuit, without importing qiskit for anything else."""
    if not type(obj).__module__.startswith("qiskit"):
        return False
    from qiskit import QuantumCircuit

    return isinstance(obj, QuantumCircuit)


def prepare_circuit(circuit: object, field: str) -> PreparedCircuit:
    """Check a PUB circuit and return its JSON form; errors name `field`."""
    if isinstance(circuit, str):
        return _prepare_qasm(circuit, field)
    if is_quantum_circuit(circuit):
        return PreparedCircuit(payload=encode_qpy(circuit), info=_describe_qiskit(circuit))
    raise TypeError(
        f"{field}: expected an OpenQASM 3 string or a qiskit QuantumCircuit, got {show(circuit)}"
    )


def _prepare_qasm(text: str, field: str) -> PreparedCircuit:
    if not text.strip():
        raise ValueError(f"{field}: the OpenQASM 3 program is empty")
    info = inspect_qasm(text)
    if info.version is not None and not info.version.startswith("3"):
        raise ValueError(
            f"{field}: the service runs OpenQASM 3 programs, this one declares "
            f"OPENQASM {info.version}"
        )
    return PreparedCircuit(
        payload=text,
        info=CircuitInfo(
            num_qubits=info.num_qubits,
            qubits_exact=not info.physical,
            parameters=info.parameters,
            measures=info.measures,
            classical_registers=info.classical_registers,
        ),
    )


def encode_qpy(circuit: Any) -> dict[str, str]:
    """QPY-encode a QuantumCircuit the way the service reads it: base64(zlib(QPY <= v17))."""
    from qiskit import qpy

    version = min(SERVICE_MAX_QPY_VERSION, qpy.QPY_VERSION)
    if version < SERVICE_MIN_QPY_VERSION:
        raise ValueError(
            f"this qiskit writes QPY {qpy.QPY_VERSION}; the service needs QPY "
            f"{SERVICE_MIN_QPY_VERSION}..{SERVICE_MAX_QPY_VERSION} (install qiskit>=1.3)"
        )
    buffer = io.BytesIO()
    qpy.dump(circuit, buffer, version=version)
    value = base64.b64encode(zlib.compress(buffer.getvalue())).decode("ascii")
    return {"__type__": "QuantumCircuit", "__value__": value}


def _describe_qiskit(circuit: Any) -> CircuitInfo:
    return CircuitInfo(
        num_qubits=int(circuit.num_qubits),
        qubits_exact=True,
        parameters=tuple(str(p.name) for p in circuit.parameters),
        measures=_has_measure(circuit),
        classical_registers=tuple((str(r.name), int(r.size)) for r in circuit.cregs),
    )


def _has_measure(circuit: Any) -> bool:
    """True when the circuit, or any control-flow block inside it, contains a measurement."""
    for instruction in circuit.data:
        operation = instruction.operation
        if operation.name == "measure":
            return True
        if any(_has_measure(block) for block in getattr(operation, "blocks", ())):
            return True
    return False
