"""Tolerant readers for server JSON and generated models: a typed value or None, never a crash.

Answers are parsed by the generated models (`_api`); these helpers turn their `UNSET` into None,
their datetimes into aware UTC ones, and read the few values a model keeps in
`additional_properties` (fields of older API versions) with the type the facade promises.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from qiskit_runtime_api.types import Unset

from qiskit_runtime_client.errors import UnexpectedResponseError

T = TypeVar("T")


def opt(value: T | Unset) -> T | None:
    """A generated model's field, None where the answer did not have it (`UNSET`)."""
    return None if isinstance(value, Unset) else value


def utc(value: datetime | Unset | None) -> datetime | None:
    """A model's datetime as an aware UTC datetime (a naive one is taken as UTC), else None."""
    if not isinstance(value, datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def as_dict(value: Any) -> dict[str, Any]:
    """The value if it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def expect_dict(value: Any, what: str) -> dict[str, Any]:
    """The value as a JSON object, or UnexpectedResponseError naming what was expected."""
    if not isinstance(value, dict):
        raise UnexpectedResponseError(
            f"expected {what} as a JSON object, got {type(value).__name__}: {str(value)[:200]!r}"
        )
    return value


def opt_str(value: Any) -> str | None:
    """A string field (an open enum of a generated model as its plain value), or None when
    absent (`UNSET`) or of another type."""
    if isinstance(value, Enum):
        value = value.value
    return str(value) if isinstance(value, str) else None


def opt_int(value: Any) -> int | None:
    """An integer field (also from an integral float or a numeric string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def opt_float(value: Any) -> float | None:
    """A number field, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None


def opt_bool(value: Any) -> bool | None:
    """A boolean field, else None."""
    return value if isinstance(value, bool) else None


def str_list(value: Any) -> list[str]:
    """The strings of a JSON array (other items dropped); [] when absent."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as an aware UTC datetime, or None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            from dateutil.parser import isoparse

            parsed = isoparse(value.strip())
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_time(value: datetime) -> str:
    """A datetime as the ISO 8601 UTC form the service expects, e.g. 2026-01-02T03:04:05.000006Z."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
