"""GET /workloads: the caller's own jobs and sessions, one list, cursor-paged.

A workload is a job run on its own (mode "job") or a session (mode "session" for a dedicated
session, "batch" for a batch); the jobs of a session belong to its workload and are not listed
apart. A session that has no backend yet (none given at creation, no job so far) is not listed:
every workload names its backend.

Order: `sort=createdAt` (the spec's default) oldest first, `-createdAt` newest first. A page holds
`limit` workloads (1..50, default 10); the answer's `next` and `previous` hold the href of the
following and the preceding page (absent at either end). Their cursors are opaque: a cursor names
the workload a page continues after (`next`) or before (`previous`), so pages stay stable while
new workloads arrive.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._clock import iso, micros, parse_iso
from qiskit_runtime_client.testing._errors import VALIDATION, ApiError, json_response
from qiskit_runtime_client.testing._service import Call, Service
from qiskit_runtime_client.testing._store import (
    CANCELLED,
    COMPLETED,
    FAILED,
    QUEUED,
    RAN_TOO_LONG,
    RUNNING,
    Job,
    Session,
)

#: WorkloadResponse.status of a job, by job status
_JOB_STATUS = {
    QUEUED: "pending",
    RUNNING: "in_progress",
    COMPLETED: "completed",
    CANCELLED: "canceled",
    RAN_TOO_LONG: "canceled",
    FAILED: "failed",
}
#: WorkloadResponse.status of a session, by session state (inactive: idle between jobs)
_SESSION_STATUS = {
    "open": "pending",
    "active": "in_progress",
    "inactive": "in_progress",
    "closed": "completed",
}
_SESSION_MODE = {"dedicated": "session", "batch": "batch"}
DEFAULT_LIMIT = 10
_CURSORS = ("next", "previous")


def _usage(seconds: float) -> dict[str, Any]:
    return {"usage_seconds": seconds, "usage": {"qpu_charge_time_seconds": seconds}}


def job_workload(job: Job, instance: str, user_id: str) -> dict[str, Any]:
    """A job run on its own, as a WorkloadResponse."""
    doc: dict[str, Any] = {
        "id": job.id,
        "created": iso(job.created),
        "backend": job.backend,
        "instance": instance,
        "user_id": user_id,
        "accepting_jobs": None,
        "mode": "job",
        "status": _JOB_STATUS[job.status],
        "tags": list(job.tags),
    }
    if job.reason:
        doc["status_reason"] = job.reason
    if not job.pending and job.finished_at is not None:
        doc["ended"] = iso(job.finished_at)
        doc |= _usage(job.usage_seconds)
        doc["usage"]["status"] = "complete"
    return doc


def session_workload(session: Session, instance: str, user_id: str) -> dict[str, Any]:
    """A session or batch, as a WorkloadResponse."""
    doc: dict[str, Any] = {
        "id": session.id,
        "created": iso(session.created),
        "backend": session.backend,
        "instance": instance,
        "user_id": user_id,
        "accepting_jobs": session.accepting_jobs,
        "mode": _SESSION_MODE[session.mode],
        "status": _SESSION_STATUS[session.state],
    }
    if session.closed_at is not None:
        doc["ended"] = iso(session.closed_at)
    if session.elapsed_time is not None:
        doc |= _usage(session.elapsed_time)
    return doc


def encode_cursor(seq: int) -> str:
    """An opaque cursor naming the workload created `seq`-th."""
    return base64.urlsafe_b64encode(f"w:{seq}".encode()).decode().rstrip("=")


def decode_cursor(name: str, text: str) -> int:
    """The creation number a cursor names, or 400."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        kind, _, number = raw.partition(":")
        if kind == "w" and number.isdigit():
            return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiError(
        400,
        f"query parameter '{name}': {text!r} is not a cursor of this list; take cursors from the "
        "next and previous hrefs of an answer",
        code=VALIDATION,
    )


def _limit(value: Any) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if value != int(value):
        raise ApiError(
            400, f"query parameter 'limit': must be a whole number, got {value}", code=VALIDATION
        )
    return int(value)


def _matcher(q: dict[str, Any]) -> Callable[[dict[str, Any], list[str], float], bool]:
    """A test of (workload document, its tags, its creation time) against the query."""
    statuses = set(q.get("status") or [])
    wanted_tags = set(q.get("tags") or [])
    needle = str(q.get("search", "")).lower()
    after = parse_iso(q["created_after"]) if "created_after" in q else None
    before = parse_iso(q["created_before"]) if "created_before" in q else None

    def matches(doc: dict[str, Any], tags: list[str], created: float) -> bool:
        return (
            (not statuses or doc["status"] in statuses)
            and ("mode" not in q or doc["mode"] == q["mode"])
            and ("backend" not in q or doc["backend"] == q["backend"])
            and wanted_tags <= set(tags)
            and (
                not needle
                or needle in doc["id"].lower()
                or any(needle in tag.lower() for tag in tags)
            )
            and (after is None or micros(created) > micros(after))
            and (before is None or micros(created) < micros(before))
        )

    return matches


def list_workloads(service: Service, call: Call) -> Response:
    """GET /workloads?user=me: filters, sort, and `limit` with `next`/`previous` cursors."""
    q = call.query
    limit = _limit(q.get("limit"))
    cursors = {name: decode_cursor(name, q[name]) for name in _CURSORS if name in q}
    if len(cursors) > 1:
        raise ApiError(400, "Give either 'next' or 'previous', not both", code=VALIDATION)
    newest_first = q.get("sort", "createdAt") == "-createdAt"
    matches = _matcher(q)
    store = service.store
    found: list[tuple[int, dict[str, Any]]] = []
    with store.lock:
        for job in store.jobs.values():
            if job.session_id is None:
                doc = job_workload(job, service.instance, store.user_id)
                if matches(doc, job.tags, job.created):
                    found.append((job.seq, doc))
        for session in store.sessions.values():
            if session.backend is not None:
                doc = session_workload(session, service.instance, store.user_id)
                if matches(doc, [], session.created):
                    found.append((session.seq, doc))
    found.sort(key=lambda item: item[0], reverse=newest_first)

    def comes_before(seq: int, cursor: int) -> bool:
        return seq > cursor if newest_first else seq < cursor

    if "next" in cursors:
        start = sum(1 for seq, _ in found if not comes_before(cursors["next"], seq))
        page = found[start : start + limit]
    elif "previous" in cursors:
        end = sum(1 for seq, _ in found if comes_before(seq, cursors["previous"]))
        start = max(0, end - limit)
        page = found[start:end]
    else:
        start, page = 0, found[:limit]
    answer: dict[str, Any] = {
        "workloads": [doc for _, doc in page],
        "total_count": len(found),
        "limit": limit,
    }
    if page and start > 0:
        answer["previous"] = {"href": _href(call, "previous", page[0][0])}
    if page and start + len(page) < len(found):
        answer["next"] = {"href": _href(call, "next", page[-1][0])}
    return json_response(answer)


def _href(call: Call, name: str, seq: int) -> str:
    """This request's URL with its cursor replaced by `name`=cursor of `seq`."""
    params = [
        (key, value) for key, value in call.request.args.items(multi=True) if key not in _CURSORS
    ]
    params.append((name, encode_cursor(seq)))
    return f"{call.base_url}{call.request.path}?{urlencode(params)}"
