"""Result containers mirroring Qiskit's: PrimitiveResult -> pub results -> DataBin fields.

Sampler data maps each classical register to a `BitArray`; estimator data holds `evs`, `stds`,
`ensemble_standard_error` and any further fields as numpy arrays with the PUB's shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload


class DataBin(Mapping[str, Any]):
    """Named data fields of one PUB result, readable as `data.evs` or `data["evs"]`."""

    __slots__ = ("_fields", "_shape")

    def __init__(self, *, shape: Iterable[int] = (), **fields: Any) -> None:
        self._shape = tuple(int(n) for n in shape)
        self._fields = dict(fields)

    @property
    def shape(self) -> tuple[int, ...]:
        """The PUB's broadcast shape."""
        return self._shape

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__getattribute__("_fields")[name]
        except KeyError:
            fields = ", ".join(self._fields) or "none"
            raise AttributeError(f"DataBin has no field {name!r} (fields: {fields})") from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), *self._fields]

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={_short(v)}" for k, v in self._fields.items())
        return f"DataBin(shape={self._shape}, {inner})" if inner else f"DataBin({self._shape})"


class PubResult:
    """The result of one PUB: its `data` and the service's `metadata`."""

    __slots__ = ("data", "metadata")

    def __init__(self, data: DataBin, metadata: Mapping[str, Any] | None = None) -> None:
        self.data = data
        self.metadata: dict[str, Any] = dict(metadata or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(data={self.data!r}, metadata={self.metadata!r})"


class SamplerPubResult(PubResult):
    """A Sampler PUB result: one BitArray per classical register in `data`."""

    __slots__ = ()


class EstimatorPubResult(PubResult):
    """An Estimator PUB result: `evs`, `stds`, ... arrays in `data`."""

    __slots__ = ()


class PrimitiveResult(Sequence[PubResult]):
    """A job's result: one pub result per submitted PUB, plus job-wide `metadata`."""

    __slots__ = ("_pub_results", "metadata")

    def __init__(
        self, pub_results: Iterable[PubResult], metadata: Mapping[str, Any] | None = None
    ) -> None:
        self._pub_results = list(pub_results)
        self.metadata: dict[str, Any] = dict(metadata or {})

    @overload
    def __getitem__(self, index: int) -> PubResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[PubResult]: ...
    def __getitem__(self, index: int | slice) -> PubResult | list[PubResult]:
        return self._pub_results[index]

    def __len__(self) -> int:
        return len(self._pub_results)

    def __repr__(self) -> str:
        return f"PrimitiveResult({self._pub_results!r}, metadata={self.metadata!r})"

    def to_qiskit(self) -> Any:
        """This result as qiskit's own PrimitiveResult / pub results / DataBin / BitArray."""
        from qiskit_runtime_client.results._interop import to_qiskit

        return to_qiskit(self)


def _short(value: Any) -> str:
    shape = getattr(value, "shape", None)
    if shape is not None and hasattr(value, "dtype"):
        return f"ndarray(shape={tuple(shape)}, dtype={value.dtype})"
    return repr(value)
