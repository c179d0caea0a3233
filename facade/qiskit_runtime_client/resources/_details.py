"""JobDetails, ListedJobs and JobMetrics: the facade's view of the generated job models.

The answers are parsed by the generated models (`_api`); these functions read their typed fields
(UNSET becomes None) and keep the document the service sent in `raw`. Older API versions sent
fields 0.45.3 no longer documents (usage `seconds`, queue positions): the models keep those in
`additional_properties`, where they are read as a fallback.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from qiskit_runtime_client._effects import Call, Flow, Reply, reply_of
from qiskit_runtime_client.errors import UnexpectedResponseError
from qiskit_runtime_client.resources._parse import (
    opt,
    opt_float,
    opt_int,
    opt_str,
    str_list,
    utc,
)
from qiskit_runtime_client.resources._status import JobState, JobStatus, job_state

if TYPE_CHECKING:
    from qiskit_runtime_api.models import JobMetrics as JobMetricsModel
    from qiskit_runtime_api.models import JobResponse, JobsResponse, Usage

#: What generated model parsing raises on a document of another shape.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError)


@attrs.frozen
class JobDetails:
    """What the service says about a job; fields it did not send are None, all of it is in `raw`."""

    id: str
    state: JobState
    created: datetime | None = None
    backend: str | None = None
    program_id: str | None = None
    session_id: str | None = None
    tags: list[str] = attrs.field(factory=list)
    cost: int | None = None
    usage_seconds: float | None = None
    #: The service's estimate of the job's running time (seconds), when it gives one.
    estimated_running_seconds: float | None = None
    runtime: str | None = None
    user_id: str | None = None
    params: dict[str, Any] | None = attrs.field(default=None, repr=False)
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def status(self) -> JobStatus:
        """Shortcut for state.status."""
        return self.state.status


def job_details(job: JobResponse, raw: Any = None) -> JobDetails:
    """JobDetails from a generated job document; `raw` is the dict the service sent, if at hand.

    UnexpectedResponseError when the document has no usable id (the handle could not name it).
    """
    if not isinstance(job.id, str) or not job.id:
        raise UnexpectedResponseError(f"expected a job document with an id, got {job.id!r}")
    params = opt(job.params)
    return JobDetails(
        id=job.id,
        state=job_state(job),
        created=utc(job.created),
        backend=opt_str(opt(job.backend)),
        program_id=opt_str(job.program.id),
        session_id=opt_str(opt(job.session_id)),
        tags=str_list(opt(job.tags)),
        cost=opt_int(job.cost),
        usage_seconds=_usage_seconds(opt(job.usage)),
        estimated_running_seconds=opt_float(opt(job.estimated_running_time_seconds)),
        runtime=opt_str(opt(job.runtime)),
        user_id=opt_str(opt(job.user_id)),
        params=None if params is None else params.to_dict(),
        raw=raw if isinstance(raw, dict) else job.to_dict(),
    )


def read_job(call: Call[JobResponse]) -> Flow[JobDetails]:
    """Send a GET of one job and read it as JobDetails, keeping the document as sent in `raw`."""
    reply = yield from reply_of(call)
    return job_details(call.read(reply), reply.data)


def _usage_seconds(usage: Usage | None) -> float | None:
    """`qpu_charge_time_seconds` of the usage block, or `seconds` of the older one."""
    if usage is None:
        return None
    seconds = opt_float(opt(usage.qpu_charge_time_seconds))
    if seconds is None:
        seconds = opt_float(usage.additional_properties.get("seconds"))
    return seconds


@attrs.frozen
class ListedJobs:
    """One GET /jobs answer: readable jobs, how many entries came, the server's count and limit."""

    jobs: list[JobDetails]
    received: int
    count: int | None
    limit: int | None


def read_jobs_page(call: Call[JobsResponse]) -> Flow[ListedJobs]:
    """Send a GET /jobs and read the page (see `listed_jobs`)."""
    reply = yield from reply_of(call)
    return listed_jobs(call, reply)


def listed_jobs(call: Call[JobsResponse], reply: Reply) -> ListedJobs:
    """A GET /jobs answer; entries that do not parse are skipped (but counted).

    The page is parsed whole by the generated JobsResponse; when that fails, each entry is parsed
    on its own by the generated JobResponse and the unreadable ones are left out, so one odd job
    does not hide the others. An answer that is not a job listing at all is an
    UnexpectedResponseError.
    """
    try:
        page = call.read(reply)
    except UnexpectedResponseError as exc:
        return _tolerant_page(reply.data, exc)
    # The entries as sent, for `raw` (cheaper and truer than each model's to_dict()); the page
    # parsed whole, so they are the models' dicts in the same order.
    sent = reply.data.get("jobs") if isinstance(reply.data, dict) else None
    if not isinstance(sent, list) or len(sent) != len(page.jobs):
        sent = [None] * len(page.jobs)
    jobs = []
    for entry, raw in zip(page.jobs, sent, strict=True):
        try:
            jobs.append(job_details(entry, raw))
        except UnexpectedResponseError:
            continue
    return ListedJobs(jobs, len(page.jobs), opt_int(opt(page.count)), opt_int(page.limit))


def _tolerant_page(data: Any, error: UnexpectedResponseError) -> ListedJobs:
    """The jobs of a listing whose page did not parse whole: each entry parsed on its own."""
    from qiskit_runtime_api.models.job_response import JobResponse

    from qiskit_runtime_client import _api

    found = _api.jobs_page_entries(data)
    if found is None:
        raise error
    page, entries = found
    jobs = []
    for entry in entries:
        try:
            jobs.append(job_details(JobResponse.from_dict(entry), entry))
        except (*_PARSE_ERRORS, UnexpectedResponseError):
            continue
    return ListedJobs(jobs, len(entries), opt_int(opt(page.count)), opt_int(page.limit))


@attrs.frozen
class JobMetrics:
    """GET /jobs/{id}/metrics: timing and usage; everything else is in `raw`.

    `quantum_seconds` is `qpu_charge_time_seconds`, or the older usage's `quantum_seconds` when a
    client pins an IBM-API-Version before 2026-03-15. (The queue positions and estimated times of
    older specs were deprecated and are gone from 0.45.3; job details carry
    `estimated_running_time_seconds`.)
    """

    usage_seconds: float | None = None
    quantum_seconds: float | None = None
    created: datetime | None = None
    running: datetime | None = None
    finished: datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def job_metrics(metrics: JobMetricsModel, raw: Any = None) -> JobMetrics:
    """JobMetrics from the generated metrics document (any field may be missing)."""
    usage = opt(metrics.usage)
    times = opt(metrics.timestamps)
    quantum = None
    if usage is not None:
        quantum = opt_float(usage.additional_properties.get("quantum_seconds"))
        if quantum is None:
            quantum = opt_float(opt(usage.qpu_charge_time_seconds))
    return JobMetrics(
        usage_seconds=_usage_seconds(usage),
        quantum_seconds=quantum,
        created=None if times is None else utc(times.created),
        running=None if times is None else utc(times.running),
        finished=None if times is None else utc(times.finished),
        raw=raw if isinstance(raw, dict) else metrics.to_dict(),
    )


def read_metrics(call: Call[JobMetricsModel]) -> Flow[JobMetrics]:
    """Send a GET of a job's metrics and read them, keeping the document as sent in `raw`."""
    reply = yield from reply_of(call)
    return job_metrics(call.read(reply), reply.data)


# --- decoded answers, read the way the flows read them (tests, tools) -------------------------


def _ok(data: Any) -> Reply:
    return Reply(200, {}, data)


def parse_job(data: Any) -> JobDetails:
    """A decoded GET /jobs/{id} answer as JobDetails (UnexpectedResponseError if unreadable)."""
    from qiskit_runtime_client import _api

    return job_details(_api.get_job("job").read(_ok(data)), data)


def parse_jobs_page(data: Any) -> ListedJobs:
    """A decoded GET /jobs answer as ListedJobs (see `listed_jobs`)."""
    from qiskit_runtime_client import _api

    return listed_jobs(_api.list_jobs(limit=1), _ok(data))


def parse_metrics(data: Any) -> JobMetrics:
    """A decoded GET /jobs/{id}/metrics answer as JobMetrics."""
    from qiskit_runtime_client import _api

    return job_metrics(_api.job_metrics("job").read(_ok(data)), data)
