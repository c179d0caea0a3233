"""Results as the service returns them: the Qiskit-encoded envelope, or plain JSON.

`support_qiskit: true` gives qiskit-ibm-runtime's RuntimeEncoder format, exactly as in
shared/fixtures/qiskit-encoded (PrimitiveResult / SamplerPubResult / PubResult / DataBin /
BitArray / ndarray as base64(zlib(npy))). Otherwise plain JSON: hex sample strings per
register for the sampler, and evs/stds/ensemble_standard_error (scalars for 0-d PUBs, nested
lists otherwise) for the estimator. Plain estimator stds are the noise sigma the reference
estimator applied (it reports 0 itself); the Qiskit-encoded form keeps its numbers untouched.
"""

from __future__ import annotations

import base64
import io
import math
import zlib
from typing import Any


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


def qiskit_encoded(result: Any, program_id: str) -> dict[str, Any]:
    """A PrimitiveResult in the RuntimeEncoder envelope."""
    pub_type = "SamplerPubResult" if program_id == "sampler" else "PubResult"
    pub_results = []
    for pub_result in result:
        data = pub_result.data
        names = list(data.keys())
        pub_results.append(
            {
                "__type__": pub_type,
                "__value__": {
                    "data": {
                        "__type__": "DataBin",
                        "__value__": {
                            "field_names": names,
                            "shape": list(data.shape),
                            "fields": {name: _encode_field(data[name]) for name in names},
                        },
                    },
                    "metadata": plain(pub_result.metadata),
                },
            }
        )
    return {
        "__type__": "PrimitiveResult",
        "__value__": {"pub_results": pub_results, "metadata": plain(result.metadata)},
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
    import numpy as np

    results = []
    for pub_result in result:
        data = pub_result.data
        metadata = plain(pub_result.metadata)
        precision = metadata.get("target_precision")
        # the reference estimator adds noise of sigma `precision` but reports stds of 0;
        # the service reports the spread, so plain results say sigma
        stds = plain(np.where(data.stds == 0, precision or 0.0, data.stds))
        if isinstance(precision, int | float) and precision > 0:
            metadata = {"shots": math.ceil(1 / precision**2), **metadata}
        metadata.setdefault("resilience", {})
        results.append(
            {
                "data": {"evs": plain(data.evs), "stds": stds, "ensemble_standard_error": stds},
                "metadata": metadata,
            }
        )
    return {"results": results, "metadata": plain(result.metadata)}
