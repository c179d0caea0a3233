"""Plain-JSON results (`support_qiskit: false`): hex samples per shot, evs as numbers or lists.

Sampler: `{"results": [{"data": {"<creg>": {"samples": ["0x3", ...], "num_bits": 2}},
"metadata": {...}}], "metadata": {...}}`; broadcast PUBs nest `samples` in the PUB's shape.
Estimator: `{"results": [{"data": {"evs": 0.74, "stds": ..., ...}, "metadata": {...}}]}`.
"""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client.results.bit_array import BitArray
from qiskit_runtime_client.results.containers import (
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
)
from qiskit_runtime_client.results.errors import ResultDecodeError

if TYPE_CHECKING:
    from numpy.typing import NDArray


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
    return BitArray(hex_samples_to_packed(value["samples"], num_bits, where), num_bits)


def hex_samples_to_packed(samples: Any, num_bits: int, where: str = "samples") -> NDArray[Any]:
    """Hex strings ("0x3") per shot, possibly nested, to packed uint8 `(*shape, shots, nbytes)`.

    Vectorised: the strings become a numpy code-point matrix, digits are looked up in a table
    and placed right-aligned as nibbles; works for any register width.
    """
    import numpy as np

    nbytes = (num_bits + 7) // 8
    try:
        text = np.asarray(samples)
    except ValueError:
        raise ResultDecodeError(f"{where}.samples: ragged nested lists") from None
    if text.ndim == 0:
        raise ResultDecodeError(f"{where}.samples: expected a list of hex strings")
    if text.size == 0:
        return np.zeros((*text.shape, nbytes), dtype=np.uint8)
    if text.dtype.kind != "U":
        raise ResultDecodeError(f"{where}.samples: expected hex strings, got {text.dtype} data")
    width = text.dtype.itemsize // 4
    codes = text.reshape(-1).view(np.uint32).reshape(-1, width)
    lengths = np.count_nonzero(codes, axis=1)
    prefixed = (codes[:, 0] == ord("0")) & (
        (codes[:, 1] == ord("x")) | (codes[:, 1] == ord("X")) if width > 1 else False
    )
    starts = np.where(prefixed, 2, 0)
    digits = _hex_table()[np.minimum(codes, 127)]
    position = np.arange(width)[None, :]
    in_number = (position >= starts[:, None]) & (position < lengths[:, None])
    if np.any(lengths - starts <= 0) or np.any(digits[in_number] == 255):
        raise ResultDecodeError(f"{where}.samples: not all entries are hex strings like '0x1f'")
    nibble_width = max(2 * nbytes, int((lengths - starts).max()))
    nibble_width += nibble_width % 2
    nibbles = np.zeros((codes.shape[0], nibble_width), dtype=np.uint8)
    columns = nibble_width - lengths[:, None] + position
    rows = np.broadcast_to(np.arange(codes.shape[0])[:, None], codes.shape)
    nibbles[rows[in_number], columns[in_number]] = digits[in_number]
    packed = (nibbles[:, 0::2] << 4) | nibbles[:, 1::2]
    extra = packed[:, : packed.shape[1] - nbytes]
    packed = packed[:, packed.shape[1] - nbytes :]
    pad = 8 * nbytes - num_bits
    if np.any(extra) or (nbytes and pad and np.any(packed[:, 0] >> (8 - pad))):
        raise ResultDecodeError(f"{where}.samples: a sample has more than num_bits={num_bits} bits")
    return np.ascontiguousarray(packed).reshape(*text.shape, nbytes)


@functools.cache
def _hex_table() -> NDArray[Any]:
    """Code point (< 128) -> hex digit value, 255 for anything else."""
    import numpy as np

    table = np.full(128, 255, dtype=np.uint8)
    for value, char in enumerate("0123456789abcdef"):
        table[ord(char)] = value
        table[ord(char.upper())] = value
    return table
