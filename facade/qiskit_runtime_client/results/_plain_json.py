"""Plain-JSON results (`support_qiskit: false`): hex samples per shot, evs as numbers or lists.

Sampler: `{"results": [{"data": {"<creg>": {"samples": ["0x3", ...], "num_bits": 2}},
"metadata": {...}}], "metadata": {...}}`; broadcast PUBs nest `samples` in the PUB's shape.
Estimator: `{"results": [{"data": {"evs": 0.74, "stds": ..., ...}, "metadata": {...}}]}`.
"""

from __future__ import annotations

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
from qiskit_runtime_client.results.limits import check_array_bytes

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


def hex_samples_to_packed(samples: Any, num_bits: int, where: str = "samples") -> NDArray[Any]:
    """Hex strings ("0x3") per shot, possibly nested, to packed uint8 `(*shape, shots, nbytes)`.

    Vectorised: the strings become a matrix of code points (left-aligned, zero-padded); digit
    values come from a lookup table and are combined column by column for all shots at once,
    then each row is shifted right by its padding. Registers up to 64 bits stay in integers;
    wider ones place nibbles directly.
    """
    import numpy as np

    nbytes = (num_bits + 7) // 8
    text = _text_array(samples, where)
    if text.size == 0:
        return np.zeros((*text.shape, nbytes), dtype=np.uint8)
    width = text.dtype.itemsize // 4
    codes = text.reshape(-1).view(np.uint32).reshape(-1, width)
    lengths = _lengths(text, codes)
    digits, starts = _hex_digits(codes, lengths, where)
    first = int(starts.min())
    size = 4 if num_bits <= 32 else 8
    if num_bits <= 64 and width - first <= 2 * size:
        values = np.zeros(codes.shape[0], dtype=f"u{size}")
        for column in range(first, width):  # Horner's rule, padding digits are 0
            values <<= 4
            values |= digits[:, column]
        values >>= (4 * (width - lengths)).astype(values.dtype)
        if num_bits < 8 * size and np.any(values >> num_bits):
            raise ResultDecodeError(f"{where}.samples: a sample has more than {num_bits} bits")
        as_bytes = values.astype(f">u{size}").view(np.uint8).reshape(-1, size)
        packed = as_bytes[:, size - nbytes :]
    else:
        packed = _place_nibbles(digits, starts, lengths, nbytes, num_bits, where)
    return np.ascontiguousarray(packed).reshape(*text.shape, nbytes)


def _text_array(samples: Any, where: str) -> NDArray[Any]:
    import numpy as np

    try:
        text = np.asarray(samples)
    except ValueError:
        raise ResultDecodeError(f"{where}.samples: ragged nested lists") from None
    if text.ndim == 0:
        raise ResultDecodeError(f"{where}.samples: expected a list of hex strings")
    if text.size and text.dtype.kind != "U":
        raise ResultDecodeError(f"{where}.samples: expected hex strings, got {text.dtype} data")
    return text


def _lengths(text: NDArray[Any], codes: NDArray[Any]) -> NDArray[Any]:
    """Characters per string: numpy >= 2's str_len ufunc, else count the non-NUL code points."""
    import numpy as np

    strings = getattr(np, "strings", None)
    if strings is not None:
        lengths: NDArray[Any] = strings.str_len(text.reshape(-1)).astype(np.int64)
        return lengths
    counted: NDArray[Any] = np.count_nonzero(codes, axis=1).astype(np.int64)
    return counted


def _hex_digits(
    codes: NDArray[Any], lengths: NDArray[Any], where: str
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Digit values (0 for padding and the 0x prefix) and where each number's digits start.

    Anything but `[0x]<hex digits>` is rejected. Small integer types keep the (shots x width)
    temporaries cheap.
    """
    import numpy as np

    bad = f"{where}.samples: not all entries are hex strings like '0x1f'"
    if int(codes.max()) > 127:
        raise ResultDecodeError(bad)
    index_type: Any = np.uint8 if codes.shape[1] < 256 else np.int64
    lower = codes.astype(np.uint8) | 0x20
    is_letter = (lower >= ord("a")) & (lower <= ord("f"))
    is_digit = ((lower >= ord("0")) & (lower <= ord("9"))) | is_letter
    starts: NDArray[Any] = np.zeros(codes.shape[0], dtype=index_type)
    if codes.shape[1] > 1:
        starts[(codes[:, 0] == ord("0")) & (lower[:, 1] == ord("x"))] = 2
    ends: NDArray[Any] = lengths.astype(index_type)
    position: NDArray[Any] = np.arange(codes.shape[1], dtype=index_type)
    inside = (position >= starts[:, None]) & (position < ends[:, None])
    if np.any(inside & ~is_digit) or np.any(ends <= starts):
        raise ResultDecodeError(bad)
    values = np.where(is_letter, lower - (ord("a") - 10), lower - ord("0"))
    digits = np.where(inside, values, 0).astype(np.uint8)
    return digits, starts


def _place_nibbles(
    digits: NDArray[Any],
    starts: NDArray[Any],
    lengths: NDArray[Any],
    nbytes: int,
    num_bits: int,
    where: str,
) -> NDArray[Any]:
    """The wide-register path: put every digit in its nibble column, then pair nibbles."""
    import numpy as np

    position = np.arange(digits.shape[1])
    inside = (position >= starts[:, None]) & (position < lengths[:, None])
    place = lengths[:, None] - 1 - position  # nibble index counted from the right
    columns = 2 * max(nbytes, (int((lengths - starts).max()) + 1) // 2)
    nibbles = np.zeros((digits.shape[0], columns), dtype=np.uint8)
    rows = np.broadcast_to(np.arange(digits.shape[0])[:, None], digits.shape)
    nibbles[rows[inside], columns - 1 - place[inside]] = digits[inside]
    packed = (nibbles[:, 0::2] << 4) | nibbles[:, 1::2]
    extra, packed = packed[:, : packed.shape[1] - nbytes], packed[:, packed.shape[1] - nbytes :]
    pad = 8 * nbytes - num_bits
    if np.any(extra) or (pad and np.any(packed[:, 0] >> (8 - pad))):
        raise ResultDecodeError(f"{where}.samples: a sample has more than {num_bits} bits")
    return packed
