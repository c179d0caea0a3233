"""The /sessions operations: create, read, stop accepting jobs, close (cancel queued jobs)."""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from qiskit_runtime_client.testing._api_backends import find_backend
from qiskit_runtime_client.testing._clock import iso
from qiskit_runtime_client.testing._errors import VALIDATION, ApiError, json_response
from qiskit_runtime_client.testing._service import Call, Service
from qiskit_runtime_client.testing._store import Session, new_id

DEFAULT_MAX_TTL = 28800
#: seconds between jobs a dedicated session stays active (interactive TTL)
INTERACTIVE_TTL = 60


def _session(service: Service, session_id: str) -> Session:
    session = service.store.sessions.get(session_id)
    if session is None:
        raise ApiError(404, f"Session {session_id!r} not found")
    return session


def session_document(session: Session, now: float) -> dict[str, Any]:
    """JobSession as the service writes it."""
    doc: dict[str, Any] = {
        "id": session.id,
        "backend_name": session.backend,
        "mode": session.mode,
        "state": session.state,
        "accepting_jobs": session.accepting_jobs,
        "max_ttl": session.max_ttl,
        "interactive_ttl": session.interactive_ttl,
        "timestamps": [{"status": s, "timestamp": iso(t)} for s, t in session.timestamps],
        "user_id": "IBMid-emulator",
        "elapsed_time": session.elapsed_time,
    }
    # the seconds left to be active: max_ttl until the first job starts, then counting down;
    # absent once none are left (the spec's active_ttl is at least 1)
    active_ttl = session.max_ttl
    if session.started_at is not None:
        active_ttl = round(session.started_at + session.max_ttl - now)
    if active_ttl >= 1:
        doc["active_ttl"] = active_ttl
    if session.state_reason:
        doc["state_reason"] = session.state_reason
    for name in (
        "started_at",
        "activated_at",
        "closed_at",
        "last_job_started",
        "last_job_completed",
    ):
        value = getattr(session, name)
        if value is not None:
            doc[name] = iso(value)
    return doc


def create_session(service: Service, call: Call) -> Response:
    """POST /sessions {mode, max_ttl?, backend?}."""
    body = call.body
    backend_name = body.get("backend") or body.get("backend_name")
    now = service.time.now()
    with service.store.lock:
        if backend_name is not None:
            backend_name = find_backend(service, backend_name).name
        mode = body["mode"]
        service.store.job_seq += 1
        session = Session(
            id=new_id(service.store.ids),
            mode=mode,
            max_ttl=int(body.get("max_ttl", DEFAULT_MAX_TTL)),
            interactive_ttl=INTERACTIVE_TTL if mode == "dedicated" else 1,
            created=now,
            backend=backend_name,
            timestamps=[("open", now)],
            seq=service.store.job_seq,
        )
        service.store.sessions[session.id] = session
        return json_response(session_document(session, now))


def get_session(service: Service, call: Call) -> Response:
    """GET /sessions/{id}."""
    with service.store.lock:
        return json_response(session_document(_session(service, call.path_id), service.time.now()))


def update_session(service: Service, call: Call) -> Response:
    """PATCH /sessions/{id} {accepting_jobs}: false lets pending jobs finish, then closes."""
    accepting = call.body["accepting_jobs"]
    with service.store.lock:
        session = _session(service, call.path_id)
        if session.state == "closed" and accepting:
            raise ApiError(400, f"Session {session.id} is closed", code=VALIDATION)
        session.accepting_jobs = accepting
    service.lifecycle.refresh()
    return Response(status=204)


def close_session(service: Service, call: Call) -> Response:
    """DELETE /sessions/{id}/close: stop accepting, cancel queued jobs, let running ones finish."""
    with service.store.lock:
        session = _session(service, call.path_id)
        if session.state != "closed":
            session.accepting_jobs = False
            session.cancel_queued = True
            session.state_reason = session.state_reason or "closed by the user"
    service.lifecycle.refresh()
    return Response(status=204)
