"""What the reliability tests share: a small job to submit and readers of the emulator's log.

The emulator records every request it received (faulted ones included), so a test can count
exactly how many submissions, reconciliation look-ups and token exchanges the client made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qiskit_runtime_client import ManualClock, RuntimeClient
from qiskit_runtime_client.resources import Job
from qiskit_runtime_client.testing import RecordedRequest, RuntimeEmulator

BACKEND = "ibm_fez"
JOBS_PATH = "/api/v1/jobs"
TOKEN_PATH = "/identity/token"
CLIENT_TAG_PREFIX = "qrc-"

BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""


class ScriptedClock(ManualClock):
    """A ManualClock that runs actions once its time reaches given marks (a fault that starts
    in the middle of a wait, say). Actions run inside the sleep that crosses their mark."""

    def __init__(self, start: float = 0.0) -> None:
        super().__init__(start)
        self._script: list[tuple[float, Callable[[], object]]] = []

    def at(self, when: float, action: Callable[[], object]) -> None:
        """Run `action` once the clock reaches `when`."""
        self._script.append((when, action))

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        due = [entry for entry in self._script if entry[0] <= self.now]
        self._script = [entry for entry in self._script if entry[0] > self.now]
        for _, action in due:
            action()


def submit_bell(client: RuntimeClient, **kwargs: Any) -> Job:
    """Submit a 100-shot Bell-circuit sampler job, the way users do."""
    return client.sampler(BACKEND).run([BELL], shots=100, **kwargs)


def api_requests(emu: RuntimeEmulator) -> list[RecordedRequest]:
    """Every request to the Runtime API (IAM exchanges left out), oldest first."""
    return [r for r in emu.requests if r.path.startswith("/api/v1/")]


def token_exchanges(emu: RuntimeEmulator) -> list[RecordedRequest]:
    """The requests to IAM's token endpoint."""
    return [r for r in emu.requests if r.path == TOKEN_PATH]


def submissions(emu: RuntimeEmulator) -> list[RecordedRequest]:
    """The POST /jobs requests received, answered or not."""
    return [r for r in emu.requests if r.method == "POST" and r.path == JOBS_PATH]


def client_tag(submission: RecordedRequest) -> str:
    """The tag the client put on a submission to find the job again."""
    tags = [t for t in submission.body.get("tags", []) if t.startswith(CLIENT_TAG_PREFIX)]
    assert len(tags) == 1, f"expected one client tag in {submission.body.get('tags')}"
    return tags[0]


def reconciliations(emu: RuntimeEmulator) -> list[RecordedRequest]:
    """The GET /jobs look-ups by client tag (how the client finds a job after a lost answer)."""
    return [
        r
        for r in emu.requests
        if r.method == "GET"
        and r.path == JOBS_PATH
        and any(t.startswith(CLIENT_TAG_PREFIX) for t in r.query.get("tags", []))
    ]


def statuses(requests: list[RecordedRequest]) -> list[int | None]:
    """The statuses answered (None where the connection was dropped)."""
    return [r.status for r in requests]
