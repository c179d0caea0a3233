"""Hex samples ("0x3") to packed uint8 rows, in bounded memory.

The strings of a chunk of shots are joined with commas and encoded to ASCII bytes (one byte
per character, no fixed-width unicode matrix); digit values come from a lookup table.
Registers up to 64 bits gather the k-th digit from the right of every string at once (one pass
over the shots per digit of the register); wider ones put every digit in its nibble column,
its place counted from the string's end. Temporaries are a few bytes per character of one
chunk, so the peak beyond the decoded JSON document is the packed result plus about 40 bytes
per character of one chunk (`_CHUNK_CHARS`).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client.results.errors import ResultDecodeError

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Characters (digits, prefixes, separators) parsed at once.
_CHUNK_CHARS = 1 << 18
_INVALID = 16
_COMMA = ord(",")


def hex_samples_to_packed(samples: Any, num_bits: int, where: str = "samples") -> NDArray[Any]:
    """Hex strings per shot, possibly nested, to packed uint8 `(*shape, shots, nbytes)`.

    Each string is `[0x|0X]<hex digits>`; a value wider than `num_bits` is refused.
    """
    import numpy as np

    shape, flat = _flatten(samples, where)
    nbytes = (num_bits + 7) // 8
    packed = np.empty((len(flat), nbytes), dtype=np.uint8)
    if flat:
        per_shot = 3 + (num_bits + 3) // 4  # "0x", the digits and a comma
        step = max(1, _CHUNK_CHARS // per_shot)
        for start in range(0, len(flat), step):
            chunk = flat[start : start + step]
            _parse_chunk(chunk, packed[start : start + len(chunk)], num_bits, where)
    return packed.reshape(*shape, nbytes)


def _flatten(samples: Any, where: str) -> tuple[list[int], list[Any]]:
    """The nested lists' shape and their leaves in order; ragged nesting is refused."""
    if not isinstance(samples, list):
        raise ResultDecodeError(f"{where}.samples: expected a list of hex strings")
    shape = []
    level: Any = samples
    while isinstance(level, list):
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    flat: list[Any] = samples
    for depth in range(1, len(shape)):
        size = shape[depth]
        if not all(isinstance(item, list) and len(item) == size for item in flat):
            raise ResultDecodeError(f"{where}.samples: ragged nested lists")
        flat = list(itertools.chain.from_iterable(flat))
    return shape, flat


def _digit_table() -> NDArray[Any]:
    import numpy as np

    table = np.full(256, _INVALID, dtype=np.uint8)
    for value, char in enumerate("0123456789abcdef"):
        table[ord(char)] = table[ord(char.upper())] = value
    return table


_TABLE: list[NDArray[Any]] = []


def _parse_chunk(strings: list[Any], out: NDArray[Any], num_bits: int, where: str) -> None:
    """Parse `strings` into the rows of `out` (uint8, shape (len(strings), nbytes))."""
    import numpy as np

    bad = f"{where}.samples: not all entries are hex strings like '0x1f'"
    try:
        raw = ",".join(strings).encode("ascii")
    except TypeError:
        kinds = sorted({type(s).__name__ for s in strings if not isinstance(s, str)})
        raise ResultDecodeError(
            f"{where}.samples: expected hex strings, got {', '.join(kinds)} data"
        ) from None
    except UnicodeEncodeError:
        raise ResultDecodeError(bad) from None
    if not _TABLE:
        _TABLE.append(_digit_table())
    chars = np.frombuffer(raw, dtype=np.uint8)
    count, total = len(strings), len(chars)
    separators = np.flatnonzero(chars == _COMMA)
    if len(separators) != count - 1:
        raise ResultDecodeError(bad)  # a string held a comma
    ends = np.empty(count, dtype=np.intp)
    ends[:-1] = separators
    ends[-1] = total
    begins = np.zeros(count, dtype=np.intp)
    begins[1:] = separators + 1
    lengths = ends - begins
    if np.any(lengths < 1):
        raise ResultDecodeError(bad)
    second = np.minimum(begins + 1, total - 1)
    prefixed = (lengths > 2) & (chars[begins] == ord("0")) & ((chars[second] | 0x20) == ord("x"))
    digits = np.take(_TABLE[0], chars)
    # Invalid characters must be exactly the separators and the x of each prefix.
    invalid = int(np.count_nonzero(digits == _INVALID))
    if invalid != count - 1 + int(np.count_nonzero(prefixed)):
        raise ResultDecodeError(bad)
    digits &= 0x0F  # separators and prefixes count as 0 digits
    too_wide = f"{where}.samples: a sample has more than {num_bits} bits"
    if num_bits <= 64:
        _small_values(strings, digits, ends, lengths - 2 * prefixed, out, num_bits, too_wide)
        return
    # Place of each character counted from the right end of its string (-1 for separators).
    place = np.repeat(ends - 1, lengths + 1)[:total]
    place -= np.arange(total, dtype=np.intp)
    nibbles = 2 * out.shape[1]
    if np.any(digits[place >= nibbles]):
        raise ResultDecodeError(too_wide)
    keep = np.flatnonzero((place >= 0) & (place < nibbles))
    row_last = np.arange(1, count + 1, dtype=np.intp) * nibbles - 1
    index = np.repeat(row_last, lengths + 1)[:total][keep]
    index -= place[keep]
    spread = np.zeros(count * nibbles, dtype=np.uint8)
    spread[index] = digits[keep]
    pairs = spread.reshape(count, out.shape[1], 2)
    np.left_shift(pairs[:, :, 0], 4, out=out)
    out |= pairs[:, :, 1]
    pad = 8 * out.shape[1] - num_bits
    if pad and np.any(out[:, 0] >> (8 - pad)):
        raise ResultDecodeError(too_wide)


def _small_values(
    strings: list[Any],
    digits: NDArray[Any],
    ends: NDArray[Any],
    ndigits: NDArray[Any],
    out: NDArray[Any],
    num_bits: int,
    too_wide: str,
) -> None:
    """Registers up to 64 bits: gather the k-th digit from the right of every string at once,
    for k below the register's digit count (a few passes over the shots, none per character).
    """
    import numpy as np

    size = 4 if num_bits <= 32 else 8
    places = (num_bits + 3) // 4
    values = np.zeros(len(strings), dtype=f"u{size}")
    for place in range(min(places, int(ndigits.max()))):
        digit = np.take(digits, ends - (place + 1), mode="clip")
        digit *= ndigits > place  # past the first digit of the string: not its digit
        values |= np.left_shift(digit, 4 * place, dtype=values.dtype, casting="unsafe")
    # Strings with more digits than the register holds are fine only with leading zeros.
    for row in np.flatnonzero(ndigits > places).tolist():
        if int(strings[row], 16) >> num_bits:
            raise ResultDecodeError(too_wide)
    if num_bits < 8 * size and np.any(values >> num_bits):
        raise ResultDecodeError(too_wide)
    if out.shape[1]:
        as_bytes = values.astype(f">u{size}").view(np.uint8).reshape(-1, size)
        out[:] = as_bytes[:, size - out.shape[1] :]
