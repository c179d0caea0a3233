"""Sampler measurement outcomes for one classical register, packed exactly like Qiskit's BitArray.

`array` is uint8 with shape `(*shape, num_shots, ceil(num_bits / 8))`; each shot's bytes are
big-endian and classical bit 0 is the least significant bit. Counting is vectorised with numpy
(bincount or unique over packed rows), so a million shots take milliseconds, and registers wider
than 64 bits work (their integer keys are Python ints).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from numpy.typing import NDArray

Loc = int | tuple[int, ...] | None

# np.bincount beats np.unique while the table (2**num_bits entries) is no bigger than this
# many times the number of shots, or is small anyway.
_BINCOUNT_DENSITY = 4
_BINCOUNT_ALWAYS_BITS = 16
# Bits turned into '0'/'1' characters at once when building bitstrings (4 bytes each).
_BITSTRING_CHARS = 1 << 18


def is_int(value: object) -> bool:
    """True for ints and numpy integers, not bools."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


class BitArray:
    """Packed shots of one classical register, with counts and bitstrings like Qiskit's."""

    __slots__ = ("_array", "_num_bits")

    def __init__(self, array: NDArray[Any], num_bits: int) -> None:
        import numpy as np

        if not is_int(num_bits) or int(num_bits) < 0:
            raise ValueError(f"num_bits must be an int >= 0, got {num_bits!r}")
        packed = np.asarray(array)
        if packed.dtype != np.uint8:
            raise TypeError(f"BitArray data must be uint8, got dtype {packed.dtype}")
        nbytes = (int(num_bits) + 7) // 8
        if packed.ndim < 2 or packed.shape[-1] != nbytes:
            raise ValueError(
                f"BitArray data must have shape (*shape, num_shots, {nbytes}) for "
                f"{num_bits} bits, got {packed.shape}"
            )
        self._array: NDArray[np.uint8] = packed
        self._num_bits = int(num_bits)

    @property
    def array(self) -> NDArray[Any]:
        """The packed uint8 data, shape `(*shape, num_shots, ceil(num_bits / 8))`."""
        return self._array

    @property
    def num_bits(self) -> int:
        """Width of the register in bits."""
        return self._num_bits

    @property
    def num_shots(self) -> int:
        """Shots per position of the PUB's broadcast shape."""
        return int(self._array.shape[-2])

    @property
    def shape(self) -> tuple[int, ...]:
        """The PUB's broadcast shape (without the shots and bytes axes)."""
        return tuple(int(n) for n in self._array.shape[:-2])

    @property
    def ndim(self) -> int:
        """Number of broadcast axes."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """Number of positions in the broadcast shape."""
        size = 1
        for n in self.shape:
            size *= n
        return size

    def __getitem__(self, index: int | slice | tuple[int | slice, ...]) -> BitArray:
        """Index the broadcast axes only; shots and bits stay whole."""
        parts = index if isinstance(index, tuple) else (index,)
        if len(parts) > self.ndim or not all(isinstance(p, int | slice) for p in parts):
            raise IndexError(f"BitArray of shape {self.shape}: cannot index with {index!r}")
        return BitArray(self._array[parts], self._num_bits)

    def __eq__(self, other: object) -> bool:
        import numpy as np

        if not isinstance(other, BitArray):
            return NotImplemented
        return self._num_bits == other._num_bits and bool(np.array_equal(self._array, other._array))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BitArray(shape={self.shape}, num_shots={self.num_shots}, num_bits={self.num_bits})"

    def get_counts(self, loc: Loc = None) -> dict[str, int]:
        """Bitstring -> count, over all positions (loc=None) or the position `loc`."""
        if self._num_bits == 0:
            return {"": int(self._rows(loc).shape[0])}
        num_bits = self._num_bits
        return _count_dict(*self._unique(loc), lambda keys: _bitstrings(keys, num_bits), num_bits)

    def get_int_counts(self, loc: Loc = None) -> dict[int, int]:
        """Integer outcome -> count (clbit 0 is the least significant bit)."""
        if self._num_bits == 0:
            return {0: int(self._rows(loc).shape[0])}
        return _count_dict(*self._unique(loc), _ints, self._num_bits)

    def get_bitstrings(self, loc: Loc = None) -> list[str]:
        """One bitstring per shot, clbit 0 rightmost, in shot order."""
        rows = self._rows(loc)
        if self._num_bits == 0:
            return [""] * int(rows.shape[0])
        return _bitstrings(rows, self._num_bits)

    def to_qiskit(self) -> Any:
        """This data as `qiskit.primitives.containers.BitArray` (needs qiskit)."""
        from qiskit.primitives.containers import BitArray as QiskitBitArray

        return QiskitBitArray(self._array, self._num_bits)

    def _rows(self, loc: Loc) -> NDArray[Any]:
        """The selected shots as a (shots, nbytes) array."""
        if loc is None:
            return flat_rows(self._array)
        parts = loc if isinstance(loc, tuple) else (loc,)
        if len(parts) > self.ndim or not all(is_int(p) for p in parts):
            raise IndexError(f"loc {loc!r} does not index a position of shape {self.shape}")
        return flat_rows(self._array[parts])

    def _unique(self, loc: Loc) -> tuple[NDArray[Any], NDArray[Any] | None, NDArray[Any]]:
        """Distinct outcomes and their counts, as `(keys, index, counts)`.

        Up to 64 bits the keys are uint32/uint64 outcomes and index is None. Wider registers
        give the (padding-masked) rows and the index of one row per distinct outcome, so the
        distinct rows are gathered batch by batch instead of copied whole.
        """
        import numpy as np

        rows = self._rows(loc)
        if rows.shape[1] <= 8:
            values = as_ints(rows) & (1 << self._num_bits) - 1
            if self._num_bits <= _BINCOUNT_ALWAYS_BITS or (
                (1 << self._num_bits) <= _BINCOUNT_DENSITY * len(values)
            ):
                table = np.bincount(values.astype(np.intp), minlength=1)
                keys = np.flatnonzero(table)
                return keys.astype(values.dtype), None, table[keys]
            keys, counts = np.unique(values, return_counts=True)
            return keys, None, counts
        masked = np.ascontiguousarray(_mask_padding(rows, self._num_bits))
        as_void = masked.view(np.dtype((np.void, masked.shape[1]))).ravel()
        _, index, counts = np.unique(as_void, return_index=True, return_counts=True)
        return masked, index, counts


def _count_dict(
    keys: NDArray[Any],
    index: NDArray[Any] | None,
    counts: NDArray[Any],
    convert: Callable[[NDArray[Any]], list[Any]],
    num_bits: int,
) -> dict[Any, int]:
    """{convert(key): count}, built in batches so no list of every key exists at once."""
    step = max(1, _BITSTRING_CHARS // max(1, num_bits))
    result: dict[Any, int] = {}
    for start in range(0, len(counts), step):
        stop = start + step
        part = keys[start:stop] if index is None else keys[index[start:stop]]
        result.update(zip(convert(part), counts[start:stop].tolist(), strict=True))
    return result


def flat_rows(array: NDArray[Any]) -> NDArray[Any]:
    """All shots of a packed array as (shots, nbytes); works for 0-bit registers too."""
    count = 1
    for n in array.shape[:-1]:
        count *= int(n)
    rows: NDArray[Any] = array.reshape(count, array.shape[-1])
    return rows


def as_ints(rows: NDArray[Any]) -> NDArray[Any]:
    """Big-endian rows of <= 8 bytes as native integers (uint32 up to 4 bytes, else uint64)."""
    import numpy as np

    nbytes = rows.shape[1]
    if nbytes <= 4:
        values = np.zeros(rows.shape[0], dtype=np.uint32)
        for column in range(nbytes):
            values <<= np.uint32(8)
            values |= rows[:, column]
        return values
    padded = np.zeros((rows.shape[0], 8), dtype=np.uint8)
    padded[:, 8 - nbytes :] = rows
    return padded.view(">u8").reshape(-1).astype(np.uint64)


def _mask_padding(rows: NDArray[Any], num_bits: int) -> NDArray[Any]:
    """Rows with the unused high bits of the first byte cleared."""
    pad = 8 * rows.shape[1] - num_bits
    if pad == 0 or not (rows[:, 0] >> (8 - pad)).any():
        return rows
    masked = rows.copy()
    masked[:, 0] &= 0xFF >> pad
    return masked


def _bitstrings(keys: NDArray[Any], num_bits: int) -> list[str]:
    """'0'/'1' strings from integer keys (1-D) or packed big-endian rows (2-D), vectorised.

    Bits are unpacked, turned into the code points of '0'/'1' and viewed as a fixed-width
    unicode array, whose tolist() builds the Python strings without a per-item format call.
    That array takes 4 bytes per bit, so rows go in batches of about `_BITSTRING_CHARS` bits:
    beyond the strings themselves, memory stays bounded however many shots there are.
    """
    import numpy as np

    if keys.ndim == 1:
        width = keys.dtype.itemsize
        keys = keys.astype(f">u{width}").view(np.uint8).reshape(-1, width)
    skip = 8 * keys.shape[1] - num_bits
    step = max(1, _BITSTRING_CHARS // max(1, num_bits))
    strings: list[str] = []
    for start in range(0, keys.shape[0], step):
        bits = np.unpackbits(keys[start : start + step], axis=1)[:, skip:]
        chars = bits.astype(np.uint32)
        chars += ord("0")
        strings += chars.view(f"U{num_bits}").reshape(-1).tolist()
    return strings


def _ints(keys: NDArray[Any]) -> list[int]:
    """Python ints from uint64 keys or packed big-endian rows (any width)."""
    if keys.ndim == 1:
        values: list[int] = keys.tolist()
        return values
    return [int.from_bytes(row.tobytes(), "big") for row in keys]
