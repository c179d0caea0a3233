"""Conversion to qiskit's own result containers (optional; needs the qiskit extra)."""

from __future__ import annotations

from typing import Any

from qiskit_runtime_client.results.bit_array import BitArray
from qiskit_runtime_client.results.containers import PrimitiveResult, SamplerPubResult


def to_qiskit(result: PrimitiveResult) -> Any:
    """qiskit.primitives.containers.PrimitiveResult with SamplerPubResult/PubResult inside."""
    from qiskit.primitives.containers import DataBin, PubResult
    from qiskit.primitives.containers import PrimitiveResult as QiskitPrimitiveResult
    from qiskit.primitives.containers import SamplerPubResult as QiskitSamplerPubResult

    pub_results = []
    for pub in result:
        fields = {
            name: value.to_qiskit() if isinstance(value, BitArray) else value
            for name, value in pub.data.items()
        }
        data = DataBin(shape=pub.data.shape, **fields)
        cls = QiskitSamplerPubResult if isinstance(pub, SamplerPubResult) else PubResult
        pub_results.append(cls(data, metadata=dict(pub.metadata)))
    return QiskitPrimitiveResult(pub_results, metadata=dict(result.metadata))
