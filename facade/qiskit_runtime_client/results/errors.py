"""Errors and warnings raised while decoding job results."""

from __future__ import annotations


class ResultDecodeError(ValueError):
    """The result payload is not valid JSON or not a shape this client understands."""


class UnknownResultTypeWarning(UserWarning):
    """A `__type__` this client does not know was kept as a plain dict."""
