"""One test per validation rule: bad input fails before a body exists, naming pub and field."""

from __future__ import annotations

import math
from typing import Any

import pytest
from qiskit_runtime_client.primitives import (
    EstimatorOptions,
    SamplerOptions,
    TwirlingOptions,
    build_estimator_params,
    build_job_body,
    build_sampler_params,
    sampler_job_body,
)

from .samples import BELL, NO_MEASURE, PHYSICAL, RY_CX, SWEEP, TWO_PARAMS

# ---- shots and precision ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("shots", "error"),
    [(0, ValueError), (-5, ValueError), (True, TypeError), (1.5, TypeError), ("10", TypeError)],
)
def test_pub_shots_must_be_a_positive_int_not_bool(shots: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"pubs\[1\]\.shots"):
        build_sampler_params([BELL, (BELL, None, shots)])


def test_run_level_shots_are_checked_too() -> None:
    with pytest.raises(TypeError, match=r"^shots"):
        build_sampler_params([BELL], shots=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("precision", "error"),
    [(0, ValueError), (-0.1, ValueError), (True, TypeError), (math.nan, TypeError)],
)
def test_pub_precision_must_be_positive(precision: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"pubs\[0\]\.precision"):
        build_estimator_params([(RY_CX, "ZZ", None, precision)])


def test_run_level_precision_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"^precision: must be > 0"):
        build_estimator_params([(RY_CX, "ZZ")], precision=0.0)


# ---- observables -----------------------------------------------------------------------------


def test_observable_of_an_unknown_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"pubs\[0\]\.observables: expected a Pauli label"):
        build_estimator_params([(RY_CX, 42)])


def test_pauli_labels_use_i_x_y_z_only() -> None:
    with pytest.raises(ValueError, match=r"pubs\[0\]\.observables\[1\].*'ZA'.*'A'"):
        build_estimator_params([(RY_CX, ["ZZ", "ZA"])])


def test_projector_labels_are_rejected() -> None:
    with pytest.raises(ValueError, match="I, X, Y, Z"):
        build_estimator_params([(RY_CX, {"0Z": 1.0})])


def test_all_labels_of_a_pub_have_one_length() -> None:
    with pytest.raises(ValueError, match=r"same length, found lengths \[2, 3\]"):
        build_estimator_params([(RY_CX, [{"ZZ": 1.0}, {"ZZZ": 1.0}])])


def test_an_observable_needs_terms_and_lists_need_items() -> None:
    with pytest.raises(ValueError, match="at least one Pauli term"):
        build_estimator_params([(RY_CX, {})])
    with pytest.raises(ValueError, match="observables list is empty"):
        build_estimator_params([(RY_CX, [])])


def test_nested_observable_lists_must_be_rectangular() -> None:
    with pytest.raises(ValueError, match="ragged"):
        build_estimator_params([(RY_CX, [["ZZ", "XX"], ["YY"]])])


def test_coefficients_must_be_real_numbers() -> None:
    with pytest.raises(ValueError, match="must be real"):
        build_estimator_params([(RY_CX, {"ZZ": 1 + 2j})])
    with pytest.raises(TypeError, match="finite real coefficient"):
        build_estimator_params([(RY_CX, {"ZZ": "1"})])
    assert build_estimator_params([(RY_CX, {"ZZ": 2 + 0j})])["pubs"][0][1] == {"ZZ": 2.0}


def test_label_length_must_equal_the_declared_qubit_count() -> None:
    with pytest.raises(ValueError, match=r"pubs\[0\]\.observables: .*length 3 .* 2 qubits"):
        build_estimator_params([(RY_CX, "ZZZ")])


def test_physical_qubits_need_labels_reaching_the_highest_index() -> None:
    with pytest.raises(ValueError, match=r"physical qubit \$4; labels need at least 5"):
        build_estimator_params([(PHYSICAL, "ZZZZ")])
    wide = build_estimator_params([(PHYSICAL, "Z" * 127)])  # an ISA circuit on a 127-qubit QPU
    assert wide["pubs"][0][1] == {"Z" * 127: 1.0}


# ---- parameter values ------------------------------------------------------------------------


def test_positional_values_need_one_per_input_parameter() -> None:
    with pytest.raises(ValueError, match=r"pubs\[0\]\.parameter_values: .* has 2 .*got 3"):
        build_estimator_params([(TWO_PARAMS, "ZZ", [1, 2, 3])])


def test_values_by_name_must_cover_the_parameters_exactly() -> None:
    with pytest.raises(ValueError, match="missing alpha; unknown phi"):
        build_estimator_params([(TWO_PARAMS, "ZZ", {"theta": 1, "phi": 2})])


def test_values_by_name_share_one_shape() -> None:
    with pytest.raises(ValueError, match="same shape"):
        build_estimator_params([(TWO_PARAMS, "ZZ", {"theta": [1, 2], "alpha": [1, 2, 3]})])


def test_missing_values_for_a_parametrised_circuit() -> None:
    with pytest.raises(ValueError, match=r"1 input parameter\(s\) \(theta\) but no values"):
        build_sampler_params([SWEEP])


def test_values_for_a_circuit_without_parameters() -> None:
    with pytest.raises(ValueError, match="declares no input parameters"):
        build_sampler_params([(BELL, [0.5])])


def test_values_must_be_finite_numbers_in_rectangular_lists() -> None:
    with pytest.raises(TypeError, match=r"parameter_values\[0\]\[0\]"):
        build_sampler_params([(SWEEP, [[math.inf]])])
    with pytest.raises(ValueError, match="ragged"):
        build_sampler_params([(SWEEP, [[1.0], [2.0, 3.0]])])
    with pytest.raises(TypeError, match="expected a dict"):
        build_sampler_params([(SWEEP, "theta=1")])


# ---- broadcasting ----------------------------------------------------------------------------


def test_observable_and_parameter_shapes_must_broadcast_and_both_are_named() -> None:
    with pytest.raises(
        ValueError, match=r"observables shape \(2,\) and parameter_values shape \(3,\)"
    ):
        build_estimator_params([(TWO_PARAMS, ["ZZ", "XX"], [[0, 1], [2, 3], [4, 5]])])


# ---- circuits --------------------------------------------------------------------------------


def test_sampler_circuit_must_measure() -> None:
    with pytest.raises(ValueError, match=r"pubs\[0\]\.circuit: a sampler circuit must measure"):
        build_sampler_params([NO_MEASURE])


def test_measure_in_a_comment_does_not_count() -> None:
    with pytest.raises(ValueError, match="must measure"):
        build_sampler_params([NO_MEASURE + "// c[0] = measure q[0];\n"])


def test_zero_size_classical_register_is_rejected() -> None:
    with pytest.raises(ValueError, match="register 'e' has size 0"):
        build_sampler_params([BELL.replace("bit[2] c;", "bit[2] c;\nbit[0] e;")])


def test_circuit_must_be_qasm3_text_or_a_quantum_circuit() -> None:
    with pytest.raises(TypeError, match=r"pubs\[0\]\.circuit: expected an OpenQASM 3 string"):
        build_sampler_params([(b"OPENQASM 3;",)])
    with pytest.raises(ValueError, match=r"declares OPENQASM 2\.0"):
        build_sampler_params(["OPENQASM 2.0;\nqreg q[1];\ncreg c[1];\nmeasure q -> c;"])
    with pytest.raises(ValueError, match="program is empty"):
        build_sampler_params(["  \n"])


# ---- PUB containers --------------------------------------------------------------------------


def test_pub_tuples_have_the_qiskit_lengths() -> None:
    with pytest.raises(ValueError, match=r"pubs\[0\]: a sampler PUB .* got 4 items"):
        build_sampler_params([(BELL, None, 10, "extra")])
    with pytest.raises(ValueError, match=r"pubs\[0\]: an estimator PUB .* got 1 items"):
        build_estimator_params([(RY_CX,)])
    with pytest.raises(TypeError, match="needs observables"):
        build_estimator_params([RY_CX])


def test_pubs_must_be_a_non_empty_list() -> None:
    with pytest.raises(TypeError, match="wrap a single PUB in a list"):
        build_sampler_params(BELL)
    with pytest.raises(ValueError, match="at least one PUB"):
        build_sampler_params([])


def test_nothing_is_built_when_a_later_pub_is_bad() -> None:
    with pytest.raises(ValueError, match=r"pubs\[2\]"):
        sampler_job_body("ibm_test", [BELL, (SWEEP, [1.0]), (BELL, None, 0)])


# ---- options ---------------------------------------------------------------------------------


def test_unknown_option_key_suggests_the_nearest_valid_one() -> None:
    with pytest.raises(ValueError, match="unknown option 'twirlling'; did you mean 'twirling'"):
        build_sampler_params([BELL], options={"twirlling": {"enable_gates": True}})


def test_unknown_nested_key_names_its_path() -> None:
    with pytest.raises(
        ValueError, match=r"options\.resilience\.zne: unknown option 'noise_factor'"
    ):
        EstimatorOptions(resilience={"zne": {"noise_factor": [1, 3]}})


def test_sampler_only_and_estimator_only_keys_stay_apart() -> None:
    with pytest.raises(ValueError, match="unknown option 'resilience_level'"):
        build_sampler_params([BELL], options={"resilience_level": 1})
    with pytest.raises(ValueError, match="unknown option 'meas_type'"):
        EstimatorOptions(execution={"meas_type": "kerneled"})


def test_transpilation_options_are_not_service_options() -> None:
    with pytest.raises(ValueError, match="unknown option 'transpilation'"):
        build_estimator_params([(RY_CX, "ZZ")], options={"transpilation": {}})


def test_bad_enum_value_lists_the_allowed_ones() -> None:
    with pytest.raises(
        ValueError, match=r"sequence_type: 'XpYm' is not one of 'XX', 'XpXm', 'XY4'"
    ):
        SamplerOptions(dynamical_decoupling={"sequence_type": "XpYm"})


def test_number_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"options\.twirling\.num_randomizations: must be >= 1"):
        TwirlingOptions(num_randomizations=0)
    with pytest.raises(ValueError, match=r"options\.resilience_level: must be <= 2"):
        EstimatorOptions(resilience_level=3)
    with pytest.raises(ValueError, match=r"options\.default_shots: must be >= 1, got -5"):
        SamplerOptions(default_shots=-5)
    with pytest.raises(ValueError, match=r"zne\.noise_factors\[0\]: must be >= 1"):
        EstimatorOptions(resilience={"zne": {"noise_factors": [0.5, 3]}})


def test_wrong_type_option_value() -> None:
    with pytest.raises(TypeError, match=r"options\.twirling\.enable_gates: expected True or False"):
        SamplerOptions(twirling={"enable_gates": "yes"})


def test_zne_and_pec_together_are_incompatible() -> None:
    with pytest.raises(ValueError, match="zne_mitigation and pec_mitigation cannot both be True"):
        EstimatorOptions(resilience={"zne_mitigation": True, "pec_mitigation": True})


def test_incompatibility_introduced_by_assignment_is_caught_before_sending() -> None:
    options = EstimatorOptions(resilience={"zne_mitigation": True})
    options.resilience.pec_mitigation = True
    with pytest.raises(ValueError, match="cannot both be True"):
        build_estimator_params([(RY_CX, "ZZ")], options=options)


def test_extrapolator_needs_enough_noise_factors() -> None:
    with pytest.raises(ValueError, match="'double_exponential' needs at least 4 noise_factors"):
        EstimatorOptions(resilience={"zne": {"extrapolator": "double_exponential"}})


def test_assignment_is_validated_too() -> None:
    options = SamplerOptions()
    with pytest.raises(ValueError, match="strategy"):
        options.twirling.strategy = "sometimes"


# ---- job-level fields ------------------------------------------------------------------------


def test_tag_limits() -> None:
    params = build_sampler_params([BELL])
    # 8 tags per job, one of which the client keeps for its submission tag
    assert (
        len(build_job_body("sampler", "b", params, tags=[f"t{i}" for i in range(7)])["tags"]) == 7
    )
    with pytest.raises(ValueError, match="at most 7 items"):
        build_job_body("sampler", "b", params, tags=[f"t{i}" for i in range(8)])
    with pytest.raises(ValueError, match=r"tags\[0\]: length must be 1\.\.86"):
        build_job_body("sampler", "b", params, tags=["x" * 87])


def test_max_execution_time_becomes_cost_within_1_to_10800() -> None:
    params = build_sampler_params([BELL])
    assert build_job_body("sampler", "b", params, max_execution_time=10800)["cost"] == 10800
    for bad in (0, 10801):
        with pytest.raises(ValueError, match="max_execution_time"):
            build_job_body("sampler", "b", params, max_execution_time=bad)
    with pytest.raises(ValueError, match=r"options\.max_execution_time: must be <= 10800"):
        SamplerOptions(max_execution_time=20000)


def test_log_level_backend_and_support_qiskit_are_checked() -> None:
    params = build_sampler_params([BELL])
    with pytest.raises(ValueError, match="log_level: 'loud' is not one of"):
        build_job_body("sampler", "b", params, log_level="LOUD")
    with pytest.raises(ValueError, match="backend: must not be empty"):
        build_job_body("sampler", "", params)
    with pytest.raises(TypeError, match="support_qiskit"):
        build_sampler_params([BELL], support_qiskit="yes")  # type: ignore[arg-type]
