"""Turn the JSON of a PUB into qiskit objects: circuits, parameter values and observables.

Circuits come as OpenQASM 3 (or 2) text or as `{"__type__":"QuantumCircuit","__value__":
base64(zlib(QPY))}`. ISA circuits address the backend's physical qubits, so a circuit can span
156 qubits while touching only a few: idle qubits are dropped before simulating (and observables
are reduced to match, an idle qubit being |0>). qiskit is imported here, only when a job runs.
"""

from __future__ import annotations

import base64
import contextlib
import io
import zlib
from dataclasses import dataclass
from typing import Any

#: Most qubits a circuit may act on: statevector memory grows as 2**n.
MAX_ACTIVE_QUBITS = 24


class JobInputError(ValueError):
    """The job's input cannot run (bad circuit, shapes that do not fit...): the job fails."""


@dataclass
class PreparedCircuit:
    """A circuit reduced to its active qubits, and which original qubits those are."""

    circuit: Any
    original_width: int
    active: list[int]
    #: True when the circuit addresses physical qubits ($n) instead of declared registers
    physical: bool = False


def decode_ndarray(value: str) -> Any:
    """`base64(zlib(npy))` (the SDK's ndarray encoding) -> numpy array."""
    import numpy as np

    raw = base64.b64decode(value)
    with contextlib.suppress(zlib.error):
        raw = zlib.decompress(raw)
    return np.load(io.BytesIO(raw), allow_pickle=False)


def decode_circuit(value: Any) -> Any:
    """An OpenQASM string or an encoded QPY circuit -> QuantumCircuit."""
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.startswith("OPENQASM 2"):
                from qiskit import qasm2

                return qasm2.loads(text, custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
            from qiskit import qasm3

            return qasm3.loads(text)
        except Exception as exc:
            raise JobInputError(f"the OpenQASM circuit could not be parsed: {exc}") from exc
    from qiskit import qpy

    try:
        raw = base64.b64decode(value["__value__"])
        with contextlib.suppress(zlib.error):
            raw = zlib.decompress(raw)
        return qpy.load(io.BytesIO(raw))[0]
    except Exception as exc:
        raise JobInputError(f"the QPY circuit could not be loaded: {exc}") from exc


def prepare_circuit(circuit: Any, backend_qubits: int) -> PreparedCircuit:
    """Check the circuit fits the backend and drop its idle qubits."""
    from qiskit import QuantumCircuit

    width = circuit.num_qubits
    if width > backend_qubits:
        raise JobInputError(
            f"the circuit has {width} qubits but the backend has only {backend_qubits}"
        )
    if any(
        inst.operation.name in ("if_else", "while_loop", "for_loop", "switch_case", "box")
        for inst in circuit.data
    ):
        active = list(range(width))
        reduced = circuit
    else:
        used = {
            circuit.find_bit(q).index
            for inst in circuit.data
            if inst.operation.name not in ("barrier", "delay")
            for q in inst.qubits
        }
        active = sorted(used)
        reduced = QuantumCircuit(len(active), name=circuit.name, global_phase=circuit.global_phase)
        for clbit in circuit.clbits:
            if not any(clbit in creg for creg in circuit.cregs):
                reduced.add_bits([clbit])
        for creg in circuit.cregs:
            reduced.add_register(creg)
        reduced.metadata = circuit.metadata
        new_qubits = {circuit.qubits[index]: reduced.qubits[i] for i, index in enumerate(active)}
        for inst in circuit.data:
            if inst.operation.name in ("barrier", "delay"):
                continue
            reduced.append(inst.operation, [new_qubits[q] for q in inst.qubits], inst.clbits)
    if len(active) > MAX_ACTIVE_QUBITS:
        raise JobInputError(
            f"the circuit acts on {len(active)} qubits; the emulator simulates at most "
            f"{MAX_ACTIVE_QUBITS}"
        )
    return PreparedCircuit(reduced, width, active, physical=not circuit.qregs)


def decode_parameter_values(value: Any, circuit: Any) -> Any:
    """PUB parameter values (dict, list, nested lists or encoded ndarray) -> BindingsArray."""
    import numpy as np
    from qiskit.primitives.containers.bindings_array import BindingsArray

    if value is None:
        return BindingsArray.coerce(None)
    try:
        if isinstance(value, dict) and value.get("__type__") == "ndarray":
            value = decode_ndarray(value["__value__"])
        if isinstance(value, dict) and "__type__" not in value:
            return BindingsArray.coerce({name: np.asarray(v, float) for name, v in value.items()})
        array = np.asarray(value, dtype=float)
        if circuit.num_parameters == 0:
            if array.size:
                raise JobInputError(
                    f"parameter values were given but the circuit has no parameters: {value!r}"
                )
            return BindingsArray.coerce(None)
        return BindingsArray.coerce({tuple(circuit.parameters): array})
    except JobInputError:
        raise
    except Exception as exc:
        names = [p.name for p in circuit.parameters]
        raise JobInputError(
            f"parameter values do not fit the circuit's parameters {names}: {exc}"
        ) from exc


def reduce_observables(value: Any, prepared: PreparedCircuit, backend_qubits: int) -> Any:
    """Observables JSON -> the same nesting of {label: coeff} on the active qubits only.

    A term with X or Y on an idle qubit (|0>) contributes nothing; an observable left with no
    term at all becomes None (its expectation value is exactly 0).
    """
    if isinstance(value, list):
        return [reduce_observables(item, prepared, backend_qubits) for item in value]
    terms = {value: 1.0} if isinstance(value, str) else value
    reduced: dict[str, float] = {}
    for label, coeff in terms.items():
        _check_width(label, prepared, backend_qubits)
        # label[-1 - k] is qubit k; qubits past the circuit's width are idle too
        chars = label[::-1]
        if any(chars[k] in "XY" for k in range(len(chars)) if k not in prepared.active):
            continue
        key = "".join(chars[k] for k in prepared.active)[::-1]
        reduced[key] = reduced.get(key, 0.0) + float(coeff)
    return reduced or None


def _check_width(label: str, prepared: PreparedCircuit, backend_qubits: int) -> None:
    width = prepared.original_width
    # circuits on physical qubits ($n) are as wide as their highest qubit; their observables
    # may cover the whole backend, as ISA observables do
    wide_enough = prepared.physical and width <= len(label) <= backend_qubits
    if len(label) != width and not wide_enough:
        raise JobInputError(
            f"observable {label!r} covers {len(label)} qubits but the circuit has {width}"
        )
