"""The calls benchmark (scripts/bench_calls.py) runs end to end at a tiny size."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "scripts" / "bench_calls.py"


def test_bench_calls_runs_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_calls", SCRIPT)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    figures = bench.main(["--rounds", "1", "--calls", "3", "--jobs", "45", "--small-jobs", "5"])

    for name in ("ours", "ours_async", "sdk", "ours_ended", "ours_async_ended", "sdk_ended"):
        assert figures["status"][name]["cpu"]["median"] > 0
    for n, ours_requests, workload_requests, sdk_requests in ((5, 1, 1, 2), (45, 1, 1, 4)):
        rows = figures[f"list {n}"]
        for who in ("ours", "ours_workloads", "sdk"):
            assert rows[who]["listed"]["median"] == n, who
        assert rows["ours"]["requests"]["median"] == ours_requests
        assert rows["ours_workloads"]["requests"]["median"] == workload_requests
        assert rows["sdk"]["requests"]["median"] == sdk_requests  # pages of 20, then an empty one
    out = capsys.readouterr().out
    verdict = out.split("verdict:\n", 1)[1].splitlines()[:4]
    assert len(verdict) == 4
    assert all(any(word in line for word in ("wins", "LOSES", "ties")) for line in verdict)
