"""The emulator's state: jobs, sessions, instance settings; one lock guards all of it."""

from __future__ import annotations

import random
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from qiskit_runtime_client.testing._backends import Backend

QUEUED = "Queued"
RUNNING = "Running"
COMPLETED = "Completed"
CANCELLED = "Cancelled"
FAILED = "Failed"
RAN_TOO_LONG = "Cancelled - Ran too long"
PENDING = frozenset({QUEUED, RUNNING})

_ID_ALPHABET = "0123456789abcdefghijklmnopqrstuv"


def new_id(rng: random.Random | None = None) -> str:
    """A 20-character id in the service's style (like 'c5dge2d3rn7breq27i9g'): from `rng` (a
    seeded emulator's ids repeat run after run), else from the system's randomness."""
    source = rng or random.SystemRandom()
    return "d" + "".join(source.choice(_ID_ALPHABET) for _ in range(19))


@dataclass
class Outcome:
    """What executing a job produced: the results text, or the reason it failed."""

    result_text: str | None = None
    error: str | None = None
    error_code: int | None = None
    stats: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fault:
    """How a job is told to end: fail with a reason and code, or run too long."""

    kind: str  # "fail" | "too_long"
    reason: str = ""
    code: int | None = None
    solution: str | None = None


@dataclass
class Job:
    """One job and its life so far."""

    id: str
    program_id: str
    backend: str
    params: dict[str, Any]
    created: float
    queue_seconds: float
    run_seconds: float
    cost: int
    seq: int
    tags: list[str] = field(default_factory=list)
    session_id: str | None = None
    log_level: str | None = None
    runtime: str | None = None
    private: bool = False
    caller: str | None = None
    status: str = QUEUED
    reason: str = ""
    reason_code: int | None = None
    reason_solution: str | None = None
    running_at: float | None = None
    finished_at: float | None = None
    execution: Future[Outcome] | None = field(default=None, repr=False)
    outcome: Outcome | None = None
    fault: Fault | None = None
    logs: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    @property
    def usage_seconds(self) -> int:
        """Quantum seconds billed: the emulated running time (run_seconds, or until it was
        cancelled), rounded, at least 1 once it ran; when requests noticed it does not matter."""
        if self.running_at is None or self.finished_at is None:
            return 0
        return max(1, round(self.finished_at - self.running_at))


@dataclass
class Session:
    """One session or batch."""

    id: str
    mode: str
    max_ttl: int
    interactive_ttl: int
    created: float
    backend: str | None = None
    state: str = "open"
    state_reason: str | None = None
    accepting_jobs: bool = True
    started_at: float | None = None
    activated_at: float | None = None
    closed_at: float | None = None
    last_job_started: float | None = None
    last_job_completed: float | None = None
    timestamps: list[tuple[str, float]] = field(default_factory=list)
    elapsed_time: float | None = None
    cancel_queued: bool = False
    #: creation order among jobs and sessions (the store's job_seq when created)
    seq: int = 0


@dataclass
class Store:
    """Everything the service remembers. Take `lock` to read or change any of it."""

    backends: dict[str, Backend]
    account_id: str
    user_id: str
    lock: threading.RLock = field(default_factory=threading.RLock)
    jobs: dict[str, Job] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    #: the instance's own usage limit (PUT /instances/configuration), seconds per usage period
    instance_limit: int | None = None
    #: the plan the instance is on, and the seconds it allocates per usage period
    plan_id: str = "emulator-plan"
    usage_allocation: int = 36000
    #: faults to give the next created jobs, in order
    next_job_faults: list[Fault] = field(default_factory=list)
    #: creation times of recent jobs, for the rate limit
    recent_creations: list[float] = field(default_factory=list)
    #: creation order of jobs and sessions (their `seq`)
    job_seq: int = 0
    #: usage of deleted jobs still counts for the instance
    deleted_seconds: int = 0
    #: where job and session ids come from (seeded when the emulator is)
    ids: random.Random = field(default_factory=random.SystemRandom)

    def queue_length(self, backend: Backend) -> int:
        """Jobs waiting on a backend: its background queue plus the emulator's queued jobs."""
        waiting = sum(
            1 for job in self.jobs.values() if job.backend == backend.name and job.status == QUEUED
        )
        return backend.base_queue + waiting

    def used_seconds(self) -> int:
        """Quantum seconds used by every job of the instance."""
        return self.deleted_seconds + sum(job.usage_seconds for job in self.jobs.values())

    def usage_limit(self) -> int:
        """Seconds the instance may use: its own limit if set, else the plan's allocation."""
        return self.usage_allocation if self.instance_limit is None else self.instance_limit
