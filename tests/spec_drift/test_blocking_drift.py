"""Drift the pipeline cannot absorb: ONE run stops with one short message per problem and its fix.

Nothing is generated here: the run must stop at the prepare step, write nothing, and say, for each
problem, where it is (the binding file and line, the override's file and line, the spec pointer)
and what to change.
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import DEFAULT_OVERRIDES, MAX_LINE, Drift, binding_line, problem_entries

pytestmark = pytest.mark.spec_drift


def override(prepare_spec: ModuleType, path: str) -> Any:
    """The entry of overrides.yaml at ``path`` (with its number and line), checked for position."""
    loaded = prepare_spec.overrides.load(DEFAULT_OVERRIDES, prepare_spec.Problems())
    entries = [item for item in loaded.overrides if item.path == path]
    assert len(entries) == 1, f"overrides.yaml has no single override at {path}: adapt this case"
    entry = entries[0]
    lines = DEFAULT_OVERRIDES.read_text(encoding="utf-8").splitlines()
    assert lines[entry.line - 1].strip().startswith("- op:"), lines[entry.line - 1]
    return entry


def override_where(entry: Any) -> str:
    return f"{DEFAULT_OVERRIDES}:{entry.line} override #{entry.number} ({entry.op} {entry.path})"


# --- The facade's bindings ---------------------------------------------------------------------


def test_renamed_operation_the_facade_binds(drift: Drift) -> None:
    drift.spec["paths"]["/v1/jobs/{id}"]["get"]["operationId"] = "get_job_details"
    (problem,) = drift.problems()
    line = binding_line(drift.bindings, "jobs", "get_job")
    assert problem.startswith(f"  - {drift.bindings}:{line}: the facade binds jobs.get_job,")
    assert "GET /v1/jobs/{id} is now jobs.get_job_details" in problem
    assert (
        "fix: change that import to `from qiskit_runtime_api.api.jobs import get_job_details`"
        in problem
    )


def test_operation_moved_to_another_tag(drift: Drift) -> None:
    drift.spec["paths"]["/v1/backends"]["get"]["tags"] = ["Devices"]
    (problem,) = drift.problems()
    line = binding_line(drift.bindings, "backends", "list_backends")
    assert f"{drift.bindings}:{line}: the facade binds backends.list_backends," in problem
    assert "change that import to `from qiskit_runtime_api.api.devices import list_backends`" in (
        problem
    )


def test_operation_id_dropped_upstream(drift: Drift) -> None:
    """The generator then names the operation from its method and path: say that name."""
    del drift.spec["paths"]["/v1/jobs/{id}"]["get"]["operationId"]
    (problem,) = drift.problems()
    assert "GET /v1/jobs/{id} is now jobs.get_v1_jobs_id" in problem
    assert "change that import to `from qiskit_runtime_api.api.jobs import get_v1_jobs_id`" in (
        problem
    )


def test_removed_operation_the_facade_binds(drift: Drift) -> None:
    del drift.spec["paths"]["/v1/backends"]
    (problem,) = drift.problems()
    line = binding_line(drift.bindings, "backends", "list_backends")
    assert problem.startswith(
        f"  - {drift.bindings}:{line}: the facade binds backends.list_backends"
    )
    assert "the spec has no operation at GET /v1/backends any more" in problem
    assert "fix: the facade feature that uses it lost its operation upstream" in problem


# --- Overrides made obsolete upstream ----------------------------------------------------------


def test_add_override_upstream_now_has(drift: Drift, prepare_spec: ModuleType) -> None:
    entry = override(prepare_spec, "/components/schemas/JobState/properties/reasonCode")
    drift.schemas["JobState"]["properties"]["reasonCode"] = copy.deepcopy(entry.value)
    (problem,) = drift.problems()
    assert problem.startswith(f"  - {override_where(entry)}: upstream now has exactly this value")
    assert problem.endswith("fix: retire this override")


def test_add_override_upstream_now_has_differently(drift: Drift, prepare_spec: ModuleType) -> None:
    entry = override(prepare_spec, "/components/schemas/JobState/properties/reasonCode")
    drift.schemas["JobState"]["properties"]["reasonCode"] = {"type": "integer", "format": "int32"}
    (problem,) = drift.problems()
    assert problem.startswith(f"  - {override_where(entry)}: already exists upstream with {{")
    assert "fix: adapt: make it a replace with expect set to the upstream value" in problem


def test_replace_override_whose_expectation_no_longer_holds(
    drift: Drift, prepare_spec: ModuleType
) -> None:
    entry = override(prepare_spec, "/components/schemas/JobRunParamsBase/properties/log_level")
    drift.schemas["JobRunParamsBase"]["properties"]["log_level"]["enum"].append("trace")
    (problem,) = drift.problems()
    # What changed, not both values: the expectation is at that line of the file.
    assert problem.startswith(
        f'  - {override_where(entry)}: upstream changed /enum: gained "trace"'
    )
    assert "fix: upstream changed: adapt the override (value and expect) or retire it" in problem


def test_replace_override_upstream_now_applies(drift: Drift, prepare_spec: ModuleType) -> None:
    entry = override(prepare_spec, "/components/schemas/JobRunParamsBase/properties/log_level")
    drift.schemas["JobRunParamsBase"]["properties"]["log_level"] = copy.deepcopy(entry.value)
    (problem,) = drift.problems()
    assert problem.startswith(f"  - {override_where(entry)}: upstream now has exactly this value")
    assert problem.endswith("fix: retire this override")


def test_override_whose_target_is_gone(drift: Drift, prepare_spec: ModuleType) -> None:
    entry = override(
        prepare_spec, "/components/schemas/JobSession/properties/elapsed_time/nullable"
    )
    del drift.schemas["JobSession"]["properties"]["elapsed_time"]
    (problem,) = drift.problems()
    # (cut to 200 characters with this absolute path of overrides.yaml)
    assert problem.startswith(
        f"  - {override_where(entry)}: /components/schemas/JobSession/properties/elapsed_time "
        "is not"
    )
    assert "retire this override or point it at the new place" in problem


def test_dangling_rule_no_longer_needed(drift: Drift, prepare_spec: ModuleType) -> None:
    """Upstream restores components/examples: the drop rule for them is obsolete."""
    names = {
        ref.rsplit("/", 1)[1]
        for _, ref in prepare_spec.refs.local_refs(drift.spec)
        if ref.startswith("#/components/examples/")
    }
    assert names
    drift.spec["components"]["examples"] = {name: {"value": {}} for name in sorted(names)}
    (problem,) = drift.problems()
    loaded = prepare_spec.overrides.load(DEFAULT_OVERRIDES, prepare_spec.Problems())
    (rule,) = [rule for rule in loaded.dangling if rule.ref == "#/components/examples/*"]
    assert DEFAULT_OVERRIDES.read_text().splitlines()[rule.line - 1].strip().startswith("- ref:")
    where = f"{DEFAULT_OVERRIDES}:{rule.line} dangling_refs #/components/examples/*"
    assert problem.startswith(f"  - {where}:")
    assert "no dangling $ref matches it any more" in problem
    assert problem.endswith("fix: retire this entry")


# --- Dangling $refs ----------------------------------------------------------------------------


def test_dangling_ref_nobody_resolves(drift: Drift) -> None:
    properties = drift.schemas["JobResponseV3"]["properties"]
    properties["queue"] = {"$ref": "#/components/schemas/QueueInfo"}
    drift.schemas["JobsResponse"]["properties"]["queue"] = {
        "$ref": "#/components/schemas/QueueInfo"
    }
    (problem,) = drift.problems()
    assert " and 1 more: $ref #/components/schemas/QueueInfo points at nothing in the spec" in (
        problem
    )
    assert "`ref: #/components/schemas/QueueInfo` with `action: drop` under dangling_refs" in (
        problem
    )


# --- Several at once, in one run ---------------------------------------------------------------


def several_problems(drift: Drift, prepare_spec: ModuleType) -> int:
    """Break the spec in six independent ways; returns how many problems that makes."""
    paths, schemas = drift.spec["paths"], drift.schemas
    paths["/v1/jobs/{id}"]["get"]["operationId"] = "get_job_details"  # renamed, bound
    del paths["/v1/backends"]  # removed, bound
    reason_code = override(prepare_spec, "/components/schemas/JobState/properties/reasonCode")
    schemas["JobState"]["properties"]["reasonCode"] = copy.deepcopy(reason_code.value)  # retire
    schemas["JobRunParamsBase"]["properties"]["log_level"]["enum"].append("trace")  # adapt
    schemas["JobResponseV3"]["properties"]["queue"] = {"$ref": "#/components/schemas/Queue"}
    schemas["JobSession"]["properties"]["id"]["minLength"] = "one"  # invalid, found by validation
    return 6


def test_several_problems_are_reported_in_one_run(drift: Drift, prepare_spec: ModuleType) -> None:
    expected = several_problems(drift, prepare_spec)
    problems = drift.problems()
    assert len(problems) == expected, "\n".join(problems)
    text = "\n".join(problems)
    for needle in (
        "jobs.get_job_details",
        "GET /v1/backends any more",
        "fix: retire this override",
        'upstream changed /enum: gained "trace"',
        "$ref #/components/schemas/Queue points at nothing",
        "/components/schemas/JobSession/properties/id/minLength: 'one' is not of type 'integer'",
    ):
        assert needle in text


def test_main_writes_nothing_and_logs_short_lines(
    drift: Drift, prepare_spec: ModuleType, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    expected = several_problems(drift, prepare_spec)
    out = tmp_path / "out" / "prepared.json"
    argv = [
        str(drift.write()),
        "--overrides",
        str(DEFAULT_OVERRIDES),
        "--facade",
        str(drift.bindings),
        "--out",
        str(out),
    ]
    with caplog.at_level(logging.INFO, logger="prepare_spec"):
        assert prepare_spec.main(argv, log_setup=lambda: None) == 1
    assert not out.exists() and not out.parent.exists()
    (error,) = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(problem_entries(error)) == expected
    assert len(error) <= MAX_LINE * (1 + 2 * expected)


def test_no_message_dumps_the_spec(drift: Drift, prepare_spec: ModuleType) -> None:
    """Large values upstream now has (an override's target, a broken schema) are cut short."""
    entry = override(prepare_spec, "/components/parameters")
    parameters = {
        f"Param{index}": {"name": f"p{index}", "in": "query", "schema": {"type": "string"}}
        for index in range(60)
    }
    drift.spec["components"]["parameters"] = parameters  # a different, large value: adapt
    drift.schemas["JobResponseV3"]["required"] = "id created program state status cost" * 20
    problems = drift.problems()
    assert len(problems) >= 2
    (added,) = [problem for problem in problems if f"override #{entry.number} " in problem]
    assert "already exists upstream with {" in added and "…" in added
    assert "Param59" not in "\n".join(problems)
    # The long value is cut inside the validator's message, so what is wrong still shows.
    (required,) = [problem for problem in problems if "/JobResponseV3/required:" in problem]
    assert "… is not of type 'array'" in required
