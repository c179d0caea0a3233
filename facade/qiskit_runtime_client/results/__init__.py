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
from qiskit_runtime_client.results.executor import (
    ChunkSpan,
    QuantumProgramItemResult,
    QuantumProgramResult,
    decode_tensor,
)
from qiskit_runtime_client.results.spans import ExecutionSpan, ExecutionSpans

__all__ = [
    "BitArray",
    "ChunkSpan",
    "DataBin",
    "EstimatorPubResult",
    "ExecutionSpan",
    "ExecutionSpans",
    "PrimitiveResult",
    "PubResult",
    "QuantumProgramItemResult",
    "QuantumProgramResult",
    "ResultDecodeError",
    "ResultTooLargeError",
    "SamplerPubResult",
    "UnknownResultTypeWarning",
    "decode_result",
    "decode_tensor",
    "encode_result",
]
