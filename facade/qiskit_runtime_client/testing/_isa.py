"""The service's ISA rule in the emulator: a job whose circuits are not ISA fails with 1517.

Since 1 March 2024 the service runs only circuits transpiled for the backend and fails others
with reason code 1517 and a reason such as "instruction cz on qubits (0, 5) is not supported by
the target system". The emulator applies the client's own checker (`qiskit_runtime_client.isa`)
to each PUB circuit as the job starts, with the backend's fractional gates allowed (the service
runs them on devices that have them; enabling them is a client-side choice).
`RuntimeEmulator(isa=False)` skips this and runs logical circuits.
"""

from __future__ import annotations

from typing import Any

from qiskit_runtime_client.errors import NonIsaCircuitError
from qiskit_runtime_client.isa import (
    InstructionSet,
    check_qasm,
    check_quantum_circuit,
    check_rzz_values,
)
from qiskit_runtime_client.primitives.qasm import inspect_qasm
from qiskit_runtime_client.testing._backends import Backend
from qiskit_runtime_client.testing._circuits import JobInputError, decode_circuit
from qiskit_runtime_client.testing._store import Outcome

REASON_CODE = 1517


def _encoded(values: Any) -> bool:
    return isinstance(values, dict) and "__type__" in values


def isa_refusal(params: dict[str, Any], backend: Backend, program_id: str) -> Outcome | None:
    """The failed Outcome (1517) when a PUB circuit is not ISA for the backend, else None."""
    isa = InstructionSet.from_configuration(backend.configuration(), use_fractional_gates=True)
    values_at = 2 if program_id == "estimator" else 1
    for index, pub in enumerate(params.get("pubs") or []):
        circuit = pub[0] if isinstance(pub, list) and pub else pub
        values = pub[values_at] if isinstance(pub, list) and len(pub) > values_at else None
        try:
            if isinstance(circuit, str):
                rzz = check_qasm(circuit, isa, index)
                order: list[str] = list(inspect_qasm(circuit).parameters)
            else:
                decoded = decode_circuit(circuit)
                rzz = check_quantum_circuit(decoded, isa, index)
                order = [str(p.name) for p in decoded.parameters]
            if rzz and isinstance(values, list | dict) and not _encoded(values):
                check_rzz_values(rzz, order, values, isa, index)
        except NonIsaCircuitError as exc:
            return Outcome(
                error=f"Error in the validation process of the job: pubs[{index}]: "
                f"{exc.reason}. Circuits that do not match the target hardware definition "
                "are no longer supported after March 4, 2024.",
                error_code=REASON_CODE,
            )
        except JobInputError:
            return None  # not readable: the run reports it (1002)
    return None
