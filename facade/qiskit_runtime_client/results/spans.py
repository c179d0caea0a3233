"""Execution spans from result metadata: when the QPU ran which slice of which PUB's data.

The service encodes them as `ExecutionSpans` holding `DoubleSliceSpan`, `TwirledSliceSpanV2`,
`TwirledSliceSpan` or legacy `ExecutionSpan` entries; one class here covers all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, overload

import attrs

from qiskit_runtime_client.results.errors import ResultDecodeError

# How many entries each span kind's data_slices tuple has, and which hold slice bounds.
_SLICE_LAYOUTS: dict[str, tuple[int, tuple[tuple[int, int], ...]]] = {
    "ExecutionSpan": (3, ((1, 2),)),
    "DoubleSliceSpan": (5, ((1, 2), (3, 4))),
    "TwirledSliceSpan": (6, ((2, 3), (4, 5))),
    "TwirledSliceSpanV2": (7, ((2, 3), (4, 5))),
}
SPAN_TYPES = frozenset(_SLICE_LAYOUTS)


@attrs.frozen
class ExecutionSpan:
    """One time window of execution and the PUB data slices it produced."""

    kind: str
    """The service's span type, e.g. "DoubleSliceSpan"."""
    start: datetime
    stop: datetime
    data_slices: Mapping[int, tuple[Any, ...]]
    """PUB index -> (shape, ..., slice objects ...) as qiskit-ibm-runtime decodes them."""

    @property
    def duration(self) -> float:
        """Seconds between start and stop."""
        return (self.stop - self.start).total_seconds()

    @property
    def pub_idxs(self) -> list[int]:
        """Indices of the PUBs with data in this span."""
        return sorted(self.data_slices)


class ExecutionSpans(Sequence[ExecutionSpan]):
    """All spans of a job, in the service's order."""

    __slots__ = ("_spans",)

    def __init__(self, spans: Iterable[ExecutionSpan]) -> None:
        self._spans = list(spans)

    @overload
    def __getitem__(self, index: int) -> ExecutionSpan: ...
    @overload
    def __getitem__(self, index: slice) -> list[ExecutionSpan]: ...
    def __getitem__(self, index: int | slice) -> ExecutionSpan | list[ExecutionSpan]:
        return self._spans[index]

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[ExecutionSpan]:
        return iter(self._spans)

    def __repr__(self) -> str:
        return f"ExecutionSpans({self._spans!r})"

    @property
    def start(self) -> datetime | None:
        """Earliest start, or None without spans."""
        return min((s.start for s in self._spans), default=None)

    @property
    def stop(self) -> datetime | None:
        """Latest stop, or None without spans."""
        return max((s.stop for s in self._spans), default=None)


def span_from_json(kind: str, value: Mapping[str, Any]) -> ExecutionSpan:
    """Build a span from its decoded `__value__` (start/stop already datetimes)."""
    length, bounds = _SLICE_LAYOUTS[kind]
    start, stop, raw = value.get("start"), value.get("stop"), value.get("data_slices")
    if not isinstance(start, datetime) or not isinstance(stop, datetime):
        raise ResultDecodeError(f"{kind}: start/stop must be datetimes, got {start!r}, {stop!r}")
    if not isinstance(raw, Mapping):
        raise ResultDecodeError(f"{kind}: data_slices must be an object, got {raw!r}")
    slices: dict[int, tuple[Any, ...]] = {}
    for index, entry in raw.items():
        if not isinstance(entry, list) or len(entry) != length:
            raise ResultDecodeError(f"{kind}: data_slices[{index}] must have {length} entries")
        slices[int(index)] = _slice_entry(entry, bounds)
    return ExecutionSpan(kind=kind, start=start, stop=stop, data_slices=slices)


def _slice_entry(entry: list[Any], bounds: tuple[tuple[int, int], ...]) -> tuple[Any, ...]:
    firsts = {a: b for a, b in bounds}
    seconds = {b for _, b in bounds}
    out: list[Any] = [tuple(entry[0])]
    for i in range(1, len(entry)):
        if i in firsts:
            out.append(slice(entry[i], entry[firsts[i]]))
        elif i not in seconds:
            out.append(entry[i])
    return tuple(out)
