"""The main workflow, end to end: the REST walkthrough notebook's steps done through the facade.

Least busy backend (with its configuration and calibrations) -> ISA circuits for it -> the ISA
check -> a batch -> an Estimator job (two observables, the notebook's error mitigation) and a
Sampler job (a Bell circuit) -> wait, a line per status change -> counts and expectation values
with standard deviations -> close the batch.

The notebook transpiled through IBM's cloud transpiler service, which IBM has retired; here the
circuits are transpiled locally with qiskit (`client.transpile`, the `qiskit` extra), or,
without qiskit, written as ISA OpenQASM 3 for two coupled qubits of the chosen backend. Either
way they are checked before sending (the service fails non-ISA circuits with reason code 1517,
and so does the emulator).

Runs against the bundled emulator, or against IBM Quantum when QISKIT_IBM_TOKEN and
QISKIT_IBM_INSTANCE are set.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qiskit_runtime_client import Backend, Job, JobStatus, MissingExtraError, RuntimeClient
from qiskit_runtime_client.isa import check_circuit

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


def isa_inputs(client: RuntimeClient, backend: Backend) -> tuple[Any, Any, Any, str]:
    """The Bell and estimator circuits (and observables) as ISA circuits for `backend`."""
    from qiskit_runtime_client import apply_layout

    try:
        bell, ry_cx = client.transpile([BELL, RY_CX], backend, optimization_level=2, seed=7)
    except MissingExtraError:
        return (*hand_written_isa(backend), "written by hand for two coupled qubits")
    return bell, ry_cx, apply_layout(OBSERVABLES, ry_cx), "transpiled locally with qiskit"


def hand_written_isa(backend: Backend) -> tuple[str, str, list[str]]:
    """Without qiskit: the same circuits in the backend's gates (rz, sx, cz) on a coupled pair."""
    a, b = next((a, b) for a, b in backend.instruction_set.couplings["cz"] if a < b)
    head = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'
    # h $a; cx $a, $b  ==  rz sx rz on $a, then h-cz-h on $b
    cx = f"rz(pi/2) ${b};\nsx ${b};\nrz(-pi) ${b};\ncz ${a}, ${b};\nsx ${b};\nrz(pi/2) ${b};\n"
    bell = (
        head
        + f"bit[2] c;\nrz(pi/2) ${a};\nsx ${a};\nrz(pi/2) ${a};\n"
        + cx
        + f"c[0] = measure ${a};\nc[1] = measure ${b};\n"
    )
    ry_cx = head + f"rz(-pi) ${a};\nsx ${a};\nrz(2*pi/3) ${a};\nsx ${a};\n" + cx
    width = backend.num_qubits or max(a, b) + 1

    def on_pair(label: str) -> str:
        chars = ["I"] * width
        chars[-1 - a], chars[-1 - b] = label[1], label[0]  # rightmost character = qubit 0
        return "".join(chars)

    return bell, ry_cx, [on_pair(label) for label in OBSERVABLES]


def print_status(job: Job, status: JobStatus) -> None:
    print(f"  job {job.id}: {status}", flush=True)


def main() -> int:
    started = time.monotonic()
    with connect() as (client, where):
        print(f"Running against {where}")
        least_busy = client.backends.least_busy(min_qubits=2)
        backend = client.backends.get(least_busy)  # its configuration and calibrations
        print(
            f"Least busy backend: {backend.name} ({backend.num_qubits} qubits, "
            f"{least_busy.queue_length} jobs queued; gates {', '.join(backend.basis_gates)})"
        )
        bell, ry_cx, observables, how = isa_inputs(client, backend)
        print(f"ISA circuits {how}")
        for index, circuit in enumerate((bell, ry_cx)):
            check_circuit(circuit, backend.instruction_set, index)  # what run() checks too
        print(f"ISA check passed for {backend.name}")

        with client.batch(backend) as batch:
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
