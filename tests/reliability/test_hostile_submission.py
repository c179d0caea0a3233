"""Defects 2, 3 and 14 (submission part): whatever cuts a submission short after it may have
reached the service ends in the tag look-up, and then in JobSubmissionUncertainError naming
the tag; only a listed job that carries the tag is taken as the one submitted."""

from __future__ import annotations

import asyncio
import threading

import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    JobSubmissionUncertainError,
    RuntimeClient,
)

from ._hostile import Conn, Req, client_kwargs, hostile, job_json, jobs_page

BODY = {"program_id": "sampler", "backend": "ibm_fez", "params": {"pubs": []}}
JOBS = "/api/v1/jobs"


def _tag(req: Req) -> str:
    (tag,) = [t for t in req.json()["tags"] if t.startswith("qrc-")]
    return tag


def _posted_tag(srv: object) -> str:
    (post,) = srv.api("POST", JOBS)  # type: ignore[attr-defined]
    return _tag(post)


def test_closing_the_client_during_a_submission_names_the_tag() -> None:
    arrived = threading.Event()

    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            arrived.set()
            conn.sleep(2.0)
            conn.hang_up()
        else:
            conn.answer(200, jobs_page([]))

    with hostile(handler, lifetime=15) as srv:
        client = RuntimeClient(**client_kwargs(srv, max_retries=0))
        closer = threading.Thread(target=lambda: (arrived.wait(5), client.close()))
        closer.start()
        try:
            with pytest.raises(JobSubmissionUncertainError) as caught:
                client.jobs.submit(BODY)
        finally:
            closer.join(5)
        assert caught.value.client_tag == _posted_tag(srv)
        assert len(srv.api("POST", JOBS)) == 1


async def test_closing_an_async_client_during_a_submission_names_the_tag() -> None:
    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            conn.sleep(2.0)
            conn.hang_up()
        else:
            conn.answer(200, jobs_page([]))

    with hostile(handler, lifetime=15) as srv:
        client = AsyncRuntimeClient(**client_kwargs(srv, max_retries=0))
        submission = asyncio.ensure_future(client.jobs.submit(BODY))
        for _ in range(200):
            if srv.api("POST", JOBS):
                break
            await asyncio.sleep(0.01)
        await client.aclose()
        with pytest.raises(JobSubmissionUncertainError) as caught:
            await asyncio.wait_for(submission, 10)
        assert caught.value.client_tag == _posted_tag(srv)


async def test_cancelling_an_async_submission_names_the_tag() -> None:
    def handler(req: Req, conn: Conn) -> None:
        conn.sleep(3.0)
        conn.hang_up()

    with hostile(handler, lifetime=15) as srv:
        async with AsyncRuntimeClient(**client_kwargs(srv, max_retries=0)) as client:
            submission = asyncio.ensure_future(client.jobs.submit(BODY))
            for _ in range(200):
                if srv.api("POST", JOBS):
                    break
                await asyncio.sleep(0.01)
            submission.cancel()
            with pytest.raises(asyncio.CancelledError) as caught:
                await submission
        assert isinstance(caught.value, JobSubmissionUncertainError)  # still a cancellation
        assert caught.value.client_tag == _posted_tag(srv)
        assert submission.cancelled()


@pytest.mark.parametrize("where", ["answer", "lookup"])
def test_an_answer_json_cannot_read_still_names_the_tag(where: str) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000  # RecursionError in json.loads

    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            if where == "answer":
                conn.answer(201, raw_body=deep)
            else:
                conn.answer(502, {"errors": []})
        else:
            conn.answer(200, raw_body=deep)

    with hostile(handler) as srv, RuntimeClient(**client_kwargs(srv, max_retries=0)) as client:
        with pytest.raises(JobSubmissionUncertainError) as caught:
            client.jobs.submit(BODY)
        assert caught.value.client_tag == _posted_tag(srv)
        assert len(srv.api("GET", JOBS)) == 1  # the tag was looked up


def test_a_listing_that_ignores_the_tag_filter_is_not_taken_as_the_job() -> None:
    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            conn.hang_up()  # the answer is lost
        else:  # ignores ?tags= and lists someone else's job first
            conn.answer(200, jobs_page([job_json("not-yours", tags=["other"])]))

    with hostile(handler) as srv, RuntimeClient(**client_kwargs(srv, max_retries=0)) as client:
        with pytest.raises(JobSubmissionUncertainError) as caught:
            client.jobs.submit(BODY)
        assert caught.value.client_tag == _posted_tag(srv)


def test_a_listed_job_carrying_the_tag_is_returned() -> None:
    def handler(req: Req, conn: Conn) -> None:
        if req.method == "POST":
            conn.hang_up()
        else:
            (tag,) = req.query["tags"]
            conn.answer(
                200,
                jobs_page([job_json("not-yours", tags=["x"]), job_json("yours", tags=[tag])]),
            )

    with hostile(handler) as srv, RuntimeClient(**client_kwargs(srv, max_retries=0)) as client:
        assert client.jobs.submit(BODY).id == "yours"
