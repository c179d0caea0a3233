"""Importing the package stays light: no numpy, qiskit, generated modules (or asyncio for sync
users) until something needs them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("numpy", "qiskit", "qiskit_runtime_api", "qiskit_runtime_client.resources")


def _loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    "code",
    [
        "import qiskit_runtime_client",
        "from qiskit_runtime_client import RuntimeClient, AsyncRuntimeClient, save_account",
        "from qiskit_runtime_client import NotFoundError, ManualClock",
    ],
)
def test_import_loads_nothing_heavy(code: str) -> None:
    assert _loaded_after(code, HEAVY) == []


def test_bare_import_does_not_even_load_httpx() -> None:
    assert _loaded_after("import qiskit_runtime_client", ("httpx", "attrs")) == []


def test_sync_client_does_not_load_asyncio() -> None:
    code = (
        "from qiskit_runtime_client import RuntimeClient\n"
        "RuntimeClient(bearer_token='t', instance='crn:v1:bluemix:public:quantum-computing:"
        "us-east:a/x:y::')"
    )
    assert _loaded_after(code, ("asyncio",)) == []


#: What construct + first submission of a QASM job must not load: numpy and qiskit (results and
#: QuantumCircuit inputs only), asyncio (async use only), the option classes (only when options
#: are given), difflib (only for an unknown option's hint), the job listing and wait_all
#: machinery (`client.jobs` only), sessions and observables (estimator PUBs only). Issue 13
#: item 5: cold start.
NOT_FOR_A_FIRST_SUBMISSION = (
    "numpy",
    "qiskit",
    "asyncio",
    "qiskit_runtime_client.primitives.options",
    "difflib",
    "qiskit_runtime_client.resources.jobs",
    "qiskit_runtime_client.resources._paging",
    "qiskit_runtime_client.resources._wait_all",
    "qiskit_runtime_client.resources.sessions",
    "qiskit_runtime_client.primitives.observables",
)
BELL = (
    'OPENQASM 3.0; include "stdgates.inc"; bit[2] c; rz(pi/2) $0; sx $0; rz(pi/2) $0; '
    "rz(pi/2) $1; sx $1; rz(pi/2) $1; cz $0, $1; rz(pi/2) $1; sx $1; rz(pi/2) $1; "
    "c[0] = measure $0; c[1] = measure $1;"
)


def test_construct_and_first_submission_stay_light() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    code = (
        "from qiskit_runtime_client import RuntimeClient\n"
        "with RuntimeClient() as client:\n"
        f"    print(client.sampler('ibm_fez').run([{BELL!r}], shots=10).id)\n"
        "import sys\n"
        f"print(' '.join(m for m in {NOT_FOR_A_FIRST_SUBMISSION!r} if m in sys.modules))"
    )
    with testing.RuntimeEmulator(seed=3, queue_seconds=3600) as emulator:
        env = {
            **os.environ,
            "QISKIT_IBM_TOKEN": emulator.api_key,
            "QISKIT_IBM_INSTANCE": emulator.instance,
            "QISKIT_IBM_URL": emulator.api_url,
            "IAM_URL": emulator.url,
        }
        result = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        )
    job_id, loaded = (result.stdout + "\n").split("\n")[:2]
    assert job_id
    assert loaded.split() == []
