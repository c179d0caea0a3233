"""The main workflow, end to end: the REST walkthrough notebook's steps done through the facade.

Least busy backend -> a batch -> an Estimator job (two observables, the notebook's error
mitigation) and a Sampler job (a Bell circuit) -> wait, a line per status change -> counts and
expectation values with standard deviations -> close the batch.

Runs against the bundled emulator, or against IBM Quantum when QISKIT_IBM_TOKEN and
QISKIT_IBM_INSTANCE are set (circuits are then transpiled to the backend with qiskit).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qiskit_runtime_client import Job, JobStatus, RuntimeClient

BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""

# ry(pi/3) then cx: <ZZ> = 1 and <XX> = sin(pi/3) = 0.866 exactly.
RY_CX = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
ry(pi/3) q[0];
cx q[0], q[1];
"""
OBSERVABLES: list[Any] = ["ZZ", "XX"]

# The notebook's error-mitigation options: TREX plus ZNE with two extrapolators.
ESTIMATOR_OPTIONS = {
    "resilience": {
        "measure_mitigation": True,
        "zne_mitigation": True,
        "zne": {"extrapolator": ["exponential", "linear"], "noise_factors": [1, 3, 5]},
    }
}


@contextmanager
def connect() -> Iterator[tuple[RuntimeClient, str]]:
    """IBM Quantum when credentials are set in the environment, else the bundled emulator."""
    if os.environ.get("QISKIT_IBM_TOKEN") and os.environ.get("QISKIT_IBM_INSTANCE"):
        with RuntimeClient() as client:
            yield client, f"IBM Quantum ({client.base_url})"
        return
    from qiskit_runtime_client.testing import RuntimeEmulator

    with RuntimeEmulator() as emulator, emulator.client() as client:
        yield client, f"the bundled emulator ({client.base_url})"


def isa_inputs(client: RuntimeClient, backend: str) -> tuple[Any, Any, Any]:
    """The Bell and estimator circuits (and observables) transpiled for a real backend."""
    from qiskit import qasm3
    from qiskit.quantum_info import SparsePauliOp
    from qiskit.transpiler import CouplingMap
    from qiskit.transpiler.preset_passmanagers import generate_preset_pass_manager

    config = client.backends.configuration(backend)
    manager = generate_preset_pass_manager(
        optimization_level=1,
        basis_gates=config["basis_gates"],
        coupling_map=CouplingMap(config["coupling_map"]),
    )
    bell = manager.run(qasm3.loads(BELL))
    ry_cx = manager.run(qasm3.loads(RY_CX))
    observables = [SparsePauliOp(label).apply_layout(ry_cx.layout) for label in OBSERVABLES]
    return bell, ry_cx, observables


def print_status(job: Job, status: JobStatus) -> None:
    print(f"  job {job.id}: {status}", flush=True)


def main() -> int:
    started = time.monotonic()
    with connect() as (client, where):
        print(f"Running against {where}")
        backend = client.backends.least_busy(min_qubits=2)
        print(
            f"Least busy backend: {backend.name} ({backend.qubits} qubits, "
            f"{backend.queue_length} jobs queued)"
        )
        bell, ry_cx, observables = BELL, RY_CX, OBSERVABLES
        if "emulator" not in where:
            bell, ry_cx, observables = isa_inputs(client, backend.name)

        with client.batch(backend.name) as batch:
            print(f"Opened batch {batch.id}")
            estimator_job = batch.estimator().run(
                [(ry_cx, observables)], precision=0.01, options=ESTIMATOR_OPTIONS
            )
            print(f"Submitted estimator job {estimator_job.id}")
            sampler_job = batch.sampler().run([bell], shots=1000)
            print(f"Submitted sampler job {sampler_job.id}")

            for job in (estimator_job, sampler_job):
                job.wait(timeout=3600, callback=print_status)

            counts = sampler_job.result()[0].data["c"].get_counts()
            print("Bell circuit counts:", dict(sorted(counts.items())))
            data = estimator_job.result()[0].data
            for label, ev, std in zip(OBSERVABLES, data["evs"], data["stds"], strict=True):
                print(f"<{label}> = {ev:+.4f} ± {std:.4f}")
        print(f"Closed batch {batch.id}")
    print(f"Done in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
