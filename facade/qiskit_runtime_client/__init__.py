"""qiskit-runtime-client: a light client for the IBM Quantum Qiskit Runtime REST API.

Names are imported on first use (PEP 562), so `import qiskit_runtime_client` stays cheap: no
generated modules, numpy or qiskit until something needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client._version import __version__

if TYPE_CHECKING:
    from qiskit_runtime_client._accounts import save_account
    from qiskit_runtime_client._client import AsyncRuntimeClient, RuntimeClient
    from qiskit_runtime_client._clock import ManualClock
    from qiskit_runtime_client.errors import (
        AmbiguousInstanceError,
        APIConnectionError,
        APIError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ClientClosedError,
        ConfigurationError,
        ConflictError,
        ErrorDetail,
        InstanceNotFoundError,
        JobCancelledError,
        JobError,
        JobFailedError,
        JobMaxExecutionTimeError,
        JobNotCancellableError,
        JobSubmissionUncertainError,
        JobTimeoutError,
        MissingExtraError,
        NoBackendAvailableError,
        NonIsaCircuitError,
        NotFoundError,
        PermissionDeniedError,
        QiskitRuntimeError,
        RateLimitError,
        ResponseTooLargeError,
        ServerError,
        SessionClosedError,
        UnexpectedResponseError,
    )
    from qiskit_runtime_client.primitives.options import EstimatorOptions, SamplerOptions
    from qiskit_runtime_client.primitives.pubs import EstimatorPub, SamplerPub
    from qiskit_runtime_client.resources._details import JobDetails
    from qiskit_runtime_client.resources._paging import AsyncJobPager, JobPager
    from qiskit_runtime_client.resources._status import JobState, JobStatus
    from qiskit_runtime_client.resources._wait_all import WaitAllResult
    from qiskit_runtime_client.resources.backends import Backend, BackendStatus
    from qiskit_runtime_client.resources.job import AsyncJob, Job
    from qiskit_runtime_client.resources.primitives import (
        AsyncEstimator,
        AsyncSampler,
        Estimator,
        Sampler,
    )
    from qiskit_runtime_client.resources.sessions import AsyncSession, Session
    from qiskit_runtime_client.results.bit_array import BitArray
    from qiskit_runtime_client.results.containers import DataBin, PrimitiveResult
    from qiskit_runtime_client.results.errors import ResultDecodeError
    from qiskit_runtime_client.target import apply_layout

_ERRORS = (
    "JobNotCancellableError",
    "NoBackendAvailableError",
    "NonIsaCircuitError",
    "MissingExtraError",
    "APIConnectionError",
    "APIError",
    "AmbiguousInstanceError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "ErrorDetail",
    "InstanceNotFoundError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobMaxExecutionTimeError",
    "JobSubmissionUncertainError",
    "JobTimeoutError",
    "NotFoundError",
    "PermissionDeniedError",
    "QiskitRuntimeError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "SessionClosedError",
    "UnexpectedResponseError",
)

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "RuntimeClient": "qiskit_runtime_client._client",
    "AsyncRuntimeClient": "qiskit_runtime_client._client",
    "save_account": "qiskit_runtime_client._accounts",
    "ManualClock": "qiskit_runtime_client._clock",
    "Job": "qiskit_runtime_client.resources.job",
    "AsyncJob": "qiskit_runtime_client.resources.job",
    "JobStatus": "qiskit_runtime_client.resources._status",
    "JobState": "qiskit_runtime_client.resources._status",
    "JobDetails": "qiskit_runtime_client.resources._details",
    "Backend": "qiskit_runtime_client.resources.backends",
    "apply_layout": "qiskit_runtime_client.target",
    "BackendStatus": "qiskit_runtime_client.resources.backends",
    "Session": "qiskit_runtime_client.resources.sessions",
    "AsyncSession": "qiskit_runtime_client.resources.sessions",
    "JobPager": "qiskit_runtime_client.resources._paging",
    "AsyncJobPager": "qiskit_runtime_client.resources._paging",
    "WaitAllResult": "qiskit_runtime_client.resources._wait_all",
    "Sampler": "qiskit_runtime_client.resources.primitives",
    "Estimator": "qiskit_runtime_client.resources.primitives",
    "AsyncSampler": "qiskit_runtime_client.resources.primitives",
    "AsyncEstimator": "qiskit_runtime_client.resources.primitives",
    "SamplerPub": "qiskit_runtime_client.primitives.pubs",
    "EstimatorPub": "qiskit_runtime_client.primitives.pubs",
    "SamplerOptions": "qiskit_runtime_client.primitives.options",
    "EstimatorOptions": "qiskit_runtime_client.primitives.options",
    "PrimitiveResult": "qiskit_runtime_client.results.containers",
    "BitArray": "qiskit_runtime_client.results.bit_array",
    "DataBin": "qiskit_runtime_client.results.containers",
    "ResultDecodeError": "qiskit_runtime_client.results.errors",
    **{name: "qiskit_runtime_client.errors" for name in _ERRORS},
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AmbiguousInstanceError",
    "AsyncEstimator",
    "AsyncJob",
    "AsyncJobPager",
    "AsyncRuntimeClient",
    "AsyncSampler",
    "AsyncSession",
    "AuthenticationError",
    "Backend",
    "BackendStatus",
    "BadRequestError",
    "BitArray",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DataBin",
    "ErrorDetail",
    "Estimator",
    "EstimatorOptions",
    "EstimatorPub",
    "InstanceNotFoundError",
    "Job",
    "JobCancelledError",
    "JobDetails",
    "JobError",
    "JobFailedError",
    "JobMaxExecutionTimeError",
    "JobNotCancellableError",
    "JobPager",
    "JobState",
    "JobStatus",
    "JobSubmissionUncertainError",
    "JobTimeoutError",
    "ManualClock",
    "MissingExtraError",
    "NoBackendAvailableError",
    "NonIsaCircuitError",
    "NotFoundError",
    "PermissionDeniedError",
    "PrimitiveResult",
    "QiskitRuntimeError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResultDecodeError",
    "RuntimeClient",
    "Sampler",
    "SamplerOptions",
    "SamplerPub",
    "ServerError",
    "Session",
    "SessionClosedError",
    "UnexpectedResponseError",
    "WaitAllResult",
    "__version__",
    "apply_layout",
    "save_account",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qiskit_runtime_client' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
