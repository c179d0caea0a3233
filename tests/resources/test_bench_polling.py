"""The polling benchmark runs and its figures hold the claims made for wait_all."""

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

    figures = bench.main(["--seeds", "1", "--sizes", "100"])

    rows = figures["wait_all"]
    assert set(rows) == {
        f"{n} jobs, {kind}" for n in (100,) for kind in ("from a listing", "fresh handles")
    }
    for row in rows.values():
        assert row["max_requests_per_round"]["max"] <= 4
        assert row["per_job_gets"]["max"] == 0
    assert rows["100 jobs, fresh handles"]["discovery_requests"]["max"] == 1
    assert "polling each pending job instead" in capsys.readouterr().out
