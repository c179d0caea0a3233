"""Sampler and Estimator: validate PUBs and options, build the job body, submit, return a Job.

The body is built by the pure builders in `primitives` (nothing is sent when any PUB or option
is bad); submission goes through the session when there is one, else straight to POST /jobs.
The returned Job decodes its result into a PrimitiveResult.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, Protocol, SupportsIndex, TypeVar, overload

from qiskit_runtime_client._effects import Flow
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client._setup import submit_timeout
from qiskit_runtime_client.isa import InstructionSet, check_circuit, check_rzz_values
from qiskit_runtime_client.primitives.qasm import inspect_qasm
from qiskit_runtime_client.resources._submit import Submitted, submit_job
from qiskit_runtime_client.resources.backends import Backend, backend_configuration, backend_name
from qiskit_runtime_client.resources.job import AsyncJob, Job, submission_handle
from qiskit_runtime_client.result_types import (
    EstimatorResult,
    SamplerResult,
    decode_estimator_result,
    decode_sampler_result,
)

if TYPE_CHECKING:
    from qiskit_runtime_client.primitives import EstimatorOptions, SamplerOptions
    from qiskit_runtime_client.resources.sessions import AsyncSession, Session

R = TypeVar("R", SyncRunner, AsyncRunner)
_T_co = TypeVar("_T_co", covariant=True)


class PubSequence(Protocol[_T_co]):
    """A sequence of PUBs (list, tuple, ...) that is not a string.

    `run(qasm)` with one bare QASM string is a type error (str.__contains__ takes only str, so
    str does not match this protocol) and a TypeError at run time: pass `run([qasm])`.
    """

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[_T_co]: ...


def _listed(pubs: Any) -> Any:
    """A one-shot iterable of PUBs as a list (it is read twice: body, then ISA check)."""
    if isinstance(pubs, str | bytes):
        raise TypeError(
            "run() takes a list of PUBs, got one bare string: pass run([circuit]) or "
            "run([(circuit, parameter_values)]), not run(circuit)"
        )
    if isinstance(pubs, list | tuple) or not isinstance(pubs, Iterable):
        return pubs
    if type(pubs).__module__.startswith("qiskit") or hasattr(pubs, "circuit"):
        return pubs
    return list(pubs)


def check_pubs(pubs: Iterable[object], isa: InstructionSet, *, estimator: bool) -> None:
    """NonIsaCircuitError naming the PUB index unless every PUB circuit is ISA for `isa`."""
    from qiskit_runtime_client.primitives.pubs import EstimatorPub, SamplerPub

    for index, pub in enumerate(pubs):
        coerced = EstimatorPub.coerce(pub, index) if estimator else SamplerPub.coerce(pub, index)
        rzz_parameters = check_circuit(coerced.circuit, isa, index)
        if rzz_parameters and coerced.parameter_values is not None:
            circuit = coerced.circuit
            order = (
                inspect_qasm(circuit).parameters
                if isinstance(circuit, str)
                else [str(p.name) for p in circuit.parameters]
            )
            check_rzz_values(rzz_parameters, order, coerced.parameter_values, isa, index)


# Sessions by name: only a session's own primitives need their module, which is loaded by then.
S = TypeVar("S", "Session", "AsyncSession")


class _PrimitiveCore(Generic[R, S]):
    """Backend, session and result format shared by the four primitive classes."""

    _runner: R
    session: S | None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # The official SDK's habit, Sampler(mode=backend) or Sampler(backend): say what to call.
        runner = args[0] if args else kwargs.get("runner")
        if "mode" in kwargs or not isinstance(runner, SyncRunner | AsyncRunner):
            name = cls.__name__.removeprefix("Async").lower()
            raise TypeError(
                f"{cls.__name__} is not built directly (the SDK's {cls.__name__}(mode=...)): "
                f"use client.{name}(backend) or session.{name}() / batch.{name}(), then "
                f".run(pubs)"
            )
        return super().__new__(cls)

    def __init__(
        self,
        runner: R,
        backend: str | Backend | None = None,
        session: S | None = None,
        *,
        support_qiskit: bool | None = None,
        check_isa: bool | None = None,
    ) -> None:
        from qiskit_runtime_client.primitives import DEFAULT_SUPPORT_QISKIT

        self._isa: InstructionSet | None = None
        if isinstance(backend, Backend):
            if backend.configuration is not None:
                self._isa = backend.instruction_set
            backend = backend.name
        elif backend is not None:
            backend = backend_name(backend)
        if check_isa is not None and not isinstance(check_isa, bool):
            raise TypeError(f"check_isa: expected True or False, got {check_isa!r}")
        self.check_isa: bool = runner.settings.check_isa if check_isa is None else check_isa
        if session is not None and backend is not None and session.backend not in (None, backend):
            raise ValueError(
                f"backend {backend!r} differs from the session's backend {session.backend!r}"
            )
        chosen = backend or (session.backend if session is not None else None)
        if not chosen:
            raise ValueError(
                "backend is required: pass backend='ibm_...' (e.g. client.backends.least_busy()"
                ".name) or a session"
            )
        self._runner = runner
        self.backend: str = chosen
        self.session = session
        self.support_qiskit = DEFAULT_SUPPORT_QISKIT if support_qiskit is None else support_qiskit

    def _checked_submission(
        self, body: dict[str, Any], pubs: Iterable[object], estimator: bool
    ) -> Flow[Submitted]:
        """The ISA check (fetching the configuration once, when only a name is known), then
        the submission; nothing is submitted when a circuit is not ISA."""
        if self.check_isa:
            isa = self._isa
            if isa is None:
                configuration = yield from backend_configuration(self.backend)
                isa = self._isa = InstructionSet.from_configuration(configuration)
            check_pubs(pubs, isa, estimator=estimator)
        return (yield from self._submission(body))

    def _submission(self, body: dict[str, Any]) -> Flow[Submitted]:
        if self.session is not None:
            flow: Flow[Submitted] = self.session._submit(body)
            return flow
        return submit_job(
            body,
            timeout=submit_timeout(
                self._runner.settings.timeout, given=self._runner.settings.timeout_given
            ),
        )

    @property
    def _session_id(self) -> str | None:
        return self.session.id if self.session is not None else None

    def _sampler_body(
        self,
        pubs: Iterable[object],
        shots: int | None,
        options: SamplerOptions | Mapping[str, Any] | None,
        tags: Sequence[str] | None,
        max_execution_time: int | None,
    ) -> dict[str, Any]:
        from qiskit_runtime_client.primitives import sampler_job_body

        return sampler_job_body(
            self.backend,
            pubs,
            shots=shots,
            options=options,
            tags=tags,
            max_execution_time=max_execution_time,
            support_qiskit=self.support_qiskit,
        )

    def _estimator_body(
        self,
        pubs: Iterable[object],
        precision: float | None,
        options: EstimatorOptions | Mapping[str, Any] | None,
        resilience_level: int | None,
        tags: Sequence[str] | None,
        max_execution_time: int | None,
    ) -> dict[str, Any]:
        from qiskit_runtime_client.primitives import estimator_job_body

        return estimator_job_body(
            self.backend,
            pubs,
            precision=precision,
            resilience_level=resilience_level,
            options=options,
            tags=tags,
            max_execution_time=max_execution_time,
            support_qiskit=self.support_qiskit,
        )

    def __repr__(self) -> str:
        session = self.session.id if self.session is not None else None
        return f"{type(self).__name__}(backend={self.backend!r}, session={session!r})"


class Sampler(_PrimitiveCore[SyncRunner, "Session"]):
    """Runs Sampler V2 jobs: `run(pubs, shots=...)` returns a Job whose result has counts."""

    def run(
        self,
        pubs: PubSequence[object],
        *,
        shots: int | None = None,
        options: SamplerOptions | Mapping[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        max_execution_time: int | None = None,
    ) -> Job[SamplerResult]:
        """Validate and submit; nothing is sent if any PUB or option is bad."""
        pubs = _listed(pubs)
        body = self._sampler_body(pubs, shots, options, tags, max_execution_time)
        answer = self._runner.run(self._checked_submission(body, pubs, estimator=False))
        return submission_handle(
            Job,
            self._runner,
            answer,
            body,
            decode=decode_sampler_result,
            session_id=self._session_id,
        )


class Estimator(_PrimitiveCore[SyncRunner, "Session"]):
    """Runs Estimator V2 jobs: `run(pubs, precision=...)` returns a Job whose result has evs."""

    def run(
        self,
        pubs: PubSequence[object],
        *,
        precision: float | None = None,
        options: EstimatorOptions | Mapping[str, Any] | None = None,
        resilience_level: int | None = None,
        tags: Sequence[str] | None = None,
        max_execution_time: int | None = None,
    ) -> Job[EstimatorResult]:
        """Validate and submit; nothing is sent if any PUB or option is bad."""
        pubs = _listed(pubs)
        body = self._estimator_body(
            pubs, precision, options, resilience_level, tags, max_execution_time
        )
        answer = self._runner.run(self._checked_submission(body, pubs, estimator=True))
        return submission_handle(
            Job,
            self._runner,
            answer,
            body,
            decode=decode_estimator_result,
            session_id=self._session_id,
        )


class AsyncSampler(_PrimitiveCore[AsyncRunner, "AsyncSession"]):
    """Sampler for the async client: `await run(...)` returns an AsyncJob."""

    async def run(
        self,
        pubs: PubSequence[object],
        *,
        shots: int | None = None,
        options: SamplerOptions | Mapping[str, Any] | None = None,
        tags: Sequence[str] | None = None,
        max_execution_time: int | None = None,
    ) -> AsyncJob[SamplerResult]:
        """Validate and submit; nothing is sent if any PUB or option is bad."""
        pubs = _listed(pubs)
        body = self._sampler_body(pubs, shots, options, tags, max_execution_time)
        answer = await self._runner.run(self._checked_submission(body, pubs, estimator=False))
        return submission_handle(
            AsyncJob,
            self._runner,
            answer,
            body,
            decode=decode_sampler_result,
            session_id=self._session_id,
        )


class AsyncEstimator(_PrimitiveCore[AsyncRunner, "AsyncSession"]):
    """Estimator for the async client: `await run(...)` returns an AsyncJob."""

    async def run(
        self,
        pubs: PubSequence[object],
        *,
        precision: float | None = None,
        options: EstimatorOptions | Mapping[str, Any] | None = None,
        resilience_level: int | None = None,
        tags: Sequence[str] | None = None,
        max_execution_time: int | None = None,
    ) -> AsyncJob[EstimatorResult]:
        """Validate and submit; nothing is sent if any PUB or option is bad."""
        pubs = _listed(pubs)
        body = self._estimator_body(
            pubs, precision, options, resilience_level, tags, max_execution_time
        )
        answer = await self._runner.run(self._checked_submission(body, pubs, estimator=True))
        return submission_handle(
            AsyncJob,
            self._runner,
            answer,
            body,
            decode=decode_estimator_result,
            session_id=self._session_id,
        )
