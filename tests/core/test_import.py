"""Importing the package stays light: no numpy, qiskit, generated modules (or asyncio for sync
users) until something needs them."""

from __future__ import annotations

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
