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
        APIConnectionError,
        APIError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConfigurationError,
        ConflictError,
        ErrorDetail,
        JobCancelledError,
        JobError,
        JobFailedError,
        JobMaxExecutionTimeError,
        JobSubmissionUncertainError,
        JobTimeoutError,
        NotFoundError,
        PermissionDeniedError,
        QiskitRuntimeError,
        RateLimitError,
        ServerError,
        SessionClosedError,
        UnexpectedResponseError,
    )

_ERRORS = (
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ErrorDetail",
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
    **{name: "qiskit_runtime_client.errors" for name in _ERRORS},
}

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncRuntimeClient",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "ErrorDetail",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobMaxExecutionTimeError",
    "JobSubmissionUncertainError",
    "JobTimeoutError",
    "ManualClock",
    "NotFoundError",
    "PermissionDeniedError",
    "QiskitRuntimeError",
    "RateLimitError",
    "RuntimeClient",
    "ServerError",
    "SessionClosedError",
    "UnexpectedResponseError",
    "__version__",
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
