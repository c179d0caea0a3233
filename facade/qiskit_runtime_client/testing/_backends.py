"""The emulator's backends and their documents (configuration, properties, defaults, status).

The default lineup is current IBM Heron devices with their real documents: the configuration
and properties snapshots the official SDK ships for ibm_fez, ibm_marrakesh, ibm_kingston (with
fractional gates) and ibm_torino (without), copied by scripts/make_emulator_devices.py into
`_devices/`. A Backend built by hand (tests) without `device` gets made-up but plausible
documents instead (seeded by name): heavy-hex-like coupling maps, rows of qubits joined by
bridges, with `coords` [column, row] for each qubit; a simulator connects every pair.
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

#: when the emulated calibrations were taken, in the two forms the spec gives dates
_CALIBRATED = "2026-01-15T06:00:00.000Z"  # each property's `date` (24 characters)
_CALIBRATED_AT = "2026-01-15T06:00:00Z"  # the document's `last_update_date` (20 characters)
_ONLINE_DATE = "2024-01-01T00:00:00.000Z"
TWO_QUBIT_GATES = frozenset({"cz", "rzz", "ecr", "cx"})

#: each basis gate's parameters and OpenQASM 2 definition, as configuration documents give them
GATE_DEFINITIONS: dict[str, tuple[list[str], str]] = {
    "id": ([], "gate id q { U(0, 0, 0) q; }"),
    "x": ([], "gate x q { U(pi, 0, pi) q; }"),
    "sx": ([], "gate sx q { U(pi/2, 3*pi/2, pi/2) q; }"),
    "h": ([], "gate h q { U(pi/2, 0, pi) q; }"),
    "rz": (["theta"], "gate rz(theta) q { U(0, 0, theta) q; }"),
    "rx": (["theta"], "gate rx(theta) q { U(theta, -pi/2, pi/2) q; }"),
    "u": (["theta", "phi", "lambda"], "gate u(theta, phi, lambda) q { U(theta, phi, lambda) q; }"),
    "cx": ([], "gate cx q0, q1 { CX q0, q1; }"),
    "cz": ([], "gate cz q0, q1 { U(pi/2, 0, pi) q1; CX q0, q1; U(pi/2, 0, pi) q1; }"),
    "rzz": (["theta"], "gate rzz(theta) q0, q1 { CX q0, q1; U(0, 0, theta) q1; CX q0, q1; }"),
    "ecr": ([], "gate ecr q0, q1 { rzx(pi/4) q0, q1; x q0; rzx(-pi/4) q0, q1; }"),
}


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
    #: sample time in nanoseconds (the configuration's `dt` and `dtm`); None for a simulator
    dt: float | None = 4
    #: a real device whose recorded documents this backend serves (`_devices/<device>.*`)
    device: str | None = None

    @cached_property
    def _documents(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        if self.device is None:
            return None
        configuration, properties = device_documents(self.device)
        configuration = {k: v for k, v in configuration.items() if v is not None}
        configuration["backend_name"] = properties["backend_name"] = self.name
        return configuration, properties

    @property
    def runs_jobs(self) -> bool:
        """Only an online backend moves jobs out of the queue."""
        return self.status == "online"

    @cached_property
    def _layout(self) -> tuple[list[list[int]], list[list[int]]]:
        """(directed coupling map, coords of each qubit)."""
        if self._documents is not None:
            configuration = self._documents[0]
            return configuration["coupling_map"], configuration.get("coords") or []
        if self.is_simulator:
            pairs = itertools.permutations(range(self.qubits), 2)
            return [list(pair) for pair in pairs], [[q + 1, 1] for q in range(self.qubits)]
        return _heavy_hex_like(self.qubits)

    @property
    def coupling_map(self) -> list[list[int]]:
        """Directed edges (both directions) of a heavy-hex-like lattice; all pairs (simulator)."""
        return self._layout[0]

    @property
    def coords(self) -> list[list[int]]:
        """[column, row] of each qubit on the lattice (1-based, like the service's)."""
        return self._layout[1]

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
        if self._documents is not None:
            return {**self._documents[0], **self.extra}  # served as is: a shallow copy will do
        single = [[q] for q in range(self.qubits)]
        gates = []
        for gate in self.basis_gates:
            parameters, qasm_def = GATE_DEFINITIONS[gate]
            gates.append(
                {
                    "name": gate,
                    "parameters": parameters,
                    "qasm_def": qasm_def,
                    "coupling_map": self.coupling_map if gate in TWO_QUBIT_GATES else single,
                }
            )
        doc: dict[str, Any] = {
            "backend_name": self.name,
            "backend_version": self.version,
            "n_qubits": self.qubits,
            "basis_gates": list(self.basis_gates),
            "gates": gates,
            "coupling_map": self.coupling_map,
            "coords": self.coords,
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
            "online_date": _ONLINE_DATE,
            "description": f"{self.qubits} qubit device",
            "processor_type": {
                "family": self.family,
                "revision": self.revision,
                "segment": self.segment,
            },
            "rep_delay_range": [0.0, 500.0],
            "default_rep_delay": 250,
            "meas_levels": [1, 2],
            "meas_map": [list(range(self.qubits))],
            "dynamic_reprate_enabled": True,
            "multi_meas_enabled": True,
            "measure_esp_enabled": False,
            "allow_q_object": True,
            # quantum_volume and clops: null from the service today, which the spec does not
            # allow; left out
            "clops_h": self.clops,
            "sample_name": f"family: {self.family}, revision: {self.revision}",
            "url": "None",
            "u_channel_lo": [],
            "timing_constraints": _timing_constraints(self.dt),
        }
        if self.dt is not None:
            doc["dt"] = doc["dtm"] = self.dt
        return doc | self.extra

    def properties(self) -> dict[str, Any]:
        """GET /backends/{id}/properties: per-qubit and per-gate calibration numbers."""
        if self._documents is not None:
            return dict(self._documents[1])
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
            "last_update_date": _CALIBRATED_AT,
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


def _timing_constraints(dt: float | None) -> dict[str, int]:
    """In samples: Eagle-era (dt 2/9 ns) devices align to 16; Heron-era (4 ns) ones to 1."""
    if dt is not None and dt >= 1:
        return {"acquire_alignment": 1, "granularity": 1, "min_length": 2, "pulse_alignment": 1}
    return {"acquire_alignment": 16, "granularity": 16, "min_length": 64, "pulse_alignment": 16}


def _heavy_hex_like(total: int) -> tuple[list[list[int]], list[list[int]]]:
    """Rows of up to 15 qubits in a line, joined by 4 bridge qubits between consecutive rows:
    (directed edges, [column, row] of each qubit)."""
    edges: set[tuple[int, int]] = set()
    coords: list[list[int]] = []
    previous: list[int] = []
    next_qubit = 0
    row_number = 1
    while next_qubit < total:
        row = list(range(next_qubit, min(next_qubit + 15, total)))
        next_qubit += len(row)
        coords += [[column + 1, row_number] for column in range(len(row))]
        edges.update(itertools.pairwise(row))
        columns = (0, 4, 8, 12) if len(edges) % 2 else (2, 6, 10, 14)
        for column in columns if previous else ():
            if next_qubit >= total:
                break
            if column < len(previous) and column < len(row):
                edges.add((previous[column], next_qubit))
                edges.add((next_qubit, row[column]))
                coords.append([column + 1, row_number - 1])
                next_qubit += 1
        previous = row
        row_number += 2
    directed = sorted({*edges, *((b, a) for a, b in edges)})
    return [[a, b] for a, b in directed], coords


@cache
def device_documents(device: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(configuration, properties) recorded for a real device (read once per process)."""
    folder = resources.files("qiskit_runtime_client.testing") / "_devices"
    documents = []
    for kind in ("configuration", "properties"):
        data = (folder / f"{device}.{kind}.json.gz").read_bytes()
        documents.append(json.loads(gzip.decompress(data)))
    return documents[0], documents[1]


#: the real devices the emulator can serve (documents in `_devices/`)
DEVICES = ("ibm_fez", "ibm_marrakesh", "ibm_kingston", "ibm_torino")


def default_backends() -> list[Backend]:
    """Current Heron devices with their real documents: ibm_fez (156 qubits, least busy),
    ibm_kingston (156), ibm_torino (133, no fractional gates) and ibm_marrakesh (156, paused)."""
    return [
        Backend("ibm_fez", 156, "Heron", "2", "r2", 195000, base_queue=2, device="ibm_fez"),
        Backend(
            "ibm_kingston", 156, "Heron", "2", "r2", 250000, base_queue=7, device="ibm_kingston"
        ),
        Backend(
            "ibm_torino",
            133,
            "Heron",
            "1",
            "r1",
            210000,
            base_queue=11,
            basis_gates=("cz", "id", "rz", "sx", "x"),
            device="ibm_torino",
        ),
        Backend(
            "ibm_marrakesh",
            156,
            "Heron",
            "2",
            "r2",
            195000,
            status="paused",
            reason="internal maintenance",
            base_queue=4,
            device="ibm_marrakesh",
        ),
    ]
