"""Every SDK-made fixture decodes to exactly the numbers in its README."""

from __future__ import annotations

import json

import numpy as np
import pytest
from qiskit_runtime_client.results import (
    BitArray,
    EstimatorPubResult,
    PrimitiveResult,
    PubResult,
    SamplerPubResult,
    decode_result,
)
from qiskit_runtime_client.results._ndarray import decode_ndarray

from .helpers import FIXTURES, expected, fixture_text

KNOWN_FIXTURES = {
    "README.md",
    "expected_values.json",
    "sampler_result_statevector.json",
    "estimator_result_statevector.json",
    "sampler_v2_post_jobs_body.json",
    "estimator_v2_post_jobs_body.json",
    "sampler_v2_session_options_post_jobs_body.json",
}


def test_every_fixture_file_is_covered_here() -> None:
    assert {p.name for p in FIXTURES.iterdir()} == KNOWN_FIXTURES


def test_sampler_result_fixture() -> None:
    want = expected()["sampler_ref"]
    result = decode_result(fixture_text("sampler_result_statevector.json"))
    assert isinstance(result, PrimitiveResult) and len(result) == 2
    assert all(isinstance(pub, SamplerPubResult) for pub in result)
    bell = result[0].data.c
    assert isinstance(bell, BitArray)
    assert bell.get_counts() == want["pub0_counts"]
    assert bell.num_shots == want["pub0_num_shots"] == 1024
    assert bell.num_bits == want["pub0_num_bits"] == 2
    assert list(bell.array.shape) == want["pub0_array_shape"]
    assert bell.array.dtype == np.uint8
    assert set(np.unique(bell.array).tolist()) == {0, 3}
    sweep = result[1].data.c
    assert result[1].data.shape == sweep.shape == (3,)
    assert [sweep.get_counts(i) for i in range(3)] == want["pub1_counts_per_binding"]
    assert list(sweep.array.shape) == want["pub1_array_shape"]
    assert sweep.get_counts() == {"0": 1534, "1": 1538}
    assert [pub.metadata for pub in result] == want["metadata"]
    assert result.metadata == want["result_metadata"]


def test_estimator_result_fixture() -> None:
    want = expected()["estimator_ref"]
    result = decode_result(fixture_text("estimator_result_statevector.json"))
    pub = result[0]
    assert type(pub) is PubResult and not isinstance(pub, EstimatorPubResult)
    assert pub.data.shape == (2,)
    assert pub.data.evs.tolist() == want["evs"]  # exact floats, not approximately
    assert pub.data.stds.tolist() == want["stds"]
    assert pub.metadata == want["metadata"]
    assert pub.metadata["target_precision"] == 0.01
    assert result.metadata == want["result_metadata"]


def test_decoded_counts_match_the_sdk_job_result_path() -> None:
    via_sdk = expected()["decoded_via_job_result"]
    sampler = decode_result(fixture_text("sampler_result_statevector.json"))
    assert sampler[0].data.c.get_counts() == via_sdk["sampler_counts"][0]
    assert [sampler[1].data.c.get_counts(i) for i in range(3)] == via_sdk["sampler_counts"][1]
    estimator = decode_result(fixture_text("estimator_result_statevector.json"))
    assert estimator[0].data.evs.tolist() == via_sdk["estimator_evs"]


@pytest.mark.parametrize(
    ("name", "pub", "values"),
    [
        ("sampler_v2_post_jobs_body.json", 0, []),
        ("sampler_v2_post_jobs_body.json", 1, [[0.0], [1.5707963267948966], [3.141592653589793]]),
        ("estimator_v2_post_jobs_body.json", 0, []),
        ("sampler_v2_session_options_post_jobs_body.json", 0, []),
    ],
)
def test_request_body_fixture_parameter_arrays_decode(name: str, pub: int, values: list) -> None:
    body = json.loads(fixture_text(name))
    entry = body["params"]["pubs"][pub]
    encoded = entry[2] if body["program_id"] == "estimator" else entry[1]
    assert encoded["__type__"] == "ndarray"
    assert decode_ndarray(encoded["__value__"]).tolist() == values


def test_results_convert_to_qiskit_containers() -> None:
    pytest.importorskip("qiskit")
    from qiskit.primitives.containers import BitArray as QiskitBitArray
    from qiskit.primitives.containers import PrimitiveResult as QiskitPrimitiveResult

    sampler = decode_result(fixture_text("sampler_result_statevector.json")).to_qiskit()
    assert isinstance(sampler, QiskitPrimitiveResult)
    assert isinstance(sampler[1].data.c, QiskitBitArray)
    assert sampler[0].data.c.get_counts() == expected()["sampler_ref"]["pub0_counts"]
    assert sampler[1].data.c.get_counts(1) == {"0": 510, "1": 514}
    estimator = decode_result(fixture_text("estimator_result_statevector.json")).to_qiskit()
    assert estimator[0].data.evs.tolist() == expected()["estimator_ref"]["evs"]
    assert estimator[0].metadata["target_precision"] == 0.01
