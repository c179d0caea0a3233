"""`qiskit-runtime`: every command against the emulator, in process (main(argv)), with the exit
codes scripts rely on. Credentials come from the QISKIT_IBM_* / IAM_URL variables, as a user's
shell would give them."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from qiskit_runtime_client import RuntimeClient
from qiskit_runtime_client.cli import (
    EXIT_API_ERROR,
    EXIT_BROKEN_PIPE,
    EXIT_CREDENTIALS,
    EXIT_ERROR,
    EXIT_JOB_FAILED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    main,
)
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

ROOT = Path(__file__).resolve().parents[2]
# ISA circuits (on physical qubits 0 and 1, in the backends' rz/sx/cz), as the service needs
BELL_STATE = (
    'OPENQASM 3.0; include "stdgates.inc"; rz(pi/2) $0; sx $0; rz(pi/2) $0; rz(pi/2) $1; '
    "sx $1; rz(-pi) $1; cz $0, $1; sx $1; rz(pi/2) $1;"
)
BELL = BELL_STATE + " bit[2] c; c[0] = measure $0; c[1] = measure $1;"


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Iterator[RuntimeEmulator]:
    """An emulator in real (short) time, and the variables that point the CLI at it."""
    with RuntimeEmulator(seed=5, queue_seconds=0.1, run_seconds=0.2) as emulator:
        monkeypatch.setenv("QISKIT_IBM_TOKEN", emulator.api_key)
        monkeypatch.setenv("QISKIT_IBM_INSTANCE", emulator.instance)
        monkeypatch.setenv("QISKIT_IBM_URL", emulator.api_url)
        monkeypatch.setenv("IAM_URL", emulator.url)
        yield emulator


@pytest.fixture
def client(emu: RuntimeEmulator) -> Iterator[RuntimeClient]:
    with emu.client() as c:
        yield c


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = cli(capsys, *argv, "--json")
    assert code == EXIT_OK, err
    return json.loads(out)


# --- backends ------------------------------------------------------------------------------------


def test_backends_list_and_show(emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "backends", "list")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "STATUS", "QUBITS", "QUEUE", "SIMULATOR"]
    assert any(line.split()[:3] == ["ibm_fez", "online", "156"] for line in lines)

    listed = cli_json(capsys, "backends", "list")
    assert {"ibm_fez", "ibm_torino"} <= {b["name"] for b in listed}

    code, out, _ = cli(capsys, "backends", "show", "ibm_fez")
    assert code == EXIT_OK
    assert "qubits:       156" in out and "basis gates:" in out
    shown = cli_json(capsys, "backends", "show", "ibm_fez")
    assert shown["status"]["name"] == "ibm_fez"
    assert shown["configuration"]["n_qubits"] == 156


def test_backends_show_says_online_as_backends_list_does(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(capsys, "backends", "show", "ibm_fez")
    assert code == EXIT_OK
    assert "status:       online\n" in out
    assert cli_json(capsys, "backends", "show", "ibm_fez")["status"]["status"] == "active"


def test_an_unknown_backend_is_not_found(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "backends", "show", "ibm_nowhere")
    assert code == EXIT_NOT_FOUND
    assert out == "" and err.startswith("qiskit-runtime: error: NotFoundError")


# --- jobs ----------------------------------------------------------------------------------------


def test_jobs_list_shows_your_workloads_by_default_and_every_job_with_all(
    emu: RuntimeEmulator, client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    first = client.sampler("ibm_fez").run([BELL])
    second = client.sampler("ibm_torino").run([BELL])

    code, out, _ = cli(capsys, "jobs", "list")
    assert code == EXIT_OK
    rows = [line.split() for line in out.splitlines()]
    assert rows[0][:4] == ["ID", "MODE", "STATUS", "BACKEND"]
    assert [row[0] for row in rows[1:]] == [second.id, first.id]  # newest first
    assert emu.count_requests("GET", "/api/v1/workloads") == 1
    assert emu.count_requests("GET", "/api/v1/jobs") == 0

    listed = cli_json(capsys, "jobs", "list", "--backend", "ibm_fez", "--mode", "job")
    assert [w["id"] for w in listed] == [first.id]
    assert listed[0]["mode"] == "job" and listed[0]["backend"] == "ibm_fez"
    assert [w["id"] for w in cli_json(capsys, "jobs", "list", "--limit", "1")] == [second.id]

    every = cli_json(capsys, "jobs", "list", "--all")
    assert {j["id"] for j in every} == {first.id, second.id}
    assert emu.count_requests("GET", "/api/v1/jobs") == 1
    assert every[0]["program_id"] == "sampler"


def test_jobs_list_prints_job_status_words_and_hides_the_clients_tags(
    emu: RuntimeEmulator, client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    job = client.sampler("ibm_fez").run([BELL], tags=["mine"])
    job.wait(timeout=60)

    code, out, _ = cli(capsys, "jobs", "list")
    assert code == EXIT_OK
    row = out.splitlines()[1].split()
    assert (row[0], row[2]) == (job.id, "Completed")  # as `jobs list --all` and `jobs show`
    assert row[-1] == "mine" and "qrc-" not in out
    code, out, _ = cli(capsys, "jobs", "list", "--all")
    assert out.splitlines()[1].split()[:2] == [job.id, "Completed"]
    code, out, _ = cli(capsys, "jobs", "show", job.id)
    assert "tags:        mine\n" in out and "qrc-" not in out

    listed = cli_json(capsys, "jobs", "list")  # JSON: the service's words and every tag
    assert listed[0]["status"] == "completed"
    assert any(tag.startswith("qrc-") for tag in listed[0]["tags"])
    # --status takes the words printed as well as the service's
    assert [w["id"] for w in cli_json(capsys, "jobs", "list", "--status", "Completed")] == [job.id]
    assert cli_json(capsys, "jobs", "list", "--status", "Queued") == []
    assert cli_json(capsys, "jobs", "list", "--status", "pending") == []


def test_jobs_show_wait_and_result(
    client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    job = client.sampler("ibm_fez").run([BELL], shots=100)

    code, out, err = cli(capsys, "jobs", "wait", job.id, "--timeout", "60")
    assert code == EXIT_OK
    assert out == f"{job.id}  Completed\n"
    assert err.splitlines()[-1].startswith(f"{job.id}  Completed  (")  # one line per change

    code, out, _ = cli(capsys, "jobs", "show", job.id)
    assert code == EXIT_OK
    assert f"id:          {job.id}" in out and "status:      Completed" in out

    code, out, _ = cli(capsys, "jobs", "result", job.id)
    assert code == EXIT_OK
    assert out.startswith("pub 0:\n  c: {")
    result = cli_json(capsys, "jobs", "result", job.id)
    counts = result["pubs"][0]["data"]["c"]["counts"]
    assert set(counts) <= {"00", "11"} and sum(counts.values()) == 100
    assert result["pubs"][0]["data"]["c"]["num_bits"] == 2
    assert cli_json(capsys, "jobs", "show", job.id)["state"]["status"] == "Completed"


def test_estimator_results_print_evs_and_stds(
    client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    job = client.estimator("ibm_fez").run([(BELL_STATE, ["ZZ", "XX"])], precision=0.01)

    code, out, _ = cli(capsys, "jobs", "result", job.id, "--timeout", "60")

    assert code == EXIT_OK
    assert out.startswith("pub 0:\n  evs: [") and "\n  stds: [" in out
    data = cli_json(capsys, "jobs", "result", job.id)["pubs"][0]["data"]
    assert len(data["evs"]) == len(data["stds"]) == 2


def test_a_failed_job_exits_4_from_wait_and_result(
    emu: RuntimeEmulator, client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    emu.fail_job(reason="Calibration drifted", code=1517)
    job = client.sampler("ibm_fez").run([BELL])

    code, out, _ = cli(capsys, "jobs", "wait", job.id, "--quiet")
    assert code == EXIT_JOB_FAILED
    assert out == f"{job.id}  Failed  (Calibration drifted)\n"
    assert cli(capsys, "jobs", "wait", job.id, "--json")[0] == EXIT_JOB_FAILED

    code, out, err = cli(capsys, "jobs", "result", job.id)
    assert code == EXIT_JOB_FAILED
    assert out == "" and "JobFailedError" in err and "Calibration drifted" in err


def test_wait_times_out_with_exit_5(
    emu: RuntimeEmulator, client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    emu.queue_seconds = 600
    job = client.sampler("ibm_fez").run([BELL])

    code, _, err = cli(capsys, "jobs", "wait", job.id, "--timeout", "0.3", "--quiet")

    assert code == EXIT_TIMEOUT
    assert "JobTimeoutError" in err and job.id in err
    assert emu.job_status(job.id) == "Queued"  # not cancelled


def test_wait_keeps_one_live_status_line_on_a_terminal(
    emu: RuntimeEmulator,
    client: RuntimeClient,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    job = client.sampler("ibm_fez").run([BELL])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)

    code, _, err = cli(capsys, "jobs", "wait", job.id, "--timeout", "60")

    assert code == EXIT_OK
    assert err.startswith("\r\x1b[K") and err.endswith("\n") and err.count("\n") == 1
    assert err.rstrip("\n").rsplit("\r\x1b[K", 1)[-1].startswith(f"{job.id}  Completed")


def test_cancel_and_delete(
    emu: RuntimeEmulator, client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    emu.queue_seconds = 600
    job = client.sampler("ibm_fez").run([BELL])

    assert cli(capsys, "jobs", "cancel", job.id) == (EXIT_OK, f"cancelled {job.id}\n", "")
    assert emu.job_status(job.id) == "Cancelled"
    assert cli(capsys, "jobs", "wait", job.id, "--quiet")[0] == EXIT_JOB_FAILED

    assert cli_json(capsys, "jobs", "delete", job.id) == {"job_id": job.id, "deleted": True}
    assert cli(capsys, "jobs", "show", job.id)[0] == EXIT_NOT_FOUND
    assert cli(capsys, "jobs", "delete", job.id)[0] == EXIT_NOT_FOUND


# --- sessions ------------------------------------------------------------------------------------


def test_sessions_show_close_and_cancel(
    client: RuntimeClient, capsys: pytest.CaptureFixture[str]
) -> None:
    first = client.batch("ibm_fez").create()
    second = client.session("ibm_fez").create()

    shown = cli_json(capsys, "sessions", "show", first)
    assert (shown["id"], shown["mode"], shown["accepting_jobs"]) == (first, "batch", True)

    assert cli(capsys, "sessions", "close", first) == (EXIT_OK, f"closed {first}\n", "")
    assert cli_json(capsys, "sessions", "show", first)["accepting_jobs"] is False

    assert cli(capsys, "sessions", "close", second, "--cancel")[0] == EXIT_OK
    assert cli_json(capsys, "sessions", "show", second)["state"] == "closed"
    code, out, _ = cli(capsys, "sessions", "show", second)
    assert code == EXIT_OK and "state:          closed" in out
    assert cli(capsys, "sessions", "close", "no-such-session")[0] == EXIT_NOT_FOUND


# --- accounts ------------------------------------------------------------------------------------


def test_accounts_save_list_and_use(
    emu: RuntimeEmulator,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    accounts = tmp_path / "accounts.json"
    code, out, _ = cli(
        capsys,
        "accounts",
        "save",
        "--token",
        emu.api_key,
        "--instance",
        emu.instance,
        "--url",
        emu.api_url,
        "--name",
        "emulator",
        "--default",
        "--accounts-file",
        str(accounts),
    )
    assert (code, out) == (EXIT_OK, f"saved in {accounts}\n")
    assert oct(accounts.stat().st_mode & 0o777) == "0o600"

    code, out, _ = cli(capsys, "accounts", "list", "--accounts-file", str(accounts))
    assert code == EXIT_OK and emu.api_key not in out
    assert out.splitlines()[1].split()[:3] == ["emulator", "ibm_quantum_platform", "yes"]
    listed = cli_json(capsys, "accounts", "list", "--accounts-file", str(accounts))
    assert listed["accounts"][0]["instance"] == emu.instance
    assert emu.api_key not in json.dumps(listed)

    for name in ("QISKIT_IBM_TOKEN", "QISKIT_IBM_INSTANCE", "QISKIT_IBM_URL"):
        monkeypatch.delenv(name)
    saved = ("--account", "emulator", "--accounts-file", str(accounts))
    assert cli(capsys, "backends", "list", *saved)[0] == EXIT_OK
    code, _, err = cli(capsys, "backends", "list", "--account", "other", "--accounts-file", "x")
    assert code == EXIT_NOT_FOUND and "no saved account named 'other'" in err


def test_accounts_save_needs_token_and_instance(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "accounts", "save", "--token", "k")
    assert code == EXIT_USAGE
    assert "needs --instance (or QISKIT_IBM_INSTANCE)" in err and "or its name" in err
    code, _, err = cli(capsys, "accounts", "save", "--instance", "emulator")
    assert code == EXIT_USAGE and "needs --token (or QISKIT_IBM_TOKEN)" in err


def test_accounts_save_takes_what_is_not_given_from_the_environment(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.json"
    code, out, err = cli(
        capsys,
        "accounts",
        "save",
        "--instance",
        "emulator",
        "--name",
        "x",
        "--accounts-file",
        str(accounts),
    )
    assert (code, out, err) == (EXIT_OK, f"saved in {accounts}\n", "")
    saved = json.loads(accounts.read_text())["x"]
    assert (saved["token"], saved["instance"]) == (emu.api_key, "emulator")
    assert saved["url"] == emu.api_url  # QISKIT_IBM_URL, as --url's help says

    file = ("--accounts-file", str(accounts))
    assert cli(capsys, "accounts", "save", "--name", "y", *file)[0] == EXIT_OK
    assert json.loads(accounts.read_text())["y"]["instance"] == emu.instance
    assert cli(capsys, "backends", "list", "--account", "x", *file)[0] == EXIT_OK


@pytest.mark.parametrize(
    "argv",
    [
        ("accounts", "save", "--token", "k", "--instance", "emulator", "--iam-url", "http://i"),
        ("accounts", "save", "--token", "k", "--instance", "emulator", "--account", "work"),
        ("accounts", "list", "--token", "k"),
        ("accounts", "list", "--instance", "emulator"),
        ("accounts", "list", "--account", "work"),
        ("accounts", "list", "--url", "http://127.0.0.1:8000"),
        ("accounts", "list", "--iam-url", "http://127.0.0.1:8000"),
    ],
)
def test_accounts_commands_refuse_options_they_would_ignore(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    accounts = tmp_path / "accounts.json"
    code, out, err = cli(capsys, *argv, "--accounts-file", str(accounts))
    assert (code, out) == (EXIT_USAGE, "")
    assert "unrecognized arguments" in err
    assert not accounts.exists()


def test_saving_an_account_again_names_overwrite_and_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.json"
    save = ("accounts", "save", "--instance", "emulator", "--accounts-file", str(accounts))
    assert cli(capsys, *save, "--token", "first")[0] == EXIT_OK

    code, out, err = cli(capsys, *save, "--token", "second")
    assert (code, out) == (EXIT_USAGE, "")
    assert "'default-ibm-quantum-platform' is already saved" in err
    assert "pass --overwrite" in err and "overwrite=True" not in err
    assert "second" not in accounts.read_text()

    assert cli(capsys, *save, "--token", "second", "--overwrite")[0] == EXIT_OK
    assert "second" in accounts.read_text()


# --- exit codes ----------------------------------------------------------------------------------


def test_usage_errors_exit_2(emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "jobs", "frobnicate")[0] == EXIT_USAGE
    assert cli(capsys)[0] == EXIT_USAGE
    assert cli(capsys, "jobs", "list", "--status", "DONE")[0] == EXIT_USAGE
    assert cli(capsys, "jobs", "list", "--limit", "0")[0] == EXIT_USAGE
    code, _, err = cli(capsys, "jobs", "show", "a/b")
    assert code == EXIT_USAGE and "job_id" in err


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--help")
    assert code == EXIT_OK and "exit codes:" in out and "backends" in out
    code, out, _ = cli(capsys, "--version")
    assert code == EXIT_OK and out.startswith("qiskit-runtime ")


def test_missing_credentials_exit_7(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "backends", "list")
    assert code == EXIT_CREDENTIALS
    assert out == "" and "no IBM Quantum credentials found" in err


def test_missing_credentials_say_what_to_pass_to_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = cli(capsys, "jobs", "list")
    assert code == EXIT_CREDENTIALS
    assert "--token" in err and "--instance" in err and "QISKIT_IBM_INSTANCE" in err
    assert "qiskit-runtime accounts save" in err and "CRN or name" in err
    assert "token=" not in err and "save_account(" not in err  # the library's words

    code, _, err = cli(capsys, "jobs", "list", "--instance", "emulator")
    assert code == EXIT_CREDENTIALS and "only the API key is missing: --instance is set" in err

    monkeypatch.setenv("QISKIT_IBM_TOKEN", "k")
    code, _, err = cli(capsys, "jobs", "list")
    assert code == EXIT_CREDENTIALS
    assert "pass --instance or set QISKIT_IBM_INSTANCE" in err and "or its name" in err
    assert "instance=" not in err


def test_a_missing_saved_account_is_not_found(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    accounts = tmp_path / "accounts.json"
    code, out, err = cli(capsys, "backends", "list", "--account", "nosuch")
    assert (code, out) == (EXIT_NOT_FOUND, "")
    assert "no saved account named 'nosuch'" in err and "(saved: none)" in err

    # a file with no account to default to: credentials missing, in the tool's words
    code, _, err = cli(capsys, "backends", "list", "--accounts-file", str(accounts))
    assert code == EXIT_CREDENTIALS and "qiskit-runtime accounts save" in err

    # --accounts-file is not ignored next to --token: refused like --account
    code, _, err = cli(
        capsys, "backends", "list", "--token", emu.api_key, "--accounts-file", str(accounts)
    )
    assert code == EXIT_USAGE and "not both" in err


def test_exit_code_table_in_the_docs_matches_the_constants() -> None:
    import qiskit_runtime_client.cli as cli_module

    table = (ROOT / "docs" / "guides" / "command-line.md").read_text()
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    constants = {getattr(cli_module, name) for name in cli_module.__all__ if name[:5] == "EXIT_"}
    assert documented == constants
    assert all(f"\n  {code} " in cli_module.EXIT_CODES_HELP for code in constants)


@pytest.mark.parametrize(
    "argv",
    [
        ("backends", "show", "ibm_fez", "--json"),
        ("accounts", "list", "--json"),
        ("jobs", "list", "--all"),
    ],
)
def test_output_into_a_closed_pipe_stops_quietly_with_141(
    emu: RuntimeEmulator, tmp_path: Path, argv: tuple[str, ...]
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` that has read all it wanted: every write fails with EPIPE
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")]),
    }
    try:
        process = subprocess.run(
            [sys.executable, "-m", "qiskit_runtime_client.cli", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert (process.returncode, process.stderr) == (EXIT_BROKEN_PIPE, "")


def test_a_broken_pipe_in_process_returns_141(
    emu: RuntimeEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["backends", "list"]) == EXIT_BROKEN_PIPE


def test_refused_credentials_exit_7(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", "not-the-key")
    assert cli(capsys, "backends", "list")[0] == EXIT_CREDENTIALS


def test_api_and_connection_errors_exit_6(
    emu: RuntimeEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    emu.inject_errors(500, count=None, path="/api/v1/backends")
    code, _, err = cli(capsys, "backends", "list")
    assert code == EXIT_API_ERROR and "ServerError" in err
    emu.reset_faults()

    monkeypatch.setenv("QISKIT_IBM_URL", "http://127.0.0.1:9/api/v1")  # nothing listens
    monkeypatch.setenv("IAM_URL", "http://127.0.0.1:9")
    assert cli(capsys, "backends", "list")[0] == EXIT_API_ERROR


# --- emulator -----------------------------------------------------------------------------------


def test_the_emulator_without_its_extra_names_the_pip_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "werkzeug", None)  # as if not installed
    code, out, err = cli(capsys, "emulator", "--port", "0")
    assert (code, out) == (EXIT_ERROR, "")
    assert 'pip install "qiskit-runtime-client[emulator]"' in err and "werkzeug" in err


def test_the_emulator_command_prints_the_variables_that_reach_it(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "facade"), str(ROOT / "generated")]),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "qiskit_runtime_client.cli", "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        header = process.stdout.readline()
        exports = dict(
            process.stdout.readline().removeprefix("export ").strip().split("=", 1)
            for _ in range(4)
        )
        assert header.startswith("Qiskit Runtime emulator on http://127.0.0.1:")
        assert set(exports) == {
            "QISKIT_IBM_TOKEN",
            "QISKIT_IBM_INSTANCE",
            "QISKIT_IBM_URL",
            "IAM_URL",
        }
        child_env = {**env, **{k: v.strip("'") for k, v in exports.items()}}
        listed = subprocess.run(
            [sys.executable, "-m", "qiskit_runtime_client.cli", "backends", "list", "--json"],
            capture_output=True,
            text=True,
            env=child_env,
            check=True,
        )
        assert "ibm_fez" in {b["name"] for b in json.loads(listed.stdout)}
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
