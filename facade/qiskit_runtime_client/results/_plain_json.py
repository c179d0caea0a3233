"""Plain-JSON results (`support_qiskit: false`): hex samples per shot, evs as numbers or lists.

Sampler: `{"results": [{"data": {"<creg>": {"samples": ["0x3", ...], "num_bits": 2}},
"metadata": {...}}], "metadata": {...}}`; broadcast PUBs nest `samples` in the PUB's shape.
Estimator: `{"results": [{"data": {"evs": 0.74, "stds": ..., ...}, "metadata": {...}}]}`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from qiskit_runtime_client.results._hex import hex_samples_to_packed
from qiskit_runtime_client.results.bit_array import BitArray
from qiskit_runtime_client.results.containers import (
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
)
from qiskit_runtime_client.results.errors import ResultDecodeError
from qiskit_runtime_client.results.limits import check_array_bytes


def decode_plain(document: Mapping[str, Any]) -> PrimitiveResult:
    """A PrimitiveResult from the plain-JSON result document."""
    results = document.get("results")
    if not isinstance(results, list):
        raise ResultDecodeError("plain result: 'results' must be a list of pub results")
    metadata = document.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise ResultDecodeError("plain result: 'metadata' must be an object")
    return PrimitiveResult(
        (_pub_result(entry, f"results[{i}]") for i, entry in enumerate(results)), metadata
    )


def _pub_result(entry: Any, where: str) -> PubResult:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("data"), Mapping):
        raise ResultDecodeError(f"{where}: expected an object with a 'data' object")
    metadata = entry.get("metadata")
    if metadata is not None and not isinstance(metadata, Mapping):
        raise ResultDecodeError(f"{where}.metadata: must be an object")
    fields = {name: _field(value, f"{where}.data.{name}") for name, value in entry["data"].items()}
    registers = [v for v in fields.values() if isinstance(v, BitArray)]
    if registers:
        return SamplerPubResult(DataBin(shape=registers[0].shape, **fields), metadata)
    return EstimatorPubResult(DataBin(shape=_estimator_shape(fields), **fields), metadata)


def _estimator_shape(fields: Mapping[str, Any]) -> tuple[int, ...]:
    """The PUB shape: that of `evs` (ZNE fields carry extra trailing axes)."""
    for name in ("evs", *fields):
        shape = getattr(fields.get(name), "shape", None)
        if shape is not None:
            return tuple(shape)
    return ()


def _field(value: Any, where: str) -> Any:
    if isinstance(value, Mapping) and "samples" in value:
        return _register(value, where)
    if isinstance(value, list) or (isinstance(value, numbers.Real) and not isinstance(value, bool)):
        import numpy as np

        try:
            return np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            return value  # not a numeric array (an undocumented field): keep it as sent
    return value


def _register(value: Mapping[str, Any], where: str) -> BitArray:
    num_bits = value.get("num_bits")
    if not isinstance(num_bits, int) or isinstance(num_bits, bool) or num_bits < 0:
        raise ResultDecodeError(f"{where}.num_bits: expected an int >= 0, got {num_bits!r}")
    shots = _count_samples(value["samples"])
    check_array_bytes(shots * ((num_bits + 7) // 8), f"{where}: {shots} shots of {num_bits} bits")
    return BitArray(hex_samples_to_packed(value["samples"], num_bits, where), num_bits)


def _count_samples(samples: Any) -> int:
    """How many samples a (possibly nested) list holds, without allocating anything."""
    count, stack = 0, [samples]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        else:
            count += 1
    return count
