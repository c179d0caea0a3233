"""Encode a PrimitiveResult in either service format (for emulators, tests and benchmarks).

`support_qiskit=True` writes the SDK RuntimeEncoder envelope (`__type__` objects, ndarrays as
base64(zlib(.npy))); False writes plain JSON (hex samples per shot, numbers as lists).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from qiskit_runtime_client.results._ndarray import encode_ndarray
from qiskit_runtime_client.results.bit_array import BitArray, _mask_padding, as_ints, flat_rows
from qiskit_runtime_client.results.containers import (
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
)
from qiskit_runtime_client.results.spans import ExecutionSpan, ExecutionSpans


def encode_result(result: PrimitiveResult, *, support_qiskit: bool) -> str:
    """The results body the service would return for this result in the chosen format."""
    if support_qiskit:
        return json.dumps(result, default=_qiskit_default)
    document = {
        "results": [
            {"data": {k: _plain_field(v) for k, v in pub.data.items()}, "metadata": pub.metadata}
            for pub in result
        ],
        "metadata": result.metadata,
    }
    return json.dumps(document, default=_plain_default)


def _tagged(kind: str, value: Any) -> dict[str, Any]:
    return {"__type__": kind, "__value__": value}


def _qiskit_default(obj: Any) -> Any:
    import numpy as np

    if isinstance(obj, PrimitiveResult):
        return _tagged("PrimitiveResult", {"pub_results": list(obj), "metadata": obj.metadata})
    if isinstance(obj, PubResult):
        kind = (
            "SamplerPubResult"
            if isinstance(obj, SamplerPubResult)
            else "EstimatorPubResult"
            if isinstance(obj, EstimatorPubResult)
            else "PubResult"
        )
        return _tagged(kind, {"data": obj.data, "metadata": obj.metadata})
    if isinstance(obj, DataBin):
        value = {"field_names": list(obj), "shape": list(obj.shape), "fields": dict(obj)}
        return _tagged("DataBin", value)
    if isinstance(obj, BitArray):
        return _tagged("BitArray", {"array": obj.array, "num_bits": obj.num_bits})
    if isinstance(obj, np.ndarray):
        if obj.dtype == object:
            return _tagged("ndarray", obj.tolist())
        return _tagged("ndarray", encode_ndarray(obj))
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, ExecutionSpans):
        return _tagged("ExecutionSpans", {"spans": list(obj)})
    if isinstance(obj, ExecutionSpan):
        return _tagged(obj.kind, _span_value(obj))
    if isinstance(obj, date):
        return _tagged("datetime", obj.isoformat())
    if isinstance(obj, complex):
        return _tagged("complex", [obj.real, obj.imag])
    if isinstance(obj, set):
        return _tagged("set", list(obj))
    raise TypeError(f"cannot encode {type(obj).__name__} in a Qiskit-encoded result")


def _span_value(span: ExecutionSpan) -> dict[str, Any]:
    slices = {}
    for index, entry in span.data_slices.items():
        flat: list[Any] = [list(entry[0])]
        for part in entry[1:]:
            flat.extend([part.start, part.stop] if isinstance(part, slice) else [part])
        slices[index] = flat
    return {"start": span.start, "stop": span.stop, "data_slices": slices}


def _plain_field(value: Any) -> Any:
    if isinstance(value, BitArray):
        return {"samples": packed_to_hex(value), "num_bits": value.num_bits}
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def _plain_default(obj: Any) -> Any:
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, complex):
        return [obj.real, obj.imag]
    if isinstance(obj, ExecutionSpans):
        return {"spans": list(obj)}
    if isinstance(obj, ExecutionSpan):
        return {"type": obj.kind, **_span_value(obj)}
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError(f"cannot encode {type(obj).__name__} in a plain-JSON result")


def packed_to_hex(bits: BitArray) -> Any:
    """The per-shot hex strings ("0x3") of a BitArray, nested in its broadcast shape."""
    import numpy as np

    rows = _mask_padding(flat_rows(bits.array), bits.num_bits)
    if rows.shape[1] <= 8:
        ints: list[int] = as_ints(rows).tolist()
    else:
        ints = [int.from_bytes(row.tobytes(), "big") for row in rows]
    strings = np.array([hex(v) for v in ints], dtype=object)
    return strings.reshape(*bits.shape, bits.num_shots).tolist()
