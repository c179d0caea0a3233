"""Plain-JSON results: hex samples (nested for broadcast PUBs, any width) and numeric estimates."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from qiskit_runtime_client.results import (
    EstimatorPubResult,
    ResultDecodeError,
    SamplerPubResult,
    decode_result,
)


def _sampler(data: dict[str, Any], metadata: dict[str, Any] | None = None) -> str:
    entry: dict[str, Any] = {"data": data}
    if metadata is not None:
        entry["metadata"] = metadata
    return json.dumps({"results": [entry], "metadata": {"version": 2}})


def test_sampler_hex_samples_from_the_docs() -> None:
    text = _sampler(
        {"c": {"samples": ["0x3", "0x0", "0x2", "0x1", "0x3"], "num_bits": 2}}, {"shots": 5}
    )
    result = decode_result(text)
    pub = result[0]
    assert isinstance(pub, SamplerPubResult)
    bits = pub.data.c
    assert bits.num_shots == 5 and bits.num_bits == 2 and bits.shape == ()
    assert bits.array.tolist() == [[3], [0], [2], [1], [3]]
    assert bits.get_bitstrings() == ["11", "00", "10", "01", "11"]
    assert bits.get_counts() == {"00": 1, "01": 1, "10": 1, "11": 2}
    assert bits.get_int_counts() == {0: 1, 1: 1, 2: 1, 3: 2}
    assert pub.metadata == {"shots": 5}
    assert result.metadata == {"version": 2}


def test_broadcast_pub_nests_samples_in_the_pub_shape() -> None:
    samples = [[["0x0", "0x1"], ["0x1", "0x1"], ["0x0", "0x0"]], [["0x1", "0x0"]] * 3]
    bits = decode_result(_sampler({"meas": {"samples": samples, "num_bits": 1}}))[0].data.meas
    assert bits.shape == (2, 3) and bits.num_shots == 2
    assert bits.array.shape == (2, 3, 2, 1)
    assert bits.get_counts((0, 1)) == {"1": 2}
    assert bits.get_counts((1, 2)) == {"0": 1, "1": 1}
    assert bits.get_counts() == {"0": 6, "1": 6}


def test_registers_wider_than_64_bits() -> None:
    big = (1 << 69) | (1 << 64) | 5  # 70 bits, values beyond uint64
    samples = [hex(big), "0x0", hex(big), hex(1 << 63)]
    bits = decode_result(_sampler({"c": {"samples": samples, "num_bits": 70}}))[0].data.c
    assert bits.array.shape == (4, 9)
    assert bits.get_int_counts() == {big: 2, 0: 1, 1 << 63: 1}
    counts = bits.get_counts()
    assert counts[format(big, "070b")] == 2
    assert all(len(key) == 70 for key in counts)
    assert bits.get_bitstrings()[3] == format(1 << 63, "070b")


def test_several_registers_and_unprefixed_uppercase_hex() -> None:
    data = {
        "alpha": {"samples": ["0xF", "0xa"], "num_bits": 4},
        "beta": {"samples": ["1", "0"], "num_bits": 1},
    }
    pub = decode_result(_sampler(data))[0]
    assert pub.data.alpha.get_int_counts() == {15: 1, 10: 1}
    assert pub.data.beta.get_bitstrings() == ["1", "0"]
    assert list(pub.data) == ["alpha", "beta"]


def test_estimator_scalars_from_the_walkthrough() -> None:
    text = json.dumps({"results": [{"data": {"evs": 0.5121617512921861, "stds": 0.2692213349927506,
        "ensemble_standard_error": 0.12655983446198443}, "metadata": {"shots": 4096,
        "target_precision": 0.015625, "circuit_metadata": {}, "resilience": {},
        "num_randomizations": 32}}]})  # fmt: skip
    pub = decode_result(text)[0]
    assert isinstance(pub, EstimatorPubResult)
    assert pub.data.shape == ()
    assert pub.data.evs.shape == () and float(pub.data.evs) == 0.5121617512921861
    assert float(pub.data.ensemble_standard_error) == 0.12655983446198443
    assert pub.metadata["num_randomizations"] == 32


def test_estimator_broadcast_lists_and_zne_fields() -> None:
    evs = np.arange(6.0).reshape(2, 3)
    data = {
        "evs": evs.tolist(),
        "stds": (evs / 10).tolist(),
        "ensemble_standard_error": None,
        "evs_extrapolated": np.zeros((2, 3, 2, 4)).tolist(),
        "evs_noise_factors": np.ones((2, 3, 3)).tolist(),
    }
    pub = decode_result(json.dumps({"results": [{"data": data}]}))[0]
    assert pub.data.shape == (2, 3)
    assert np.array_equal(pub.data.evs, evs)
    assert pub.data.evs.dtype == np.float64
    assert pub.data.evs_extrapolated.shape == (2, 3, 2, 4)
    assert pub.data.evs_noise_factors.shape == (2, 3, 3)
    assert pub.data.ensemble_standard_error is None
    assert pub.metadata == {}


def test_unexpected_non_numeric_fields_are_kept_as_sent() -> None:
    data = {"evs": [1.0, 2.0], "note": ["a", "b"], "extra": {"k": 1}}
    pub = decode_result(json.dumps({"results": [{"data": data}]}))[0]
    assert pub.data.note == ["a", "b"] and pub.data.extra == {"k": 1}


@pytest.mark.parametrize(
    ("register", "message"),
    [
        ({"samples": ["0x4"], "num_bits": 2}, "more than 2 bits"),
        ({"samples": ["0x1ff"], "num_bits": 8}, "more than 8 bits"),
        ({"samples": ["0xzz"], "num_bits": 8}, "hex strings"),
        ({"samples": ["0x"], "num_bits": 8}, "hex strings"),
        ({"samples": [1, 2], "num_bits": 2}, "expected hex strings"),
        ({"samples": [["0x1"], ["0x1", "0x0"]], "num_bits": 1}, "ragged"),
        ({"samples": ["0x1"]}, "num_bits"),
    ],
)
def test_bad_sampler_registers_raise_a_decode_error(register: Any, message: str) -> None:
    with pytest.raises(ResultDecodeError, match=message):
        decode_result(_sampler({"c": register}))


def test_bad_plain_structure_raises_a_decode_error() -> None:
    with pytest.raises(ResultDecodeError, match="'results' must be a list"):
        decode_result('{"results": {}}')
    with pytest.raises(ResultDecodeError, match=r"results\[0\]: expected an object"):
        decode_result('{"results": [{"metadata": {}}]}')


def test_wide_samples_with_leading_zero_digits_are_accepted() -> None:
    samples = ["0x" + "0" * 30 + "1", "0x" + "f" * 18]  # 31 digits; 72 bits of ones
    bits = decode_result(_sampler({"c": {"samples": samples, "num_bits": 72}}))[0].data.c
    assert bits.get_int_counts() == {1: 1, (1 << 72) - 1: 1}
    with pytest.raises(ResultDecodeError, match="more than 70 bits"):
        decode_result(_sampler({"c": {"samples": samples, "num_bits": 70}}))
