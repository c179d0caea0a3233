"""A local emulator of the Qiskit Runtime REST API (and IBM IAM), for tests, demos and offline work.

    from qiskit_runtime_client import ManualClock
    from qiskit_runtime_client.testing import RuntimeEmulator

    clock = ManualClock()
    with RuntimeEmulator(clock=clock, seed=1) as emu, emu.client(clock=clock) as client:
        ...   # jobs queue and run on `clock`: the client's polling sleeps move them along

Or from a shell: `python -m qiskit_runtime_client.testing --port 8000` (prints the API key and
instance CRN to use). It needs the `emulator` extra: werkzeug and jsonschema for the server,
qiskit and qiskit-qasm3-import to run circuits. `import qiskit_runtime_client` never imports
this package, and qiskit is imported only when a job runs.

What it does, in short: IAM's API-key grant at /identity/token; every operation of the prepared
spec (IBM's 0.45.3 with openapi/overrides.yaml) under /api/v1 with the service's checks (Bearer
token, Service-CRN, IBM-API-Version) and 400s naming the bad field, except the usage analytics
(GET /analytics/*: 501); jobs that queue, run on qiskit's reference primitives and complete
over `queue_seconds` + `run_seconds` (jobs whose circuits are not ISA for the backend fail with
reason code 1517, as on IBM; `RuntimeEmulator(isa=False)` runs logical circuits); results in
the format the job asked for; backends are current Heron devices with their real documents
(ibm_fez, ibm_kingston, ibm_torino, ibm_marrakesh paused); GET /workloads
over the caller's jobs and sessions. Knobs for tests
(methods of RuntimeEmulator): fail_job, run_too_long, rate_limit_job_creation, inject_errors,
inject_html_error, slow_responses, drop_connections, expire_tokens, token_lifetime,
set_backend_status, set_queue_length; and `requests` / `count_requests` to see what was sent.
What the spec cannot say (shapes older IBM-API-Version values still get, errors on any
operation) is in `deviations.DEVIATIONS`; every other live fact is in openapi/overrides.yaml.
"""

from qiskit_runtime_client._extras import require_extra

require_extra("emulator", "The emulator (qiskit_runtime_client.testing)")

from qiskit_runtime_client.testing._backends import Backend  # noqa: E402
from qiskit_runtime_client.testing._faults import FaultRule  # noqa: E402
from qiskit_runtime_client.testing._recording import RecordedRequest  # noqa: E402
from qiskit_runtime_client.testing.deviations import DEVIATIONS, Deviation  # noqa: E402
from qiskit_runtime_client.testing.emulator import RuntimeEmulator  # noqa: E402

__all__ = [
    "DEVIATIONS",
    "Backend",
    "Deviation",
    "FaultRule",
    "RecordedRequest",
    "RuntimeEmulator",
]
