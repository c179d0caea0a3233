"""Errors specific to the resources (kept here until they move to qiskit_runtime_client.errors)."""

from __future__ import annotations

from qiskit_runtime_client.errors import ConflictError, QiskitRuntimeError


class JobNotCancellableError(ConflictError):
    """cancel() on a job the service will not cancel (409), usually because it already ended."""

    def __init__(self, message: str, *, job_id: str, job_status: str | None, source: ConflictError):
        super().__init__(
            message,
            status_code=source.status_code,
            method=source.method,
            path=source.path,
            errors=source.errors,
            trace=source.trace,
            body=source.body,
        )
        self.job_id = job_id
        self.job_status = job_status


class NoBackendAvailableError(QiskitRuntimeError, LookupError):
    """least_busy() found no online, available backend matching the filters."""
