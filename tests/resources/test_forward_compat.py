"""Forward compatibility: unknown fields and values parse; odd shapes never crash a parser."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit_runtime_client import UnexpectedResponseError
from qiskit_runtime_client.resources import JobStatus
from qiskit_runtime_client.resources._details import parse_job, parse_jobs_page, parse_metrics
from qiskit_runtime_client.resources._status import outcome_error, parse_state
from qiskit_runtime_client.resources.backends import parse_backend_status, parse_backends
from qiskit_runtime_client.resources.sessions import parse_session

JOB = {
    "id": "j1",
    "created": "2026-01-02T03:04:05.123456Z",
    "program": {"id": "sampler"},
    "state": {"status": "Running"},
    "status": "Running",
    "cost": 0,
}


def test_unknown_fields_and_status_values_parse() -> None:
    job = parse_job(
        {**JOB, "state": {"status": "Paused", "new": 1}, "status": "Paused", "brand_new": [1]}
    )
    assert job.status == "Paused" and not job.status.is_known and not job.status.is_final
    assert job.raw["brand_new"] == [1]


def test_missing_optional_fields_become_none() -> None:
    job = parse_job({"id": "j1", "status": "Queued"})
    assert job.status is JobStatus.QUEUED
    assert (job.created, job.backend, job.program_id, job.tags, job.usage_seconds) == (
        None,
        None,
        None,
        [],
        None,
    )


def test_wrong_types_fall_back_instead_of_crashing() -> None:
    job = parse_job(
        {
            "id": "j1",
            "created": "not a date",
            "program": "sampler",
            "state": ["Running"],
            "status": 7,
            "tags": "x",
            "usage": {"seconds": "lots"},
            "cost": "12",
        }
    )
    assert job.status == "Unknown" and not job.status.is_final
    assert (job.created, job.program_id, job.tags, job.usage_seconds, job.cost) == (
        None,
        None,
        [],
        None,
        12,
    )


def test_job_status_carries_unknown_values() -> None:
    assert JobStatus("completed") is JobStatus.COMPLETED
    odd = JobStatus("Cancelled - Quota")
    assert odd == "Cancelled - Quota" and odd.is_final and odd.is_cancelled and not odd.is_known
    assert str(JobStatus("Held")) == "Held"
    with pytest.raises(ValueError):
        JobStatus(3)


def test_state_reads_both_code_spellings_and_the_refined_top_status() -> None:
    camel = parse_state({"state": {"status": "Failed", "reasonCode": 1002, "reason": "r"}})
    snake = parse_state({"state": {"status": "Failed", "reason_code": "1002"}})
    assert camel.reason_code == snake.reason_code == 1002
    refined = parse_state({"state": {"status": "Cancelled"}, "status": "Cancelled - Ran too long"})
    assert refined.status is JobStatus.CANCELLED_RAN_TOO_LONG
    assert outcome_error("j", parse_state({"status": "Completed"})) is None


def test_listing_skips_entries_it_cannot_read_but_counts_them() -> None:
    page = parse_jobs_page({"jobs": [JOB, {"no": "id"}, "junk"], "count": "3", "limit": 200})
    assert [j.id for j in page.jobs] == ["j1"]
    assert (page.received, page.count, page.limit) == (3, 3, 200)


@pytest.mark.parametrize(
    "bad", [None, [], "<html>", {"jobs": "many"}], ids=["null", "list", "html", "jobs-str"]
)
def test_unreadable_listing_is_a_typed_error(bad: object) -> None:
    with pytest.raises(UnexpectedResponseError):
        parse_jobs_page(bad)


def test_sessions_backends_metrics_with_mutations() -> None:
    session = parse_session({"id": "s", "state": "hibernating", "mode": "turbo", "x": 1})
    assert (session.state, session.mode, session.backend_name) == ("hibernating", "turbo", None)
    backends = parse_backends({"devices": ["a", {"name": "b", "status": "online"}, 3, {}]})
    assert [(b.name, b.status) for b in backends] == [("a", None), ("b", "online")]
    status = parse_backend_status("b", {"length_queue": 2, "whatever": True})
    assert (status.queue_length, status.operational, status.is_available) == (2, None, True)
    metrics = parse_metrics({"usage": None, "timestamps": {"created": "2026-01-01T00:00:00Z"}})
    assert metrics.created is not None and metrics.usage_seconds is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            ["id", "status", "state", "jobs", "devices", "name", "reason_code", "reasonCode",
             "created", "count", "limit", "usage", "program", "tags", "queue_length", "x"]
        ),
        children,
        max_size=5,
    ),
    max_leaves=12,
)  # fmt: skip

PARSERS: list[Callable[[Any], object]] = [
    parse_job,
    parse_jobs_page,
    parse_metrics,
    parse_backends,
    lambda data: parse_backend_status("b", data),
    parse_session,
    lambda data: parse_state(data) if isinstance(data, dict) else None,
]


@settings(max_examples=300, deadline=None)
@given(data=JSON)
def test_no_parser_crashes_on_arbitrary_json(data: Any) -> None:
    for parser in PARSERS:
        with contextlib.suppress(UnexpectedResponseError):
            parser(data)
