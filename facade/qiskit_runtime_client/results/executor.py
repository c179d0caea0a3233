"""Results of `executor` jobs (IBM's QuantumProgramResult typed JSON) as numpy arrays.

qiskit-ibm-runtime 0.51's Sampler/Estimator classes submit `executor` jobs, so they appear in
job listings next to sampler and estimator jobs. Their `/results` body is not RuntimeEncoder
JSON but a typed document (schema versions v0.1 to v2.0):

    {"schema_version": "v2.0",
     "data": [{"results": {"meas": {"data": "<base64>", "shape": [...], "dtype": "bool"}, ...},
               "metadata": {...}}, ...],
     "metadata": {"chunk_timing": [{"start": ..., "stop": ..., "parts": [...]}]},
     "passthrough_data": ..., "semantic_role": "sampler-v2"}

Each tensor is little-endian C-order data, base64 encoded and (from v1.1 on) zlib-compressed;
bool tensors are bit-packed, bit 0 first. Decoding needs numpy only (no qiskit): classical
registers come back as boolean arrays shaped `(*item shape, shots, bits)`. Turning them into
counts or expectation values is the SDK's client-side post-processing (twirling flips, basis
changes); `semantic_role` says which one applies.
"""

from __future__ import annotations

import base64
import binascii
import math
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from qiskit_runtime_client.results.errors import ResultDecodeError

#: bytes per element of each tensor dtype (bool is bit-packed)
_DTYPES = {
    "bool": ("?", 0.125),
    "u8": ("<u1", 1),
    "u16": ("<u2", 2),
    "u32": ("<u4", 4),
    "u64": ("<u8", 8),
    "i8": ("<i1", 1),
    "i16": ("<i2", 2),
    "i32": ("<i4", 4),
    "i64": ("<i8", 8),
    "f16": ("<f2", 2),
    "f32": ("<f4", 4),
    "f64": ("<f8", 8),
    "c64": ("<c8", 8),
    "c128": ("<c16", 16),
}


def is_tensor(value: Any) -> bool:
    """Whether `value` is a tensor document ({data, shape, dtype})."""
    return (
        isinstance(value, Mapping)
        and set(value) == {"data", "shape", "dtype"}
        and isinstance(value["data"], str)
        and isinstance(value["shape"], list)
    )


#: schema versions whose tensors are not zlib-compressed (TensorModel); later ones compress
UNCOMPRESSED_VERSIONS = frozenset({"v0.1", "v0.2", "v1.0", "v1.1"})


def decode_tensor(value: Mapping[str, Any], compressed: bool | None = None) -> Any:
    """A TensorModel (compressed=False) or CompressedTensorModel (True) document -> numpy
    array; None guesses from the data's length."""
    import numpy as np

    dtype = value["dtype"]
    if dtype not in _DTYPES:
        raise ResultDecodeError(f"tensor dtype {dtype!r} is not one of {', '.join(_DTYPES)}")
    shape = tuple(int(n) for n in value["shape"])
    numpy_dtype, size = _DTYPES[dtype]
    try:
        raw = base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ResultDecodeError(f"tensor data is not base64: {exc}") from None
    expected = math.ceil(math.prod(shape) * size)
    if compressed or (compressed is None and len(raw) != expected):
        try:
            raw = zlib.decompress(raw)
        except zlib.error as exc:
            raise ResultDecodeError(
                f"tensor of shape {list(shape)} and dtype {dtype} has {len(raw)} bytes, "
                f"expected {expected} (or zlib data): {exc}"
            ) from None
        if len(raw) != expected:
            raise ResultDecodeError(
                f"tensor of shape {list(shape)} and dtype {dtype} has {len(raw)} bytes, "
                f"expected {expected}"
            )
    if dtype == "bool":
        total = math.prod(shape)
        bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8), bitorder="little")[:total]
        return bits.astype(bool).reshape(shape)
    return np.frombuffer(raw, dtype=numpy_dtype).reshape(shape).copy()


def _decode_tree(value: Any, compressed: bool) -> Any:
    """Passthrough data: tensors inside nested lists and dicts become numpy arrays."""
    if is_tensor(value):
        return decode_tensor(value, compressed)
    if isinstance(value, Mapping):
        return {key: _decode_tree(item, compressed) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode_tree(item, compressed) for item in value]
    return value


@dataclass(frozen=True)
class QuantumProgramItemResult(Mapping[str, Any]):
    """The outputs of one quantum program item: name -> numpy array (`item["meas"]`)."""

    results: dict[str, Any]
    metadata: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.results[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}: {getattr(v, 'shape', '?')}" for k, v in self.results.items())
        return f"QuantumProgramItemResult({{{fields}}})"


@dataclass(frozen=True)
class ChunkSpan:
    """When one chunk of the program ran, and which item elements it held."""

    start: datetime
    stop: datetime
    parts: list[dict[str, Any]]

    @property
    def duration(self) -> float:
        """Seconds between start and stop."""
        return (self.stop - self.start).total_seconds()


@dataclass(frozen=True)
class QuantumProgramResult(Sequence[QuantumProgramItemResult]):
    """An executor job's result: one `QuantumProgramItemResult` per program item."""

    items: list[QuantumProgramItemResult]
    schema_version: str
    chunk_timing: list[ChunkSpan] = field(default_factory=list)
    passthrough_data: Any = None
    semantic_role: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @overload
    def __getitem__(self, index: int) -> QuantumProgramItemResult: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[QuantumProgramItemResult]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return (
            f"QuantumProgramResult({self.schema_version}, {len(self.items)} items, "
            f"semantic_role={self.semantic_role!r})"
        )


def is_quantum_program_result(document: Any) -> bool:
    """Whether a parsed /results body is an executor QuantumProgramResult."""
    return (
        isinstance(document, Mapping)
        and isinstance(document.get("schema_version"), str)
        and isinstance(document.get("data"), list)
        and isinstance(document.get("metadata"), Mapping)
    )


def decode_quantum_program_result(document: Mapping[str, Any]) -> QuantumProgramResult:
    """A parsed QuantumProgramResult document -> QuantumProgramResult with numpy arrays."""
    compressed = document["schema_version"] not in UNCOMPRESSED_VERSIONS
    items = []
    for index, item in enumerate(document["data"]):
        if not isinstance(item, Mapping) or not isinstance(item.get("results"), Mapping):
            raise ResultDecodeError(f"data[{index}] has no 'results' object")
        results = {}
        for name, tensor in item["results"].items():
            if not is_tensor(tensor):
                raise ResultDecodeError(f"data[{index}].results.{name} is not a tensor")
            results[name] = decode_tensor(tensor, compressed)
        items.append(QuantumProgramItemResult(results, dict(item.get("metadata") or {})))
    metadata = dict(document["metadata"])
    spans = []
    for chunk in metadata.get("chunk_timing") or []:
        try:
            start = datetime.fromisoformat(chunk["start"])
            stop = datetime.fromisoformat(chunk["stop"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ResultDecodeError(f"chunk_timing entry {chunk!r}: {exc}") from None
        spans.append(ChunkSpan(start, stop, list(chunk.get("parts") or [])))
    return QuantumProgramResult(
        items=items,
        schema_version=document["schema_version"],
        chunk_timing=spans,
        passthrough_data=_decode_tree(document.get("passthrough_data"), compressed),
        semantic_role=document.get("semantic_role"),
        metadata=metadata,
    )
