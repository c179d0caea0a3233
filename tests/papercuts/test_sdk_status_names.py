"""The official SDK's status names: JobStatus maps them, and a comparison with one is refused
with the member to use (`while job.status() != "DONE"` would never end)."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import JobStatus


@pytest.mark.parametrize(
    ("sdk", "member"),
    [
        ("DONE", JobStatus.COMPLETED),
        ("ERROR", JobStatus.FAILED),
        ("CANCELLED", JobStatus.CANCELLED),
        ("QUEUED", JobStatus.QUEUED),
        ("INITIALIZING", JobStatus.QUEUED),
        ("VALIDATING", JobStatus.QUEUED),
        ("RUNNING", JobStatus.RUNNING),
        ("done", JobStatus.COMPLETED),
    ],
)
def test_sdk_names_map_to_the_service_status(sdk: str, member: JobStatus) -> None:
    assert JobStatus(sdk) is member
    assert JobStatus(sdk).is_known


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("DONE", "COMPLETED"),
        ("ERROR", "FAILED"),
        ("RUNNING", "RUNNING"),
        ("completed", "COMPLETED"),
    ],
)
def test_comparing_with_another_spelling_is_refused_with_the_member(text: str, name: str) -> None:
    status = JobStatus.RUNNING
    with pytest.raises(ValueError, match=rf"compare with JobStatus\.{name}\b"):
        _ = status != text
    with pytest.raises(ValueError, match="would never be true"):
        _ = status == text


def test_the_service_words_and_unknown_statuses_compare_as_strings() -> None:
    assert JobStatus.COMPLETED == "Completed"
    assert JobStatus.COMPLETED != "Queued"
    assert JobStatus("Paused") == "Paused" and not JobStatus("Paused").is_known
    assert JobStatus.FAILED != "Paused"
    assert {JobStatus.COMPLETED: 1}["Completed"] == 1  # hashes as its value
    assert JobStatus.CANCELLED_RAN_TOO_LONG.is_cancelled
    assert JobStatus("Cancelled - Ran too long") is JobStatus.CANCELLED_RAN_TOO_LONG


def test_comparing_with_other_types_is_not_refused() -> None:
    assert JobStatus.QUEUED != None  # noqa: E711
    assert (JobStatus.QUEUED == None) is False  # noqa: E711
    assert JobStatus.QUEUED != 3
