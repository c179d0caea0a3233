"""Small value checks shared by PUB and option validation; each names the field it rejects."""

from __future__ import annotations

import math
import numbers
from typing import Any, Final, cast


class Unset:
    """Type of the `UNSET` sentinel: an option or PUB field the user did not give."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


def is_int(value: object) -> bool:
    """True for ints and numpy integers, false for bools (which Python counts as ints)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value: object) -> bool:
    """True for finite real numbers (ints, floats, numpy scalars), false for bools."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return math.isfinite(float(value))


def positive_int(value: object, field: str) -> int:
    """Return `value` as an int when it is a positive integer, else raise naming `field`."""
    if not is_int(value):
        raise TypeError(f"{field}: expected a positive int, got {show(value)}")
    as_int = int(cast(numbers.Integral, value))
    if as_int <= 0:
        raise ValueError(f"{field}: must be a positive int (>= 1), got {as_int}")
    return as_int


def positive_float(value: object, field: str) -> float:
    """Return `value` as a float when it is a finite number > 0, else raise naming `field`."""
    if not is_real(value):
        raise TypeError(f"{field}: expected a finite number > 0, got {show(value)}")
    as_float = float(cast(numbers.Real, value))
    if as_float <= 0:
        raise ValueError(f"{field}: must be > 0, got {as_float}")
    return as_float


def show(value: Any) -> str:
    """Short repr with the type, for error messages (never huge)."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{text} ({type(value).__name__})"
