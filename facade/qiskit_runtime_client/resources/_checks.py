"""Checks on user input, run before any request: each error names the field and what is allowed."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from qiskit_runtime_client._constants import MAX_TAG_LENGTH, MAX_TAGS
from qiskit_runtime_client.resources._parse import format_time, parse_time

#: GET /jobs `limit` bounds.
MAX_PAGE_SIZE = 200


def check_tags(tags: Any, field: str = "tags", *, max_items: int = MAX_TAGS) -> list[str]:
    """A list of 1..max_items tags, each a string of 1..MAX_TAG_LENGTH characters."""
    if isinstance(tags, str | bytes) or not isinstance(tags, Iterable):
        raise TypeError(f"{field} must be a list of strings, got {type(tags).__name__}")
    values = list(tags)
    if not 1 <= len(values) <= max_items:
        raise ValueError(f"{field} must hold 1 to {max_items} tags, got {len(values)}")
    for tag in values:
        if not isinstance(tag, str):
            raise TypeError(f"{field} must hold strings, got {type(tag).__name__}: {tag!r}")
        if not 1 <= len(tag) <= MAX_TAG_LENGTH or not tag.strip():
            raise ValueError(
                f"each tag in {field} must be 1 to {MAX_TAG_LENGTH} characters and not blank, "
                f"got {tag!r} ({len(tag)} characters)"
            )
    return values


def check_int(value: Any, field: str, *, minimum: int, maximum: int | None = None) -> int:
    """An int (not a bool) within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} must be an int, got {type(value).__name__}: {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        allowed = f"{minimum}..{maximum}" if maximum is not None else f">= {minimum}"
        raise ValueError(f"{field} must be in {allowed}, got {value}")
    return value


def check_bool(value: Any, field: str) -> bool | None:
    """None or a real bool (not 0/1 or 'true')."""
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{field} must be True, False or None, got {type(value).__name__}")
    return value


def check_text(value: Any, field: str, *, max_length: int, min_length: int = 1) -> str | None:
    """None or a string of min_length..max_length characters (for query parameters)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a string, got {type(value).__name__}")
    if not min_length <= len(value) <= max_length or not value.strip():
        raise ValueError(
            f"{field} must be {min_length} to {max_length} characters and not blank, "
            f"got {len(value)} characters"
        )
    return value


def check_time(value: Any, field: str) -> str | None:
    """None, or a datetime / ISO 8601 string as UTC ISO text (naive datetimes are local time)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, str):
        parsed = parse_time(value) if len(value) <= 100 else None
        if parsed is None:
            raise ValueError(
                f"{field} must be a datetime or an ISO 8601 string such as "
                f"'2026-01-31T12:00:00Z', got {value[:100]!r}"
            )
        return format_time(parsed)
    raise TypeError(f"{field} must be a datetime or an ISO 8601 string, got {type(value).__name__}")


def check_sort(value: Any) -> str | None:
    """None, 'ASC' or 'DESC' (any case)."""
    if value is None:
        return None
    if not isinstance(value, str) or value.upper() not in {"ASC", "DESC"}:
        raise ValueError(f"sort must be 'ASC' or 'DESC', got {value!r}")
    return value.upper()


def check_seconds(value: Any, field: str) -> float | None:
    """None or a positive finite number of seconds."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{field} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{field} must be a positive number of seconds, got {value}")
    return float(value)


def check_choice(value: Any, field: str, allowed: tuple[str, ...]) -> str:
    """One of the allowed strings."""
    if value not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    result: str = value
    return result
