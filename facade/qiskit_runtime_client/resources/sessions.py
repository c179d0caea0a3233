"""Sessions and batches: context managers that create a session on entry and close it on exit.

Leaving the block closes gracefully (running and queued jobs finish). If the block raised, the
session is closed too and the user's exception propagates unchanged: a failed close is logged
and attached to it as a note, never raised in its place. A closed session takes no more jobs.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow, request, segment
from qiskit_runtime_client._runner import AsyncRunner, SyncRunner
from qiskit_runtime_client._setup import submit_timeout
from qiskit_runtime_client.errors import (
    APIConnectionError,
    NotFoundError,
    ServerError,
    SessionClosedError,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources._checks import check_choice, check_int, check_text
from qiskit_runtime_client.resources._submit import Submitted, submit_job
from qiskit_runtime_client.resources._typed import (
    fetch,
    opt_bool,
    opt_float,
    opt_int,
    opt_str,
    opt_time,
    parse_with,
    unexpected,
)
from qiskit_runtime_client.resources.job import AsyncJob, Decode, Job, submission_handle

if TYPE_CHECKING:
    from qiskit_runtime_api.models import JobSession

    from qiskit_runtime_client._effects import Call
    from qiskit_runtime_client.resources.primitives import (
        AsyncEstimator,
        AsyncSampler,
        Estimator,
        Sampler,
    )

logger = logging.getLogger("qiskit_runtime_client.sessions")

R = TypeVar("R", SyncRunner, AsyncRunner)
MODES = ("dedicated", "batch")


@attrs.frozen
class SessionDetails:
    """A session as the service describes it (JobSession); unknown fields stay in `raw`."""

    id: str
    mode: str | None = None
    backend_name: str | None = None
    state: str | None = None
    state_reason: str | None = None
    accepting_jobs: bool | None = None
    max_ttl: int | None = None
    interactive_ttl: int | None = None
    active_ttl: int | None = None
    started_at: datetime | None = None
    activated_at: datetime | None = None
    closed_at: datetime | None = None
    last_job_started: datetime | None = None
    last_job_completed: datetime | None = None
    elapsed_time: float | None = None
    user_id: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def session_details(
    call: Call[JobSession], model: JobSession, raw: dict[str, Any]
) -> SessionDetails:
    """SessionDetails from the generated JobSession of an answer of `call` (`raw`: as sent)."""
    session_id = opt_str(model.id)
    if not session_id:
        raise unexpected(call, raw, "a session document without a usable 'id'")
    return SessionDetails(
        id=session_id,
        mode=opt_str(model.mode),
        backend_name=opt_str(model.backend_name),
        state=opt_str(model.state),
        state_reason=opt_str(model.state_reason),
        accepting_jobs=opt_bool(model.accepting_jobs),
        max_ttl=opt_int(model.max_ttl),
        interactive_ttl=opt_int(model.interactive_ttl),
        active_ttl=opt_int(model.active_ttl),
        started_at=opt_time(model.started_at),
        activated_at=opt_time(model.activated_at),
        closed_at=opt_time(model.closed_at),
        last_job_started=opt_time(model.last_job_started),
        last_job_completed=opt_time(model.last_job_completed),
        elapsed_time=opt_float(model.elapsed_time),
        user_id=opt_str(model.user_id),
        raw=raw,
    )


def parse_session(data: Any) -> SessionDetails:
    """SessionDetails from a session document at hand, read as GET /sessions/{id} answers it.

    A document of another shape (no id, mode or backend_name) is UnexpectedResponseError.
    """
    call = _api.get_session("session")
    return session_details(call, *parse_with(call, data))


class _SessionCore(Generic[R]):
    """State and flows shared by Session and AsyncSession."""

    _runner: R

    def __init__(
        self,
        runner: R,
        backend: str | None,
        *,
        mode: str = "dedicated",
        max_ttl: int | None = None,
        session_id: str | None = None,
    ) -> None:
        if session_id is None and backend is None:
            raise ValueError("backend is required to create a session (a backend name)")
        self._runner = runner
        self._backend = check_text(backend, "backend", max_length=255)
        self._mode: str | None = check_choice(mode, "mode", MODES)
        self._max_ttl = None if max_ttl is None else check_int(max_ttl, "max_ttl", minimum=1)
        if session_id is not None:
            segment(session_id, "session_id")
            self._mode = None  # an existing session: its mode is in details()
        self._id = session_id
        self._closed = False
        #: True once this handle created the session: it warns if never closed (ResourceWarning)
        self._owned = False

    @property
    def id(self) -> str | None:
        """The session id; None until the session is created (entering the block)."""
        return self._id

    @property
    def backend(self) -> str | None:
        """The backend name given (None for a handle from from_id)."""
        return self._backend

    @property
    def mode(self) -> str | None:
        """'dedicated' or 'batch' (None for a handle from from_id: see details().mode)."""
        return self._mode

    @property
    def closed(self) -> bool:
        """True once close() or cancel() succeeded: no more jobs go through this session."""
        return self._closed

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open" if self._id else "not created"
        return f"{type(self).__name__}(id={self._id!r}, backend={self._backend!r}, {state})"

    def _check_open(self) -> None:
        if self._closed:
            raise SessionClosedError(
                f"session {self._id} is closed: it takes no more jobs; open a new session"
            )

    def _require_id(self) -> str:
        if self._id is None:
            raise SessionClosedError("the session has not been created yet (enter its block)")
        return self._id

    def _create(self) -> Flow[str]:
        self._check_open()
        if self._id is not None:
            return self._id
        if self._mode is None or self._backend is None:  # only a from_id handle lacks them
            raise ValueError("backend is required to create a session (a backend name)")
        call = _api.create_session(self._mode, self._backend, self._max_ttl)
        try:
            model, raw = yield from fetch(call)
            details = session_details(call, model, raw)
        except (ServerError, APIConnectionError, UnexpectedResponseError) as exc:
            if exc.request_sent is not False:  # it may have reached the service
                exc.add_note(
                    "The service may have created the session anyway (POST is not resent); "
                    "such a session takes no jobs and ends by itself after its max_ttl."
                )
            raise
        self._id = details.id
        self._owned = True
        logger.info("opened %s session %s on %s", self._mode, self._id, self._backend)
        return self._id

    def __del__(self) -> None:
        if getattr(self, "_owned", False) and not self._closed:
            warnings.warn(
                f"session {self._id} on {self._backend} was left open: it keeps its backend "
                "reserved (and accepts jobs) until it expires; use `with client.session(...)` "
                "or call close()",
                ResourceWarning,
                stacklevel=2,
            )

    def _close(self) -> Flow[None]:
        if self._closed or self._id is None:
            self._closed = True
            return
        try:
            yield from request(_api.stop_accepting_jobs(self._id))
        except NotFoundError:
            logger.debug("session %s was already closed (404)", self._id)
        else:
            logger.info("closed session %s (queued jobs still run)", self._id)
        self._closed = True

    def _cancel(self) -> Flow[None]:
        if self._id is None:
            self._closed = True
            return
        try:
            yield from request(_api.close_session(self._id))
        except NotFoundError:
            logger.debug("session %s was already closed (404)", self._id)
        else:
            logger.info("cancelled session %s (its queued jobs too)", self._id)
        self._closed = True

    def _details(self) -> Flow[SessionDetails]:
        call = _api.get_session(self._require_id())
        model, raw = yield from fetch(call)
        details = session_details(call, model, raw)
        if self._backend is None and details.backend_name:
            self._backend = details.backend_name  # a from_id handle learns its backend
        return details

    def _no_backend(self) -> ValueError:
        return ValueError(
            f"the backend of session {self._id} is not known yet: pass backend= to "
            "session_from_id(), or read session.details() once first"
        )

    def _submit(self, body: Mapping[str, Any]) -> Flow[Submitted]:
        self._check_open()
        if not isinstance(body, Mapping):
            raise TypeError(f"the job body must be a dict, got {type(body).__name__}")
        session_id = yield from self._create()
        timeout = submit_timeout(
            self._runner.settings.timeout, given=self._runner.settings.timeout_given
        )
        in_session = _api.with_job_body_session(body, session_id)
        return (yield from submit_job(in_session, timeout=timeout))

    def _note_failed_close(self, exc: BaseException, error: Exception) -> None:
        logger.warning("closing session %s after an error failed: %s", self._id, error)
        exc.add_note(f"Closing session {self._id} on the way out also failed: {error!r}")


class Session(_SessionCore[SyncRunner]):
    """A session (or batch) as a context manager: created on entry, closed on exit."""

    @classmethod
    def from_id(cls, runner: SyncRunner, session_id: str, backend: str | None = None) -> Session:
        """A handle on an existing session (no request until used; without `backend`,
        sampler() and estimator() read it from the session first)."""
        return cls(runner, backend, session_id=session_id)

    def _ensure_backend(self) -> None:
        if self._backend is None and self._id is not None:
            self.details()

    def create(self) -> str:
        """Create the session now if it is not yet (entering the block does this); its id."""
        return self._runner.run(self._create())

    def close(self) -> None:
        """Stop accepting jobs; running and queued jobs finish (PATCH accepting_jobs=false)."""
        self._runner.run(self._close())

    def cancel(self) -> None:
        """Close and drop the queued jobs; running jobs finish (DELETE /sessions/{id}/close)."""
        self._runner.run(self._cancel())

    def details(self) -> SessionDetails:
        """The session's state, TTLs and timestamps from the service."""
        return self._runner.run(self._details())

    def sampler(
        self, *, support_qiskit: bool | None = None, check_isa: bool | None = None
    ) -> Sampler:
        """A Sampler whose jobs run in this session, on its backend."""
        from qiskit_runtime_client.resources.primitives import Sampler

        self._ensure_backend()
        return Sampler(
            self._runner, session=self, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def estimator(
        self, *, support_qiskit: bool | None = None, check_isa: bool | None = None
    ) -> Estimator:
        """An Estimator whose jobs run in this session, on its backend."""
        from qiskit_runtime_client.resources.primitives import Estimator

        self._ensure_backend()
        return Estimator(
            self._runner, session=self, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def _submit_body(self, body: Mapping[str, Any], *, decode: Decode | None = None) -> Job:
        """Submit a job body in this session (adds session_id); SessionClosedError if closed."""
        answer = self._runner.run(self._submit(body))
        return submission_handle(
            Job, self._runner, answer, body, decode=decode, session_id=self._require_id()
        )

    def __enter__(self) -> Self:
        self.create()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except Exception as error:
            self._note_failed_close(exc, error)


class AsyncSession(_SessionCore[AsyncRunner]):
    """A session (or batch) as an async context manager: the methods of Session, awaitable."""

    @classmethod
    def from_id(
        cls, runner: AsyncRunner, session_id: str, backend: str | None = None
    ) -> AsyncSession:
        """A handle on an existing session (no request until used). Without `backend`, await
        details() once before sampler() or estimator(): they cannot ask the service."""
        return cls(runner, backend, session_id=session_id)

    async def create(self) -> str:
        """Create the session now if it is not yet (entering the block does this); its id."""
        return await self._runner.run(self._create())

    async def close(self) -> None:
        """Stop accepting jobs; running and queued jobs finish (PATCH accepting_jobs=false)."""
        await self._runner.run(self._close())

    async def cancel(self) -> None:
        """Close and drop the queued jobs; running jobs finish (DELETE /sessions/{id}/close)."""
        await self._runner.run(self._cancel())

    async def details(self) -> SessionDetails:
        """The session's state, TTLs and timestamps from the service."""
        return await self._runner.run(self._details())

    def sampler(
        self, *, support_qiskit: bool | None = None, check_isa: bool | None = None
    ) -> AsyncSampler:
        """A Sampler whose jobs run in this session, on its backend."""
        from qiskit_runtime_client.resources.primitives import AsyncSampler

        if self._backend is None:
            raise self._no_backend()
        return AsyncSampler(
            self._runner, session=self, support_qiskit=support_qiskit, check_isa=check_isa
        )

    def estimator(
        self, *, support_qiskit: bool | None = None, check_isa: bool | None = None
    ) -> AsyncEstimator:
        """An Estimator whose jobs run in this session, on its backend."""
        from qiskit_runtime_client.resources.primitives import AsyncEstimator

        if self._backend is None:
            raise self._no_backend()
        return AsyncEstimator(
            self._runner, session=self, support_qiskit=support_qiskit, check_isa=check_isa
        )

    async def _submit_body(
        self, body: Mapping[str, Any], *, decode: Decode | None = None
    ) -> AsyncJob:
        """Submit a job body in this session (adds session_id); SessionClosedError if closed."""
        answer = await self._runner.run(self._submit(body))
        return submission_handle(
            AsyncJob, self._runner, answer, body, decode=decode, session_id=self._require_id()
        )

    async def __aenter__(self) -> Self:
        await self.create()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            await self.close()
            return
        try:
            await self.close()
        except Exception as error:
            self._note_failed_close(exc, error)
