"""Broken or unexpected result bodies give a typed error or a warning, never a bare crash."""

from __future__ import annotations

import base64
import io
import json
import zlib

import numpy as np
import pytest
from qiskit_runtime_client.results import (
    PrimitiveResult,
    ResultDecodeError,
    UnknownResultTypeWarning,
    decode_result,
)

from .helpers import fixture_text


def _npy(array: np.ndarray, *, allow_pickle: bool = False) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=allow_pickle)
    return base64.b64encode(zlib.compress(buffer.getvalue())).decode()


def _with_metadata(extra: object) -> str:
    document = json.loads(fixture_text("estimator_result_statevector.json"))
    document["__value__"]["metadata"]["extra"] = extra
    return json.dumps(document)


def test_decode_error_is_a_value_error() -> None:
    assert issubclass(ResultDecodeError, ValueError)


@pytest.mark.parametrize("cut", [10, 200, 600])
def test_truncated_json_is_a_decode_error(cut: int) -> None:
    text = fixture_text("sampler_result_statevector.json")[:cut]
    with pytest.raises(ResultDecodeError, match="not valid JSON"):
        decode_result(text)


def test_html_error_page_is_a_decode_error() -> None:
    with pytest.raises(ResultDecodeError, match=r"not valid JSON.*<html>"):
        decode_result("<html><body>502 Bad Gateway</body></html>")


def test_json_that_is_neither_format_is_a_decode_error() -> None:
    for text in ('{"foo": 1}', "[1, 2]", '"text"', "null"):
        with pytest.raises(ResultDecodeError, match="neither a Qiskit-encoded"):
            decode_result(text)


def test_bytes_are_accepted_and_bad_utf8_is_a_decode_error() -> None:
    raw = fixture_text("estimator_result_statevector.json").encode()
    assert isinstance(decode_result(raw), PrimitiveResult)
    with pytest.raises(ResultDecodeError, match="not UTF-8"):
        decode_result(b"\xff\xfe{")
    with pytest.raises(TypeError):
        decode_result(42)  # type: ignore[arg-type]


def test_unknown_type_in_metadata_is_kept_as_a_dict_with_a_warning() -> None:
    extra = {"__type__": "FancyNewThing", "__value__": {"a": 1}}
    with pytest.warns(UnknownResultTypeWarning, match="FancyNewThing"):
        result = decode_result(_with_metadata(extra))
    assert result.metadata["extra"] == extra
    assert result[0].data.evs.shape == (2,)


def test_unknown_top_level_type_warns_then_fails_clearly() -> None:
    with pytest.warns(UnknownResultTypeWarning), pytest.raises(ResultDecodeError):
        decode_result('{"__type__": "QuantumProgramResult", "__value__": {}}')


def test_known_helper_types_decode_in_metadata() -> None:
    result = decode_result(
        _with_metadata(
            {
                "when": {"__type__": "datetime", "__value__": "2026-01-02T03:04:05.123456+00:00"},
                "z": {"__type__": "complex", "__value__": [1.5, -2.0]},
                "tags": {"__type__": "set", "__value__": ["a"]},
                "arr": {"__type__": "ndarray", "__value__": [[1, 2], [3, 4]]},
                "ex": {"__type__": "ndarray", "__value__": "linear"},
            }
        )
    )
    extra = result.metadata["extra"]
    assert extra["when"].year == 2026 and extra["when"].tzinfo is not None
    assert extra["z"] == complex(1.5, -2.0)
    assert extra["tags"] == {"a"}
    assert extra["arr"].tolist() == [[1, 2], [3, 4]]
    assert extra["ex"] == "linear"


def test_ndarray_with_bad_base64_or_zlib_is_a_decode_error() -> None:
    with pytest.raises(ResultDecodeError, match="not valid base64"):
        decode_result(_with_metadata({"__type__": "ndarray", "__value__": "***"}))
    garbage = base64.b64encode(b"definitely not zlib").decode()
    with pytest.raises(ResultDecodeError, match="not zlib-compressed"):
        decode_result(_with_metadata({"__type__": "ndarray", "__value__": garbage}))


def test_pickled_object_arrays_are_refused() -> None:
    payload = _npy(np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ResultDecodeError, match=r"not a loadable \.npy array"):
        decode_result(_with_metadata({"__type__": "ndarray", "__value__": payload}))


def test_uncompressed_npy_is_accepted() -> None:
    buffer = io.BytesIO()
    np.save(buffer, np.arange(3))
    raw = base64.b64encode(buffer.getvalue()).decode()
    result = decode_result(_with_metadata({"__type__": "ndarray", "__value__": raw}))
    assert result.metadata["extra"].tolist() == [0, 1, 2]


def test_bit_array_with_the_wrong_byte_count_is_a_decode_error() -> None:
    bit_array = {
        "__type__": "BitArray",
        "__value__": {
            "array": {"__type__": "ndarray", "__value__": _npy(np.zeros((4, 2), np.uint8))},
            "num_bits": 3,
        },
    }
    with pytest.raises(ResultDecodeError, match=r"BitArray: .*shape \(\*shape, num_shots, 1\)"):
        decode_result(_with_metadata(bit_array))


def test_result_containers_missing_their_fields_are_decode_errors() -> None:
    with pytest.raises(ResultDecodeError, match="PrimitiveResult: __value__ lacks pub_results"):
        decode_result('{"__type__": "PrimitiveResult", "__value__": {"metadata": {}}}')
    broken_pub = '{"__type__": "SamplerPubResult", "__value__": {"data": 3}}'
    with pytest.raises(ResultDecodeError, match="SamplerPubResult: data must be a DataBin"):
        decode_result(broken_pub)
