"""Circuits really run, and results come back in the format the job asked for."""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest

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

# an ISA-style circuit on ibm_fez's physical qubits 0 and 7 (the circuit spans 8 qubits)
PHYSICAL_QASM = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
rz(pi/2) $0;
sx $0;
rz(pi/2) $0;
rz(pi/2) $7;
sx $7;
rz(pi/2) $7;
cz $0, $7;
rz(pi/2) $7;
sx $7;
rz(pi/2) $7;
c[0] = measure $0;
c[1] = measure $7;
"""


def _results(api: httpx.Client, details: dict[str, Any]) -> Any:
    assert details["status"] == "Completed", details["state"]
    answer = api.get(f"/jobs/{details['id']}/results")
    assert answer.status_code == 200
    return json.loads(answer.text)


def _sampler(pubs: list[Any], **params: Any) -> dict[str, Any]:
    return {
        "program_id": "sampler",
        "backend": "ibm_fez",
        "params": {"pubs": pubs, "version": 2, "support_qiskit": False, **params},
    }


def _estimator(pubs: list[Any], **params: Any) -> dict[str, Any]:
    return {
        "program_id": "estimator",
        "backend": "ibm_fez",
        "params": {"pubs": pubs, "version": 2, "support_qiskit": False, **params},
    }


def test_qiskit_encoded_results_decode_like_the_official_encoders(
    run_job: RunJob, api: httpx.Client
) -> None:
    # the same PUBs as the SDK-encoded fixture: the same structure, counts of the same spread
    from qiskit_runtime_client.results import decode_result

    job = fixture_json("sampler_v2_post_jobs_body.json") | {"backend": "ibm_fez"}
    ours = decode_result(json.dumps(_results(api, run_job(job))))
    theirs = decode_result(json.dumps(fixture_json("sampler_result_statevector.json")))
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine.data.c.array.shape == reference.data.c.array.shape
        assert mine.metadata["shots"] == reference.metadata["shots"] == 1024
    bell = ours[0].data.c.get_counts()
    assert set(bell) == {"00", "11"}
    assert 400 < bell["11"] < 624


def test_estimator_results_carry_error_bars_from_the_noise_applied(
    run_job: RunJob, api: httpx.Client
) -> None:
    from qiskit_runtime_client.results import decode_result

    job = fixture_json("estimator_v2_post_jobs_body.json") | {"backend": "ibm_fez"}
    (pub,) = decode_result(json.dumps(_results(api, run_job(job))))
    # exact <ZZ> = 1 and <XX> = 0.866; readout noise, mitigated, and 10,000 shots (precision 0.01)
    assert pub.metadata["shots"] == 10000
    assert pub.metadata["target_precision"] == 0.01
    assert all(0.002 < std < 0.02 for std in pub.data.stds)
    assert abs(pub.data.evs[0] - 1) < 4 * pub.data.stds[0]
    assert abs(pub.data.evs[1] - 0.8660254) < 4 * pub.data.stds[1]


def test_plain_sampler_results_are_hex_samples(run_job: RunJob, api: httpx.Client) -> None:
    body = _results(api, run_job(_sampler([[BELL_QASM, None, 1000]])))
    (pub,) = body["results"]
    register = pub["data"]["c"]
    assert register["num_bits"] == 2
    counts = Counter(register["samples"])
    assert set(counts) == {"0x0", "0x3"}
    assert sum(counts.values()) == 1000
    assert 400 < counts["0x3"] < 600
    assert pub["metadata"]["shots"] == 1000
    assert body["metadata"] == {"version": 2}


def test_qpy_circuits_can_return_plain_json(run_job: RunJob, api: httpx.Client) -> None:
    job = fixture_json("sampler_v2_post_jobs_body.json") | {"backend": "ibm_fez"}
    job["params"]["support_qiskit"] = False
    body = _results(api, run_job(job))
    bell, sweep = body["results"]
    assert set(Counter(bell["data"]["c"]["samples"])) == {"0x3", "0x0"}
    # parameter broadcasting: samples nest in the PUB's shape (3,)
    per_binding = [Counter(samples) for samples in sweep["data"]["c"]["samples"]]
    assert per_binding[0] == {"0x0": 1024}
    assert per_binding[2] == {"0x1": 1024}
    assert 412 < per_binding[1]["0x1"] < 612


@pytest.mark.parametrize(
    "values",
    [
        {"theta": [0.0, math.pi]},
        [[0.0], [math.pi]],
    ],
)
def test_parameter_values_by_name_or_in_order(
    run_job: RunJob, api: httpx.Client, values: Any
) -> None:
    body = _results(api, run_job(_sampler([[RY_QASM, values, 50]])))
    first, second = body["results"][0]["data"]["c"]["samples"]
    assert set(first) == {"0x0"}
    assert set(second) == {"0x1"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 4096),
        ({"shots": 20}, 20),
        ({"options": {"default_shots": 30}}, 30),
        ({"shots": 20, "options": {"default_shots": 30}}, 20),
    ],
)
def test_shots_follow_params_then_options_then_the_default(
    run_job: RunJob, api: httpx.Client, params: dict[str, Any], expected: int
) -> None:
    body = _results(api, run_job(_sampler([[BELL_QASM]], **params)))
    assert len(body["results"][0]["data"]["c"]["samples"]) == expected


def test_plain_estimator_scalar_for_one_observable(run_job: RunJob, api: httpx.Client) -> None:
    body = _results(api, run_job(_estimator([[BELL_QASM, {"ZZ": 1.0}]])))
    (pub,) = body["results"]
    data = pub["data"]
    assert set(data) == {"evs", "stds", "ensemble_standard_error"}
    assert isinstance(data["evs"], float)
    assert abs(data["evs"] - 1.0) < 0.1
    # the standard error of 4096 shots of <ZZ> through 1% readout error, mitigated
    assert data["stds"] == data["ensemble_standard_error"]
    assert 0.003 < data["stds"] < 0.006
    assert pub["metadata"]["target_precision"] == 0.015625
    assert pub["metadata"]["shots"] == 4096


def test_plain_estimator_lists_for_several_observables(run_job: RunJob, api: httpx.Client) -> None:
    job = _estimator([[BELL_QASM, [{"ZZ": 1}, {"XX": 1}, "ZI"], None, 0.001]])
    data = _results(api, run_job(job))["results"][0]["data"]
    evs = data["evs"]
    assert len(evs) == 3
    assert evs[0] == pytest.approx(1.0, abs=0.01)
    assert evs[1] == pytest.approx(1.0, abs=0.01)
    assert evs[2] == pytest.approx(0.0, abs=0.01)


def test_estimator_precision_from_options_and_seed(run_job: RunJob, api: httpx.Client) -> None:
    job = _estimator(
        [[BELL_QASM, {"ZZ": 1}]], options={"default_precision": 0.5, "seed_estimator": 7}
    )
    first = _results(api, run_job(job))["results"][0]
    second = _results(api, run_job(job))["results"][0]
    assert first["metadata"]["target_precision"] == 0.5
    assert first["data"]["evs"] == second["data"]["evs"]


def test_isa_circuit_on_physical_qubits_of_a_156_qubit_backend(
    run_job: RunJob, api: httpx.Client
) -> None:
    sampled = _results(api, run_job(_sampler([[PHYSICAL_QASM, None, 200]])))
    assert set(sampled["results"][0]["data"]["c"]["samples"]) <= {"0x0", "0x3"}

    def label(**paulis: str) -> str:
        chars = ["I"] * 156
        for qubit, pauli in paulis.items():
            chars[155 - int(qubit[1:])] = pauli
        return "".join(chars)

    observables = [
        {label(q0="Z", q7="Z"): 1.0},
        {label(q0="Z", q100="Z"): 1.0},  # qubit 100 is idle, i.e. |0>: Z gives +1
        {label(q0="Z", q100="X"): 1.0},  # X on an idle qubit gives 0
    ]
    job = _estimator([[PHYSICAL_QASM, observables, None, 0.001]])
    evs = _results(api, run_job(job))["results"][0]["data"]["evs"]
    assert evs[0] == pytest.approx(1.0, abs=0.01)
    assert evs[1] == pytest.approx(0.0, abs=0.01)
    assert evs[2] == pytest.approx(0.0, abs=0.01)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (_sampler([["OPENQASM 3.0; qubit[1] q; frobnicate q[0];"]]), "OpenQASM"),
        (_sampler([[BELL_QASM, [0.5]]]), "no parameters"),
        (_sampler([[RY_QASM, {"phi": [0.1]}]]), "parameter"),
        (_estimator([[BELL_QASM, {"ZZZ": 1}]]), "observable"),
        (
            _sampler([["OPENQASM 3.0; bit[1] c; c[0] = measure $140;"]])
            | {"backend": "ibm_torino"},
            "has only 133",
        ),
    ],
)
def test_bad_input_fails_the_job_with_a_reason(
    run_job: RunJob, api: httpx.Client, body: dict[str, Any], says: str
) -> None:
    details = run_job(body)
    assert details["status"] == "Failed"
    state = details["state"]
    assert state["status"] == "Failed"
    assert state["reasonCode"] == 1002
    assert says in state["reason"]
    assert state["reason_solution"]
    results = api.get(f"/jobs/{details['id']}/results")
    assert results.headers["content-type"] == "application/json"
    assert says in results.json()  # the error text, as a JSON string


def test_estimator_default_shots_are_the_shots_used(run_job: RunJob, api: httpx.Client) -> None:
    # 1/sqrt(1000) squared is not exactly 1/1000 in floating point: still 1000 shots
    job = _estimator([[BELL_QASM, "ZZ"]], options={"default_shots": 1000})
    assert _results(api, run_job(job))["results"][0]["metadata"]["shots"] == 1000


def test_identical_pubs_of_one_job_are_sampled_independently(
    run_job: RunJob, api: httpx.Client
) -> None:
    body = _results(api, run_job(_sampler([[BELL_QASM, None, 100], [BELL_QASM, None, 100]])))
    first, second = (pub["data"]["c"]["samples"] for pub in body["results"])
    assert first != second


def test_twirled_sampler_pubs_say_their_randomizations(run_job: RunJob, api: httpx.Client) -> None:
    twirled = {"twirling": {"enable_gates": True}}
    body = _results(api, run_job(_sampler([[BELL_QASM, None, 4096]], options=twirled)))
    # shots_per_randomization "auto": max(64, ceil(4096 / 32)) = 128, so 32 randomizations
    assert body["results"][0]["metadata"]["num_randomizations"] == 32
    plain = _results(api, run_job(_sampler([[BELL_QASM, None, 64]])))
    assert "num_randomizations" not in plain["results"][0]["metadata"]
