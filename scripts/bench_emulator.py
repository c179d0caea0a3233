"""Benchmarks of the local emulator (issue 6): how cheap it is to start, call and run jobs on.

    python scripts/bench_emulator.py        # prints the figures (also run by `make bench`)

1. Cold import of qiskit_runtime_client.testing in a fresh interpreter (median of 5).
2. Start + stop of a RuntimeEmulator in a warm process (median of 20): tests start many.
3. Round trip of GET /api/v1/jobs/{id} and POST /api/v1/jobs over loopback with raw httpx
   (medians of 300 and 100; every request is a new TCP connection: werkzeug closes each one).
4. Execution of a Bell sampler job (1024 shots) and a two-observable estimator job on the
   qiskit thread, after one warm-up run (median of 20).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import httpx
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing._execution import execute

BELL = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
qubit[2] q;
h q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""


def _median_ms(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _cold_import_ms() -> float:
    code = "import time; t = time.perf_counter(); import qiskit_runtime_client.testing; "
    code += "print(time.perf_counter() - t)"
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def main() -> list[dict[str, Any]]:
    """Run the benchmarks and return one row per figure."""
    rows: list[dict[str, Any]] = []

    def row(what: str, ms: float) -> None:
        rows.append({"what": what, "median ms": round(ms, 2)})
        print(f"{what:<60} {ms:8.2f} ms")

    row("cold import of qiskit_runtime_client.testing", _cold_import_ms())
    RuntimeEmulator().start().stop()  # build the spec index once, as a test session would
    row("RuntimeEmulator start + stop", _median_ms(lambda: RuntimeEmulator().start().stop(), 20))

    body = {
        "program_id": "sampler",
        "backend": "ibm_fez",
        "params": {"pubs": [[BELL, None, 1024]], "version": 2, "support_qiskit": False},
    }
    with RuntimeEmulator(queue_seconds=3600) as emu, httpx.Client(verify=False) as http:
        token = http.post(
            emu.url + "/identity/token",
            data={"grant_type": "urn:ibm:params:oauth:grant-type:apikey", "apikey": emu.api_key},
        ).json()["access_token"]
        headers = {
            "Authorization": f"Bearer {token}",
            "Service-CRN": emu.instance,
            "IBM-API-Version": "2026-03-15",
        }
        job_id = http.post(emu.api_url + "/jobs", json=body, headers=headers).json()["id"]
        row(
            "GET /jobs/{id} round trip (raw httpx, loopback)",
            _median_ms(lambda: http.get(f"{emu.api_url}/jobs/{job_id}", headers=headers), 300),
        )
        row(
            "POST /jobs round trip, validation included",
            _median_ms(lambda: http.post(emu.api_url + "/jobs", json=body, headers=headers), 100),
        )

    estimator = {"pubs": [[BELL, [{"ZZ": 1}, {"XX": 1}]]], "version": 2}
    execute("sampler", body["params"], 156, 1)
    row(
        "execute Bell sampler job, 1024 shots, plain JSON",
        _median_ms(lambda: execute("sampler", body["params"], 156, 1), 20),
    )
    row(
        "execute estimator job, 2 observables",
        _median_ms(lambda: execute("estimator", estimator, 156, 1), 20),
    )
    return rows


if __name__ == "__main__":
    main()
