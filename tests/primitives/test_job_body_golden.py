"""Golden job bodies: every PUB form and option set gives exactly this JSON, valid per the spec."""

from __future__ import annotations

import json
from typing import Any

import pytest
from qiskit_runtime_client.primitives import (
    EstimatorOptions,
    EstimatorPub,
    SamplerOptions,
    SamplerPub,
    build_estimator_params,
    build_job_body,
    build_sampler_params,
    estimator_job_body,
    sampler_job_body,
)

from .params_schema import params_validator
from .samples import BELL, RY_CX, SWEEP, TWO_PARAMS, fixture_json, job_request_validator

SAMPLER_PUB_FORMS: list[tuple[str, list[Any], list[Any]]] = [
    ("bare circuit", [BELL], [[BELL]]),
    ("(circuit,)", [(BELL,)], [[BELL]]),
    ("(circuit, values)", [(SWEEP, [[0], [1.5], [3]])], [[SWEEP, [[0.0], [1.5], [3.0]]]]),
    ("(circuit, values, shots)", [(SWEEP, [0.5], 100)], [[SWEEP, [0.5], 100]]),
    ("(circuit, None, shots)", [(BELL, None, 500)], [[BELL, None, 500]]),
    ("values by name", [(SWEEP, {"theta": [0, 1]})], [[SWEEP, {"theta": [0.0, 1.0]}]]),
    ("SamplerPub", [SamplerPub(SWEEP, {"theta": 0.25}, 7)], [[SWEEP, {"theta": 0.25}, 7]]),
    ("list instead of tuple", [[BELL, None, 10]], [[BELL, None, 10]]),
    ("several pubs", [BELL, (SWEEP, [1.0], 3)], [[BELL], [SWEEP, [1.0], 3]]),
]

ESTIMATOR_PUB_FORMS: list[tuple[str, list[Any], list[Any]]] = [
    ("label string", [(RY_CX, "ZZ")], [[RY_CX, {"ZZ": 1.0}]]),
    ("list of labels", [(RY_CX, ["ZZ", "XX"])], [[RY_CX, [{"ZZ": 1.0}, {"XX": 1.0}]]]),
    ("dict", [(RY_CX, {"IZ": 1, "XX": 2.3})], [[RY_CX, {"IZ": 1.0, "XX": 2.3}]]),
    (
        "broadcast obs (2,1) x values (3,)",
        [(TWO_PARAMS, [["ZZ"], ["XX"]], [[0, 1], [2, 3], [4, 5]])],
        [
            [
                TWO_PARAMS,
                [[{"ZZ": 1.0}], [{"XX": 1.0}]],
                [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]],
            ]
        ],
    ),
    (
        "(circuit, obs, values, precision)",
        [(TWO_PARAMS, "ZI", {"theta": 1, "alpha": 2}, 0.02)],
        [[TWO_PARAMS, {"ZI": 1.0}, {"theta": 1.0, "alpha": 2.0}, 0.02]],
    ),
    (
        "(circuit, obs, None, precision)",
        [(RY_CX, [{"ZZ": 1}], None, 0.01)],
        [[RY_CX, [{"ZZ": 1.0}], None, 0.01]],
    ),
    ("EstimatorPub", [EstimatorPub(RY_CX, "XX")], [[RY_CX, {"XX": 1.0}]]),
]


def _valid(body: dict[str, Any]) -> dict[str, Any]:
    """Assert the body is plain JSON, valid per the spec's request schema and, for `params`,
    per the strict schema of IBM's newer spec (see params_schema.py)."""
    as_json = json.loads(json.dumps(body))
    job_request_validator().validate(as_json)
    params_validator(as_json["program_id"]).validate(as_json["params"])
    return body


@pytest.mark.parametrize(("form", "pubs", "expected"), SAMPLER_PUB_FORMS, ids=lambda x: x)
def test_sampler_pub_forms(form: str, pubs: list[Any], expected: list[Any]) -> None:
    params = build_sampler_params(pubs, support_qiskit=False)
    assert params == {"pubs": expected, "version": 2, "support_qiskit": False, "options": {}}
    _valid(build_job_body("sampler", "ibm_test", params))


@pytest.mark.parametrize(("form", "pubs", "expected"), ESTIMATOR_PUB_FORMS, ids=lambda x: x)
def test_estimator_pub_forms(form: str, pubs: list[Any], expected: list[Any]) -> None:
    params = build_estimator_params(pubs, support_qiskit=True)
    assert params == {"pubs": expected, "version": 2, "support_qiskit": True, "options": {}}
    _valid(build_job_body("estimator", "ibm_test", params))


def test_run_level_shots_precision_and_resilience_level_sit_at_params_level() -> None:
    sampler = build_sampler_params([BELL], shots=1024)
    assert sampler["shots"] == 1024 and "shots" not in sampler["options"]
    estimator = build_estimator_params([(RY_CX, "ZZ")], precision=0.01, resilience_level=2)
    assert estimator["precision"] == 0.01
    assert estimator["resilience_level"] == 2
    assert estimator["options"] == {}


def test_sampler_session_option_set_matches_the_sdk_fixture() -> None:
    fixture = fixture_json("sampler_v2_session_options_post_jobs_body.json")
    body = sampler_job_body(
        "ibm_fake_qpu",
        [BELL],
        options={
            "default_shots": 2000,
            "dynamical_decoupling": {"enable": True, "sequence_type": "XpXm"},
            "twirling": {"enable_gates": True, "num_randomizations": 32},
        },
        session_id="sess-0001",
        tags=["fixture", "session"],
        max_execution_time=300,
    )
    assert body["params"]["options"] == fixture["params"]["options"]
    for key in ("session_id", "tags", "cost", "backend", "program_id"):
        assert body[key] == fixture[key]
    assert set(body["params"]) == set(fixture["params"])
    _valid(body)


def test_every_sampler_option_group_golden() -> None:
    options = SamplerOptions(
        default_shots=4000,
        dynamical_decoupling={
            "enable": True,
            "sequence_type": "XY4",
            "extra_slack_distribution": "edges",
            "scheduling_method": "asap",
            "skip_reset_qubits": True,
        },
        execution={"init_qubits": False, "rep_delay": 0.0005, "meas_type": "kerneled"},
        twirling={
            "enable_gates": True,
            "enable_measure": False,
            "num_randomizations": "auto",
            "shots_per_randomization": 64,
            "strategy": "all",
        },
        simulator={"seed_simulator": 42, "coupling_map": [(0, 1), (1, 0)]},
        experimental={"anything": {"goes": 1}},
    )
    body = _valid(sampler_job_body("ibm_test", [BELL], options=options, support_qiskit=False))
    assert body["params"]["options"] == {
        "default_shots": 4000,
        "dynamical_decoupling": {
            "enable": True,
            "sequence_type": "XY4",
            "extra_slack_distribution": "edges",
            "scheduling_method": "asap",
            "skip_reset_qubits": True,
        },
        "execution": {"init_qubits": False, "rep_delay": 0.0005, "meas_type": "kerneled"},
        "twirling": {
            "enable_gates": True,
            "enable_measure": False,
            "num_randomizations": "auto",
            "shots_per_randomization": 64,
            "strategy": "all",
        },
        "simulator": {"seed_simulator": 42, "coupling_map": [[0, 1], [1, 0]]},
        "experimental": {"anything": {"goes": 1}},
    }


def test_estimator_trex_zne_option_set_from_the_docs() -> None:
    options = {
        "resilience": {
            "measure_mitigation": True,
            "zne_mitigation": True,
            "zne": {"extrapolator": ["exponential", "linear"], "noise_factors": [1, 3, 5]},
        }
    }
    body = _valid(estimator_job_body("ibm_test", [(RY_CX, {"ZZ": 2.3})], options=options))
    assert body["params"]["options"] == options


def test_estimator_pec_and_learning_option_set_golden() -> None:
    options = EstimatorOptions(
        default_precision=0.02,
        default_shots=1000,
        seed_estimator=7,
        resilience_level=1,
        resilience={
            "pec_mitigation": True,
            "pec": {"max_overhead": None, "noise_gain": "auto"},
            "layer_noise_learning": {
                "max_layers_to_learn": 2,
                "shots_per_randomization": 64,
                "num_randomizations": 16,
                "layer_pair_depths": [0, 1, 2],
            },
            "measure_noise_learning": {"num_randomizations": 8, "shots_per_randomization": "auto"},
        },
        execution={"init_qubits": True},
        dynamical_decoupling={"enable": False},
    )
    body = _valid(estimator_job_body("ibm_test", [(RY_CX, "ZZ")], options=options))
    assert body["params"]["resilience_level"] == 1
    assert body["params"]["options"] == {
        "default_precision": 0.02,
        "default_shots": 1000,
        "seed_estimator": 7,
        "resilience": {
            "pec_mitigation": True,
            "pec": {"max_overhead": None, "noise_gain": "auto"},
            "layer_noise_learning": {
                "max_layers_to_learn": 2,
                "shots_per_randomization": 64,
                "num_randomizations": 16,
                "layer_pair_depths": [0, 1, 2],
            },
            "measure_noise_learning": {"num_randomizations": 8, "shots_per_randomization": "auto"},
        },
        "execution": {"init_qubits": True},
        "dynamical_decoupling": {"enable": False},
    }


def test_job_level_options_leave_params_and_become_top_level_fields() -> None:
    options = {
        "environment": {"log_level": "WARNING", "job_tags": ["a", "b"], "private": True},
        "max_execution_time": 600,
    }
    body = _valid(sampler_job_body("ibm_test", [BELL], options=options, session_id="s-1"))
    assert body["params"]["options"] == {}
    assert body["log_level"] == "warning"
    assert body["tags"] == ["a", "b"]
    assert body["private"] is True
    assert body["cost"] == 600
    assert body["session_id"] == "s-1"


def test_run_arguments_override_job_level_options() -> None:
    options = {"environment": {"job_tags": ["from-options"]}, "max_execution_time": 600}
    body = sampler_job_body(
        "ibm_test", [BELL], options=options, tags=["from-run"], max_execution_time=60
    )
    assert body["tags"] == ["from-run"] and body["cost"] == 60


def test_resilience_level_argument_overrides_the_option() -> None:
    params = build_estimator_params(
        [(RY_CX, "ZZ")], resilience_level=0, options={"resilience_level": 2}
    )
    assert params["resilience_level"] == 0
    assert "resilience_level" not in params["options"]


def test_minimal_body_has_only_required_fields() -> None:
    params = build_sampler_params([BELL])
    assert build_job_body("sampler", "ibm_test", params) == {
        "program_id": "sampler",
        "backend": "ibm_test",
        "params": params,
    }


def test_the_spec_check_rejects_a_body_the_spec_forbids() -> None:
    import jsonschema

    validator = job_request_validator()
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"program_id": "sampler", "params": {}})  # no backend
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"program_id": "sampler", "backend": "b", "log_level": "LOUD"})


def test_the_strict_params_schema_rejects_keys_the_service_forbids() -> None:
    import jsonschema

    good = build_sampler_params([BELL], options={"twirling": {"enable_gates": True}})
    params_validator("sampler").validate(good)
    for bad in (
        {**good, "options": {"transpilation": {"optimization_level": 1}}},
        {**good, "options": {"max_execution_time": 60}},
        {**good, "resilience_level": 1},
        {**good, "version": 1},
    ):
        with pytest.raises(jsonschema.ValidationError):
            params_validator("sampler").validate(bad)
    with pytest.raises(jsonschema.ValidationError):
        params_validator("estimator").validate({"pubs": [[RY_CX, {"ZA": 1.0}]]})


def test_numpy_numbers_become_plain_json_numbers() -> None:
    import numpy as np

    params = build_sampler_params([(SWEEP, np.array([[0.5], [1.5]]), np.int64(7))])
    assert params["pubs"] == [[SWEEP, [[0.5], [1.5]], 7]]
    assert type(params["pubs"][0][2]) is int and type(params["pubs"][0][1][0][0]) is float
    _valid(build_job_body("sampler", "ibm_test", params))
