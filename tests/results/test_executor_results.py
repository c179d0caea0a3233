"""Executor results (QuantumProgramResult typed JSON) decode to numpy with our decoder alone.

Documents are written with IBM's own models (ibm-quantum-schemas) for each tensor flavour.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest
from qiskit_runtime_client.results import (
    QuantumProgramResult,
    ResultDecodeError,
    decode_result,
    decode_tensor,
)

tensor = pytest.importorskip("ibm_quantum_schemas.common.tensor")

ARRAYS = [
    np.array([[True, False, True], [False, False, True]]),
    np.arange(12, dtype=np.uint8).reshape(3, 4),
    np.linspace(-1, 1, 7),
    np.array([1 + 2j, -0.5j]),
    np.zeros((2, 0, 3), dtype=bool),
]


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_tensors_decode_exactly(array: np.ndarray) -> None:
    plain = tensor.TensorModel.from_numpy(array).model_dump(mode="json")
    compressed = tensor.CompressedTensorModel.from_numpy(array).model_dump(mode="json")
    for document, flag in ((plain, False), (compressed, True)):
        for hint in (flag, None):
            decoded = decode_tensor(document, hint)
            assert decoded.dtype == array.dtype
            assert np.array_equal(decoded, array)


def test_extended_dtypes_of_compressed_tensors() -> None:
    array = np.array([[-3, 7]], dtype=np.int32)
    document = tensor.CompressedTensorModel.from_numpy(array).model_dump(mode="json")
    assert document["dtype"] == "i32"
    assert np.array_equal(decode_tensor(document, True), array)


def _document() -> dict[str, object]:
    from ibm_quantum_schemas.executor.version_2_0 import models

    bits = np.array([[[True, False]], [[False, True]]])
    result = models.QuantumProgramResultModel(
        data=[
            models.QuantumProgramResultItemModel(
                results={"meas": tensor.CompressedTensorModel.from_numpy(bits)},
                metadata=models.ItemMetadataModel(),
            )
        ],
        metadata=models.MetadataModel(
            chunk_timing=[
                models.ChunkSpan(
                    start=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
                    stop=datetime(2026, 12, 1, 10, 0, 3, tzinfo=UTC),
                    parts=[
                        models.ChunkPart(
                            idx_item=0, size=2, permutation=[0], element_range=(0, 2, 1)
                        )
                    ],
                )
            ]
        ),
        passthrough_data={"w": tensor.CompressedTensorModel.from_numpy(np.array([0.5]))},
        semantic_role="sampler-v2",
    )
    document: dict[str, object] = result.model_dump(mode="json")
    return document


def test_a_quantum_program_result_decodes_without_qiskit() -> None:
    result = decode_result(json.dumps(_document()))
    assert isinstance(result, QuantumProgramResult)
    assert (result.schema_version, result.semantic_role, len(result)) == ("v2.0", "sampler-v2", 1)
    assert result[0]["meas"].tolist() == [[[True, False]], [[False, True]]]
    assert list(result[0]) == ["meas"]
    assert result.chunk_timing[0].duration == 3
    assert result.chunk_timing[0].parts[0]["size"] == 2
    assert result.passthrough_data["w"].tolist() == [0.5]


def test_a_damaged_tensor_says_so() -> None:
    document = _document()
    meas = document["data"][0]["results"]["meas"]  # type: ignore[index]
    meas["shape"] = [5, 5, 5]
    with pytest.raises(ResultDecodeError, match="tensor of shape"):
        decode_result(json.dumps(document))
