"""Job results as numbers: decode both result formats into Qiskit-like containers.

Nothing here imports numpy until a result is decoded or a container is built.
"""

from qiskit_runtime_client.results.bit_array import BitArray
from qiskit_runtime_client.results.containers import (
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
)
from qiskit_runtime_client.results.decode import decode_result
from qiskit_runtime_client.results.encode import encode_result
from qiskit_runtime_client.results.errors import (
    ResultDecodeError,
    ResultTooLargeError,
    UnknownResultTypeWarning,
)
from qiskit_runtime_client.results.spans import ExecutionSpan, ExecutionSpans

__all__ = [
    "BitArray",
    "DataBin",
    "EstimatorPubResult",
    "ExecutionSpan",
    "ExecutionSpans",
    "PrimitiveResult",
    "PubResult",
    "ResultDecodeError",
    "ResultTooLargeError",
    "SamplerPubResult",
    "UnknownResultTypeWarning",
    "decode_result",
    "encode_result",
]
