"""Drift against the real facade binding module, and a generator failure reported in short."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .conftest import DEFAULT_OVERRIDES, PACKAGE, REPO, problem_entries, write_yaml

pytestmark = pytest.mark.spec_drift

BINDINGS = REPO / "facade" / "qiskit_runtime_client" / "_api.py"


def test_renaming_an_operation_the_facade_binds_names_the_line_of_api_py(
    prepare_spec: ModuleType, default_spec: dict[str, Any], tmp_path: Path
) -> None:
    spec = copy.deepcopy(default_spec)
    spec["paths"]["/v1/jobs/{id}/metrics"]["get"]["operationId"] = "get_job_metrics"
    drifted = write_yaml(spec, tmp_path / "drifted.yaml")

    with pytest.raises(prepare_spec.PrepareError) as raised:
        prepare_spec.prepare(drifted, DEFAULT_OVERRIDES, facade_bindings=BINDINGS)

    (problem,) = problem_entries(str(raised.value))
    line = next(
        number
        for number, text in enumerate(BINDINGS.read_text(encoding="utf-8").splitlines(), 1)
        if "import get_job_metrics_jid as op" in text
    )
    assert f"_api.py:{line}" in problem
    assert "jobs.get_job_metrics" in problem and "change that import" in problem


def test_the_default_spec_fits_every_binding_of_the_facade(prepare_spec: ModuleType) -> None:
    from specprep import bindings  # scripts/ is on sys.path once prepare_spec is loaded

    bound = bindings.read_bindings(BINDINGS)
    spec = prepare_spec.prepare(
        REPO / "openapi" / "qiskit-runtime-api-0.45.3.merged.yaml",
        DEFAULT_OVERRIDES,
        facade_bindings=BINDINGS,
    )
    assert len({(b.tag_module, b.operation) for b in bound}) >= 25
    assert spec["paths"]


def test_a_generator_failure_is_reported_in_a_few_short_lines(
    generate_client: ModuleType, tmp_path: Path
) -> None:
    prepared = json.loads(
        (REPO / "facade/qiskit_runtime_client/testing/_spec/openapi.json").read_text("utf-8")
    )
    schemas = prepared["components"]["schemas"]
    schemas["JobResponseV4"] = copy.deepcopy(schemas["JobResponseV3"])  # same title: a clash
    get = prepared["paths"]["/v1/jobs/{id}"]["get"]
    get["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/JobResponseV4"
    }
    spec_json = tmp_path / "prepared.json"
    spec_json.write_text(json.dumps(prepared), encoding="utf-8")

    with pytest.raises(generate_client.GenerationError) as raised:
        generate_client.generate(spec_json, tmp_path / "out" / PACKAGE, None, tmp_path / "s")

    lines = str(raised.value).splitlines()
    assert len(lines) <= 14
    assert all(len(line) <= 200 for line in lines)
    assert any('duplicate models with name "JobResponse"' in line for line in lines)
    assert not any(line.lstrip().startswith(("{", '"')) for line in lines)
