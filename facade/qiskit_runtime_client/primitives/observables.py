"""Estimator observables: coerce the accepted forms to the dense-label dicts the service reads.

Accepted: a dict {pauli_label: coeff}, a label string, a list of those, nested lists for
broadcasting, and (qiskit installed) `SparsePauliOp` / `Pauli`. Every observable becomes a
`{label: float}` dict; labels use I/X/Y/Z only (rightmost character is qubit 0).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from qiskit_runtime_client.primitives._checks import is_real, show

PAULI_CHARACTERS = frozenset("IXYZ")


@attrs.frozen
class PreparedObservables:
    """Observables in JSON form, with their broadcast shape and Pauli label length."""

    payload: Any
    """A `{label: coeff}` dict (0-d) or nested lists of them."""
    shape: tuple[int, ...]
    num_qubits: int


def prepare_observables(observables: object, field: str) -> PreparedObservables:
    """Validate and normalise a PUB's observables; errors name `field` and the element index."""
    lengths: set[int] = set()
    payload, shape = _walk(observables, field, lengths)
    if len(lengths) > 1:
        raise ValueError(
            f"{field}: all Pauli labels must have the same length, found lengths {sorted(lengths)}"
        )
    return PreparedObservables(payload=payload, shape=shape, num_qubits=lengths.pop())


def _walk(node: object, field: str, lengths: set[int]) -> tuple[Any, tuple[int, ...]]:
    leaf = _as_terms(node, field)
    if leaf is not None:
        return _check_terms(leaf, field, lengths), ()
    if hasattr(node, "tolist") and type(node).__module__ == "numpy":
        node = node.tolist()
    if not isinstance(node, Sequence) or isinstance(node, bytes | bytearray):
        raise TypeError(
            f"{field}: expected a Pauli label string, a {{label: coeff}} dict, "
            f"a SparsePauliOp, or a (nested) list of those; got {show(node)}"
        )
    if len(node) == 0:
        raise ValueError(f"{field}: the observables list is empty")
    items = [_walk(child, f"{field}[{i}]", lengths) for i, child in enumerate(node)]
    shapes = {shape for _, shape in items}
    if len(shapes) > 1:
        raise ValueError(
            f"{field}: nested observable lists are ragged (element shapes {sorted(shapes)}); "
            "each level must have the same length"
        )
    return [payload for payload, _ in items], (len(node), *shapes.pop())


def _as_terms(node: object, field: str) -> Mapping[Any, Any] | None:
    """The {label: coeff} terms of a leaf observable, or None when `node` is a list level."""
    if isinstance(node, str):
        return {node: 1.0}
    if isinstance(node, Mapping):
        return node
    if type(node).__module__.startswith("qiskit"):
        return _qiskit_terms(node, field)
    return None


def _qiskit_terms(node: object, field: str) -> dict[str, complex]:
    from qiskit.quantum_info import Pauli, SparsePauliOp

    if isinstance(node, Pauli):
        node = SparsePauliOp(node)
    if not isinstance(node, SparsePauliOp):
        raise TypeError(
            f"{field}: qiskit observables must be SparsePauliOp or Pauli, got {show(node)}"
        )
    terms: dict[str, complex] = {}
    for label, coeff in node.to_list():
        terms[label] = terms.get(label, 0) + complex(coeff)
    return terms


def _check_terms(terms: Mapping[Any, Any], field: str, lengths: set[int]) -> dict[str, float]:
    if not terms:
        raise ValueError(f"{field}: an observable needs at least one Pauli term")
    out: dict[str, float] = {}
    for label, coeff in terms.items():
        if not isinstance(label, str):
            raise TypeError(f"{field}: Pauli labels must be strings, got {show(label)}")
        bad = sorted(set(label) - PAULI_CHARACTERS)
        if not label or bad:
            raise ValueError(
                f"{field}: Pauli label {label!r} must be a non-empty string of I, X, Y, Z"
                + (f" (found {', '.join(map(repr, bad))})" if bad else "")
            )
        lengths.add(len(label))
        out[label] = _real_coefficient(coeff, f"{field}[{label!r}]")
    return out


def _real_coefficient(coeff: object, field: str) -> float:
    if is_real(coeff):
        return float(coeff)  # type: ignore[arg-type]
    if isinstance(coeff, numbers.Complex) and not isinstance(coeff, bool):
        value = complex(coeff)
        if value.imag == 0 and math.isfinite(value.real):
            return value.real
        raise ValueError(
            f"{field}: coefficients must be real (observables are Hermitian), got {value}"
        )
    raise TypeError(f"{field}: expected a finite real coefficient, got {show(coeff)}")
