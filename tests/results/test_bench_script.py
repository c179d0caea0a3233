"""scripts/bench_results.py runs end to end and reports every figure (no timing is asserted)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
from qiskit_runtime_client.results import decode_result, encode_result

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_results.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_results", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_returns_all_figures(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load()
    figures = bench.main(["--quick", "--repeat", "1"])
    payload = figures["payload"]
    for case in ("sampler_10x10000x20", "estimator_50x20"):
        for fmt in ("qiskit", "plain"):
            assert payload[case][fmt]["bytes"] > 0 and payload[case][fmt]["decode_s"] > 0
        assert payload[case]["qiskit"]["bytes"] < payload[case]["plain"]["bytes"]
    assert set(figures["wide"]) == {f"{b} bits {d}" for b, d, _ in bench.WIDE_CASES}
    for case in figures["wide"].values():
        assert case["distinct_outcomes"] > 0
        for fmt in ("plain", "qiskit"):
            for name in ("json.loads", "ours D", "ours C"):
                row = case[fmt][name]
                assert row["s"] > 0 and row["peak_mb"] > 0
            assert case[fmt]["ours C"]["x_json.loads_time"] > 0
        if figures["sdk_measured"]:
            assert case["qiskit"]["ours C"]["x_SDK C_memory"] > 0
    assert figures["counts_floor_20_bits_uniform"]["x_json_loads"] > 0
    assert isinstance(figures["recommended_support_qiskit"], bool)
    assert "recommended default support_qiskit" in capsys.readouterr().out


@pytest.mark.parametrize("num_bits", [20, 100, 1000])
def test_fast_plain_payload_is_what_encode_result_writes(num_bits: int) -> None:
    bench = _load()
    result = bench.sampler_result(2, 50, "uniform", num_bits=num_bits)
    fast = bench.plain_payload(result)
    assert json.loads(fast) == json.loads(encode_result(result, support_qiskit=False))
    assert decode_result(fast)[1].data.meas == result[1].data.meas


def test_memory_worker_in_a_fresh_process(tmp_path: Path) -> None:
    bench = _load()
    small = bench.plain_payload(bench.sampler_result(1, 20, "ghz"))
    path = tmp_path / "p.json"
    path.write_text(small)
    figures = bench._in_subprocess(["memory", str(path), str(path), "ours C"])
    assert figures["peak_mb"] > 0
