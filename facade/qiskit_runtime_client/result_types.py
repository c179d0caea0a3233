"""Static types of primitive results: what `job.result()` gives for sampler and estimator jobs.

`client.sampler(...).run(...)` returns `Job[SamplerResult]` and `client.estimator(...).run(...)`
`Job[EstimatorResult]` (AsyncJob likewise), so mypy and IDEs know that
`job.result()[0].data.meas` is a `BitArray` and `job.result()[0].data.evs` a float array.

These are Protocols describing the runtime objects (`PrimitiveResult`, `SamplerPubResult`,
`EstimatorPubResult`, `DataBin`); the primitives' decoders check the decoded value is a
`PrimitiveResult` before handing it out under these types. A handle from `client.jobs.get(id)`
does not know its primitive: its `result()` is `Any` (narrow it with `isinstance` or pass it
through `as_sampler_result` / `as_estimator_result`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Protocol, cast, overload

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from qiskit_runtime_client.results.bit_array import BitArray

__all__ = [
    "EstimatorData",
    "EstimatorPubResultType",
    "EstimatorResult",
    "SamplerData",
    "SamplerPubResultType",
    "SamplerResult",
    "as_estimator_result",
    "as_sampler_result",
    "decode_estimator_result",
    "decode_sampler_result",
]


class SamplerData(Protocol):
    """A sampler PUB's data: one `BitArray` per classical register (`data.meas`, `data["c"]`)."""

    @property
    def shape(self) -> tuple[int, ...]:
        """The PUB's broadcast shape."""

    def __getattr__(self, name: str) -> BitArray: ...
    def __getitem__(self, name: str) -> BitArray: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...


class EstimatorData(Protocol):
    """An estimator PUB's data: `evs` and `stds` float arrays with the PUB's shape."""

    @property
    def shape(self) -> tuple[int, ...]:
        """The PUB's broadcast shape."""

    @property
    def evs(self) -> NDArray[np.float64]:
        """The expectation values."""

    @property
    def stds(self) -> NDArray[np.float64]:
        """Their standard errors."""

    def __getitem__(self, name: str) -> object: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...


class SamplerPubResultType(Protocol):
    """One sampler PUB's result (a `SamplerPubResult` at run time)."""

    @property
    def data(self) -> SamplerData:
        """The PUB's registers."""

    @property
    def metadata(self) -> Mapping[str, object]:
        """The service's metadata for this PUB."""


class EstimatorPubResultType(Protocol):
    """One estimator PUB's result (an `EstimatorPubResult` at run time)."""

    @property
    def data(self) -> EstimatorData:
        """The PUB's evs and stds."""

    @property
    def metadata(self) -> Mapping[str, object]:
        """The service's metadata for this PUB."""


class SamplerResult(Protocol):
    """A sampler job's result (a `PrimitiveResult` at run time): one result per PUB."""

    @overload
    def __getitem__(self, index: int) -> SamplerPubResultType: ...
    @overload
    def __getitem__(self, index: slice) -> list[SamplerPubResultType]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[SamplerPubResultType]: ...

    @property
    def metadata(self) -> Mapping[str, object]:
        """Job-wide metadata."""

    def to_qiskit(self) -> Any:
        """This result as qiskit's own PrimitiveResult (needs qiskit)."""


class EstimatorResult(Protocol):
    """An estimator job's result (a `PrimitiveResult` at run time): one result per PUB."""

    @overload
    def __getitem__(self, index: int) -> EstimatorPubResultType: ...
    @overload
    def __getitem__(self, index: slice) -> list[EstimatorPubResultType]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[EstimatorPubResultType]: ...

    @property
    def metadata(self) -> Mapping[str, object]:
        """Job-wide metadata."""

    def to_qiskit(self) -> Any:
        """This result as qiskit's own PrimitiveResult (needs qiskit)."""


def _primitive_result(value: object, kind: str) -> object:
    from qiskit_runtime_client.results.containers import PrimitiveResult

    if not isinstance(value, PrimitiveResult):
        raise TypeError(
            f"expected the PrimitiveResult of {kind} job, got {type(value).__name__} (a job of "
            "another program? set job.decode = decode_json)"
        )
    return value


def as_sampler_result(value: object) -> SamplerResult:
    """`value` (a decoded PrimitiveResult) typed as a sampler result; TypeError otherwise."""
    return cast("SamplerResult", _primitive_result(value, "a sampler"))


def as_estimator_result(value: object) -> EstimatorResult:
    """`value` (a decoded PrimitiveResult) typed as an estimator result; TypeError otherwise."""
    return cast("EstimatorResult", _primitive_result(value, "an estimator"))


def decode_sampler_result(text: str) -> SamplerResult:
    """The decoder of sampler jobs: the /results text as a typed sampler result."""
    from qiskit_runtime_client.results import decode_result

    return as_sampler_result(decode_result(text))


def decode_estimator_result(text: str) -> EstimatorResult:
    """The decoder of estimator jobs: the /results text as a typed estimator result."""
    from qiskit_runtime_client.results import decode_result

    return as_estimator_result(decode_result(text))
