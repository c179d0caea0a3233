"""A local emulator of the Qiskit Runtime REST API, for tests, demos and offline work.

    from qiskit_runtime_client.testing import RuntimeEmulator

    with RuntimeEmulator() as emu:
        client = emu.client()

Or from a shell: `python -m qiskit_runtime_client.testing --port 8000`. Needs the `emulator`
extra (werkzeug, jsonschema; qiskit and qiskit-qasm3-import to run circuits). Importing
`qiskit_runtime_client` does not import this package.
"""

from qiskit_runtime_client.testing._backends import Backend
from qiskit_runtime_client.testing._faults import FaultRule
from qiskit_runtime_client.testing._recording import RecordedRequest
from qiskit_runtime_client.testing.deviations import DEVIATIONS, Deviation
from qiskit_runtime_client.testing.emulator import RuntimeEmulator

__all__ = [
    "DEVIATIONS",
    "Backend",
    "Deviation",
    "FaultRule",
    "RecordedRequest",
    "RuntimeEmulator",
]
