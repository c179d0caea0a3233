"""Sampler and Estimator PUBs (primitive unified blocs), their tuple forms, and their checks.

`SamplerPub` / `EstimatorPub` hold what the user gave. `sampler_pubs_json` and
`estimator_pubs_json` validate a whole list (errors name `pubs[i].field`) and return the JSON
arrays of the job body; nothing is returned unless every PUB is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import zip_longest
from typing import Any

import attrs

from qiskit_runtime_client.primitives._checks import positive_float, positive_int, show
from qiskit_runtime_client.primitives.circuits import (
    CircuitInfo,
    is_quantum_circuit,
    prepare_circuit,
)
from qiskit_runtime_client.primitives.parameter_values import prepare_parameter_values

_SAMPLER_FORMS = "circuit, (circuit,), (circuit, parameter_values) or (circuit, values, shots)"
_ESTIMATOR_FORMS = (
    "(circuit, observables), (circuit, observables, parameter_values) "
    "or (circuit, observables, parameter_values, precision)"
)


@attrs.frozen
class SamplerPub:
    """A circuit to sample, optional parameter values (broadcast) and optional shots."""

    circuit: Any
    parameter_values: Any = None
    shots: int | None = None

    @classmethod
    def coerce(cls, pub: object, index: int = 0) -> SamplerPub:
        """A SamplerPub from itself, a bare circuit, or a Qiskit-shaped tuple/list."""
        if isinstance(pub, SamplerPub):
            return pub
        qiskit_kind = _qiskit_pub_kind(pub)
        if qiskit_kind == "EstimatorPub":
            raise TypeError(
                f"pubs[{index}]: qiskit's EstimatorPub is a PUB for the estimator "
                "(client.estimator(...).run(...)), not the sampler"
            )
        if qiskit_kind == "SamplerPub":
            return cls(_any(pub).circuit, _qiskit_values(pub), _any(pub).shots)
        if isinstance(pub, str) or is_quantum_circuit(pub):
            return cls(pub)
        if isinstance(pub, tuple | list):
            if not 1 <= len(pub) <= 3:
                raise ValueError(
                    f"pubs[{index}]: a sampler PUB is {_SAMPLER_FORMS}; got {len(pub)} items"
                )
            return cls(*pub)
        raise TypeError(f"pubs[{index}]: a sampler PUB is {_SAMPLER_FORMS}; got {show(pub)}")


@attrs.frozen
class EstimatorPub:
    """A circuit, observables, optional parameter values and optional target precision."""

    circuit: Any
    observables: Any
    parameter_values: Any = None
    precision: float | None = None

    @classmethod
    def coerce(cls, pub: object, index: int = 0) -> EstimatorPub:
        """An EstimatorPub from itself or a Qiskit-shaped tuple/list."""
        if isinstance(pub, EstimatorPub):
            return pub
        qiskit_kind = _qiskit_pub_kind(pub)
        if qiskit_kind == "SamplerPub":
            raise TypeError(
                f"pubs[{index}]: qiskit's SamplerPub is a PUB for the sampler "
                "(client.sampler(...).run(...)); an estimator PUB also needs observables"
            )
        if qiskit_kind == "EstimatorPub":
            qiskit_pub = _any(pub)
            return cls(
                qiskit_pub.circuit,
                qiskit_pub.observables.tolist(),
                _qiskit_values(pub),
                qiskit_pub.precision,
            )
        if isinstance(pub, tuple | list):
            if not 2 <= len(pub) <= 4:
                raise ValueError(
                    f"pubs[{index}]: an estimator PUB is {_ESTIMATOR_FORMS}; got {len(pub)} items"
                )
            return cls(*pub)
        if isinstance(pub, str) or is_quantum_circuit(pub):
            raise TypeError(
                f"pubs[{index}]: an estimator PUB needs observables: {_ESTIMATOR_FORMS}"
            )
        raise TypeError(f"pubs[{index}]: an estimator PUB is {_ESTIMATOR_FORMS}; got {show(pub)}")


def _qiskit_pub_kind(pub: object) -> str | None:
    """'SamplerPub' / 'EstimatorPub' for qiskit's own PUB classes (qiskit.primitives), or None."""
    kind = type(pub)
    if kind.__module__.startswith("qiskit.primitives") and kind.__name__ in (
        "SamplerPub",
        "EstimatorPub",
    ):
        return kind.__name__
    return None


def _any(value: object) -> Any:
    return value


def _qiskit_values(pub: object) -> Any:
    """A qiskit PUB's BindingsArray as an array in the circuit's parameter order (or None)."""
    qiskit_pub = _any(pub)
    bindings = qiskit_pub.parameter_values
    if bindings.num_parameters == 0:
        return None
    return bindings.as_array(qiskit_pub.circuit.parameters)


def sampler_pubs_json(pubs: Iterable[object]) -> list[list[Any]]:
    """Validate sampler PUBs and return their JSON arrays `[circuit, values?, shots?]`."""
    return [_sampler_json(SamplerPub.coerce(p, i), i) for i, p in enumerate(_pub_list(pubs))]


def estimator_pubs_json(pubs: Iterable[object]) -> list[list[Any]]:
    """Validate estimator PUBs and return `[circuit, observables, values?, precision?]` arrays."""
    return [_estimator_json(EstimatorPub.coerce(p, i), i) for i, p in enumerate(_pub_list(pubs))]


def _pub_list(pubs: Iterable[object]) -> list[object]:
    if (
        isinstance(pubs, str | SamplerPub | EstimatorPub)
        or is_quantum_circuit(pubs)
        or _qiskit_pub_kind(pubs)
    ):
        raise TypeError("pubs: expected a list of PUBs; wrap a single PUB in a list: [pub]")
    if not isinstance(pubs, Iterable):
        raise TypeError(f"pubs: expected a list of PUBs, got {show(pubs)}")
    listed = list(pubs)
    if not listed:
        raise ValueError("pubs: at least one PUB is needed")
    return listed


def _sampler_json(pub: SamplerPub, index: int) -> list[Any]:
    where = f"pubs[{index}]"
    circuit = prepare_circuit(pub.circuit, f"{where}.circuit")
    _check_sampler_circuit(circuit.info, f"{where}.circuit")
    values = prepare_parameter_values(
        pub.parameter_values, circuit.info.parameters, f"{where}.parameter_values"
    )
    shots = None if pub.shots is None else positive_int(pub.shots, f"{where}.shots")
    return _trim([circuit.payload, values.payload, shots])


def _check_sampler_circuit(info: CircuitInfo, field: str) -> None:
    if not info.measures:
        raise ValueError(
            f"{field}: a sampler circuit must measure into a classical register "
            "(no 'measure' found); add measurements, e.g. measure_all()"
        )
    for name, size in info.classical_registers:
        if size == 0:
            raise ValueError(f"{field}: classical register {name!r} has size 0")


def _estimator_json(pub: EstimatorPub, index: int) -> list[Any]:
    # Observables are the estimator's alone: a sampler submission need not load their module.
    from qiskit_runtime_client.primitives.observables import prepare_observables

    where = f"pubs[{index}]"
    circuit = prepare_circuit(pub.circuit, f"{where}.circuit")
    observables = prepare_observables(pub.observables, f"{where}.observables")
    _check_label_length(observables.num_qubits, circuit.info, f"{where}.observables")
    values = prepare_parameter_values(
        pub.parameter_values, circuit.info.parameters, f"{where}.parameter_values"
    )
    if broadcast_shapes(observables.shape, values.shape) is None:
        raise ValueError(
            f"{where}: observables shape {observables.shape} and parameter_values shape "
            f"{values.shape} do not broadcast together"
        )
    precision = (
        None if pub.precision is None else positive_float(pub.precision, f"{where}.precision")
    )
    return _trim([circuit.payload, observables.payload, values.payload, precision], keep=2)


def _check_label_length(length: int, info: CircuitInfo, field: str) -> None:
    if info.num_qubits is None:
        return
    if info.qubits_exact and length != info.num_qubits:
        raise ValueError(
            f"{field}: Pauli labels have length {length} but the circuit has "
            f"{info.num_qubits} qubits; labels must cover every qubit (rightmost = qubit 0)"
        )
    if not info.qubits_exact and length < info.num_qubits:
        raise ValueError(
            f"{field}: Pauli labels have length {length} but the circuit uses physical qubit "
            f"${info.num_qubits - 1}; labels need at least {info.num_qubits} characters"
        )


def broadcast_shapes(*shapes: Sequence[int]) -> tuple[int, ...] | None:
    """numpy's broadcasting rule without numpy: the common shape, or None when incompatible."""
    result: list[int] = []
    for dims in zip_longest(*(reversed(s) for s in shapes), fillvalue=1):
        sizes = {d for d in dims if d != 1}
        if len(sizes) > 1:
            return None
        result.append(sizes.pop() if sizes else 1)
    return tuple(reversed(result))


def _trim(items: list[Any], keep: int = 1) -> list[Any]:
    """Drop trailing None entries: `[c, None, None]` -> `[c]` (the REST docs' shortest forms)."""
    while len(items) > keep and items[-1] is None:
        items.pop()
    return items
