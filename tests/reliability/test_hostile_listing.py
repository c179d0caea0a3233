"""Defects 9 and 13: wait_all sees a finished job however many other finished jobs come before
it in the listing, and the job pager ends when a server repeats a full page while its count
grows (it used to loop without yielding)."""

from __future__ import annotations

import time

import pytest
from qiskit_runtime_client import RuntimeClient
from qiskit_runtime_client.resources import Job

from ._hostile import Conn, Req, client_kwargs, hostile, job_json, jobs_page

OTHERS = 450


def _window_server(ours: str) -> object:
    """Discovery (no `pending`) shows our job running (it ends right after); the finished-jobs
    window lists 450 other finished jobs, then ours, 200 at a time."""
    finished = [job_json(f"other-{i:04d}") for i in range(OTHERS)] + [job_json(ours)]

    def handler(req: Req, conn: Conn) -> None:
        query = req.query
        if req.path.endswith(f"/{ours}"):
            conn.answer(200, job_json(ours))
        elif "pending" not in query:
            conn.answer(200, jobs_page([job_json(ours, status="Running")]))
        else:
            offset, limit = int(query["offset"][0]), int(query["limit"][0])
            page = finished[offset : offset + limit]
            conn.answer(200, jobs_page(page, offset=offset, limit=limit, count=len(finished)))

    return hostile(handler, max_requests=60)


@pytest.mark.parametrize("return_when", ["all", "first"])
def test_wait_all_finds_a_job_behind_hundreds_of_finished_ones(return_when: str) -> None:
    with _window_server("mine") as srv, RuntimeClient(**client_kwargs(srv)) as client:  # type: ignore[attr-defined]
        job = Job(client._runner, "mine")
        started = time.monotonic()
        done, pending = client.jobs.wait_all([job], timeout=3, return_when=return_when)
        assert [j.id for j in done] == ["mine"] and pending == []
        assert time.monotonic() - started < 2.5  # found in the first round, not timed out


def test_the_pager_ends_when_a_full_page_repeats_while_the_count_grows() -> None:
    page = [job_json(f"j{i:03d}") for i in range(200)]
    asked = []

    def handler(req: Req, conn: Conn) -> None:
        asked.append(req)
        conn.answer(200, jobs_page(page, limit=200, count=1000 + 200 * len(asked)))

    with hostile(handler, max_requests=50) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        listed = [job.id for job in client.jobs.list()]
    assert len(listed) == 200 and len(set(listed)) == 200
    assert len(asked) <= 4  # the first page and at most 3 stale ones


def test_wait_all_timeout_is_a_wall_clock_deadline() -> None:
    def handler(req: Req, conn: Conn) -> None:
        conn.sleep(30)  # never answers (the server's lifetime ends it)

    with hostile(handler, lifetime=12) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        job = Job(client._runner, "mine")
        started = time.monotonic()
        done, pending = client.jobs.wait_all([job], timeout=1.0)
        assert done == [] and pending == [job]
        assert time.monotonic() - started < 3.0
