"""The /jobs operations and GET /tags."""

from __future__ import annotations

import math
from typing import Any

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._api_backends import find_backend
from qiskit_runtime_client.testing._clock import iso, micros, parse_iso
from qiskit_runtime_client.testing._errors import (
    TOO_MANY_REQUESTS,
    TOO_MANY_TAGS,
    VALIDATION,
    ApiError,
    json_response,
)
from qiskit_runtime_client.testing._job_body import PROGRAMS, check_params
from qiskit_runtime_client.testing._service import Call, Service
from qiskit_runtime_client.testing._store import COMPLETED, FAILED, PENDING, Job, new_id
from qiskit_runtime_client.testing.deviations import USAGE_V3_FROM

#: cost (max_execution_time) of a job that gives none: the service's 3-hour maximum
DEFAULT_COST = 10800


def _job(service: Service, job_id: str) -> Job:
    job = service.store.jobs.get(job_id)
    if job is None:
        raise ApiError(404, f"Job {job_id!r} not found")
    return job


def _usage(job: Job, api_version: str | None) -> dict[str, Any]:
    seconds = job.usage_seconds
    if api_version is not None and api_version >= USAGE_V3_FROM:
        return {
            "qpu_charge_time_seconds": seconds,
            "status": "complete" if job.finished_at is not None else "pending",
        }
    return {"seconds": seconds}


def job_document(job: Job, api_version: str | None, *, exclude_params: bool) -> dict[str, Any]:
    """JobResponse as the live service writes it (state with camelCase reasonCode)."""
    state: dict[str, Any] = {
        "status": "Cancelled" if job.status.startswith("Cancelled") else job.status,
        "reason": job.reason,
        "reasonCode": job.reason_code,
    }
    if job.reason_solution:
        state["reason_solution"] = job.reason_solution
    doc: dict[str, Any] = {
        "id": job.id,
        "backend": job.backend,
        "state": state,
        "status": job.status,
        "program": {"id": job.program_id},
        "created": iso(job.created),
        "cost": job.cost,
        "user_id": "IBMid-emulator",
        "usage": _usage(job, api_version),
        "private": job.private,
        # the service's estimate of the job's usage; the emulator knows it exactly
        "estimated_running_time_seconds": float(job.run_seconds),
    }
    if not exclude_params:
        doc["params"] = job.params
    if job.tags:
        doc["tags"] = list(job.tags)
    if job.session_id:
        doc["session_id"] = job.session_id
    if job.runtime:
        doc["runtime"] = job.runtime
    return doc


# --- POST /jobs --------------------------------------------------------------------------------


def _check_rate_limit(service: Service, now: float) -> None:
    if service.rate_limit is None:
        return
    allowed, window = service.rate_limit
    recent = [t for t in service.store.recent_creations if t > now - window]
    service.store.recent_creations = recent
    if len(recent) >= allowed:
        retry_after = max(1, math.ceil(recent[0] + window - now))
        raise ApiError(
            429,
            f"Too many job creation requests received: the limit is {allowed} per "
            f"{window:g} seconds. Reduce the request rate and retry.",
            code=TOO_MANY_REQUESTS,
            headers={"Retry-After": str(retry_after)},
        )


def _check_job_body(body: dict[str, Any]) -> None:
    program_id = body["program_id"]
    if program_id not in PROGRAMS:
        raise ApiError(
            400,
            f"program_id {program_id!r} is not supported by the emulator; allowed values: "
            + ", ".join(repr(p) for p in PROGRAMS),
            code=VALIDATION,
        )
    if "params" not in body:
        raise ApiError(400, "body.params: is required (with 'pubs')", code=VALIDATION)
    problems = check_params(program_id, body["params"])
    if problems:
        entries = [(VALIDATION, str(p)) for p in problems]
        raise ApiError(400, entries[0][1], code=VALIDATION, more=entries[1:])


def create_job(service: Service, call: Call) -> Response:
    """POST /jobs: validate the body facts, apply limits, queue the job."""
    body: dict[str, Any] = call.body
    _check_job_body(body)
    store = service.store
    now = service.time.now()
    with store.lock:
        backend = find_backend(service, body["backend"])
        session = None
        if body.get("session_id"):
            session = store.sessions.get(body["session_id"])
            if session is None:
                raise ApiError(404, f"Session {body['session_id']!r} not found")
            if not session.accepting_jobs or session.state == "closed":
                raise ApiError(
                    400,
                    f"Session {session.id} is closed or no longer accepting jobs; "
                    "open a new session",
                    code=VALIDATION,
                )
            if session.backend not in (None, backend.name):
                raise ApiError(
                    400,
                    f"Session {session.id} runs on {session.backend}, not {backend.name}",
                    code=VALIDATION,
                )
        if store.used_seconds() >= store.usage_limit():
            raise ApiError(
                409,
                f"Usage exceeds instance limit ({store.used_seconds()} of "
                f"{store.usage_limit()} seconds used)",
            )
        _check_rate_limit(service, now)
        store.job_seq += 1
        job = Job(
            id=new_id(store.ids),
            program_id=body["program_id"],
            backend=backend.name,
            params=body["params"],
            created=now,
            queue_seconds=service.queue_seconds,
            run_seconds=service.run_seconds,
            cost=body.get("cost", DEFAULT_COST),
            seq=store.job_seq,
            tags=list(body.get("tags") or []),
            session_id=session.id if session else None,
            log_level=body.get("log_level"),
            runtime=body.get("runtime"),
            private=bool(body.get("private", False)),
            caller=call.request.headers.get("X-Qx-Client-Application"),
        )
        if store.next_job_faults:
            job.fault = store.next_job_faults.pop(0)
        job.logs.append(f"{iso(now)} INFO Job {job.id} queued on {backend.name}")
        store.jobs[job.id] = job
        store.recent_creations.append(now)
        if session is not None and session.backend is None:
            session.backend = backend.name
    answer: dict[str, Any] = {"id": job.id, "backend": job.backend}
    if job.session_id:
        answer["session_id"] = job.session_id
    return json_response(answer)


# --- reading jobs ------------------------------------------------------------------------------


def list_jobs(service: Service, call: Call) -> Response:
    """GET /jobs with filters, sort and limit/offset pagination."""
    q = call.query
    limit = q.get("limit", 200)
    offset = q.get("offset", 0)
    if offset < 0:
        raise ApiError(400, "query parameter 'offset': must be 0 or more", code=VALIDATION)
    after = parse_iso(q["created_after"]) if "created_after" in q else None
    before = parse_iso(q["created_before"]) if "created_before" in q else None
    wanted_tags = set(q.get("tags") or [])
    with service.store.lock:
        jobs = [
            job
            for job in service.store.jobs.values()
            if ("pending" not in q or (job.status in PENDING) == q["pending"])
            and ("program" not in q or job.program_id == q["program"])
            and ("backend" not in q or job.backend == q["backend"])
            and ("session_id" not in q or job.session_id == q["session_id"])
            and (after is None or micros(job.created) > micros(after))
            and (before is None or micros(job.created) < micros(before))
            and wanted_tags <= set(job.tags)
        ]
        jobs.sort(key=lambda j: (j.created, j.seq), reverse=q.get("sort", "DESC") == "DESC")
        exclude = q.get("exclude_params", True)
        page = [
            job_document(job, call.api_version, exclude_params=exclude)
            for job in jobs[offset : offset + limit]
        ]
    return json_response({"jobs": page, "count": len(jobs), "limit": limit, "offset": offset})


def get_job(service: Service, call: Call) -> Response:
    """GET /jobs/{id}."""
    with service.store.lock:
        job = _job(service, call.path_id)
        exclude = call.query.get("exclude_params", False)
        return json_response(job_document(job, call.api_version, exclude_params=exclude))


def delete_job(service: Service, call: Call) -> Response:
    """DELETE /jobs/{id}: only for jobs in a final state."""
    with service.store.lock:
        job = _job(service, call.path_id)
        if job.pending:
            raise ApiError(
                400,
                f"Job {job.id} is {job.status}; only a job in a final state can be deleted "
                "(cancel it first)",
                code=VALIDATION,
            )
        service.store.deleted_seconds += job.usage_seconds
        del service.store.jobs[job.id]
    return Response(status=204)


def cancel_job(service: Service, call: Call) -> Response:
    """POST /jobs/{id}/cancel: 204, or 409 once the job is final."""
    with service.store.lock:
        job = _job(service, call.path_id)
        if not job.pending:
            raise ApiError(409, "Job is in non cancellable status.")
        service.lifecycle.cancel(job, "Job was cancelled by the user", service.time.now())
    return Response(status=204)


def job_results(service: Service, call: Call) -> Response:
    """GET /jobs/{id}/results as JSON (JobResults): the results text once Completed; for a
    Failed job its error text as a JSON string (the spec's LegacyJobResults); else 204."""
    with service.store.lock:
        job = _job(service, call.path_id)
        if job.status == COMPLETED and job.outcome is not None and job.outcome.result_text:
            return Response(job.outcome.result_text, mimetype="application/json")
        if job.status == FAILED:
            return json_response(f"Job {job.id} failed: {job.reason}")
    return Response(status=204)


def job_logs(service: Service, call: Call) -> Response:
    """GET /jobs/{id}/logs (text/plain)."""
    with service.store.lock:
        job = _job(service, call.path_id)
        text = "\n".join(job.logs) + "\n"
    return Response(text, mimetype="text/plain")


def job_metrics(service: Service, call: Call) -> Response:
    """GET /jobs/{id}/metrics."""
    with service.store.lock:
        job = _job(service, call.path_id)
        timestamps = {"created": iso(job.created)}
        if job.running_at is not None:
            timestamps["running"] = iso(job.running_at)
        if job.finished_at is not None:
            timestamps["finished"] = iso(job.finished_at)
        stats = dict(job.outcome.stats) if job.outcome else {}
        usage = _usage(job, call.api_version)
        doc: dict[str, Any] = {
            "timestamps": timestamps,
            "usage": usage,
            "qiskit_version": _qiskit_version(),
            **stats,
        }
        if "seconds" in usage:  # the shape before IBM-API-Version 2026-03-15 (deviations.py)
            usage["quantum_seconds"] = usage["seconds"]
            doc["bss"] = {"seconds": job.usage_seconds}
        if job.caller:
            doc["caller"] = job.caller
    return json_response(doc)


def _qiskit_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("qiskit")
    except PackageNotFoundError:
        return "unknown"


def replace_tags(service: Service, call: Call) -> Response:
    """PUT /jobs/{id}/tags."""
    tags = call.body["tags"]
    with service.store.lock:
        job = _job(service, call.path_id)
        job.tags = list(tags)
    return Response(status=204)


def search_tags(service: Service, call: Call) -> Response:
    """GET /tags?type=job&search=abc: the job tags containing `search` (case-insensitive)."""
    needle = call.query["search"].lower()
    with service.store.lock:
        found = {tag for job in service.store.jobs.values() for tag in job.tags}
    return json_response({"tags": sorted(tag for tag in found if needle in tag.lower())})


def check_tag_count(body: Any) -> None:
    """Too many tags is its own error code (1204) in the registry."""
    if isinstance(body, dict) and isinstance(body.get("tags"), list) and len(body["tags"]) > 8:
        raise ApiError(
            400,
            f"The job has {len(body['tags'])} tags; a job can have at most 8",
            code=TOO_MANY_TAGS,
        )
