"""The typed user script (user_script.py): mypy --strict with no Any from results, and a run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from qiskit_runtime_client import ManualClock

from .user_script import bell_counts, bell_counts_async, bell_evs, bell_evs_async

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("user_script.py")


def _mypy(*paths: Path, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    env = {**os.environ, "MYPYPATH": f"{ROOT / 'facade'}{os.pathsep}{ROOT / 'generated'}"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *extra,
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )


def test_user_script_passes_mypy_strict_with_no_any_expression() -> None:
    # --disallow-any-expr: any expression typed Any in the script (an untyped result, counts or
    # evs) is an error; assert_type in the script pins the exact types.
    run = _mypy(SCRIPT, extra=("--disallow-any-expr", "--follow-imports=silent"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_bare_string_to_run_is_a_type_error(tmp_path: Path) -> None:
    bad = tmp_path / "bare_string.py"
    bad.write_text(
        "from qiskit_runtime_client import RuntimeClient\n"
        "def f(client: RuntimeClient) -> None:\n"
        "    client.sampler('b').run('OPENQASM 3.0;')\n"
        "    client.estimator('b').run('OPENQASM 3.0;')\n"
    )
    run = _mypy(bad, extra=("--follow-imports=silent",))
    assert run.returncode == 1, run.stdout
    assert run.stdout.count('incompatible type "str"') == 2, run.stdout


@pytest.mark.emulator
def test_user_script_runs_against_the_emulator() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    clock = ManualClock()
    with testing.RuntimeEmulator(clock=clock, seed=5) as emu, emu.client(clock=clock) as client:
        backend = client.backends.least_busy(min_qubits=2).name
        counts = bell_counts(client, backend, 200)
        assert sum(counts.values()) == 200 and set(counts) <= {"00", "01", "10", "11"}
        evs, stds = bell_evs(client, backend)
        assert evs.shape == stds.shape == (2,) and evs.dtype == stds.dtype == float


@pytest.mark.emulator
async def test_user_script_async_runs_against_the_emulator() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    clock = ManualClock()
    with testing.RuntimeEmulator(clock=clock, seed=5) as emu:
        async with emu.async_client(clock=clock) as client:
            backend = (await client.backends.least_busy(min_qubits=2)).name
            assert sum((await bell_counts_async(client, backend)).values()) == 100
            assert len(await bell_evs_async(client, backend)) == 1
