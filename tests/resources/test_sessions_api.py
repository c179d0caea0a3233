"""Sessions and batches: creation on entry, close on exit, the user's exception kept intact."""

from __future__ import annotations

import logging

import httpx
import pytest
from qiskit_runtime_client import (
    AsyncRuntimeClient,
    RuntimeClient,
    ServerError,
    SessionClosedError,
)
from qiskit_runtime_client.resources import Job, Session
from resources_fake import FakeService


class Boom(Exception):
    pass


def test_session_used_normally(client: RuntimeClient, fake: FakeService) -> None:
    with client.session("ibm_a", max_ttl=600) as session:
        assert session.id == "sess1"
        job = session._submit_body({"program_id": "sampler", "params": {}})
        assert isinstance(job, Job) and job.session_id == "sess1"

    assert fake.bodies[0] == {"mode": "dedicated", "backend": "ibm_a", "max_ttl": 600}
    post = fake.bodies[1]
    assert post["session_id"] == "sess1" and post["program_id"] == "sampler"
    assert fake.calls("PATCH", "/sessions/sess1") == [("PATCH", "/sessions/sess1")]
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
    assert fake.calls("PATCH", "/sessions/sess1") == [("PATCH", "/sessions/sess1")]


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
    fake.overrides[("POST", "/sessions")] = lambda r: httpx.Response(502, text="bad gateway")
    with pytest.raises(ServerError) as info, client.session("ibm_a"):
        pass
    assert any("may have created the session" in note for note in info.value.__notes__)
    assert len(fake.calls("POST", "/sessions")) == 1  # not resent


def test_closed_session_refuses_jobs_before_any_request(
    client: RuntimeClient, fake: FakeService
) -> None:
    with client.session("ibm_a") as session:
        pass
    sent = len(fake.requests)
    with pytest.raises(SessionClosedError, match="closed"):
        session._submit_body({"program_id": "sampler"})
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
    assert len(fake.calls("PATCH", "/sessions/gone")) == 1


def test_cancel_deletes_and_details_parse(client: RuntimeClient, fake: FakeService) -> None:
    with client.session("ibm_a") as session:
        details = session.details()
        assert (details.id, details.mode, details.backend_name, details.state) == (
            "sess1",
            "dedicated",
            "ibm_a",
            "open",
        )
        session.cancel()
    assert fake.calls("DELETE", "/sessions/sess1/close") == [("DELETE", "/sessions/sess1/close")]
    assert fake.calls("PATCH", "/sessions/sess1") == []  # already closed by cancel
    assert session.details().accepting_jobs is False


def test_from_id_makes_no_request_and_joins_jobs(client: RuntimeClient, fake: FakeService) -> None:
    fake.sessions["s9"] = {"id": "s9", "mode": "batch", "backend_name": "ibm_a"}
    session = Session.from_id(client._runner, "s9")
    assert fake.api_requests() == []
    job = session._submit_body({"program_id": "sampler"})
    assert fake.bodies[-1]["session_id"] == "s9" and job.session_id == "s9"
    assert fake.calls("POST", "/sessions") == []


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
        job = await session._submit_body({"program_id": "sampler"})
        assert job.session_id == session.id == "sess1"
    assert session.closed

    fake.close_status = 500
    error = Boom("inside")
    with pytest.raises(Boom) as info:
        async with aclient.batch("ibm_a"):
            raise error
    assert info.value is error and len(error.__notes__) == 1
    with pytest.raises(SessionClosedError):
        await session._submit_body({"program_id": "sampler"})
