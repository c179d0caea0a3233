"""Errors and warnings raised while decoding job results."""

from __future__ import annotations

from qiskit_runtime_client.errors import QiskitRuntimeError


class ResultDecodeError(QiskitRuntimeError, ValueError):
    """The result payload is not valid JSON or not a shape this client understands."""


class UnknownResultTypeWarning(UserWarning):
    """A `__type__` this client does not know was kept as a plain dict."""
