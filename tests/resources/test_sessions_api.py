"""Sessions and batches: creation on entry, close on exit, the user's exception kept intact."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    RuntimeClient,
    ServerError,
    SessionClosedError,
    UnexpectedResponseError,
)
from qiskit_runtime_client.resources import Job, Session
from qiskit_runtime_client.resources.sessions import parse_session
from resources_fake import FakeService

#: A job body as the primitives build it (program, backend, a sampler input).
BODY = {"program_id": "sampler", "backend": "ibm_a",
        "params": {"pubs": [["OPENQASM 3.0;"]], "version": 2}}  # fmt: skip


class Boom(Exception):
    pass


def test_session_used_normally(client: RuntimeClient, fake: FakeService) -> None:
    with client.session("ibm_a", max_ttl=600) as session:
        assert session.id == "sess1"
        job = session._submit_body(BODY)
        assert isinstance(job, Job) and job.session_id == "sess1"

    assert fake.calls("POST", "/v1/sessions") == [("POST", "/v1/sessions")]
    assert fake.bodies[0] == {"mode": "dedicated", "backend": "ibm_a", "max_ttl": 600}
    post = fake.bodies[1]
    assert post["session_id"] == "sess1" and post["program_id"] == "sampler"
    assert fake.calls("PATCH", "/v1/sessions/sess1") == [("PATCH", "/v1/sessions/sess1")]
    assert fake.bodies[-1] == {"accepting_jobs": False}
    assert session.closed


def test_batch_mode(client: RuntimeClient, fake: FakeService) -> None:
    with client.batch("ibm_a"):
        pass
    assert fake.bodies[0] == {"mode": "batch", "backend": "ibm_a"}


def test_exception_inside_closes_and_propagates_unchanged(
    client: RuntimeClient, fake: FakeService
) -> None:
    error = Boom("user code failed")
    with pytest.raises(Boom) as info, client.session("ibm_a"):
        raise error
    assert info.value is error
    assert not getattr(error, "__notes__", [])
    assert fake.calls("PATCH", "/v1/sessions/sess1") == [("PATCH", "/v1/sessions/sess1")]


def test_failed_close_after_an_exception_becomes_a_note(
    client: RuntimeClient, fake: FakeService, caplog: pytest.LogCaptureFixture
) -> None:
    fake.close_status = 500
    error = Boom("user code failed")
    with (
        caplog.at_level(logging.WARNING, logger="qiskit_runtime_client"),
        pytest.raises(Boom) as info,
        client.session("ibm_a"),
    ):
        raise error
    assert info.value is error
    assert info.value.__context__ is None  # the close error did not enter the chain
    (note,) = error.__notes__
    assert "sess1" in note and "500" in note
    assert "closing session sess1" in caplog.text


def test_failed_close_on_normal_exit_is_raised(client: RuntimeClient, fake: FakeService) -> None:
    fake.close_status = 500
    with pytest.raises(ServerError), client.session("ibm_a"):
        pass


def test_lost_answer_on_create_says_a_session_may_exist(
    client: RuntimeClient, fake: FakeService
) -> None:
    fake.overrides[("POST", "/v1/sessions")] = lambda r: httpx.Response(502, text="bad gateway")
    with pytest.raises(ServerError) as info, client.session("ibm_a"):
        pass
    assert any("may have created the session" in note for note in info.value.__notes__)
    assert len(fake.calls("POST", "/v1/sessions")) == 1  # not resent


def test_unreadable_create_answer_says_a_session_may_exist(
    client: RuntimeClient, fake: FakeService
) -> None:
    # 200 without the fields JobSession requires: the session exists, its id is unknown
    fake.overrides[("POST", "/v1/sessions")] = lambda r: httpx.Response(200, json={"id": "s1"})
    session = client.session("ibm_a")
    with pytest.raises(UnexpectedResponseError, match="create_session") as info:
        session.create()
    assert any("may have created the session" in note for note in info.value.__notes__)
    assert session.id is None and len(fake.calls("POST", "/v1/sessions")) == 1


def test_closed_session_refuses_jobs_before_any_request(
    client: RuntimeClient, fake: FakeService
) -> None:
    with client.session("ibm_a") as session:
        pass
    sent = len(fake.requests)
    with pytest.raises(SessionClosedError, match="closed"):
        session._submit_body(BODY)
    with pytest.raises(SessionClosedError), session:
        pass
    assert len(fake.requests) == sent


def test_close_of_an_already_closed_session_is_quiet(
    client: RuntimeClient, fake: FakeService
) -> None:
    session = client.session_from_id("gone")
    session.close()  # the fake answers 404
    assert session.closed
    session.close()  # no second request
    assert len(fake.calls("PATCH", "/v1/sessions/gone")) == 1
    cancelled = client.session_from_id("gone-too")
    cancelled.cancel()  # 404 too
    assert cancelled.closed
    assert fake.calls("DELETE") == [("DELETE", "/v1/sessions/gone-too/close")]


def test_cancel_deletes_and_details_parse(client: RuntimeClient, fake: FakeService) -> None:
    with client.session("ibm_a") as session:
        details = session.details()
        assert (details.id, details.mode, details.backend_name, details.state) == (
            "sess1",
            "dedicated",
            "ibm_a",
            "open",
        )
        assert type(details.mode) is str and type(details.state) is str  # not generated enums
        assert details.raw == fake.sessions["sess1"]
        session.cancel()
    assert fake.calls("DELETE", "/v1/sessions/sess1/close") == [
        ("DELETE", "/v1/sessions/sess1/close")
    ]
    assert fake.calls("PATCH") == []  # already closed by cancel
    assert session.details().accepting_jobs is False
    assert fake.calls("GET") == [("GET", "/v1/sessions/sess1")] * 2


def test_details_read_the_generated_job_session(client: RuntimeClient, fake: FakeService) -> None:
    fake.sessions["s2"] = {
        "id": "s2",
        "mode": "turbo",  # values the spec does not list are kept, as strings
        "state": "hibernating",
        "backend_name": None,
        "max_ttl": 600,
        "interactive_ttl": "soon",  # a value of another type becomes None
        "started_at": "2026-01-02T03:04:05.5Z",
        "activated_at": "2026-01-02T04:04:05+01:00",
        "closed_at": None,
        "last_job_started": "not a date",
        "elapsed_time": 1.5,
        "timestamps": [{"status": "open", "timestamp": "2026-01-02T03:04:05Z"}],
        "brand_new": [1],
    }
    details = client.session_from_id("s2").details()
    assert (details.mode, details.state, details.backend_name) == ("turbo", "hibernating", None)
    assert (details.max_ttl, details.interactive_ttl, details.elapsed_time) == (600, None, 1.5)
    started = datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=UTC)
    assert details.started_at == started and details.started_at.tzinfo is UTC
    assert details.activated_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert (details.closed_at, details.last_job_started, details.accepting_jobs) == (None,) * 3
    assert details.raw["brand_new"] == [1]
    assert parse_session(fake.sessions["s2"]) == details


@pytest.mark.parametrize(
    "document",
    [
        {"id": "s3", "mode": "batch"},  # no backend_name (JobSession requires it, nullable)
        {"id": "s3", "backend_name": "ibm_a"},  # no mode
        {"id": 3, "mode": "batch", "backend_name": "ibm_a"},
        {"id": "s3", "mode": "batch", "backend_name": "ibm_a", "timestamps": 5},
    ],
)
def test_session_documents_of_another_shape_are_typed_errors(
    client: RuntimeClient, fake: FakeService, document: dict[str, object]
) -> None:
    fake.sessions["s3"] = document
    with pytest.raises(UnexpectedResponseError, match="/v1/sessions/s3"):
        client.session_from_id("s3").details()
    fake.overrides[("GET", "/v1/sessions/s4")] = lambda r: httpx.Response(200, json=["s4"])
    with pytest.raises(UnexpectedResponseError, match="JSON object"):
        client.session_from_id("s4").details()


def test_from_id_makes_no_request_and_joins_jobs(client: RuntimeClient, fake: FakeService) -> None:
    fake.sessions["s9"] = {"id": "s9", "mode": "batch", "backend_name": "ibm_a"}
    session = Session.from_id(client._runner, "s9")
    assert fake.api_requests() == []
    job = session._submit_body(BODY)
    assert fake.bodies[-1]["session_id"] == "s9" and job.session_id == "s9"
    assert fake.calls("POST", "/v1/sessions") == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"backend": "ibm_a", "mode": "shared"}, "mode"),
        ({"backend": "ibm_a", "max_ttl": 0}, "max_ttl"),
        ({"backend": "ibm_a", "max_ttl": True}, "max_ttl"),
        ({"backend": ""}, "backend"),
    ],
)
def test_bad_session_arguments_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=field):
        client.session(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="session_id"):
        client.session_from_id("a/b")
    assert fake.api_requests() == []


async def test_async_session_normal_and_with_exception(
    aclient: AsyncRuntimeClient, fake: FakeService
) -> None:
    async with aclient.session("ibm_a") as session:
        job = await session._submit_body(BODY)
        assert job.session_id == session.id == "sess1"
    assert session.closed

    fake.close_status = 500
    error = Boom("inside")
    with pytest.raises(Boom) as info:
        async with aclient.batch("ibm_a"):
            raise error
    assert info.value is error and len(error.__notes__) == 1
    with pytest.raises(SessionClosedError):
        await session._submit_body(BODY)
