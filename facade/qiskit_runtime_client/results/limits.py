"""Bounds on what a job result may make the client allocate.

A result names its array sizes itself (an .npy header, a register's num_bits, a compressed
payload): a broken or hostile answer of a few hundred bytes could otherwise ask for gigabytes.
Raise `MAX_ARRAY_BYTES` (read at each decode) to accept larger results:
`qiskit_runtime_client.results.limits.MAX_ARRAY_BYTES = 2**31`.
"""

from __future__ import annotations

from qiskit_runtime_client._constants import MAX_RESULT_ARRAY_BYTES
from qiskit_runtime_client.results.errors import ResultTooLargeError

#: Largest array (bytes, once decoded or decompressed) a result may hold.
MAX_ARRAY_BYTES = MAX_RESULT_ARRAY_BYTES
SETTING = "qiskit_runtime_client.results.limits.MAX_ARRAY_BYTES"


def array_limit() -> int:
    """The current bound, in bytes."""
    return int(MAX_ARRAY_BYTES)


def check_array_bytes(nbytes: int, what: str) -> None:
    """ResultTooLargeError if an array of `nbytes` bytes is over the bound."""
    limit = array_limit()
    if nbytes > limit:
        raise too_large(what, limit)


def too_large(what: str, limit: int) -> ResultTooLargeError:
    """The typed error naming the bound and how to raise it."""
    return ResultTooLargeError(
        f"{what} is larger than the {limit}-byte bound on result arrays; set {SETTING} to a "
        "larger number of bytes to accept it",
        limit=limit,
        setting=SETTING,
    )
