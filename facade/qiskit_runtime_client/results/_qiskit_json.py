"""The `__type__` / `__value__` objects of Qiskit-encoded results (the SDK's RuntimeEncoder).

`object_hook` turns each tagged object into our type while `json.loads` runs. Unknown types
stay plain dicts (with a warning); a known type with a broken payload raises ResultDecodeError,
except execution spans, which are metadata and fall back to the plain dict.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from qiskit_runtime_client.results._ndarray import decode_ndarray
from qiskit_runtime_client.results.bit_array import BitArray
from qiskit_runtime_client.results.containers import (
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
)
from qiskit_runtime_client.results.errors import ResultDecodeError, UnknownResultTypeWarning
from qiskit_runtime_client.results.spans import (
    SPAN_TYPES,
    ExecutionSpan,
    ExecutionSpans,
    span_from_json,
)

# ZNE extrapolator names that the SDK's decoder passes through from an "ndarray" tag.
_EXTRAPOLATOR_NAMES = frozenset(
    ["linear", "exponential", "double_exponential", "fallback"]
    + [f"polynomial_degree_{k}" for k in range(1, 8)]
)


def object_hook(obj: dict[str, Any]) -> Any:
    """json.loads hook: decode a `{"__type__", "__value__"}` object, leave others alone."""
    kind = obj.get("__type__")
    if not isinstance(kind, str) or "__value__" not in obj:
        return obj
    value = obj["__value__"]
    decoder = _DECODERS.get(kind)
    if decoder is not None:
        return decoder(value)
    if kind in SPAN_TYPES:
        return _span(kind, obj)
    warnings.warn(
        f"result contains an unknown __type__ {kind!r}; kept as a plain dict",
        UnknownResultTypeWarning,
        stacklevel=2,
    )
    return obj


def _fields(kind: str, value: Any, *names: str) -> list[Any]:
    if not isinstance(value, Mapping):
        raise ResultDecodeError(f"{kind}: __value__ must be an object, got {type(value).__name__}")
    missing = [n for n in names if n not in value]
    if missing:
        raise ResultDecodeError(f"{kind}: __value__ lacks {', '.join(missing)}")
    return [value[n] for n in names]


def _primitive_result(value: Any) -> PrimitiveResult:
    (pub_results,) = _fields("PrimitiveResult", value, "pub_results")
    if not isinstance(pub_results, list) or not all(isinstance(p, PubResult) for p in pub_results):
        raise ResultDecodeError("PrimitiveResult: pub_results must be a list of pub results")
    return PrimitiveResult(pub_results, _metadata("PrimitiveResult", value.get("metadata")))


def _pub_result(cls: type[PubResult]) -> Callable[[Any], PubResult]:
    def decode(value: Any) -> PubResult:
        (data,) = _fields(cls.__name__, value, "data")
        if not isinstance(data, DataBin):
            raise ResultDecodeError(f"{cls.__name__}: data must be a DataBin")
        return cls(data, _metadata(cls.__name__, value.get("metadata")))

    return decode


def _metadata(kind: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ResultDecodeError(f"{kind}: metadata must be an object")
    return dict(value)


def _data_bin(value: Any) -> DataBin:
    (fields,) = _fields("DataBin", value, "fields")
    shape = value.get("shape") or ()
    if not isinstance(fields, Mapping) or not isinstance(shape, list | tuple):
        raise ResultDecodeError("DataBin: fields must be an object and shape a list")
    try:
        return DataBin(shape=shape, **fields)
    except (TypeError, ValueError) as exc:
        raise ResultDecodeError(f"DataBin: {exc}") from None


def _bit_array(value: Any) -> BitArray:
    array, num_bits = _fields("BitArray", value, "array", "num_bits")
    try:
        return BitArray(array, num_bits)
    except (TypeError, ValueError) as exc:
        raise ResultDecodeError(f"BitArray: {exc}") from None


def _ndarray(value: Any) -> Any:
    import numpy as np

    if isinstance(value, str):
        if value in _EXTRAPOLATOR_NAMES:
            return value
        return decode_ndarray(value)
    if isinstance(value, list | int | float | bool):
        return np.array(value)
    raise ResultDecodeError(f"ndarray: unexpected __value__ of type {type(value).__name__}")


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ResultDecodeError(f"datetime: expected an ISO string, got {value!r}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        from dateutil.parser import isoparse

        try:
            return isoparse(value)
        except ValueError as exc:
            raise ResultDecodeError(f"datetime: {exc}") from None


def _complex(value: Any) -> complex:
    if not (isinstance(value, list) and len(value) == 2):
        raise ResultDecodeError(f"complex: expected [real, imag], got {value!r}")
    return complex(value[0], value[1])


def _set(value: Any) -> set[Any]:
    if not isinstance(value, list):
        raise ResultDecodeError("set: expected a list")
    return set(value)


def _execution_spans(value: Any) -> Any:
    spans = value.get("spans") if isinstance(value, Mapping) else None
    if not isinstance(spans, list):
        raise ResultDecodeError("ExecutionSpans: __value__.spans must be a list")
    if not all(isinstance(s, ExecutionSpan) for s in spans):
        return {"__type__": "ExecutionSpans", "__value__": value}  # a span was kept raw
    return ExecutionSpans(spans)


def _span(kind: str, obj: dict[str, Any]) -> Any:
    try:
        return span_from_json(kind, obj["__value__"])
    except (ResultDecodeError, TypeError, ValueError) as exc:
        warnings.warn(
            f"could not read {kind} execution span ({exc}); kept as a plain dict",
            UnknownResultTypeWarning,
            stacklevel=3,
        )
        return obj


_DECODERS: dict[str, Callable[[Any], Any]] = {
    "PrimitiveResult": _primitive_result,
    "SamplerPubResult": _pub_result(SamplerPubResult),
    "EstimatorPubResult": _pub_result(EstimatorPubResult),
    "PubResult": _pub_result(PubResult),
    "DataBin": _data_bin,
    "BitArray": _bit_array,
    "ndarray": _ndarray,
    "datetime": _datetime,
    "complex": _complex,
    "set": _set,
    "ExecutionSpans": _execution_spans,
    "ExecutionSpanCollection": _execution_spans,
    "to_json": lambda value: value,
}
