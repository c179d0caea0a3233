"""Execution spans in result metadata decode to ExecutionSpans; broken spans stay raw dicts."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from qiskit_runtime_client.results import (
    ExecutionSpans,
    UnknownResultTypeWarning,
    decode_result,
    encode_result,
)

from .helpers import fixture_text


def _when(text: str) -> dict[str, str]:
    return {"__type__": "datetime", "__value__": text}


def _span(kind: str, slices: dict[str, list[Any]], start: str, stop: str) -> dict[str, Any]:
    return {
        "__type__": kind,
        "__value__": {"start": _when(start), "stop": _when(stop), "data_slices": slices},
    }


SPANS = {
    "__type__": "ExecutionSpans",
    "__value__": {
        "spans": [
            _span("DoubleSliceSpan", {"0": [[1024], 0, 1, 0, 1024]},
                  "2026-03-01T10:00:00+00:00", "2026-03-01T10:00:02+00:00"),
            _span("TwirledSliceSpanV2", {"1": [[32, 3, 32], True, 0, 3, 0, 32, 1024]},
                  "2026-03-01T10:00:02+00:00", "2026-03-01T10:00:05+00:00"),
            _span("ExecutionSpan", {"0": [[3, 1024], 0, 3072]},
                  "2026-03-01T09:59:00+00:00", "2026-03-01T09:59:01+00:00"),
        ]
    },
}  # fmt: skip


def _sampler_with(spans: Any) -> str:
    document = json.loads(fixture_text("sampler_result_statevector.json"))
    document["__value__"]["metadata"]["execution"] = {"execution_spans": spans}
    return json.dumps(document)


def test_execution_spans_decode_with_times_and_slices() -> None:
    result = decode_result(_sampler_with(SPANS))
    spans = result.metadata["execution"]["execution_spans"]
    assert isinstance(spans, ExecutionSpans) and len(spans) == 3
    double, twirled, legacy = spans
    assert double.kind == "DoubleSliceSpan"
    assert double.data_slices == {0: ((1024,), slice(0, 1), slice(0, 1024))}
    assert double.duration == 2.0 and double.pub_idxs == [0]
    assert twirled.data_slices == {1: ((32, 3, 32), True, slice(0, 3), slice(0, 32), 1024)}
    assert legacy.data_slices == {0: ((3, 1024), slice(0, 3072))}
    assert spans.start == datetime.fromisoformat("2026-03-01T09:59:00+00:00")
    assert spans.stop == datetime.fromisoformat("2026-03-01T10:00:05+00:00")


def test_spans_survive_an_encode_decode_round_trip() -> None:
    result = decode_result(_sampler_with(SPANS))
    again = decode_result(encode_result(result, support_qiskit=True))
    assert list(again.metadata["execution"]["execution_spans"]) == list(
        result.metadata["execution"]["execution_spans"]
    )


def test_a_malformed_span_is_kept_raw_with_a_warning() -> None:
    broken = _span(
        "DoubleSliceSpan", {"0": [[1024], 0]}, "2026-03-01T10:00:00", "2026-03-01T10:00:01"
    )
    spans = {"__type__": "ExecutionSpans", "__value__": {"spans": [broken]}}
    with pytest.warns(UnknownResultTypeWarning, match="DoubleSliceSpan"):
        result = decode_result(_sampler_with(spans))
    kept = result.metadata["execution"]["execution_spans"]
    assert kept["__type__"] == "ExecutionSpans"
    assert result[0].data.c.get_counts() == {"00": 510, "11": 514}
