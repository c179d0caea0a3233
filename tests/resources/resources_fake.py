"""A small in-test fake of the Runtime API for the resource tests (an httpx.MockTransport handler).

Jobs follow scripted state timelines on the ManualClock shared with the client, so waiting is
instant and deterministic. Every request is logged in `fake.requests`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from qiskit_runtime_client import ManualClock

CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/abc123:inst-1::"
#: The Runtime API's root on the host; the spec's paths under it start with VERSION.
ROOT = "/api"
#: The version segment of every Runtime path (/api/v1/jobs): requests are logged with it,
#: routed without it.
VERSION = "/v1"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
FINAL = {"Completed", "Failed", "Cancelled", "Cancelled - Ran too long"}


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def err(status: int, message: str, code: str = "1000") -> httpx.Response:
    body = {"errors": [{"code": code, "message": message}], "trace": "t-1"}
    return httpx.Response(status, json=body)


class FakeJob:
    """A job whose status follows `timeline`: (clock time, state dict) entries, in order."""

    def __init__(self, job_id: str, created: datetime, **fields: Any) -> None:
        self.id = job_id
        self.created = created
        self.timeline: list[tuple[float, dict[str, Any]]] = [(0.0, {"status": "Queued"})]
        self.top_status: str | None = None
        self.fields = fields
        self.result_text = json.dumps(
            {"results": [{"data": {"evs": 0.25, "stds": 0.01}, "metadata": {"shots": 100}}]}
        )

    def state(self, now: float) -> dict[str, Any]:
        current = self.timeline[0][1]
        for at, state in self.timeline:
            if at <= now:
                current = state
        return current

    def doc(self, now: float) -> dict[str, Any]:
        state = dict(self.state(now))
        top = self.top_status if state["status"] in FINAL and self.top_status else state["status"]
        return {
            "id": self.id,
            "created": iso(self.created),
            "program": {"id": "sampler"},
            "state": state,
            "status": top,
            "cost": 0,
            "backend": "ibm_test",
            **self.fields,
        }


class FakeService:
    """Routes requests like the service would; tests tweak its knobs and read `requests`."""

    def __init__(self) -> None:
        self.clock = ManualClock()
        self.jobs: dict[str, FakeJob] = {}
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.bodies: list[Any] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.backends_payload: Any = {"devices": ["ibm_a", "ibm_b"]}
        self.backend_status: dict[str, Any] = {}
        self.configurations: dict[str, Any] = {}
        #: Extra count added to listings (a server whose count overstates).
        self.count_bonus = 0
        #: Called after each GET /jobs listing (e.g. to create jobs mid-iteration).
        self.after_list: Callable[[FakeService], None] | None = None
        #: A replacement answer for a path (method, path) -> response factory.
        self.overrides: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] = {}
        self.close_status = 204
        #: The most jobs a listing page holds, whatever the request asks (echoed as `limit`).
        self.page_cap = 200
        self._n = 0

    # -- helpers for tests --------------------------------------------------------------------

    def add_job(self, status: str = "Queued", **fields: Any) -> FakeJob:
        self._n += 1
        job_id = f"job{self._n:04d}"
        created = EPOCH + timedelta(seconds=self.clock.now, microseconds=self._n)
        job = FakeJob(job_id, created, **fields)
        job.timeline = [(0.0, {"status": status})]
        self.jobs[job_id] = job
        return job

    def calls(self, method: str | None = None, path: str | None = None) -> list[tuple[str, str]]:
        return [
            (m, p)
            for m, p, _ in self.requests
            if (method is None or m == method) and (path is None or p == path)
        ]

    def api_requests(self) -> list[tuple[str, str, dict[str, list[str]]]]:
        return [r for r in self.requests if r[1] != "/identity/token"]

    # -- routing --------------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        url = urlsplit(str(request.url))
        path = url.path.removeprefix(ROOT)
        query = parse_qs(url.query)
        self.requests.append((request.method, path, query))
        if request.url.host == "iam.cloud.ibm.com":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        body = json.loads(request.content) if request.content else None
        self.bodies.append(body)
        override = self.overrides.get((request.method, path))
        if override is not None:
            return override(request)
        return self.route(request.method, path.removeprefix(VERSION), query, body)

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> httpx.Response:
        now = self.clock.now
        if path == "/jobs" and method == "GET":
            return self.list_jobs(query)
        if path == "/jobs" and method == "POST":
            job = self.add_job(session_id=body.get("session_id"), tags=body.get("tags"))
            return httpx.Response(200, json={"id": job.id, "backend": "ibm_test"})
        match = re.fullmatch(r"/jobs/([^/]+)(/\w+)?", path)
        if match:
            job = self.jobs.get(match.group(1))
            if job is None:
                return err(404, "Job not found", "1291")
            return self.job_route(method, match.group(2) or "", job, now, body)
        if path == "/sessions" and method == "POST":
            sid = f"sess{len(self.sessions) + 1}"
            self.sessions[sid] = {"id": sid, "mode": body["mode"], "backend_name": body["backend"]}
            self.sessions[sid].update(state="open", accepting_jobs=True)
            return httpx.Response(200, json=self.sessions[sid])
        match = re.fullmatch(r"/sessions/([^/]+)(/close)?", path)
        if match:
            session = self.sessions.get(match.group(1))
            if session is None:
                return err(404, "Session not found")
            if method == "GET":
                return httpx.Response(200, json=session)
            if method in {"PATCH", "DELETE"}:
                if self.close_status != 204:
                    return err(self.close_status, "close failed")
                session.update(accepting_jobs=False, state="closed")
                return httpx.Response(204)
        if path == "/backends":
            return httpx.Response(200, json=self.backends_payload)
        match = re.fullmatch(r"/backends/([^/]+)/(\w+)", path)
        if match:
            name, what = match.groups()
            if what == "status":
                status = self.backend_status.get(name)
                return httpx.Response(200, json=status) if status else err(404, "no backend")
            if what == "configuration" and name in self.configurations:
                return httpx.Response(200, json=self.configurations[name])
            return httpx.Response(200, json={"backend_name": name, "what": what, "query": 1})
        return err(404, f"no route for {method} {path}")

    def job_route(
        self, method: str, suffix: str, job: FakeJob, now: float, body: Any
    ) -> httpx.Response:
        status = job.state(now)["status"]
        if suffix == "" and method == "GET":
            return httpx.Response(200, json=job.doc(now))
        if suffix == "" and method == "DELETE":
            del self.jobs[job.id]
            return httpx.Response(204)
        if suffix == "/results":
            return httpx.Response(200, text=job.result_text)
        if suffix == "/cancel":
            if status in FINAL:
                return err(409, "Job is in non cancellable status.", "1215")
            job.timeline.append((now, {"status": "Cancelled"}))
            return httpx.Response(204)
        if suffix == "/logs":
            return httpx.Response(200, text="log line\n")
        if suffix == "/metrics":
            metrics = {
                "usage": {"qpu_charge_time_seconds": 3, "status": "complete"},
                "timestamps": {"created": iso(job.created)},
                "qiskit_version": "2.1.0",
            }
            return httpx.Response(200, json=metrics)
        if suffix == "/tags" and method == "PUT":
            job.fields["tags"] = body["tags"]
            return httpx.Response(204)
        return err(404, "no such job route")

    def list_jobs(self, query: dict[str, list[str]]) -> httpx.Response:
        now = self.clock.now
        jobs = sorted(self.jobs.values(), key=lambda j: j.created)
        if query.get("sort", ["DESC"])[0] != "ASC":
            jobs.reverse()
        if "pending" in query:
            want_final = query["pending"][0] == "false"
            jobs = [j for j in jobs if (j.state(now)["status"] in FINAL) == want_final]
        if "created_after" in query:
            after = datetime.fromisoformat(query["created_after"][0])
            jobs = [j for j in jobs if j.created > after]
        if "created_before" in query:
            before = datetime.fromisoformat(query["created_before"][0])
            jobs = [j for j in jobs if j.created < before]
        if "session_id" in query:
            jobs = [j for j in jobs if j.fields.get("session_id") == query["session_id"][0]]
        if "tags" in query:
            wanted = set(query["tags"])
            jobs = [j for j in jobs if wanted <= set(j.fields.get("tags") or [])]
        offset = int(query.get("offset", ["0"])[0])
        limit = min(int(query.get("limit", ["200"])[0]), self.page_cap)
        page = jobs[offset : offset + limit]
        body = {
            "jobs": [j.doc(now) for j in page],
            "count": len(jobs) + self.count_bonus,
            "limit": limit,
            "offset": offset,
        }
        if self.after_list is not None:
            self.after_list(self)
        return httpx.Response(200, json=body)
