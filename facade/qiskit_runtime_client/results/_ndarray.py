"""`ndarray` payloads of Qiskit-encoded JSON: base64(zlib(.npy)), loaded with pickling refused."""

from __future__ import annotations

import base64
import binascii
import io
import zlib
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client.results.errors import ResultDecodeError
from qiskit_runtime_client.results.limits import array_limit, check_array_bytes, too_large

if TYPE_CHECKING:
    from numpy.typing import NDArray

_NPY_MAGIC = b"\x93NUMPY"


def decode_ndarray(value: str) -> NDArray[Any]:
    """Decode base64 of zlib-compressed (or plain) .npy bytes; object arrays are refused."""
    import numpy as np

    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ResultDecodeError(f"ndarray payload is not valid base64: {exc}") from None
    if not raw.startswith(_NPY_MAGIC):
        raw = _inflate(raw)
    _check_header(raw)
    try:
        array: NDArray[Any] = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, EOFError, OSError, TypeError, OverflowError, MemoryError) as exc:
        raise ResultDecodeError(f"ndarray payload is not a loadable .npy array: {exc}") from None
    return array


def _inflate(raw: bytes) -> bytes:
    """zlib-decompress, never past the array bound (a small bomb cannot expand to gigabytes)."""
    limit = array_limit()
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, limit + 1024)  # room for the .npy header
    except zlib.error as exc:
        raise ResultDecodeError(f"ndarray payload is not zlib-compressed .npy: {exc}") from None
    if inflater.unconsumed_tail:
        raise too_large("a compressed ndarray payload", limit)
    return data


def _check_header(raw: bytes) -> None:
    """The .npy header's shape and dtype must fit the bound and the bytes actually sent."""
    import numpy as np

    stream = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
    except (ValueError, EOFError, OSError, TypeError, SyntaxError) as exc:
        raise ResultDecodeError(f"ndarray payload has no readable .npy header: {exc}") from None
    if dtype.hasobject:
        raise ResultDecodeError(
            "ndarray payload is not a loadable .npy array: it holds Python objects "
            "(pickled data is refused)"
        )
    count = 1
    for n in shape:
        count *= int(n)
    nbytes = count * dtype.itemsize
    check_array_bytes(nbytes, f"an ndarray of shape {tuple(shape)} ({nbytes} bytes)")
    if nbytes > len(raw) - stream.tell():
        raise ResultDecodeError(
            f"ndarray payload declares shape {tuple(shape)} ({nbytes} bytes) but carries only "
            f"{len(raw) - stream.tell()} bytes of data"
        )


def encode_ndarray(array: NDArray[Any]) -> str:
    """base64(zlib(.npy)) of a numeric array: the official SDK's `ndarray` encoding."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(zlib.compress(buffer.getvalue())).decode("ascii")
