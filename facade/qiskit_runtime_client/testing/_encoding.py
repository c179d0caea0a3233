"""Results as the service returns them: the Qiskit-encoded envelope, or plain JSON.

`support_qiskit: true` gives qiskit-ibm-runtime's RuntimeEncoder format as the service sends
it, valid against IBM's published result models (package ibm-quantum-schemas, sampler and
estimator version_0_1): PrimitiveResult / SamplerPubResult / PubResult / DataBin with
`field_types` / BitArray / ndarray as base64(zlib(npy)); sampler metadata carries the execution
spans (one DoubleSliceSpan over the emulated running window), estimator metadata echoes the
dynamical decoupling, twirling and resilience options. Otherwise plain JSON: hex sample strings
per register for the sampler, and evs/stds/ensemble_standard_error (scalars for 0-d PUBs,
nested lists otherwise) for the estimator.
"""

from __future__ import annotations

import base64
import io
import math
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class Spans:
    """The emulated running window of a job (Unix seconds): its execution span."""

    start: float
    stop: float


def _datetime(seconds: float) -> dict[str, str]:
    moment = datetime.fromtimestamp(seconds, UTC)
    return {"__type__": "datetime", "__value__": moment.isoformat()}


def execution_spans(result: Any, spans: Spans) -> dict[str, Any]:
    """ExecutionSpans with one DoubleSliceSpan covering every PUB's data (shots outermost)."""
    data_slices: dict[str, list[Any]] = {}
    for index, pub_result in enumerate(result):
        data = pub_result.data
        shots = max((data[name].num_shots for name in data), default=0)
        size = math.prod(data.shape)
        data_slices[str(index)] = [[*data.shape, shots], 0, size, 0, shots]
    span = {
        "__type__": "DoubleSliceSpan",
        "__value__": {
            "start": _datetime(spans.start),
            "stop": _datetime(spans.stop),
            "data_slices": data_slices,
        },
    }
    return {"__type__": "ExecutionSpans", "__value__": {"spans": [span]}}


def encode_ndarray(array: Any) -> dict[str, str]:
    """`{"__type__":"ndarray","__value__": base64(zlib(np.save(array)))}`."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    payload = base64.b64encode(zlib.compress(buffer.getvalue())).decode("ascii")
    return {"__type__": "ndarray", "__value__": payload}


def plain(value: Any) -> Any:
    """Metadata made JSON-safe: numpy scalars and arrays become Python numbers and lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return plain(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _encode_field(value: Any) -> Any:
    from qiskit.primitives.containers import BitArray

    if isinstance(value, BitArray):
        return {
            "__type__": "BitArray",
            "__value__": {"array": encode_ndarray(value.array), "num_bits": value.num_bits},
        }
    return encode_ndarray(value)


def qiskit_encoded(
    result: Any, program_id: str, spans: Spans, options: dict[str, Any]
) -> dict[str, Any]:
    """A PrimitiveResult in the RuntimeEncoder envelope, as the service writes it."""
    pub_type = "SamplerPubResult" if program_id == "sampler" else "PubResult"
    pub_results = []
    for pub_result in result:
        data = pub_result.data
        names = list(data.keys())
        encoded = {name: _encode_field(data[name]) for name in names}
        pub_results.append(
            {
                "__type__": pub_type,
                "__value__": {
                    "data": {
                        "__type__": "DataBin",
                        "__value__": {
                            "field_names": names,
                            "field_types": [encoded[name]["__type__"] for name in names],
                            "shape": list(data.shape),
                            "fields": encoded,
                        },
                    },
                    "metadata": plain(pub_result.metadata),
                },
            }
        )
    metadata: dict[str, Any]
    if program_id == "sampler":
        metadata = {"execution": {"execution_spans": execution_spans(result, spans)}}
    else:
        metadata = dict(options)
    metadata["version"] = 2
    return {
        "__type__": "PrimitiveResult",
        "__value__": {"pub_results": pub_results, "metadata": metadata},
    }


def hex_samples(bit_array: Any) -> Any:
    """One hex string per shot ('0x3'), nested in the PUB's shape; bit i of the value is clbit i."""
    import numpy as np

    packed = bit_array.array
    flat = packed.reshape(-1, packed.shape[-1])
    strings = [hex(int.from_bytes(row.tobytes(), "big")) for row in flat]
    return np.array(strings, dtype=object).reshape(packed.shape[:-1]).tolist()


def plain_sampler(result: Any) -> dict[str, Any]:
    """Sampler results as plain JSON: {"results":[{"data":{creg:{samples,num_bits}},...}]}."""
    results = []
    for pub_result in result:
        data = pub_result.data
        results.append(
            {
                "data": {
                    name: {"samples": hex_samples(data[name]), "num_bits": data[name].num_bits}
                    for name in data
                },
                "metadata": plain(pub_result.metadata),
            }
        )
    return {"results": results, "metadata": plain(result.metadata)}


def plain_estimator(result: Any) -> dict[str, Any]:
    """Estimator results as plain JSON: evs, stds, ensemble_standard_error and metadata."""
    results = []
    for pub_result in result:
        data = pub_result.data
        metadata = plain(pub_result.metadata)
        metadata.setdefault("resilience", {})
        results.append(
            {
                "data": {
                    "evs": plain(data.evs),
                    "stds": plain(data.stds),
                    "ensemble_standard_error": plain(data.ensemble_standard_error),
                },
                "metadata": metadata,
            }
        )
    return {"results": results, "metadata": plain(result.metadata)}
