"""PUB parameter values: by name (dict) or by position (nested lists), checked against the circuit.

Positional values bind in Qiskit's parameter order (sorted by name); the last axis holds one
value per parameter and the leading axes are the broadcast shape. A dict maps each name to a
number or a nested list whose shape is the broadcast shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from qiskit_runtime_client.primitives._checks import is_real, show


@attrs.frozen
class PreparedValues:
    """Parameter values in JSON form (None, a dict by name, or nested lists) and their shape."""

    payload: Any
    shape: tuple[int, ...]


def prepare_parameter_values(
    values: object, parameters: Sequence[str], field: str
) -> PreparedValues:
    """Validate values against the circuit's parameter names; errors name `field`."""
    if type(values).__module__ == "numpy" and hasattr(values, "tolist"):
        values = values.tolist()
    if values is None or (isinstance(values, Sequence | Mapping) and len(values) == 0):
        if parameters:
            raise ValueError(
                f"{field}: the circuit has {len(parameters)} input parameter(s) "
                f"({_names(parameters)}) but no values were given"
            )
        return PreparedValues(payload=None, shape=())
    if not parameters:
        raise ValueError(
            f"{field}: the circuit declares no input parameters, but values were given"
        )
    if isinstance(values, Mapping):
        return _by_name(values, parameters, field)
    if isinstance(values, Sequence) and not isinstance(values, str | bytes):
        return _by_position(values, parameters, field)
    raise TypeError(
        f"{field}: expected a dict {{name: value}} or a (nested) list of numbers, "
        f"got {show(values)}"
    )


def _by_name(values: Mapping[Any, Any], parameters: Sequence[str], field: str) -> PreparedValues:
    named: dict[str, Any] = {}
    shapes: dict[str, tuple[int, ...]] = {}
    for key, value in values.items():
        name = key if isinstance(key, str) else getattr(key, "name", None)
        if not isinstance(name, str):
            raise TypeError(f"{field}: keys must be parameter names, got {show(key)}")
        payload, shape = _numbers(value, f"{field}[{name!r}]")
        named[name] = payload
        shapes[name] = shape
    missing = [p for p in parameters if p not in named]
    unknown = [n for n in named if n not in parameters]
    if missing or unknown:
        parts = [f"missing {_names(missing)}"] if missing else []
        parts += [f"unknown {_names(unknown)}"] if unknown else []
        raise ValueError(
            f"{field}: values by name must cover the circuit's parameters exactly "
            f"({_names(parameters)}): {'; '.join(parts)}"
        )
    distinct = set(shapes.values())
    if len(distinct) > 1:
        listed = ", ".join(f"{n}: {s}" for n, s in shapes.items())
        raise ValueError(f"{field}: every parameter needs values of the same shape ({listed})")
    return PreparedValues(payload=named, shape=distinct.pop())


def _by_position(values: Sequence[Any], parameters: Sequence[str], field: str) -> PreparedValues:
    payload, shape = _numbers(values, field)
    if shape[-1] != len(parameters):
        raise ValueError(
            f"{field}: the last axis must hold one value per parameter: the circuit has "
            f"{len(parameters)} ({_names(parameters)}), got {shape[-1]} (values shape {shape})"
        )
    return PreparedValues(payload=payload, shape=shape[:-1])


def _numbers(node: object, field: str) -> tuple[Any, tuple[int, ...]]:
    """A number or rectangular nested list of finite numbers, as floats, with its shape."""
    if type(node).__module__ == "numpy" and hasattr(node, "tolist"):
        node = node.tolist()
    if is_real(node):
        return float(node), ()  # type: ignore[arg-type]
    if isinstance(node, Sequence) and not isinstance(node, str | bytes):
        if len(node) == 0:
            raise ValueError(f"{field}: empty list of parameter values")
        items = [_numbers(child, f"{field}[{i}]") for i, child in enumerate(node)]
        shapes = {shape for _, shape in items}
        if len(shapes) > 1:
            raise ValueError(f"{field}: ragged nested values (element shapes {sorted(shapes)})")
        return [payload for payload, _ in items], (len(node), *shapes.pop())
    raise TypeError(f"{field}: expected finite real numbers, got {show(node)}")


def _names(names: Sequence[str]) -> str:
    shown = ", ".join(names[:10]) + (", ..." if len(names) > 10 else "")
    return shown or "none"
