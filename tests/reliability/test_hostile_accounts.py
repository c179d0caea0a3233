"""Defect 5: saving accounts is atomic and locked. Concurrent savers lose nothing, readers never
see a partial file, and a write that fails (a full disk) leaves the old file intact."""

from __future__ import annotations

import json
import os
import resource
import signal
from pathlib import Path

import pytest
from qiskit_runtime_client import save_account

from ._hostile import CRN

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
SAVERS = 16
EACH = 3


def _fork(action: object) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            signal.alarm(20)
            action()  # type: ignore[operator]
            code = 0
        finally:
            os._exit(code)
    return pid


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_concurrent_savers_lose_no_account_and_readers_never_see_a_partial_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "qiskit-ibm.json"
    save_account("seed-key", CRN, name="seed", filename=path)

    def saver(n: int) -> None:
        for i in range(EACH):
            save_account(f"key-{n}-{i}", CRN, name=f"acct-{n}-{i}", filename=path)

    pids = [_fork(lambda n=n: saver(n)) for n in range(SAVERS)]
    broken = 0
    alive = set(pids)
    while alive:
        text = path.read_text(encoding="utf-8")
        try:
            assert "seed" in json.loads(text)
        except (ValueError, AssertionError):
            broken += 1
        for pid in list(alive):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                assert os.waitstatus_to_exitcode(status) == 0
                alive.discard(pid)
    saved = json.loads(path.read_text(encoding="utf-8"))
    expected = {"seed"} | {f"acct-{n}-{i}" for n in range(SAVERS) for i in range(EACH)}
    assert set(saved) == expected
    assert broken == 0


def test_a_full_disk_leaves_the_old_file_intact(tmp_path: Path) -> None:
    path = tmp_path / "qiskit-ibm.json"
    for n in range(20):
        save_account(f"key-{n}", CRN, name=f"acct-{n}", filename=path)
    before = path.read_bytes()

    def save_on_a_full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))  # writes past 100 bytes fail
        try:
            save_account("new-key", CRN, name="new", filename=path)
        except OSError:
            os._exit(0)  # the failure is reported ...
        os._exit(3)

    _, status = os.waitpid(_fork(save_on_a_full_disk), 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert path.read_bytes() == before  # ... and the 20 saved accounts are all still there
