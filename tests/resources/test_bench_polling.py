"""The polling benchmark runs and its figures hold the claims made for wait and wait_all."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "scripts" / "bench_polling.py"


def test_bench_polling_figures(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_polling", SCRIPT)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    figures = bench.main(["--seeds", "1"])

    wait = figures["wait"]
    assert wait["60 s"]["official_sdk"] == 120 and wait["1 h"]["official_sdk"] == 7200
    assert wait["60 s"]["ours"]["max"] < 20
    assert wait["1 h"]["ours"]["max"] < 450
    for row in figures["wait_all"].values():
        assert row["requests_per_round"]["max"] <= 2
        assert row["per_job_gets"]["max"] == 0
    assert "official SDK: 7,200" in capsys.readouterr().out
