"""BitArray layout (Qiskit's), counting paths, and properties over random shapes and widths."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from qiskit_runtime_client.results import (
    BitArray,
    DataBin,
    PrimitiveResult,
    SamplerPubResult,
    decode_result,
    encode_result,
)

from .helpers import naive_int


def test_clbit_zero_is_the_least_significant_bit() -> None:
    bits = BitArray(np.array([[0b001], [0b100]], dtype=np.uint8), 3)
    assert bits.get_bitstrings() == ["001", "100"]
    assert bits.get_int_counts() == {1: 1, 4: 1}


def test_bytes_are_big_endian() -> None:
    bits = BitArray(np.array([[0x02, 0x01]], dtype=np.uint8), 10)
    assert bits.get_int_counts() == {513: 1}
    assert bits.get_counts() == {"1000000001": 1}


def test_unused_high_bits_are_ignored_like_qiskit() -> None:
    bits = BitArray(np.array([[0b11111101]], dtype=np.uint8), 3)
    assert bits.get_counts() == {"101": 1}
    assert bits.get_int_counts() == {5: 1}
    assert bits.get_bitstrings() == ["101"]


def test_loc_selects_one_position_and_none_unions_all() -> None:
    array = np.array([[[0], [1]], [[1], [1]], [[0], [0]]], dtype=np.uint8)  # shape (3,), 2 shots
    bits = BitArray(array, 1)
    assert bits.shape == (3,) and bits.num_shots == 2 and bits.size == 3
    assert bits.get_counts(1) == {"1": 2}
    assert bits.get_counts((2,)) == {"0": 2}
    assert bits.get_counts() == {"0": 3, "1": 3}
    assert bits.get_bitstrings(0) == ["0", "1"]
    with pytest.raises(IndexError):
        bits.get_counts((0, 0))
    assert bits[1:].shape == (2,)
    assert bits[0].get_counts() == {"0": 1, "1": 1}


def test_zero_bit_register() -> None:
    bits = BitArray(np.zeros((3, 0), dtype=np.uint8), 0)
    assert bits.get_counts() == {"": 3} and bits.get_bitstrings() == ["", "", ""]


def test_construction_checks_dtype_and_layout() -> None:
    with pytest.raises(TypeError, match="uint8"):
        BitArray(np.zeros((2, 1), dtype=np.int64), 3)
    with pytest.raises(ValueError, match=r"\(\*shape, num_shots, 2\)"):
        BitArray(np.zeros((2, 1), dtype=np.uint8), 9)
    with pytest.raises(ValueError, match="num_bits"):
        BitArray(np.zeros((2, 1), dtype=np.uint8), True)


@pytest.mark.parametrize(
    ("num_bits", "shots"),
    [(20, 50_000), (40, 300), (64, 300), (65, 300), (130, 300), (3, 10), (24, 10)],
    ids=["bincount", "unique-u64", "64bits", "65bits", "130bits", "tiny", "sparse-24"],
)
def test_every_counting_path_agrees_with_a_naive_count(num_bits: int, shots: int) -> None:
    rng = np.random.default_rng(num_bits)
    nbytes = (num_bits + 7) // 8
    array = rng.integers(0, 256, size=(shots, nbytes), dtype=np.uint8)
    bits = BitArray(array, num_bits)
    naive = Counter(naive_int(row.tobytes(), num_bits) for row in array)
    assert bits.get_int_counts() == dict(naive)
    assert bits.get_counts() == {format(k, f"0{num_bits}b"): v for k, v in naive.items()}


@st.composite
def bit_arrays(draw: st.DrawFn) -> BitArray:
    num_bits = draw(st.integers(1, 130))
    shape = draw(st.lists(st.integers(1, 3), max_size=2))
    shots = draw(st.integers(1, 20))
    nbytes = (num_bits + 7) // 8
    data = draw(arrays(np.uint8, (*shape, shots, nbytes)))
    return BitArray(data, num_bits)


@settings(max_examples=150, deadline=None)
@given(bit_arrays())
def test_counts_and_packed_bits_agree(bits: BitArray) -> None:
    rows = bits.array.reshape(-1, bits.array.shape[-1])
    expected_ints = [naive_int(row.tobytes(), bits.num_bits) for row in rows]
    assert bits.get_int_counts() == dict(Counter(expected_ints))
    strings = bits.get_bitstrings()
    assert [int(s, 2) for s in strings] == expected_ints
    assert all(len(s) == bits.num_bits for s in strings)
    assert bits.get_counts() == dict(Counter(strings))
    assert sum(bits.get_counts().values()) == bits.size * bits.num_shots


@settings(max_examples=100, deadline=None)
@given(bit_arrays())
def test_per_position_counts_add_up_to_the_union(bits: BitArray) -> None:
    total: Counter[str] = Counter()
    for index in np.ndindex(*bits.shape):
        total.update(bits.get_counts(index))
    assert dict(total) == bits.get_counts()


@settings(max_examples=100, deadline=None)
@given(bit_arrays(), st.booleans())
def test_both_formats_round_trip_the_same_outcomes(bits: BitArray, qiskit_format: bool) -> None:
    result = PrimitiveResult([SamplerPubResult(DataBin(shape=bits.shape, c=bits))])
    decoded = decode_result(encode_result(result, support_qiskit=qiskit_format))[0].data.c
    assert decoded.shape == bits.shape and decoded.num_shots == bits.num_shots
    assert decoded.get_bitstrings() == bits.get_bitstrings()
