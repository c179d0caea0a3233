"""Facade values from generated models (for sessions, backends, instance and accounts).

The generated models check an answer's shape (required fields, nested objects, enums); they do
not check the JSON type of a scalar field. These readers turn a model attribute into the facade's
type: `UNSET` (absent), null and a value of another JSON type all become None, and an open enum
(generated enums of answers accept values the spec does not list) becomes its plain string.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from qiskit_runtime_api.types import Unset

from qiskit_runtime_client._effects import Call, Effect, Reply, reply_of
from qiskit_runtime_client.errors import UnexpectedResponseError

M = TypeVar("M")


def unset_none(value: Any) -> Any:
    """None for a generated `UNSET`, else the value."""
    return None if isinstance(value, Unset) else value


def opt_str(value: Any) -> str | None:
    """A string attribute (an open enum as its plain value), else None."""
    value = unset_none(value)
    if isinstance(value, Enum):
        value = value.value
    return str(value) if isinstance(value, str) else None


def opt_int(value: Any) -> int | None:
    """An integer attribute (also an integral float), else None."""
    value = unset_none(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def opt_float(value: Any) -> float | None:
    """A number attribute, else None."""
    value = unset_none(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def opt_bool(value: Any) -> bool | None:
    """A boolean attribute, else None."""
    value = unset_none(value)
    return value if isinstance(value, bool) else None


def opt_time(value: Any) -> datetime | None:
    """A date-time attribute as an aware UTC datetime (naive ones are taken as UTC), else None.

    Generated models keep a timestamp they could not read as its string: that becomes None.
    """
    when = unset_none(value)
    if not isinstance(when, datetime):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def str_list(value: Any) -> list[str]:
    """The strings of a list attribute (other items dropped); [] when absent."""
    value = unset_none(value)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


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
