"""Sessions and batches: states, accepting_jobs, graceful close and cancel-close."""

from __future__ import annotations

from typing import Any

import httpx
from qiskit_runtime_client import ManualClock

from ._helpers import conforms, sampler_body


def _session(api: httpx.Client, **body: Any) -> dict[str, Any]:
    answer = api.post("/sessions", json={"mode": "batch", **body})
    assert answer.status_code == 200, answer.text
    conforms(answer)
    created: dict[str, Any] = answer.json()
    return created


def _submit(api: httpx.Client, session_id: str, backend: str = "ibm_fez") -> str:
    answer = api.post("/jobs", json=sampler_body(backend) | {"session_id": session_id})
    assert answer.status_code == 200, answer.text
    assert answer.json()["session_id"] == session_id
    job_id: str = answer.json()["id"]
    return job_id


def _get(api: httpx.Client, session_id: str) -> dict[str, Any]:
    answer = api.get(f"/sessions/{session_id}")
    conforms(answer)
    details: dict[str, Any] = answer.json()
    return details


def test_new_session_is_open_and_accepting(api: httpx.Client) -> None:
    session = _session(api, backend="ibm_fez", max_ttl=600)
    assert session["state"] == "open"
    assert session["accepting_jobs"] is True
    assert session["backend_name"] == "ibm_fez"
    assert session["max_ttl"] == 600
    assert session["active_ttl"] == 600  # the whole max TTL until a job starts
    assert session["mode"] == "batch"
    assert session["elapsed_time"] is None


def test_backend_is_taken_from_the_first_job(api: httpx.Client) -> None:
    session = _session(api)
    assert session["backend_name"] is None
    _submit(api, session["id"], "ibm_torino")
    assert _get(api, session["id"])["backend_name"] == "ibm_torino"
    other = api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": session["id"]})
    assert other.status_code == 400
    assert "ibm_torino" in other.json()["errors"][0]["message"]


def test_batch_goes_active_then_inactive(api: httpx.Client, clock: ManualClock) -> None:
    session_id = _session(api, backend="ibm_fez")["id"]
    job_id = _submit(api, session_id)
    clock.advance(5)
    api.get(f"/jobs/{job_id}")
    details = _get(api, session_id)
    assert details["state"] == "active"
    assert "started_at" in details
    clock.advance(10)
    assert api.get(f"/jobs/{job_id}").json()["status"] == "Completed"
    details = _get(api, session_id)
    assert details["state"] == "inactive"
    assert [t["status"] for t in details["timestamps"]] == ["open", "active", "inactive"]


def test_dedicated_session_stays_active_for_its_interactive_ttl(
    api: httpx.Client, clock: ManualClock
) -> None:
    session = _session(api, mode="dedicated", backend="ibm_fez")
    job_id = _submit(api, session["id"])
    clock.advance(5)
    api.get(f"/jobs/{job_id}")
    clock.advance(10)
    api.get(f"/jobs/{job_id}")
    assert _get(api, session["id"])["state"] == "active"
    clock.advance(session["interactive_ttl"])
    assert _get(api, session["id"])["state"] == "inactive"


def test_not_accepting_lets_jobs_finish_then_closes(api: httpx.Client, clock: ManualClock) -> None:
    session_id = _session(api, backend="ibm_fez")["id"]
    job_id = _submit(api, session_id)
    answer = api.patch(f"/sessions/{session_id}", json={"accepting_jobs": False})
    assert answer.status_code == 204
    details = _get(api, session_id)
    assert details["accepting_jobs"] is False
    assert details["state"] == "open"
    refused = api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": session_id})
    assert refused.status_code == 400
    assert "no longer accepting jobs" in refused.json()["errors"][0]["message"]
    clock.advance(5)
    api.get(f"/jobs/{job_id}")
    clock.advance(10)
    assert api.get(f"/jobs/{job_id}").json()["status"] == "Completed"
    closed = _get(api, session_id)
    assert closed["state"] == "closed"
    assert closed["elapsed_time"] == 10.0
    assert "closed_at" in closed


def test_close_cancels_queued_jobs_and_lets_running_ones_finish(
    api: httpx.Client, clock: ManualClock
) -> None:
    session_id = _session(api, backend="ibm_fez")["id"]
    running = _submit(api, session_id)
    clock.advance(5)
    queued = _submit(api, session_id)
    assert api.get(f"/jobs/{running}").json()["status"] == "Running"
    assert api.delete(f"/sessions/{session_id}/close").status_code == 204
    assert api.get(f"/jobs/{queued}").json()["status"] == "Cancelled"
    assert api.get(f"/jobs/{running}").json()["status"] == "Running"
    assert _get(api, session_id)["state"] != "closed"
    clock.advance(10)
    assert api.get(f"/jobs/{running}").json()["status"] == "Completed"
    assert _get(api, session_id)["state"] == "closed"
    assert api.delete(f"/sessions/{session_id}/close").status_code == 204


def test_max_ttl_cancels_queued_jobs_and_closes(api: httpx.Client, clock: ManualClock) -> None:
    session_id = _session(api, backend="ibm_fez", max_ttl=8)["id"]
    first = _submit(api, session_id)
    clock.advance(5)
    api.get(f"/jobs/{first}")  # running from t=5, the session's start
    clock.advance(5)
    assert _get(api, session_id)["active_ttl"] == 3
    second = _submit(api, session_id)  # queued until t=15
    clock.advance(3)  # t=13: max TTL reached
    details = _get(api, session_id)
    assert details["accepting_jobs"] is False
    assert details["state_reason"] == "max TTL reached"
    assert "active_ttl" not in details  # none left (the spec's active_ttl is at least 1)
    assert api.get(f"/jobs/{second}").json()["status"] == "Cancelled"
    assert api.get(f"/jobs/{first}").json()["status"] == "Running"
    clock.advance(2)
    assert api.get(f"/jobs/{first}").json()["status"] == "Completed"
    assert _get(api, session_id)["state"] == "closed"


def test_jobs_of_a_session_can_be_listed(api: httpx.Client) -> None:
    session_id = _session(api, backend="ibm_fez")["id"]
    mine = {_submit(api, session_id), _submit(api, session_id)}
    api.post("/jobs", json=sampler_body("ibm_fez"))
    listed = api.get("/jobs", params={"session_id": session_id}).json()
    assert {j["id"] for j in listed["jobs"]} == mine


def test_unknown_session(api: httpx.Client) -> None:
    assert api.get("/sessions/nope").status_code == 404
    missing = api.post("/jobs", json=sampler_body() | {"session_id": "nope"})
    assert missing.status_code == 404
    assert api.patch("/sessions/nope", json={"accepting_jobs": False}).status_code == 404
