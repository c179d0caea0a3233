"""`python -m qiskit_runtime_client.testing`: exports to paste, two Python lines, fault flags."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing import __main__ as cli

ROOT = Path(__file__).parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QISKIT_", "IAM_URL"))}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")])
    return env


@pytest.fixture
def served() -> Iterator[tuple[dict[str, str], list[str]]]:
    """The CLI on a free port with two fault flags; its exports and the Python lines it printed."""
    command = [sys.executable, "-m", "qiskit_runtime_client.testing", "--port", "0"]
    command += ["--queue-seconds", "0", "--run-seconds", "0.1", "--fail-jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env())
    assert process.stdout is not None
    lines: list[str] = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("client = RuntimeClient()"):
            break
    try:
        exports = dict(
            re.fullmatch(r"export (\w+)=(.*)", line).groups()  # type: ignore[union-attr]
            for line in lines
            if line.startswith("export ")
        )
        yield {k: v.strip("'") for k, v in exports.items()}, lines
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_the_printed_exports_and_lines_connect_our_client(
    served: tuple[dict[str, str], list[str]],
) -> None:
    exports, lines = served
    assert set(exports) == {
        "QISKIT_IBM_TOKEN",
        "QISKIT_IBM_INSTANCE",
        "QISKIT_IBM_URL",
        "IAM_URL",
        "QISKIT_FUNCTIONS_EXPERIMENTAL",
    }
    snippet = lines[lines.index("# or with qiskit-runtime-client:") + 1 :]
    assert len(snippet) == 2
    script = "\n".join(snippet) + textwrap.dedent(
        """
        print(sorted(b.name for b in client.backends.list()))
        job = client.sampler("ibm_fez").run(["OPENQASM 3.0; bit[1] c; c[0] = measure $0;"])
        try:
            job.result()
        except Exception as exc:
            print(type(exc).__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_env() | exports,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ibm_fez" in done.stdout
    assert "JobFailedError" in done.stdout  # --fail-jobs 1: the first job fails


def test_the_printed_lines_connect_the_official_sdk(
    served: tuple[dict[str, str], list[str]],
) -> None:
    pytest.importorskip("qiskit_ibm_runtime")
    exports, lines = served
    snippet = lines[lines.index("# then, with qiskit-ibm-runtime:") + 1 :][:2]
    script = "\n".join(snippet) + "\nprint(service.backend('ibm_fez').num_qubits)\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=_env() | exports,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("156")


def test_help_shows_defaults_and_fault_flags(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert "(default: 8000)" in text
    assert "(default: 2.0)" in text
    for flag in ("--fail-jobs", "--too-long-jobs", "--inject-errors", "--rate-limit"):
        assert flag in text


def test_fault_flags_configure_the_emulator() -> None:
    args = cli.build_parser().parse_args(
        [
            "--too-long-jobs",
            "2",
            "--inject-errors",
            "503:3:/api/v1/jobs*",
            "--backend-status",
            "ibm_torino=paused",
            "--queue-length",
            "ibm_fez=7",
        ]
    )
    with RuntimeEmulator() as emu, emu.client() as client:
        cli.configure(emu, args)
        assert emu._store.backends["ibm_torino"].status == "paused"
        assert emu._store.backends["ibm_fez"].base_queue == 7
        assert [fault.kind for fault in emu._store.next_job_faults] == ["too_long"] * 2
        client.backends.list()
        assert emu.count_requests("GET", "/api/v1/backends") == 1  # not a jobs path

        answers = [httpx.get(emu.api_url + "/jobs").status_code for _ in range(4)]
        assert answers == [503, 503, 503, 401]


def test_bad_flag_values_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["--inject-errors", "often"])
    assert "STATUS[:COUNT[:PATH]]" in capsys.readouterr().err
