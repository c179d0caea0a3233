"""JobDetails: a job document (GET /jobs/{id} or one entry of GET /jobs) read tolerantly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from qiskit_runtime_client.errors import UnexpectedResponseError
from qiskit_runtime_client.resources._parse import (
    as_dict,
    opt_float,
    opt_int,
    opt_str,
    parse_time,
    str_list,
)
from qiskit_runtime_client.resources._status import JobState, JobStatus, parse_state


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
    runtime: str | None = None
    user_id: str | None = None
    params: dict[str, Any] | None = attrs.field(default=None, repr=False)
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def status(self) -> JobStatus:
        """Shortcut for state.status."""
        return self.state.status


def parse_job(data: Any) -> JobDetails:
    """JobDetails from a job document; UnexpectedResponseError if it is not an object with an id."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not data["id"]:
        raise UnexpectedResponseError(
            f"expected a job document with an 'id', got {str(data)[:200]!r}"
        )
    params = data.get("params")
    return JobDetails(
        id=data["id"],
        state=parse_state(data),
        created=parse_time(data.get("created")),
        backend=opt_str(data.get("backend")),
        program_id=opt_str(as_dict(data.get("program")).get("id")),
        session_id=opt_str(data.get("session_id")),
        tags=str_list(data.get("tags")),
        cost=opt_int(data.get("cost")),
        usage_seconds=_usage_seconds(as_dict(data.get("usage"))),
        runtime=opt_str(data.get("runtime")),
        user_id=opt_str(data.get("user_id")),
        params=params if isinstance(params, dict) else None,
        raw=data,
    )


def _usage_seconds(usage: dict[str, Any]) -> float | None:
    """`seconds` of the older usage block, or `qpu_charge_time_seconds` of UsageV3 (the shape
    the service sends from IBM-API-Version 2026-03-15)."""
    seconds = opt_float(usage.get("seconds"))
    return seconds if seconds is not None else opt_float(usage.get("qpu_charge_time_seconds"))


@attrs.frozen
class ListedJobs:
    """One GET /jobs answer: readable jobs, how many entries came, the server's count and limit."""

    jobs: list[JobDetails]
    received: int
    count: int | None
    limit: int | None


def parse_jobs_page(data: Any) -> ListedJobs:
    """A GET /jobs answer read tolerantly; entries without an id are skipped (but counted)."""
    body = as_dict(data)
    if not isinstance(data, dict) or not isinstance(body.get("jobs", []), list):
        raise UnexpectedResponseError(
            f"expected a job listing {{'jobs': [...]}}, got {str(data)[:200]!r}"
        )
    entries = body.get("jobs", [])
    jobs = []
    for item in entries:
        try:
            jobs.append(parse_job(item))
        except UnexpectedResponseError:
            continue
    return ListedJobs(jobs, len(entries), opt_int(body.get("count")), opt_int(body.get("limit")))


@attrs.frozen
class JobMetrics:
    """GET /jobs/{id}/metrics: timing, queue position and usage; everything else is in `raw`."""

    usage_seconds: float | None = None
    quantum_seconds: float | None = None
    position_in_queue: int | None = None
    position_in_provider: int | None = None
    estimated_start_time: datetime | None = None
    estimated_completion_time: datetime | None = None
    created: datetime | None = None
    running: datetime | None = None
    finished: datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def parse_metrics(data: Any) -> JobMetrics:
    """JobMetrics from a metrics document (any field may be missing)."""
    body = as_dict(data)
    usage = as_dict(body.get("usage"))
    times = as_dict(body.get("timestamps"))
    quantum = opt_float(usage.get("quantum_seconds"))
    if quantum is None:
        quantum = opt_float(usage.get("qpu_charge_time_seconds"))
    return JobMetrics(
        usage_seconds=_usage_seconds(usage),
        quantum_seconds=quantum,
        position_in_queue=opt_int(body.get("position_in_queue")),
        position_in_provider=opt_int(body.get("position_in_provider")),
        estimated_start_time=parse_time(body.get("estimated_start_time")),
        estimated_completion_time=parse_time(body.get("estimated_completion_time")),
        created=parse_time(times.get("created")),
        running=parse_time(times.get("running")),
        finished=parse_time(times.get("finished")),
        raw=body,
    )
