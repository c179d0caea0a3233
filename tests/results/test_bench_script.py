"""scripts/bench_results.py runs end to end and reports every figure (no timing is asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_results.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_results", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_returns_all_figures(capsys: pytest.CaptureFixture[str]) -> None:
    figures = _load().main(["--quick", "--repeat", "1"])
    payload = figures["payload"]
    for case in ("sampler_10x10000x20", "estimator_50x20"):
        for fmt in ("qiskit", "plain"):
            assert payload[case][fmt]["bytes"] > 0 and payload[case][fmt]["decode_s"] > 0
        assert payload[case]["qiskit"]["bytes"] < payload[case]["plain"]["bytes"]
    for distribution in ("ghz", "uniform"):
        entry = figures["million_shots"][distribution]
        assert entry["distinct_outcomes"] > 0
        assert entry["qiskit"]["ratio_to_plain_json_loads"] > 0
    assert isinstance(figures["recommended_support_qiskit"], bool)
    assert "recommended default support_qiskit" in capsys.readouterr().out
