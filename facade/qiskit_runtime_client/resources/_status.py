"""Job status and state: the spec's values, unknown values carried along, and what ends a job."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import attrs

from qiskit_runtime_client.errors import (
    JobCancelledError,
    JobError,
    JobFailedError,
    JobMaxExecutionTimeError,
)
from qiskit_runtime_client.resources._parse import opt, opt_int, opt_str

if TYPE_CHECKING:
    from qiskit_runtime_api.models import JobResponse

#: state.reason_code for "the job ran longer than its maximum execution time".
MAX_EXECUTION_TIME_CODE = 1305


#: The official SDK's (qiskit's JobStatus) names for the service's statuses.
SDK_STATUS_NAMES: dict[str, str] = {
    "DONE": "Completed",
    "ERROR": "Failed",
    "INITIALIZING": "Queued",
    "VALIDATING": "Queued",
    "QUEUED": "Queued",
    "RUNNING": "Running",
    "CANCELLED": "Cancelled",
}


class JobStatus(StrEnum):
    """A job's status: the spec's values, or any other string the service sends (kept as is).

    `JobStatus("Paused")` gives a member-like value with `is_known` False instead of raising.
    The official SDK's names are mapped: `JobStatus("DONE")` is `JobStatus.COMPLETED`,
    `JobStatus("ERROR")` is `JobStatus.FAILED`. Comparing a status with one of those names
    (`job.status() != "DONE"`) raises ValueError naming the member to compare with, since
    the statuses here are the service's words ("Completed") and the comparison would never
    be true.
    """

    QUEUED = "Queued"
    RUNNING = "Running"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"
    CANCELLED_RAN_TOO_LONG = "Cancelled - Ran too long"
    FAILED = "Failed"

    @classmethod
    def _missing_(cls, value: object) -> JobStatus | None:
        if not isinstance(value, str):
            return None
        folded = value.strip().casefold()
        for member in cls:
            if member.value.casefold() == folded:
                return member
        sdk_name = SDK_STATUS_NAMES.get(value.strip().upper())
        if sdk_name is not None:
            return cls(sdk_name)
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value
        pseudo._value_ = value
        return pseudo

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str) and not isinstance(other, JobStatus):
            _refuse_other_names(other)
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if isinstance(other, str) and not isinstance(other, JobStatus):
            _refuse_other_names(other)
        return str.__ne__(self, other)

    __hash__ = str.__hash__

    @property
    def is_known(self) -> bool:
        """True for the spec's values."""
        return self._value_ in type(self)._value2member_map_

    @property
    def is_final(self) -> bool:
        """Completed, or any status starting with Cancelled or Failed (unknown ones included;
        not a transitional one such as 'Cancelling', which a wait must go on polling)."""
        return self is JobStatus.COMPLETED or self.is_failed or self.is_cancelled

    @property
    def is_failed(self) -> bool:
        """Failed or a Failed-prefixed unknown status."""
        return self.value.casefold().startswith("failed")

    @property
    def is_cancelled(self) -> bool:
        """Cancelled, 'Cancelled - Ran too long', or a Cancelled-prefixed unknown status."""
        return self.value.casefold().startswith(("cancelled", "canceled"))


def _refuse_other_names(text: str) -> None:
    """ValueError for a string that names a status in another spelling than the service's."""
    if text in JobStatus._value2member_map_:
        return
    sdk_name = SDK_STATUS_NAMES.get(text.strip().upper())
    known = JobStatus._value2member_map_
    wanted = sdk_name or next(
        (value for value in known if value.casefold() == text.strip().casefold()), None
    )
    if wanted is None:
        return
    member = JobStatus(wanted)
    origin = (
        "is the official SDK's name for"
        if text.strip().upper() in SDK_STATUS_NAMES
        else "differs only in case from"
    )
    raise ValueError(
        f"{text!r} {origin} the status the service calls {wanted!r}, so this comparison would "
        f"never be true: compare with JobStatus.{member.name} (or use status.is_final, "
        "is_failed, is_cancelled)"
    )


@attrs.frozen
class JobState:
    """Why a job is where it is: status, reason text, numeric reason code and suggested solution."""

    status: JobStatus
    reason: str | None = None
    reason_code: int | None = None
    solution: str | None = None


def parse_status(value: Any) -> JobStatus | None:
    """A JobStatus from a status value (a generated enum member or a string), None when absent
    or not a non-empty string. The generated enums are open: an unknown value arrives as is."""
    return JobStatus(str(value)) if isinstance(value, str) and value.strip() else None


def job_state(job: JobResponse) -> JobState:
    """The state of a generated job document: state.status, reason, code, solution.

    A top-level status that refines state.status (e.g. 'Cancelled - Ran too long' vs 'Cancelled')
    wins; the code is `reason_code` or the live service's camelCase `reasonCode`.
    """
    state = job.state
    inner = parse_status(state.status)
    outer = parse_status(job.status)
    status = inner or outer or JobStatus("Unknown")
    if inner is not None and outer is not None and _refines(outer, inner):
        status = outer
    code = opt_int(opt(state.reason_code))
    if code is None:
        code = opt_int(opt(state.reasonCode))
    solution = opt_str(opt(state.reason_solution))
    if solution is None:
        # camelCase like reasonCode; no spec edition names it, so it is an unknown field
        solution = opt_str(state.additional_properties.get("reasonSolution"))
    return JobState(
        status=status,
        reason=opt_str(opt(state.reason)) or None,
        reason_code=code,
        solution=solution or None,
    )


def _refines(outer: JobStatus, inner: JobStatus) -> bool:
    return outer != inner and outer.value.casefold().startswith(inner.value.casefold())


def outcome_error(job_id: str, state: JobState) -> JobError | None:
    """The error a final state stands for (None for Completed or a state that is not final)."""
    status = state.status
    if not status.is_final or status is JobStatus.COMPLETED:
        return None
    detail = _describe(state)
    ran_too_long = (
        status is JobStatus.CANCELLED_RAN_TOO_LONG or state.reason_code == MAX_EXECUTION_TIME_CODE
    )
    if ran_too_long:
        return JobMaxExecutionTimeError(
            f"job {job_id} ran longer than its maximum execution time ({status.value}){detail}",
            job_id=job_id,
            status=status.value,
            reason=state.reason,
            reason_code=state.reason_code,
            solution=state.solution,
        )
    if status.is_failed:
        return JobFailedError(
            f"job {job_id} failed ({status.value}){detail}",
            job_id=job_id,
            status=status.value,
            reason=state.reason,
            reason_code=state.reason_code,
            solution=state.solution,
        )
    return JobCancelledError(f"job {job_id} was cancelled ({status.value}){detail}", job_id=job_id)


def _describe(state: JobState) -> str:
    parts = []
    if state.reason_code is not None:
        parts.append(f"code {state.reason_code}")
    if state.reason:
        parts.append(state.reason)
    text = ": " + "; ".join(parts) if parts else ""
    if state.solution:
        text += f" (solution: {state.solution})"
    return text
