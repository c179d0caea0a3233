"""What the command-line tool prints: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TextIO

import attrs


def to_jsonable(value: Any) -> Any:
    """A JSON-ready copy: attrs classes and mappings as objects, datetimes as ISO 8601, numpy
    arrays and scalars as lists and numbers, BitArrays as counts with their shape."""
    from qiskit_runtime_client.results.bit_array import BitArray

    if value is None or isinstance(value, bool | int | float | str):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, BitArray):
        return {
            "counts": value.get_counts(),
            "num_bits": value.num_bits,
            "num_shots": value.num_shots,
            "shape": list(value.shape),
        }
    if attrs.has(type(value)):
        return {
            field.name: to_jsonable(getattr(value, field.name))
            for field in attrs.fields(type(value))
            if field.name != "raw"
        }
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    tolist = getattr(value, "tolist", None)
    if callable(tolist):  # numpy arrays and scalars
        return to_jsonable(tolist())
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray):
        return [to_jsonable(item) for item in value]
    return str(value)


def print_json(data: Any, out: TextIO | None = None) -> None:
    """Pretty JSON on stdout (one document per command)."""
    stream = out or sys.stdout
    json.dump(to_jsonable(data), stream, indent=2, sort_keys=False)
    stream.write("\n")


def cell(value: Any) -> str:
    """A table cell: '-' for None, short ISO times, comma-joined lists."""
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return ",".join(map(str, value)) or "-"
    return str(value)


def print_table(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO | None = None
) -> int:
    """An aligned table with a header line; returns the number of rows."""
    stream = out or sys.stdout
    text = [[cell(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    for row in [list(headers), *text]:
        stream.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        stream.write("\n")
    return len(text)


def print_fields(fields: Sequence[tuple[str, Any]], out: TextIO | None = None) -> None:
    """`name: value` lines, names aligned."""
    stream = out or sys.stdout
    width = max((len(name) for name, _ in fields), default=0)
    for name, value in fields:
        stream.write(f"{name + ':':<{width + 1}} {cell(value)}\n")
