"""Emulated results validate against IBM's published result models (ibm-quantum-schemas).

The session-wide audit in tests/conftest.py checks every result the emulator produces; these
tests make sure each kind of result is produced at least once, and that the check has teeth.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import result_models

from ._helpers import BELL_QASM, fixture_json

RunJob = Callable[[dict[str, Any]], dict[str, Any]]

RY_QASM = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
bit[1] c;
qubit[1] q;
ry(theta) q[0];
c[0] = measure q[0];
"""


def _body(program: str, pubs: list[Any], **params: Any) -> dict[str, Any]:
    return {
        "program_id": program,
        "backend": "ibm_fez",
        "params": {"pubs": pubs, "version": 2, "support_qiskit": True, **params},
    }


def _results(api: httpx.Client, details: dict[str, Any]) -> Any:
    assert details["status"] == "Completed", details["state"]
    return json.loads(api.get(f"/jobs/{details['id']}/results").text)


CASES = {
    "sampler, two registers-free PUBs and a sweep": _body(
        "sampler", [[BELL_QASM, None, 100], [RY_QASM, [[0.1], [0.2], [0.3]], 50]]
    ),
    "sampler with twirling options": _body(
        "sampler",
        [[BELL_QASM]],
        options={"twirling": {"enable_gates": True}, "default_shots": 64},
    ),
    "estimator, broadcast observables": _body(
        "estimator", [[BELL_QASM, [["ZZ"], ["XX"]], None, 0.05]]
    ),
    "estimator, sweep x observables, level 0": _body(
        "estimator",
        [[RY_QASM, ["Z", "X"], [[0.0], [1.0]]]],
        resilience_level=0,
        precision=0.1,
    ),
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_qiskit_encoded_results_validate(run_job: RunJob, api: httpx.Client, body: Any) -> None:
    result = _results(api, run_job(body))
    result_models.validate_result(body["program_id"], body["params"], result)
    value = result["__value__"]
    for pub in value["pub_results"]:
        data = pub["__value__"]["data"]["__value__"]
        assert len(data["field_types"]) == len(data["field_names"])
    if body["program_id"] == "sampler":
        spans = value["metadata"]["execution"]["execution_spans"]["__value__"]["spans"]
        (span,) = spans
        assert set(span["__value__"]["data_slices"]) == {
            str(i) for i in range(len(value["pub_results"]))
        }
    else:
        for pub in value["pub_results"]:
            metadata = pub["__value__"]["metadata"]
            assert {"shots", "target_precision", "circuit_metadata"} <= set(metadata)
        assert value["metadata"]["resilience"]["measure_mitigation"] is (
            body["params"].get("resilience_level", 1) >= 1
        )


def test_the_span_is_the_emulated_running_window(run_job: RunJob, api: httpx.Client) -> None:
    details = run_job(_body("sampler", [[BELL_QASM, None, 10]]))
    metrics = api.get(f"/jobs/{details['id']}/metrics").json()
    result = _results(api, details)
    spans = result["__value__"]["metadata"]["execution"]["execution_spans"]["__value__"]
    span = spans["spans"][0]["__value__"]
    assert span["data_slices"] == {"0": [[10], 0, 1, 0, 10]}
    started = metrics["timestamps"]["running"]
    assert span["start"]["__value__"][:19] == started[:19]


@pytest.mark.parametrize(
    ("program", "fixture"),
    [
        ("sampler", "sampler_result_statevector.json"),
        ("estimator", "estimator_result_statevector.json"),
    ],
)
def test_reference_primitive_output_is_refused(program: str, fixture: str) -> None:
    # what the emulator used to send (qiskit's reference primitives, encoded): no field_types,
    # no execution spans; the check must refuse it
    with pytest.raises(Exception, match="field_types"):
        result_models.validate_result(program, {}, fixture_json(fixture))


def test_undeclared_fields_are_refused(run_job: RunJob, api: httpx.Client) -> None:
    body = _body("estimator", [[BELL_QASM, "ZZ"]])
    result = _results(api, run_job(body))
    result["__value__"]["pub_results"][0]["__value__"]["metadata"]["invented"] = 1
    with pytest.raises(AssertionError, match="invented"):
        result_models.validate_result("estimator", body["params"], result)


def test_the_session_audit_sees_every_result(
    run_job: RunJob, api: httpx.Client, _result_audit: Any
) -> None:
    # tests/conftest.py wraps the emulator's execute: this job's result is validated there
    assert _result_audit is not None
    before = dict(_result_audit.checked)
    run_job(_body("sampler", [[BELL_QASM, None, 10]]))
    assert _result_audit.checked["sampler"] == before.get("sampler", 0) + 1
    plain = _body("estimator", [[BELL_QASM, "ZZ"]])
    plain["params"]["support_qiskit"] = False
    unmodelled = _result_audit.unmodelled
    run_job(plain)  # plain JSON: IBM publishes no model for it, counted apart
    assert _result_audit.unmodelled == unmodelled + 1
