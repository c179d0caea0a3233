"""The emulator's backends and their documents (configuration, properties, defaults, status).

Documents follow the shapes of the spec's examples; numbers are made up but plausible and stable
(seeded by backend name). Coupling maps are heavy-hex-like: rows of qubits joined by bridges.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

_CALIBRATED = "2026-01-15T06:00:00Z"
TWO_QUBIT_GATES = frozenset({"cz", "rzz", "ecr", "cx"})


@dataclass
class Backend:
    """One backend: what the list shows, plus knobs tests may change (status, queue)."""

    name: str
    qubits: int
    family: str
    revision: str
    segment: str
    clops: int
    status: str = "online"  # online | paused | offline
    reason: str = "available"
    base_queue: int = 0
    is_simulator: bool = False
    basis_gates: tuple[str, ...] = ("cz", "id", "rx", "rz", "rzz", "sx", "x")
    version: str = "1.0.0"
    #: emulator time since which the backend is online (jobs cannot start running before it)
    online_since: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def runs_jobs(self) -> bool:
        """Only an online backend moves jobs out of the queue."""
        return self.status == "online"

    @cached_property
    def coupling_map(self) -> list[list[int]]:
        """Directed edges (both directions) of a heavy-hex-like lattice; none for simulators."""
        if self.is_simulator:
            return []
        return _heavy_hex_like(self.qubits)

    def list_entry(self, queue_length: int) -> dict[str, Any]:
        """The device object of GET /backends (IBM-API-Version >= 2025-01-01)."""
        return {
            "name": self.name,
            "status": {"name": self.status, "reason": self.reason},
            "is_simulator": self.is_simulator,
            "qubits": self.qubits,
            "clops": {"type": "virtual" if self.is_simulator else "hardware", "value": self.clops},
            "processor_type": {
                "family": self.family,
                "revision": self.revision,
                "segment": self.segment,
            },
            "queue_length": queue_length,
        }

    def status_document(self, queue_length: int) -> dict[str, Any]:
        """GET /backends/{id}/status."""
        return {
            "state": self.status == "online",
            "status": {"online": "active", "paused": "maintenance", "offline": "internal"}[
                self.status
            ],
            "message": self.reason,
            "length_queue": queue_length,
            "backend_version": self.version,
        }

    def configuration(self) -> dict[str, Any]:
        """GET /backends/{id}/configuration."""
        gates = [
            {
                "name": gate,
                "parameters": ["theta"] if gate in ("rx", "rz", "rzz") else [],
                "qasm_def": None,
                "coupling_map": self.coupling_map
                if gate in TWO_QUBIT_GATES
                else [[q] for q in range(self.qubits)],
            }
            for gate in self.basis_gates
        ]
        return {
            "backend_name": self.name,
            "backend_version": self.version,
            "n_qubits": self.qubits,
            "basis_gates": list(self.basis_gates),
            "gates": gates,
            "coupling_map": self.coupling_map,
            "supported_instructions": [*self.basis_gates, "measure", "delay", "reset", "if_else"],
            "supported_features": ["qasm3"],
            "simulator": self.is_simulator,
            "local": False,
            "conditional": False,
            "open_pulse": False,
            "memory": True,
            "max_shots": 100000,
            "max_experiments": 300,
            "n_registers": 1,
            "credits_required": True,
            "online_date": "2024-01-01T00:00:00Z",
            "description": f"{self.qubits} qubit device",
            "processor_type": {
                "family": self.family,
                "revision": int(self.revision) if self.revision.isdigit() else self.revision,
                "segment": self.segment,
            },
            "dt": 5e-10,
            "dtm": 5e-10,
            "rep_delay_range": [0.0, 500.0],
            "default_rep_delay": 250.0,
            "meas_levels": [1, 2],
            "meas_map": [list(range(self.qubits))],
            "dynamic_reprate_enabled": True,
            "multi_meas_enabled": True,
            "measure_esp_enabled": False,
            "allow_q_object": True,
            "quantum_volume": None if self.is_simulator else 512,
            "clops_h": self.clops,
            "sample_name": f"family: {self.family}, revision: {self.revision}",
            "url": "None",
            "timing_constraints": {
                "acquire_alignment": 16,
                "granularity": 16,
                "min_length": 64,
                "pulse_alignment": 16,
            },
            **self.extra,
        }

    def properties(self) -> dict[str, Any]:
        """GET /backends/{id}/properties: per-qubit and per-gate calibration numbers."""
        rng = random.Random(self.name)

        def item(name: str, unit: str, value: float) -> dict[str, Any]:
            return {"date": _CALIBRATED, "name": name, "unit": unit, "value": value}

        qubits = [
            [
                item("T1", "us", rng.uniform(80, 300)),
                item("T2", "us", rng.uniform(40, 250)),
                item("frequency", "GHz", rng.uniform(4.5, 5.3)),
                item("anharmonicity", "GHz", rng.uniform(-0.34, -0.30)),
                item("readout_error", "", rng.uniform(0.002, 0.03)),
                item("prob_meas0_prep1", "", rng.uniform(0.002, 0.03)),
                item("prob_meas1_prep0", "", rng.uniform(0.001, 0.02)),
                item("readout_length", "ns", 1560.0),
            ]
            for _ in range(self.qubits)
        ]
        gates = []
        for gate in self.basis_gates:
            pairs = (
                [tuple(edge) for edge in self.coupling_map if edge[0] < edge[1]]
                if gate in TWO_QUBIT_GATES
                else [(q,) for q in range(self.qubits)]
            )
            two = len(pairs[0]) == 2 if pairs else False
            for qubits_of in pairs:
                if gate == "rz":
                    error = 0.0
                else:
                    error = rng.uniform(0.001, 0.006) if two else rng.uniform(1e-4, 5e-4)
                length = 0.0 if gate == "rz" else 68.0 if two else 32.0
                gates.append(
                    {
                        "gate": gate,
                        "name": gate + "_".join(str(q) for q in qubits_of),
                        "qubits": list(qubits_of),
                        "parameters": [
                            item("gate_error", "", error),
                            item("gate_length", "ns", length),
                        ],
                    }
                )
        return {
            "backend_name": self.name,
            "backend_version": self.version,
            "last_update_date": _CALIBRATED,
            "qubits": qubits,
            "gates": gates,
            "general": [],
        }

    def defaults(self) -> dict[str, Any]:
        """GET /backends/{id}/defaults (pulse-era document, without pulses)."""
        rng = random.Random(self.name + "defaults")
        return {
            "qubit_freq_est": [rng.uniform(4.5, 5.3) for _ in range(self.qubits)],
            "meas_freq_est": [rng.uniform(6.9, 7.5) for _ in range(self.qubits)],
            "buffer": 0,
            "pulse_library": [],
            "cmd_def": [],
        }


def _heavy_hex_like(total: int) -> list[list[int]]:
    """Rows of up to 15 qubits in a line, joined by 4 bridge qubits between consecutive rows."""
    edges: set[tuple[int, int]] = set()
    previous: list[int] = []
    next_qubit = 0
    while next_qubit < total:
        row = list(range(next_qubit, min(next_qubit + 15, total)))
        next_qubit += len(row)
        edges.update(itertools.pairwise(row))
        columns = (0, 4, 8, 12) if len(edges) % 2 else (2, 6, 10, 14)
        for column in columns if previous else ():
            if next_qubit >= total:
                break
            if column < len(previous) and column < len(row):
                edges.add((previous[column], next_qubit))
                edges.add((next_qubit, row[column]))
                next_qubit += 1
        previous = row
    directed = sorted({*edges, *((b, a) for a, b in edges)})
    return [[a, b] for a, b in directed]


def default_backends() -> list[Backend]:
    """ibm_fez (156 qubits), ibm_torino (133), ibm_kyiv (127, paused) and a simulator."""
    return [
        Backend("ibm_fez", 156, "Heron", "2", "r2", 195000, base_queue=2),
        Backend("ibm_torino", 133, "Heron", "1", "r1", 210000, base_queue=11),
        Backend(
            "ibm_kyiv",
            127,
            "Eagle",
            "3",
            "r3",
            30000,
            status="paused",
            reason="internal maintenance",
            base_queue=4,
            basis_gates=("ecr", "id", "rz", "sx", "x"),
        ),
        Backend(
            "ibmq_qasm_simulator",
            32,
            "Simulator",
            "1",
            "statevector",
            150,
            is_simulator=True,
            basis_gates=("cx", "id", "rz", "sx", "x", "h", "u"),
        ),
    ]
