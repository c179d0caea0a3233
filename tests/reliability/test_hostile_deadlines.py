"""Defects 4, 8 and 16 (submission timeout): `timeout=` on waits is one wall-clock deadline
across polls, retries and slow bodies (JobTimeoutError when it passes); a body cut off midway is
retried like any failed idempotent attempt; a submission keeps a timeout the caller gave."""

from __future__ import annotations

import json
import time

import pytest
from qiskit_runtime_client import (
    APITimeoutError,
    AsyncRuntimeClient,
    JobSubmissionUncertainError,
    JobTimeoutError,
    RuntimeClient,
)
from qiskit_runtime_client.resources import AsyncJob, Job

from ._hostile import Conn, Req, client_kwargs, hostile, job_json, jobs_page


def _dribble(conn: Conn, body: bytes, every: float) -> None:
    """Headers at once, then the body one byte at a time (until the server stops)."""
    conn.head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
    for i in range(len(body)):
        if conn.stop.is_set():
            conn.hang_up()
            return
        conn.raw(body[i : i + 1])
        conn.sleep(every)


def _dribbling_job(req: Req, conn: Conn) -> None:
    _dribble(conn, json.dumps(job_json("j1", status="Running")).encode(), 0.3)


def _silent(req: Req, conn: Conn) -> None:
    conn.sleep(30)  # never answers (the server's lifetime ends it)


@pytest.mark.parametrize("handler", [_dribbling_job, _silent], ids=["dribble", "stall"])
def test_wait_timeout_is_a_wall_clock_deadline(handler: object) -> None:
    with hostile(handler, lifetime=12) as srv, RuntimeClient(**client_kwargs(srv)) as client:  # type: ignore[arg-type]
        job = Job(client._runner, "j1")
        started = time.monotonic()
        with pytest.raises(JobTimeoutError) as caught:
            job.wait(timeout=1.0)
        assert time.monotonic() - started < 3.0  # timeout + the last poll's 1 s grace
        assert caught.value.job_id == "j1"


async def test_async_wait_timeout_is_a_wall_clock_deadline() -> None:
    with hostile(_dribbling_job, lifetime=12) as srv:
        async with AsyncRuntimeClient(**client_kwargs(srv)) as client:
            job = AsyncJob(client._runner, "j1")
            started = time.monotonic()
            with pytest.raises(JobTimeoutError):
                await job.wait(timeout=1.0)
            assert time.monotonic() - started < 3.0


def test_result_timeout_covers_the_download() -> None:
    def handler(req: Req, conn: Conn) -> None:
        if req.path.endswith("/results"):
            _dribble(conn, b'{"results": []}' + b" " * 100, 0.3)
        else:
            conn.answer(200, job_json("j1"))

    with hostile(handler, lifetime=12) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        started = time.monotonic()
        with pytest.raises(JobTimeoutError) as caught:
            Job(client._runner, "j1").result(timeout=1.0)
        assert time.monotonic() - started < 3.0
        assert caught.value.last_status == "Completed"


def test_a_body_cut_off_midway_is_retried_for_get() -> None:
    body = json.dumps(job_json("j1")).encode()

    def handler(req: Req, conn: Conn) -> None:
        if len(srv.api()) == 1:  # first attempt: half the body, then the connection drops
            conn.head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
            conn.raw(body[: len(body) // 2])
            conn.hang_up()
        else:
            conn.answer(200, raw_body=body)

    with hostile(handler) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        assert Job(client._runner, "j1").status().value == "Completed"
        assert len(srv.api("GET")) == 2


def test_a_submission_keeps_a_timeout_shorter_than_its_default_budget() -> None:
    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            conn.sleep(5)
            conn.hang_up()
        else:
            conn.answer(200, jobs_page([]))

    body = {"program_id": "sampler", "backend": "ibm_fez", "params": {"pubs": []}}
    with (
        hostile(handler, lifetime=12) as srv,
        RuntimeClient(**client_kwargs(srv, timeout=0.5)) as client,
    ):
        started = time.monotonic()
        with pytest.raises(JobSubmissionUncertainError) as caught:
            client.jobs.submit(body)
        assert time.monotonic() - started < 2.5
        assert isinstance(caught.value.__cause__, APITimeoutError)


def test_a_retry_after_beyond_the_deadline_is_not_waited_for() -> None:
    def handler(req: Req, conn: Conn) -> None:
        conn.answer(503, {"errors": []}, headers={"Retry-After": "60"})

    with hostile(handler, lifetime=12) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        started = time.monotonic()
        with pytest.raises(JobTimeoutError):
            Job(client._runner, "j1").wait(timeout=2.0)
        assert time.monotonic() - started < 1.0  # no 60 s sleep, and no pointless wait either
        assert len(srv.api()) == 1
