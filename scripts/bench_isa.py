"""Benchmark the ISA check: a 100,000-instruction ISA program on a 156-qubit backend.

The program is OpenQASM 3 on ibm_fez's physical qubits (the emulator's copy of its real
configuration): rz/sx/x on single qubits and cz on coupling-map edges, then measurements, the
shape transpiled circuits have. The check runs before every job is sent (target: under 0.2 s).
Also timed: the same instructions as a qiskit QuantumCircuit (when qiskit is installed).

Run: .venv/bin/python scripts/bench_isa.py
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from qiskit_runtime_client.isa import InstructionSet, check_circuit, check_qasm
from qiskit_runtime_client.testing._backends import device_documents

INSTRUCTIONS = 100_000
TARGET_SECONDS = 0.2


def isa_program(isa: InstructionSet, instructions: int = INSTRUCTIONS) -> str:
    """An ISA OpenQASM 3 program of `instructions` gate statements for `isa`'s backend."""
    edges = sorted(isa.couplings["cz"])
    lines = ["OPENQASM 3.0;", 'include "stdgates.inc";', f"bit[{isa.num_qubits}] c;"]
    body: list[str] = []
    i = 0
    while len(body) < instructions:
        a, b = edges[i % len(edges)]
        body += [f"rz({0.001 * (i % 997):.3f}) ${a};", f"sx ${b};", f"cz ${a}, ${b};", f"x ${a};"]
        i += 1
    lines += body[:instructions]
    lines += [f"c[{q}] = measure ${q};" for q in range(isa.num_qubits)]
    return "\n".join(lines) + "\n"


def _times(run: Any, repeat: int = 7) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def _median(run: Any, repeat: int = 7) -> float:
    return statistics.median(_times(run, repeat))


def main() -> str:
    configuration, _ = device_documents("ibm_fez")
    isa = InstructionSet.from_configuration(configuration)
    text = isa_program(isa)
    times = _times(lambda: check_qasm(text, isa, 0))
    qasm_s, best_s = statistics.median(times), min(times)
    verdict = "meets" if qasm_s < TARGET_SECONDS else "MISSES"
    rows = [
        "| figure | value | target |",
        "|---|---|---|",
        f"| ISA check of a {INSTRUCTIONS:,}-instruction OpenQASM 3 program on ibm_fez "
        f"(156 qubits), median of 7 | **{qasm_s * 1000:.0f} ms** ({len(text) / 1e6:.1f} MB) "
        f"| < {TARGET_SECONDS * 1000:.0f} ms ({verdict}) |",
        f"| same, best of 7 (least disturbed by other load) | {best_s * 1000:.0f} ms "
        "| (information) |",
    ]
    try:
        from qiskit import qasm3
    except ImportError:
        rows.append("| same as a QuantumCircuit | (qiskit not installed) | (information) |")
    else:
        circuit = qasm3.loads(text)
        circuit_s = _median(lambda: check_circuit(circuit, isa, 0), repeat=3)
        rows.append(
            f"| same program as a qiskit QuantumCircuit, median of 3 | {circuit_s * 1000:.0f} ms "
            "| (information) |"
        )
    table = "\n".join(rows)
    print(table)
    return table + "\n"


if __name__ == "__main__":
    main()
