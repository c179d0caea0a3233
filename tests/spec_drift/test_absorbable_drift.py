"""Drift the pipeline absorbs: it regenerates with no manual change (overrides.yaml untouched).

Each case mutates a copy of the default spec the way IBM's drops do, prepares it with the
unchanged overrides and the stand-in facade bindings, generates into a temporary folder and, in
a subprocess that imports only that generated package, parses a payload that uses the new thing.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from .conftest import DEFAULT_OVERRIDES, Drift, payload

pytestmark = pytest.mark.spec_drift

JOB_PATH = "/v1/jobs/{id}"


def normalised(caplog: pytest.LogCaptureFixture, pointer: str) -> list[str]:
    """The pipeline's log lines saying it normalised ``pointer``."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.getMessage().startswith(f"normalised {pointer}:")
    ]


def test_unmodified_spec_with_bindings_prepares(drift: Drift) -> None:
    """The control case: the default spec and the stand-in bindings raise nothing."""
    before = DEFAULT_OVERRIDES.read_bytes()
    prepared = drift.prepare()
    assert JOB_PATH in prepared["paths"]
    assert DEFAULT_OVERRIDES.read_bytes() == before


def test_new_optional_response_field(drift: Drift) -> None:
    job = drift.schemas["JobResponseV3"]
    job["properties"]["queue_position"] = {
        "type": "integer",
        "description": "Position of the job in the backend's queue",
    }
    generated = drift.generate(drift.prepare())
    generated.run(
        f"""
        from qiskit_runtime_api.models import JobResponse
        job = JobResponse.from_dict({payload(queue_position=3, brand_new_field={"a": 1})!r})
        assert job.queue_position == 3, job.queue_position
        # A field newer than this spec is kept, not dropped.
        assert job.additional_properties == {{"brand_new_field": {{"a": 1}}}}
        assert job.to_dict()["queue_position"] == 3
        """
    )


def test_new_value_in_response_enum(drift: Drift) -> None:
    drift.schemas["JobStatus"]["enum"].append("Paused")
    drift.schemas["JobState"]["properties"]["status"]["enum"].append("Paused")
    generated = drift.generate(drift.prepare())
    generated.run(
        f"""
        from qiskit_runtime_api.models import JobResponse, JobStatus
        job = JobResponse.from_dict({payload(status="Paused", state={"status": "Paused"})!r})
        assert job.status is JobStatus.PAUSED and job.status.is_known
        assert job.state.status == "Paused"
        # A value newer than this spec still parses (an unknown pseudo-member).
        later = JobResponse.from_dict({payload(status="Hibernating")!r})
        assert later.status == "Hibernating" and not later.status.is_known
        """
    )


def test_new_operation(drift: Drift) -> None:
    jobs = drift.spec["paths"]["/v1/jobs/{id}/cancel"]
    new = copy.deepcopy(jobs)
    new["post"]["operationId"] = "pause_job"
    new["post"]["summary"] = "Pause a job"
    new["post"]["description"] = "Pause a running job."
    drift.spec["paths"]["/v1/jobs/{id}/pause"] = new
    generated = drift.generate(drift.prepare())
    assert (generated.package / "api" / "jobs" / "pause_job.py").is_file()
    generated.run(
        """
        from qiskit_runtime_api.api.jobs import pause_job, get_job
        kwargs = pause_job._get_kwargs("d1f2abc")
        assert kwargs["method"] == "post", kwargs
        assert kwargs["url"] == "/v1/jobs/d1f2abc/pause", kwargs
        assert get_job._get_kwargs("d1f2abc")["url"] == "/v1/jobs/d1f2abc"
        """
    )


@pytest.mark.parametrize("title", ["JobResponse", "Job Response"])
def test_new_schema_reusing_an_existing_title(
    drift: Drift, caplog: pytest.LogCaptureFixture, title: str
) -> None:
    """A new JobResponseV4 titled like JobResponseV3 ("JobResponse", or spelt so that it makes
    the same class name): both titles are dropped, each class is named after its component."""
    assert drift.schemas["JobResponseV3"]["title"] == "JobResponse"
    job_v4 = copy.deepcopy(drift.schemas["JobResponseV3"])
    job_v4["title"] = title
    job_v4["properties"]["priority"] = {"type": "integer", "description": "Job priority"}
    drift.schemas["JobResponseV4"] = job_v4
    drift.spec["paths"]["/v1/jobs/{id}/v4"] = {
        "get": {
            "operationId": "get_job_v4",
            "tags": ["Jobs"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "The job",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/JobResponseV4"}
                        }
                    },
                }
            },
        }
    }
    with caplog.at_level(logging.INFO, logger="prepare_spec"):
        prepared = drift.prepare()
    for name in ("JobResponseV3", "JobResponseV4"):
        assert "title" not in prepared["components"]["schemas"][name]
        assert normalised(caplog, f"/components/schemas/{name}"), name
    generated = drift.generate(prepared)
    generated.run(
        f"""
        from qiskit_runtime_api.models import JobResponseV3, JobResponseV4
        v4 = JobResponseV4.from_dict({payload(priority=2)!r})
        assert v4.priority == 2
        v3 = JobResponseV3.from_dict({payload(priority=2)!r})
        assert v3.additional_properties == {{"priority": 2}}
        from qiskit_runtime_api.api.jobs import get_job_v4
        assert get_job_v4._get_kwargs("x")["url"] == "/v1/jobs/x/v4"
        """
    )


def test_array_without_items(drift: Drift, caplog: pytest.LogCaptureFixture) -> None:
    drift.schemas["JobResponseV3"]["properties"]["warnings"] = {
        "type": "array",
        "description": "Warnings raised while running the job",
    }
    with caplog.at_level(logging.INFO, logger="prepare_spec"):
        prepared = drift.prepare()
    assert normalised(caplog, "/components/schemas/JobResponseV3/properties/warnings")
    generated = drift.generate(prepared)
    generated.run(
        f"""
        from qiskit_runtime_api.models import JobResponse
        job = JobResponse.from_dict({payload(warnings=["shots capped", 7, {"code": 1}])!r})
        assert job.warnings == ["shots capped", 7, {{"code": 1}}], job.warnings
        """
    )


def test_parameter_default_outside_its_enum(drift: Drift, caplog: pytest.LogCaptureFixture) -> None:
    """Upstream renames the enum values of `sort` but leaves the old default behind."""
    operation = drift.spec["paths"]["/v1/workloads"]["get"]
    sort = next(p for p in operation["parameters"] if p.get("name") == "sort")
    assert sort["schema"]["default"] == "createdAt"
    sort["schema"]["enum"] = ["created_at", "-created_at"]
    with caplog.at_level(logging.INFO, logger="prepare_spec"):
        prepared = drift.prepare()
    index = operation["parameters"].index(sort)
    assert normalised(caplog, f"/paths/~1v1~1workloads/get/parameters/{index}/schema")
    generated = drift.generate(prepared)
    generated.run(
        """
        from qiskit_runtime_api.api.workloads import find_instance_workloads
        from qiskit_runtime_api.models import FindInstanceWorkloadsSort
        assert "sort" not in find_instance_workloads._get_kwargs()["params"]
        chosen = find_instance_workloads._get_kwargs(sort=FindInstanceWorkloadsSort("-created_at"))
        assert chosen["params"]["sort"] == "-created_at", chosen
        """
    )


def test_removed_operation_the_facade_does_not_bind(drift: Drift) -> None:
    del drift.spec["paths"]["/v1/analytics/filters"]
    generated = drift.generate(drift.prepare())
    assert not (generated.package / "api" / "analytics" / "analytics_filters.py").exists()
    generated.run(
        """
        import importlib
        from qiskit_runtime_api.api.analytics import analytics_usage
        from qiskit_runtime_api.api.jobs import get_job, create_job, list_jobs
        try:
            importlib.import_module("qiskit_runtime_api.api.analytics.analytics_filters")
        except ModuleNotFoundError:
            pass
        else:
            raise AssertionError("analytics_filters is still generated")
        """
    )


def test_new_dangling_example_ref_is_dropped_by_the_existing_rule(drift: Drift) -> None:
    """The per-tag split loses components/examples again for a new response: no new entry."""
    content = drift.spec["paths"]["/v1/sessions/{id}"]["get"]["responses"]["200"]["content"]
    content["application/json"]["examples"] = {
        "session": {"$ref": "#/components/examples/sessionResponseExample"}
    }
    prepared = drift.prepare()
    answer = prepared["paths"]["/v1/sessions/{id}"]["get"]["responses"]["200"]["content"]
    assert "examples" not in answer["application/json"]


def test_several_absorbable_drifts_in_one_drop(drift: Drift) -> None:
    """One drop brings several of the above at once: still no manual change."""
    job = drift.schemas["JobResponseV3"]["properties"]
    job["queue_position"] = {"type": "integer"}
    job["warnings"] = {"type": "array"}
    drift.schemas["JobStatus"]["enum"].append("Paused")
    del drift.spec["paths"]["/v1/analytics/filters"]
    pause: dict[str, Any] = copy.deepcopy(drift.spec["paths"]["/v1/jobs/{id}/cancel"])
    pause["post"]["operationId"] = "pause_job"
    drift.spec["paths"]["/v1/jobs/{id}/pause"] = pause
    generated = drift.generate(drift.prepare())
    generated.run(
        f"""
        from qiskit_runtime_api.models import JobResponse, JobStatus
        from qiskit_runtime_api.api.jobs import pause_job
        job = JobResponse.from_dict({payload(status="Paused", queue_position=1, warnings=[1])!r})
        assert (job.status, job.queue_position, job.warnings) == (JobStatus.PAUSED, 1, [1])
        """
    )
