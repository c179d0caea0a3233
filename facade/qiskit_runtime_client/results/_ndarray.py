"""`ndarray` payloads of Qiskit-encoded JSON: base64(zlib(.npy)), loaded with pickling refused."""

from __future__ import annotations

import base64
import binascii
import io
import zlib
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client.results.errors import ResultDecodeError

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
        try:
            raw = zlib.decompress(raw)
        except zlib.error as exc:
            raise ResultDecodeError(f"ndarray payload is not zlib-compressed .npy: {exc}") from None
    try:
        array: NDArray[Any] = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, EOFError, OSError) as exc:
        raise ResultDecodeError(f"ndarray payload is not a loadable .npy array: {exc}") from None
    return array


def encode_ndarray(array: NDArray[Any]) -> str:
    """base64(zlib(.npy)) of a numeric array: the official SDK's `ndarray` encoding."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(zlib.compress(buffer.getvalue())).decode("ascii")
