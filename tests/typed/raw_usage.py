"""A typed user of `client.raw`: the generated operations through the facade's connection.

`make typecheck` checks this file with mypy --strict, so a generated signature that changes
(an operation renamed, a parameter or field removed) fails there; test_raw_usage.py runs it.
"""

from __future__ import annotations

from qiskit_runtime_api.api.backends import list_backends
from qiskit_runtime_api.api.jobs import get_job, list_jobs
from qiskit_runtime_api.models import BackendsResponse, JobResponse, JobsResponse
from qiskit_runtime_api.types import Unset
from qiskit_runtime_client import RuntimeClient


def backend_names(client: RuntimeClient) -> list[str]:
    """The names of the backends, read with the generated list_backends."""
    answer = list_backends.sync(client=client.raw)
    if not isinstance(answer, BackendsResponse) or isinstance(answer.devices, Unset):
        return []
    return [device.name for device in answer.devices]


def newest_job_status(client: RuntimeClient) -> str | None:
    """The status of the newest job, read with the generated list_jobs and get_job."""
    page = list_jobs.sync(client=client.raw, limit=1)
    if not isinstance(page, JobsResponse) or isinstance(page.jobs, Unset) or not page.jobs:
        return None
    job = get_job.sync(page.jobs[0].id, client=client.raw)
    return str(job.status) if isinstance(job, JobResponse) else None
