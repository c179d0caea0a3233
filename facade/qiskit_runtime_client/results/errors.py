"""Errors and warnings raised while decoding job results."""

from __future__ import annotations

from qiskit_runtime_client.errors import UnexpectedResponseError


class ResultDecodeError(UnexpectedResponseError, ValueError):
    """The result payload is not valid JSON or not a shape this client understands.

    It is an UnexpectedResponseError: every way an answer can be unreadable is one of those.
    """


class ResultTooLargeError(ResultDecodeError):
    """A result declares an array larger than the client accepts (`limit` bytes).

    `setting` names the bound to raise: `qiskit_runtime_client.results.limits.MAX_ARRAY_BYTES`.
    """

    def __init__(self, message: str, *, limit: int, setting: str) -> None:
        super().__init__(message)
        self.limit = limit
        self.setting = setting


class UnknownResultTypeWarning(UserWarning):
    """A `__type__` this client does not know was kept as a plain dict."""
