"""One hierarchy of exceptions for everything the client raises on purpose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs


@attrs.frozen
class ErrorDetail:
    """One entry of the service's `errors[]` array (ErrorContainer or GenericErrorDto)."""

    code: str | None
    message: str
    more_info: str | None = None
    solution: str | None = None

    def __str__(self) -> str:
        text = f"[{self.code}] {self.message}" if self.code is not None else self.message
        if self.solution:
            text += f" (solution: {self.solution})"
        return text


class QiskitRuntimeError(Exception):
    """Base of every error this package raises on purpose.

    `request_sent` is False when the failing call's request never left this process (the
    connection was never made, or the token exchange or instance lookup before it failed): the
    service cannot have acted on it. True when it may have; None when that does not apply.
    """

    request_sent: bool | None = None


class ConfigurationError(QiskitRuntimeError, ValueError):
    """The client cannot be set up: missing or inconsistent credentials, URL or options."""


class InstanceNotFoundError(ConfigurationError, LookupError):
    """No instance has the name given as `instance=` (looked up with IBM Cloud Global Search);
    `available` lists the names the API key can see."""

    def __init__(self, message: str, *, name: str, available: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.available = tuple(available)


class AmbiguousInstanceError(ConfigurationError):
    """Several instances have the name given as `instance=`; `crns` lists them. Pass the CRN of
    the one to use: picking one of them would send jobs (and their cost) to an arbitrary one."""

    def __init__(self, message: str, *, name: str, crns: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.crns = tuple(crns)


class APIError(QiskitRuntimeError):
    """A request to the service (or IAM) did not give a usable answer."""

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path


class APIConnectionError(APIError):
    """The request could not be completed at the transport level (connection, protocol).

    `request_sent` is False only when the connection was never made, so the server cannot have
    seen the request.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        path: str | None = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.request_sent = request_sent


class APITimeoutError(APIConnectionError):
    """The request timed out."""


class DeadlineExceededError(APITimeoutError):
    """The call's wall-clock deadline (a wait's `timeout=`) left no time for another attempt."""


class UnexpectedResponseError(APIError):
    """The service answered success with a body this client cannot read (not JSON, truncated)."""

    def __init__(
        self, message: str, *, method: str | None = None, path: str | None = None, body: str = ""
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.body = body


class ClientClosedError(APIConnectionError):
    """The client was closed (close()/aclose()) before or while this request was sent."""


class ResponseTooLargeError(UnexpectedResponseError):
    """An answer (or a result inside it) is larger than the client accepts.

    `limit` is the bound that was hit, in bytes; `setting` names how to raise it. The bound
    stops a hostile or broken server (a gzip bomb, a huge array header) from exhausting memory.
    """

    def __init__(
        self,
        message: str,
        *,
        limit: int,
        setting: str,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.limit = limit
        self.setting = setting


class APIStatusError(APIError):
    """The service answered with an error status; `errors` holds its parsed `errors[]`."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        method: str | None = None,
        path: str | None = None,
        errors: Sequence[ErrorDetail] = (),
        trace: str | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message, method=method, path=path)
        self.status_code = status_code
        self.errors = tuple(errors)
        self.trace = trace
        self.body = body

    @property
    def codes(self) -> tuple[str, ...]:
        """The error codes of `errors[]`, as strings."""
        return tuple(e.code for e in self.errors if e.code is not None)


class BadRequestError(APIStatusError):
    """400: the service rejected the request as malformed."""


class AuthenticationError(APIStatusError):
    """401, or a failed IAM token exchange: credentials are missing, wrong or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404: no such job, session, backend or account."""


class ConflictError(APIStatusError):
    """409: the resource is not in a state that allows this (e.g. cancelling a finished job)."""


class RateLimitError(APIStatusError):
    """429: too many requests; `retry_after` is the server's advice in seconds, when given."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx: the service failed."""


class JobNotCancellableError(ConflictError):
    """cancel() on a job the service will not cancel (409), usually because it already ended."""

    def __init__(
        self, message: str, *, job_id: str, job_status: str | None, source: ConflictError
    ) -> None:
        super().__init__(
            message,
            status_code=source.status_code,
            method=source.method,
            path=source.path,
            errors=source.errors,
            trace=source.trace,
            body=source.body,
        )
        self.job_id = job_id
        self.job_status = job_status


class NoBackendAvailableError(QiskitRuntimeError, LookupError):
    """least_busy() found no online, available backend matching the filters."""


class NonIsaCircuitError(QiskitRuntimeError, ValueError):
    """A PUB circuit is not an ISA circuit for the backend (checked before anything is sent).

    The service fails such jobs with reason code 1517. `pub_index`, `instruction`, `qubits` and
    `line` (OpenQASM text only) say where; the message says how to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        pub_index: int | None = None,
        instruction: str | None = None,
        qubits: tuple[int, ...] | None = None,
        line: int | None = None,
        reason: str | None = None,
    ) -> None:
        super().__init__(message)
        #: what is wrong, in the service's words where it has them (no location, no fix)
        self.reason = reason or message
        self.pub_index = pub_index
        self.instruction = instruction
        self.qubits = qubits
        self.line = line


class MissingExtraError(QiskitRuntimeError, ImportError):
    """A feature needs an optional extra that is not installed (the message names it)."""


class JobSubmissionUncertainError(APIError):
    """A job submission failed in a way that leaves open whether the service created the job.

    It was not sent again (that could create a duplicate). `client_tag` is the tag this client put
    on the submission: `client.jobs.list(tags=[client_tag])` shows whether the job exists.
    """

    def __init__(self, message: str, *, client_tag: str, method: str = "POST", path: str) -> None:
        super().__init__(message, method=method, path=path)
        self.client_tag = client_tag


class JobError(QiskitRuntimeError):
    """Base of errors about one job's outcome."""

    def __init__(self, message: str, *, job_id: str) -> None:
        super().__init__(message)
        self.job_id = job_id


class JobFailedError(JobError):
    """The job ended in a failed state; `reason`, `reason_code` and `solution` say why."""

    def __init__(
        self,
        message: str,
        *,
        job_id: str,
        status: str | None = None,
        reason: str | None = None,
        reason_code: int | None = None,
        solution: str | None = None,
    ) -> None:
        super().__init__(message, job_id=job_id)
        self.status = status
        self.reason = reason
        self.reason_code = reason_code
        self.solution = solution


class JobMaxExecutionTimeError(JobFailedError):
    """The job ran longer than its maximum execution time (reason code 1305)."""


class JobCancelledError(JobError):
    """The job was cancelled, so it has no result."""


class JobTimeoutError(JobError, TimeoutError):
    """Waiting for the job took longer than asked; the job itself goes on (it is not cancelled)."""

    def __init__(self, message: str, *, job_id: str, last_status: str | None) -> None:
        super().__init__(message, job_id=job_id)
        self.last_status = last_status


class SessionClosedError(QiskitRuntimeError):
    """The session (or batch) was closed by this client; it takes no more jobs."""


_CANCELLED_CLASS: list[type[JobSubmissionUncertainError]] = []


def submission_cancelled(
    message: str, *, client_tag: str, path: str
) -> JobSubmissionUncertainError:
    """The error for an asyncio submission cancelled after it may have reached the service.

    It is both a JobSubmissionUncertainError (naming the tag) and an asyncio.CancelledError,
    so the task still ends as cancelled. The class is made on first use: asyncio is imported
    only by programs that already use it.
    """
    if not _CANCELLED_CLASS:
        import asyncio

        class JobSubmissionCancelledError(JobSubmissionUncertainError, asyncio.CancelledError):
            """A cancelled job submission whose outcome is unknown; `client_tag` finds the job."""

        JobSubmissionCancelledError.__module__ = __name__
        _CANCELLED_CLASS.append(JobSubmissionCancelledError)
    return _CANCELLED_CLASS[0](message, client_tag=client_tag, path=path)
