"""Jobs and sessions moving through their states as emulator time passes.

Nothing ticks in the background: every API request first calls `refresh()`, which brings each
job and session up to "now". A job is Queued for `queue_seconds`, then Running (its PUBs start
executing in a worker thread), and ends `run_seconds` later. When the clock says a job is done
but its execution is still going, refresh waits for it (without the lock), so a ManualClock
moved past the end always finds the job finished.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from concurrent.futures import Executor, Future

from qiskit_runtime_client.testing._clock import EmulatorTime, iso
from qiskit_runtime_client.testing._store import (
    CANCELLED,
    COMPLETED,
    FAILED,
    QUEUED,
    RAN_TOO_LONG,
    RUNNING,
    Job,
    Outcome,
    Session,
    Store,
)

#: reason code of a job that exceeded its maximum execution time
RAN_TOO_LONG_CODE = 1305

Runner = Callable[[Job], Outcome]


class Lifecycle:
    """Advances jobs and sessions; owns nothing but the rules."""

    def __init__(
        self,
        store: Store,
        time: EmulatorTime,
        executor: Executor,
        runner: Runner,
        execution_timeout: float = 120.0,
    ) -> None:
        self.store = store
        self.time = time
        self.executor = executor
        self.runner = runner
        self.execution_timeout = execution_timeout

    def refresh(self) -> None:
        """Bring every job and session up to the current time. Call without holding the lock."""
        for _ in range(3):
            with self.store.lock:
                waiting = self._step(self.time.now())
            if not waiting:
                return
            concurrent.futures.wait(waiting, timeout=self.execution_timeout)
        with self.store.lock:
            now = self.time.now()
            for job in self.store.jobs.values():
                if job.status == RUNNING and job.execution and not job.execution.done():
                    job.outcome = Outcome(
                        error="the emulator's execution timed out", error_code=1000
                    )
            self._step(now)

    # --- jobs ----------------------------------------------------------------------------------

    def _step(self, now: float) -> list[Future[Outcome]]:
        waiting: list[Future[Outcome]] = []
        for job in list(self.store.jobs.values()):
            if job.status == QUEUED:
                self._maybe_start(job, now)
            if job.status == RUNNING:
                end = (job.running_at or now) + job.run_seconds
                if now < end:
                    continue
                execution = job.execution
                if job.outcome is None and execution is not None and not execution.done():
                    waiting.append(execution)
                    continue
                self._finish(job, end)
        for session in self.store.sessions.values():
            self._step_session(session, now)
        return waiting

    def _maybe_start(self, job: Job, now: float) -> None:
        backend = self.store.backends[job.backend]
        start = max(job.created + job.queue_seconds, backend.online_since)
        if now < start or not backend.runs_jobs:
            return
        job.status = RUNNING
        job.running_at = start
        job.logs.append(f"{iso(start)} INFO Job {job.id} is running on {job.backend}")
        session = self.store.sessions.get(job.session_id or "")
        if session is not None:
            session.last_job_started = start
            if session.started_at is None:
                session.started_at = start
            if session.state != "active":
                session.activated_at = start
                _set_state(session, "active", start)
        if job.fault is None:
            job.execution = self.executor.submit(self.runner, job)

    def _finish(self, job: Job, end: float) -> None:
        fault = job.fault
        outcome = job.outcome
        if outcome is None and job.execution is not None and fault is None:
            if job.execution.cancelled():
                outcome = Outcome(error="the emulator stopped before the job ran", error_code=1000)
            else:
                outcome = job.execution.result()
            job.outcome = outcome
        finished = end  # billed by emulated running time, whenever a request noticed it
        if fault is not None and fault.kind == "too_long":
            job.status = RAN_TOO_LONG
            job.reason = (
                f"Job {job.id} ran longer than its maximum execution time ({job.cost} seconds)"
            )
            job.reason_code = RAN_TOO_LONG_CODE
            job.reason_solution = "Raise max_execution_time (the job's cost) or split the job."
        elif fault is not None:
            job.status = FAILED
            job.reason, job.reason_code, job.reason_solution = (
                fault.reason,
                fault.code,
                fault.solution,
            )
        elif outcome is not None and outcome.error is not None:
            job.status = FAILED
            job.reason, job.reason_code = outcome.error, outcome.error_code
            job.reason_solution = "Check the job's circuits, observables and parameter values."
        else:
            job.status = COMPLETED
        job.finished_at = finished
        job.logs.append(f"{iso(finished)} INFO Job {job.id} finished: {job.status} {job.reason}")
        session = self.store.sessions.get(job.session_id or "")
        if session is not None:
            session.last_job_completed = finished

    def cancel_executions(self) -> None:
        """Drop executions that have not started (the emulator is stopping)."""
        with self.store.lock:
            for job in self.store.jobs.values():
                if job.execution is not None:
                    job.execution.cancel()

    def cancel(self, job: Job, reason: str, now: float) -> None:
        """End a pending job as Cancelled (its execution, if any, is left to finish unseen)."""
        job.status = CANCELLED
        job.reason = reason
        job.finished_at = now
        job.logs.append(f"{iso(now)} INFO Job {job.id} cancelled: {reason}")

    # --- sessions ------------------------------------------------------------------------------

    def _step_session(self, session: Session, now: float) -> None:
        if session.state == "closed":
            return
        jobs = [j for j in self.store.jobs.values() if j.session_id == session.id]
        expired = session.started_at is not None and now >= session.started_at + session.max_ttl
        if expired and not session.cancel_queued:
            session.state_reason = "max TTL reached"
            session.accepting_jobs = False
            session.cancel_queued = True
        if session.cancel_queued:
            for job in jobs:
                if job.status == QUEUED:
                    self.cancel(job, f"session {session.id} was closed", now)
        if any(job.pending for job in jobs):
            return
        if not session.accepting_jobs:
            session.closed_at = now
            session.elapsed_time = float(sum(job.usage_seconds for job in jobs))
            _set_state(session, "closed", now)
        elif session.state == "active":
            last = session.last_job_completed or now
            idle_limit = 0 if session.mode == "batch" else session.interactive_ttl
            if now >= last + idle_limit:
                _set_state(session, "inactive", now)


def _set_state(session: Session, state: str, when: float) -> None:
    session.state = state
    session.timestamps.append((state, when))
