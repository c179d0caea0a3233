"""Wide registers (100 and 1,000 bits) decode to the same shots, counts and bitstrings as
qiskit's own BitArray, in both formats, across the hex parser's chunk boundaries."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from qiskit_runtime_client.results import (
    BitArray,
    DataBin,
    PrimitiveResult,
    ResultDecodeError,
    SamplerPubResult,
    _hex,
    bit_array,
    decode_result,
    encode_result,
)


def _random_bits(shots: int, num_bits: int, seed: int, shape: tuple[int, ...] = ()) -> BitArray:
    rng = np.random.default_rng(seed)
    nbytes = (num_bits + 7) // 8
    packed = rng.integers(0, 256, (*shape, shots, nbytes), dtype=np.uint8)
    packed[..., :3, :] = 0  # short hex strings ("0x0", "0x5") next to full-width ones
    packed[..., 1, -1] = 5
    if num_bits % 8:
        packed[..., 0] &= 0xFF >> (8 - num_bits % 8)
    return BitArray(packed, num_bits)


def _result(bits: BitArray) -> PrimitiveResult:
    return PrimitiveResult([SamplerPubResult(DataBin(shape=bits.shape, meas=bits), {})], {})


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A few shots per parser chunk and per bitstring batch, so boundaries are crossed."""
    monkeypatch.setattr(_hex, "_CHUNK_CHARS", 700)
    monkeypatch.setattr(bit_array, "_BITSTRING_CHARS", 900)


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("num_bits", [1, 7, 20, 31, 32, 33, 63, 64, 65, 100, 1000])
@pytest.mark.parametrize("support_qiskit", [False, True])
def test_wide_registers_match_qiskit_bit_array(num_bits: int, support_qiskit: bool) -> None:
    qiskit_containers = pytest.importorskip("qiskit.primitives.containers")
    bits = _random_bits(300, num_bits, seed=num_bits)
    payload = encode_result(_result(bits), support_qiskit=support_qiskit)
    decoded = decode_result(payload)[0].data.meas
    theirs = qiskit_containers.BitArray(bits.array, num_bits)
    assert decoded.num_shots == 300 and decoded.num_bits == num_bits
    assert np.array_equal(decoded.array, theirs.array)
    assert decoded.get_bitstrings() == theirs.get_bitstrings()
    assert decoded.get_counts() == theirs.get_counts()
    assert decoded.get_int_counts() == theirs.get_int_counts()


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("num_bits", [20, 100, 1000])
def test_wide_broadcast_registers_keep_the_pub_shape(num_bits: int) -> None:
    qiskit_containers = pytest.importorskip("qiskit.primitives.containers")
    bits = _random_bits(40, num_bits, seed=3, shape=(2, 3))
    decoded = decode_result(encode_result(_result(bits), support_qiskit=False))[0].data.meas
    theirs = qiskit_containers.BitArray(bits.array, num_bits)
    assert decoded.shape == (2, 3) and decoded.num_shots == 40
    assert np.array_equal(decoded.array, bits.array)
    for loc in [(0, 0), (1, 2)]:
        assert decoded.get_counts(loc) == theirs.get_counts(loc)
        assert decoded.get_bitstrings(loc) == theirs.get_bitstrings(loc)


def test_wide_hex_is_read_without_qiskit_too() -> None:
    samples = ["0x" + "f" * 250, "0x1", "0X" + "A" * 250, "0" * 251 + "1"]
    bits = _hex.hex_samples_to_packed(samples, 1000)
    values = [int.from_bytes(row.tobytes(), "big") for row in bits]
    assert values == [(1 << 1000) - 1, 1, int("a" * 250, 16), 1]


def _plain(samples: Any, num_bits: int) -> str:
    entry = {"data": {"c": {"samples": samples, "num_bits": num_bits}}}
    return json.dumps({"results": [entry]})


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("num_bits", [20, 64, 100, 1000])
@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("0x1,0x2", "hex strings"),  # a separator inside a string
        ("0x", "hex strings"),
        ("", "hex strings"),
        ("x1", "hex strings"),
        ("0x0x1", "hex strings"),
        ("0x1 ", "hex strings"),
        ("0xé", "hex strings"),
        ("0x1g", "hex strings"),
    ],
)
def test_malformed_samples_are_refused_in_any_chunk(num_bits: int, bad: str, message: str) -> None:
    for position in (0, 37, 99):
        samples = ["0x1"] * 100
        samples[position] = bad
        with pytest.raises(ResultDecodeError, match=message):
            decode_result(_plain(samples, num_bits))


@pytest.mark.usefixtures("small_chunks")
@pytest.mark.parametrize("num_bits", [20, 32, 64, 100, 1000])
def test_samples_wider_than_the_register_are_refused(num_bits: int) -> None:
    too_wide = hex(1 << num_bits)
    padded = "0x" + "0" * 300 + "1"  # leading zeros are fine
    assert decode_result(_plain([padded] * 3, num_bits))[0].data.c.get_int_counts() == {1: 3}
    for position in (0, 50):
        samples = ["0x1"] * 60
        samples[position] = too_wide
        with pytest.raises(ResultDecodeError, match=f"more than {num_bits} bits"):
            decode_result(_plain(samples, num_bits))


def test_empty_and_nested_empty_samples() -> None:
    assert _hex.hex_samples_to_packed([], 100).shape == (0, 13)
    assert _hex.hex_samples_to_packed([[], []], 20).shape == (2, 0, 3)
    with pytest.raises(ResultDecodeError, match="ragged"):
        _hex.hex_samples_to_packed([["0x1"], "0x1"], 4)
    with pytest.raises(ResultDecodeError, match="expected a list"):
        _hex.hex_samples_to_packed("0x1", 4)
    with pytest.raises(ResultDecodeError, match="expected hex strings"):
        _hex.hex_samples_to_packed(["0x1", ["0x1"]], 4)
