"""Forward compatibility: unknown fields and values parse; odd shapes never crash a parser."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qiskit_runtime_client import UnexpectedResponseError
from qiskit_runtime_client.resources import JobStatus
from qiskit_runtime_client.resources._details import parse_job, parse_jobs_page, parse_metrics
from qiskit_runtime_client.resources._status import outcome_error
from qiskit_runtime_client.resources.backends import parse_backend_status, parse_backends
from qiskit_runtime_client.resources.sessions import parse_session

#: A job document with the fields 0.45.3 requires (JobResponseV3), and nothing else.
JOB = {
    "id": "j1",
    "created": "2026-01-02T03:04:05.123456Z",
    "program": {"id": "sampler"},
    "state": {"status": "Running"},
    "status": "Running",
    "cost": 0,
}


def job(**changes: Any) -> dict[str, Any]:
    return {**JOB, **changes}


def test_unknown_fields_and_status_values_parse() -> None:
    details = parse_job(job(state={"status": "Paused", "new": 1}, status="Paused", brand_new=[1]))
    assert details.status == "Paused"
    assert not details.status.is_known and not details.status.is_final
    assert details.raw["brand_new"] == [1] and details.raw["state"]["new"] == 1


def test_missing_optional_fields_become_none() -> None:
    details = parse_job(JOB)
    assert details.status is JobStatus.RUNNING
    assert details.created == datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)
    assert (details.program_id, details.cost) == ("sampler", 0)
    assert (
        details.backend,
        details.session_id,
        details.tags,
        details.usage_seconds,
        details.runtime,
        details.user_id,
        details.params,
        details.estimated_running_seconds,
    ) == (None, None, [], None, None, None, None, None)
    assert details.raw is not None and details.raw == JOB


def test_the_0_45_3_fields_of_a_job_are_read() -> None:
    details = parse_job(
        job(
            backend="ibm_fez",
            session_id="s1",
            tags=["a"],
            usage={"qpu_charge_time_seconds": 2.5, "status": "pending"},
            estimated_running_time_seconds=3.25,
            user_id="u1",
        )
    )
    assert (details.backend, details.session_id, details.tags) == ("ibm_fez", "s1", ["a"])
    assert (details.usage_seconds, details.estimated_running_seconds) == (2.5, 3.25)
    assert details.user_id == "u1"


@pytest.mark.parametrize("field", ["id", "state", "status", "program", "created", "cost"])
def test_a_job_without_a_required_field_is_a_typed_error(field: str) -> None:
    document = {key: value for key, value in JOB.items() if key != field}
    with pytest.raises(UnexpectedResponseError, match="documented shape"):
        parse_job(document)


@pytest.mark.parametrize(
    "changes",
    [
        {"created": "not a date"},
        {"program": "sampler"},
        {"state": ["Running"]},
        {"status": 7},
        {"id": 5},
        {"id": ""},
    ],
    ids=["created", "program", "state", "status", "id-number", "id-empty"],
)
def test_a_job_whose_structure_is_wrong_is_a_typed_error(changes: dict[str, Any]) -> None:
    with pytest.raises(UnexpectedResponseError):
        parse_job(job(**changes))


def test_scalars_of_another_type_fall_back_instead_of_crashing() -> None:
    details = parse_job(
        job(tags="x", usage={"qpu_charge_time_seconds": "lots"}, cost="12", backend=7)
    )
    assert (details.tags, details.usage_seconds, details.cost, details.backend) == (
        [],
        None,
        12,
        None,
    )


def test_usage_of_older_api_versions_is_read_as_a_fallback() -> None:
    assert parse_job(job(usage={"qpu_charge_time_seconds": 7.5})).usage_seconds == 7.5
    assert parse_job(job(usage={"seconds": 5})).usage_seconds == 5.0
    both = parse_job(job(usage={"qpu_charge_time_seconds": 7, "seconds": 5}))
    assert both.usage_seconds == 7.0


def test_job_status_carries_unknown_values() -> None:
    assert JobStatus("completed") is JobStatus.COMPLETED
    odd = JobStatus("Cancelled - Quota")
    assert odd == "Cancelled - Quota" and odd.is_final and odd.is_cancelled and not odd.is_known
    assert str(JobStatus("Held")) == "Held"
    # a transitional status is not final: waiting (and status()) go on asking
    for transitional in ("Cancelling", "Failing over"):
        status = JobStatus(transitional)
        assert not (status.is_final or status.is_cancelled or status.is_failed)
    with pytest.raises(ValueError):
        JobStatus(3)


def test_state_reads_both_code_spellings_and_the_refined_top_status() -> None:
    failed = {"status": "Failed", "reason": "r"}
    camel = parse_job(job(state={**failed, "reasonCode": 1002}, status="Failed")).state
    snake = parse_job(job(state={**failed, "reason_code": "1002"}, status="Failed")).state
    assert camel.reason_code == snake.reason_code == 1002 and camel.reason == "r"
    nothing = parse_job(job(state={**failed, "reasonCode": None}, status="Failed")).state
    assert nothing.reason_code is None
    solution = {**failed, "reasonSolution": "retry"}
    assert parse_job(job(state=solution, status="Failed")).state.solution == "retry"
    refined = parse_job(job(state={"status": "Cancelled"}, status="Cancelled - Ran too long"))
    assert refined.status is JobStatus.CANCELLED_RAN_TOO_LONG
    unrelated = parse_job(job(state={"status": "Cancelled"}, status="Completed"))
    assert unrelated.status is JobStatus.CANCELLED  # the top status refines only its own prefix
    completed = parse_job(job(state={"status": "Completed"}, status="Completed"))
    assert outcome_error("j", completed.state) is None


def test_listing_skips_entries_it_cannot_read_but_counts_them() -> None:
    page = parse_jobs_page(
        {"jobs": [JOB, {"no": "id"}, "junk"], "count": "3", "limit": 200, "offset": 0}
    )
    assert [j.id for j in page.jobs] == ["j1"]
    assert page.jobs[0].raw == JOB
    assert (page.received, page.count, page.limit) == (3, 3, 200)


def test_listing_that_parses_whole_keeps_each_job_as_sent() -> None:
    sent = [JOB, job(id="j2", tags=["a"], brand_new={"x": 1})]
    before = copy.deepcopy(sent)
    page = parse_jobs_page({"jobs": sent, "count": 2, "limit": 10, "offset": 0})
    assert [j.raw for j in page.jobs] == before  # "created" as sent, not re-serialised
    assert page.jobs[1].raw is sent[1] and page.jobs[1].tags == ["a"]


def test_listing_that_parses_whole_skips_a_job_without_a_usable_id() -> None:
    page = parse_jobs_page({"jobs": [JOB, job(id=""), job(id="j3")], "limit": 10, "offset": 0})
    assert [j.id for j in page.jobs] == ["j1", "j3"]
    assert (page.received, page.count, page.limit) == (3, None, 10)


@pytest.mark.parametrize(
    "bad",
    [None, [], "<html>", {"jobs": "many"}, {"jobs": [JOB]}],
    ids=["null", "list", "html", "jobs-str", "no-limit-offset"],
)
def test_unreadable_listing_is_a_typed_error(bad: object) -> None:
    with pytest.raises(UnexpectedResponseError):
        parse_jobs_page(bad)


def test_metrics_of_this_and_older_api_versions() -> None:
    metrics = parse_metrics(
        {
            "usage": {"qpu_charge_time_seconds": 4, "status": "someday"},
            "timestamps": {"created": "2026-01-01T00:00:00Z", "running": "2026-01-01T00:00:05"},
            "qiskit_version": "2.1.0",
        }
    )
    assert (metrics.usage_seconds, metrics.quantum_seconds) == (4.0, 4.0)
    assert metrics.created == datetime(2026, 1, 1, tzinfo=UTC)
    assert metrics.running == datetime(2026, 1, 1, 0, 0, 5, tzinfo=UTC)  # naive: taken as UTC
    assert metrics.finished is None
    assert metrics.raw["qiskit_version"] == "2.1.0"
    older = parse_metrics({"usage": {"seconds": 3, "quantum_seconds": 2}, "position_in_queue": 2})
    assert (older.usage_seconds, older.quantum_seconds) == (3.0, 2.0)
    assert older.raw["position_in_queue"] == 2  # fields older specs had stay in raw
    with pytest.raises(UnexpectedResponseError):
        parse_metrics({"usage": None})


def test_sessions_and_backends_with_mutations() -> None:
    session = parse_session(
        {"id": "s", "state": "hibernating", "mode": "turbo", "backend_name": "b", "x": 1}
    )
    assert (session.state, session.mode, session.backend_name) == ("hibernating", "turbo", "b")
    backends = parse_backends({"devices": ["a", "b"]})
    assert [(b.name, b.status) for b in backends] == [("a", None), ("b", None)]
    status = parse_backend_status("b", {"length_queue": 2, "whatever": True})
    assert (status.queue_length, status.operational, status.is_available) == (2, None, True)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            ["id", "status", "state", "jobs", "devices", "name", "reason_code", "reasonCode",
             "created", "count", "limit", "offset", "usage", "program", "tags", "cost",
             "seconds", "qpu_charge_time_seconds", "timestamps", "queue_length", "x"]
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
    lambda data: parse_job({**JOB, **data}) if isinstance(data, dict) else None,
]


@settings(max_examples=300, deadline=None)
@given(data=JSON)
def test_no_parser_crashes_on_arbitrary_json(data: Any) -> None:
    for parser in PARSERS:
        with contextlib.suppress(UnexpectedResponseError):
            parser(data)
