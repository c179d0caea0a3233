"""The machinery behind the option classes: per-field checks, dict coercion, set-keys-only output.

Every option field defaults to `UNSET`; only fields the user set are serialised. Each check
names the full option path (e.g. `options.twirling.strategy`) and the allowed values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import attrs

from qiskit_runtime_client.primitives._checks import UNSET, is_int, is_real, show

Check = Callable[[Any, str], None]
T = TypeVar("T", bound="OptionGroup")
AUTO = "auto"


@attrs.define(kw_only=True)
class OptionGroup:
    """Base of all option classes: dict coercion with key suggestions and set-keys-only output."""

    _path: ClassVar[str] = "options"

    def __attrs_post_init__(self) -> None:
        self.check_consistency()

    def check_consistency(self) -> None:
        """Checks that involve several fields; subclasses override. Runs again at output."""

    def to_dict(self) -> dict[str, Any]:
        """The fields that were set, nested groups included when they have set fields."""
        self.check_consistency()
        out: dict[str, Any] = {}
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if value is UNSET:
                continue
            if isinstance(value, OptionGroup):
                value = value.to_dict()
                if not value:
                    continue
            out[field.name] = _plain(value)
        return out

    @classmethod
    def field_names(cls) -> list[str]:
        """The documented keys of this option group."""
        return [field.name for field in attrs.fields(cls)]


def coerce_group(cls: type[T], value: object) -> T:
    """An option group from an instance or a plain dict (unknown keys rejected with a hint)."""
    if isinstance(value, cls):
        return value
    if value is None or value is UNSET:
        return cls()
    if type(value).__module__.startswith("qiskit_ibm_runtime."):
        value = sdk_options_dict(cls, value)
    elif not isinstance(value, Mapping):
        kind = type(value)
        got = show(value)
        if kind.__name__ == cls.__name__:  # same name, another class: say whose each one is
            got = f"{kind.__module__}.{kind.__name__}"
        raise TypeError(
            f"{cls._path}: expected qiskit_runtime_client's {cls.__name__} or a dict, got {got}"
        )
    valid = cls.field_names()
    for key in value:
        if not isinstance(key, str):
            raise TypeError(f"{cls._path}: option keys must be strings, got {show(key)}")
        if key not in valid:
            import difflib  # only for this error's hint: a first submission need not load it

            close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ValueError(
                f"{cls._path}: unknown option {key!r}{hint} Valid keys: {', '.join(valid)}"
            )
    return cls(**value)


def sdk_options_dict(cls: type[OptionGroup], value: object) -> dict[str, Any]:
    """The set fields of a qiskit-ibm-runtime option object, as the dict `cls` takes.

    The SDK's option classes mirror ours field by field (its UNSET values are left out); a class
    of the other primitive is refused saying where it belongs; unknown fields, as for a dict.
    """
    import dataclasses

    kind = type(value)
    sdk_name = f"qiskit_ibm_runtime's {kind.__name__}"
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        raise TypeError(
            f"{cls._path}: {sdk_name} is not an option object; pass qiskit_runtime_client's "
            f"{cls.__name__} or a dict"
        )
    if kind.__name__ != cls.__name__ and kind.__name__.endswith("Options"):
        other = "estimator" if "Estimator" in kind.__name__ else "sampler"
        hint = (
            f" (options for the {other}: pass them to client.{other}(...).run(...))"
            if kind.__name__ in ("SamplerOptions", "EstimatorOptions")
            else ""
        )
        raise TypeError(f"{cls._path}: expected {cls.__name__}, got {sdk_name}{hint}")
    document: dict[str, Any] = _set_fields(dataclasses.asdict(value))
    document.pop("_VERSION", None)
    return document


def _set_fields(value: Any) -> Any:
    """A dataclass-dict without the SDK's Unset sentinels and Nones (nested dicts too)."""
    if isinstance(value, dict):
        return {
            k: _set_fields(v)
            for k, v in value.items()
            if v is not None and type(v).__name__ != "UnsetType"
        }
    return value


def option(check: Check, converter: Callable[[Any], Any] | None = None) -> Any:
    """An attrs field defaulting to UNSET whose value, when set, must pass `check`."""

    def validate(instance: OptionGroup, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not UNSET:
            check(value, f"{instance._path}.{attribute.name}")

    if converter is None:
        return attrs.field(default=UNSET, validator=validate)
    return attrs.field(default=UNSET, validator=validate, converter=converter)


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively, so output is plain JSON."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---- checks -------------------------------------------------------------------------------


def boolean(value: Any, field: str) -> None:
    """A bool (True/False), nothing else."""
    if not isinstance(value, bool):
        raise TypeError(f"{field}: expected True or False, got {show(value)}")


def one_of(*choices: str) -> Check:
    """One of the listed strings."""

    def check(value: Any, field: str) -> None:
        if value not in choices or not isinstance(value, str):
            allowed = ", ".join(repr(c) for c in choices)
            raise ValueError(f"{field}: {value!r} is not one of {allowed}")

    return check


def integer(
    minimum: int | None = None,
    maximum: int | None = None,
    *,
    auto: bool = False,
    none: bool = False,
) -> Check:
    """An int (not bool) within [minimum, maximum]; optionally "auto" or None too."""

    def check(value: Any, field: str) -> None:
        if (auto and value == AUTO) or (none and value is None):
            return
        if not is_int(value):
            extra = (' or "auto"' if auto else "") + (" or None" if none else "")
            raise TypeError(f"{field}: expected an int{extra}, got {show(value)}")
        _in_range(int(value), field, minimum, maximum)

    return check


def number(
    *,
    gt: float | None = None,
    ge: float | None = None,
    auto: bool = False,
    none: bool = False,
) -> Check:
    """A finite real number (> gt, >= ge); optionally "auto" or None too."""

    def check(value: Any, field: str) -> None:
        if (auto and value == AUTO) or (none and value is None):
            return
        if not is_real(value):
            extra = (' or "auto"' if auto else "") + (" or None" if none else "")
            raise TypeError(f"{field}: expected a finite number{extra}, got {show(value)}")
        if gt is not None and not float(value) > gt:
            raise ValueError(f"{field}: must be > {gt}, got {value}")
        _in_range(float(value), field, ge, None)

    return check


def _in_range(value: float, field: str, low: float | None, high: float | None) -> None:
    if low is not None and value < low:
        raise ValueError(f"{field}: must be >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{field}: must be <= {high}, got {value}")


def list_of(
    item: Check,
    *,
    min_len: int = 1,
    max_len: int | None = None,
    auto: bool = False,
    none: bool = False,
) -> Check:
    """A list/tuple of items each passing `item`; optionally "auto" or None instead."""

    def check(value: Any, field: str) -> None:
        if (auto and value == AUTO) or (none and value is None):
            return
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise TypeError(f"{field}: expected a list, got {show(value)}")
        if len(value) < min_len:
            raise ValueError(f"{field}: needs at least {min_len} item(s), got {len(value)}")
        if max_len is not None and len(value) > max_len:
            raise ValueError(f"{field}: at most {max_len} items allowed, got {len(value)}")
        for i, element in enumerate(value):
            item(element, f"{field}[{i}]")

    return check


def string(*, min_len: int = 1, max_len: int | None = None) -> Check:
    """A str with a length limit."""

    def check(value: Any, field: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"{field}: expected a string, got {show(value)}")
        if len(value) < min_len or (max_len is not None and len(value) > max_len):
            limit = f"{min_len}..{max_len}" if max_len is not None else f">= {min_len}"
            raise ValueError(f"{field}: length must be {limit} characters, got {len(value)}")

    return check


def one_or_list_of(*choices: str) -> Check:
    """One of `choices`, or a non-empty list of them."""
    single = one_of(*choices)
    many = list_of(single)

    def check(value: Any, field: str) -> None:
        (single if isinstance(value, str) else many)(value, field)

    return check


def mapping(*, none: bool = False) -> Check:
    """A dict with string keys (free-form contents)."""

    def check(value: Any, field: str) -> None:
        if none and value is None:
            return
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise TypeError(f"{field}: expected a dict with string keys, got {show(value)}")

    return check


def json_value(value: Any, field: str) -> None:
    """Any JSON-shaped value: dict, list, str, number, bool or None (opaque data)."""
    if not isinstance(value, Mapping | list | tuple | str | int | float | bool | type(None)):
        raise TypeError(f"{field}: expected JSON data (dict or list), got {show(value)}")
