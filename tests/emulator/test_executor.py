"""The `executor` program: params checked with IBM's models, results as QuantumProgramResult.

Params are built here with ibm-quantum-schemas' own models (what qiskit-ibm-runtime's Executor
sends is covered in tests/sdk_compat); results are checked against the models by the
session-wide audit (tests/conftest.py) and decoded with our client's decoder.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

import httpx
import numpy as np
import pytest
from qiskit_runtime_client.results import QuantumProgramResult, decode_result

RunJob = Callable[[dict[str, Any]], dict[str, Any]]


def _circuits() -> list[Any]:
    from qiskit import QuantumCircuit
    from qiskit.circuit import Parameter

    bell = QuantumCircuit(2, 2)
    bell.h(0)
    bell.cx(0, 1)
    bell.measure([0, 1], [0, 1])
    theta = Parameter("theta")
    ry = QuantumCircuit(1, 1)
    ry.ry(theta, 0)
    ry.measure(0, 0)
    return [bell, ry]


def _params(version: str, shots: int = 64) -> dict[str, Any]:
    module = "ibm_quantum_schemas.executor.version_" + version[1:].replace(".", "_") + ".models"
    models = importlib.import_module(module)
    bell, ry = _circuits()
    item_fields = models.CircuitItemModel.model_fields
    tensor = item_fields["circuit_arguments"].annotation
    arguments = [np.zeros((0,)), np.array([[0.0], [np.pi / 2], [np.pi]])]
    items = []
    for circuit, values in zip((bell, ry), arguments, strict=True):
        item: dict[str, Any] = {"circuit_arguments": tensor.from_numpy(values)}
        if "shape" in item_fields:
            item["shape"] = list(values.shape[:-1])
        if "circuit" in item_fields:
            qpy = item_fields["circuit"].annotation  # v0.x: QPY 13 to 16 or 17
            item["circuit"] = qpy.from_quantum_circuit(circuit, qpy_version=16)
        items.append(models.CircuitItemModel(**item))
    program: dict[str, Any] = {"shots": shots, "items": items}
    program_fields = models.QuantumProgramModel.model_fields
    if "circuits" in program_fields:
        circuits_type = program_fields["circuits"].annotation
        circuits_type = getattr(circuits_type, "__args__", (circuits_type,))[0]
        program["circuits"] = circuits_type.from_python([bell, ry], qpy_version=16)
    if "passthrough_data" in program_fields:
        program["passthrough_data"] = {"note": "kept", "numbers": [1, 2]}
    params = models.ParamsModel(quantum_program=models.QuantumProgramModel(**program), options={})
    body: dict[str, Any] = params.model_dump(mode="json")
    return body


def _body(params: dict[str, Any]) -> dict[str, Any]:
    return {"program_id": "executor", "backend": "ibm_fez", "params": params}


@pytest.mark.parametrize("version", ["v2.0", "v1.1", "v1.0", "v0.2", "v0.1"])
def test_executor_jobs_run_and_answer_quantum_program_results(
    run_job: RunJob, api: httpx.Client, version: str
) -> None:
    details = run_job(_body(_params(version)))
    assert details["status"] == "Completed", details["state"]
    text = api.get(f"/jobs/{details['id']}/results").text
    assert json.loads(text)["schema_version"] == version
    result = decode_result(text)
    assert isinstance(result, QuantumProgramResult)
    bell, sweep = result
    assert bell["c"].shape == (64, 2) and bell["c"].dtype == bool
    assert np.all(bell["c"][:, 0] == bell["c"][:, 1])  # Bell pairs agree
    assert sweep["c"].shape == (3, 64, 1)
    assert not sweep["c"][0].any() and sweep["c"][2].all()  # ry(0) -> 0, ry(pi) -> 1
    (chunk,) = result.chunk_timing
    assert chunk.duration == 10  # the emulated running window
    assert [part["size"] for part in chunk.parts] == [1, 3]
    if version != "v0.1":
        assert result.passthrough_data == {"note": "kept", "numbers": [1, 2]}


def test_executor_params_are_checked_with_ibms_models(api: httpx.Client) -> None:
    params = _params("v2.0")
    params["quantum_program"]["shots"] = 0
    answer = api.post("/jobs", json=_body(params))
    assert answer.status_code == 400
    message = answer.json()["errors"][0]["message"]
    assert message.startswith("body.params.quantum_program.shots")
    assert answer.json()["errors"][0]["code"] == "1002"


def test_unknown_executor_schema_version_is_400(api: httpx.Client) -> None:
    params = _params("v2.0") | {"schema_version": "v9.9"}
    answer = api.post("/jobs", json=_body(params))
    assert answer.status_code == 400
    assert "'v9.9' is not one of 'v0.1'" in answer.json()["errors"][0]["message"]


def test_executor_jobs_are_listed_with_their_program(run_job: RunJob, api: httpx.Client) -> None:
    run_job(_body(_params("v2.0")))
    listed = api.get("/jobs", params={"program": "executor"}).json()
    assert listed["count"] == 1
    assert listed["jobs"][0]["program"] == {"id": "executor"}
