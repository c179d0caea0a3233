"""Reading answers into generated models while keeping the document as sent.

The generated models check an answer's shape (required fields, nested objects, enums); they do
not check the JSON type of a scalar field. The scalar readers that turn a model attribute into
the facade's type (`UNSET`, null and a value of another JSON type become None) live in `_parse`
and are re-exported here for the resources that read models.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, TypeVar

from qiskit_runtime_client._effects import Call, Effect, Reply, reply_of
from qiskit_runtime_client.errors import UnexpectedResponseError
from qiskit_runtime_client.resources._parse import (
    opt_bool,
    opt_float,
    opt_int,
    opt_str,
    str_list,
)
from qiskit_runtime_client.resources._parse import utc as opt_time

__all__ = [
    "fetch",
    "opt_bool",
    "opt_float",
    "opt_int",
    "opt_str",
    "opt_time",
    "parse_with",
    "read_answer",
    "str_list",
    "unexpected",
]

M = TypeVar("M")


def unexpected(call: Call[Any], data: Any, what: str) -> UnexpectedResponseError:
    """The typed error for an answer of `call` the facade cannot use (`what` says why)."""
    return UnexpectedResponseError(
        f"{call.method} {call.path} answered with {what}: {str(data)[:200]!r}",
        method=call.method,
        path=call.path,
        body=str(data)[:2000],
    )


def read_answer(call: Call[M], reply: Reply) -> tuple[M, dict[str, Any]]:
    """The answer as the call's generated model, and the JSON object the service sent.

    Every answer read here is a JSON object; anything else is UnexpectedResponseError, like a
    body the generated model refuses.
    """
    if not isinstance(reply.data, dict):
        raise unexpected(call, reply.data, f"{type(reply.data).__name__} instead of a JSON object")
    return call.read(reply), reply.data


def fetch(call: Call[M]) -> Generator[Effect, Any, tuple[M, dict[str, Any]]]:
    """Send the call; its answer as the generated model and as sent (for the facade's `raw`)."""
    reply = yield from reply_of(call)
    return read_answer(call, reply)


def parse_with(call: Call[M], data: Any) -> tuple[M, dict[str, Any]]:
    """`read_answer` for a document already at hand (as if `call` had been answered with it)."""
    return read_answer(call, Reply(status_code=200, headers={}, data=data))
