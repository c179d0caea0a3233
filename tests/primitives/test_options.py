"""Option classes: documented keys only, dicts checked alike, only set keys serialised."""

from __future__ import annotations

from qiskit_runtime_client.primitives import (
    UNSET,
    DynamicalDecouplingOptions,
    EstimatorOptions,
    SamplerOptions,
    ZneOptions,
    coerce_sampler_options,
    split_job_options,
)


def test_nothing_set_serialises_to_an_empty_dict() -> None:
    assert SamplerOptions().to_dict() == {}
    assert EstimatorOptions().to_dict() == {}
    assert SamplerOptions().twirling.enable_gates is UNSET


def test_dict_and_class_forms_give_the_same_options() -> None:
    as_dict = {"default_shots": 10, "dynamical_decoupling": {"enable": True}}
    as_class = SamplerOptions(
        default_shots=10, dynamical_decoupling=DynamicalDecouplingOptions(enable=True)
    )
    assert coerce_sampler_options(as_dict) == as_class
    assert coerce_sampler_options(as_dict).to_dict() == as_dict


def test_explicit_none_is_sent_where_none_means_something() -> None:
    options = EstimatorOptions(resilience={"pec": {"max_overhead": None}})
    assert options.to_dict() == {"resilience": {"pec": {"max_overhead": None}}}


def test_nested_attribute_assignment_works_and_is_serialised() -> None:
    options = SamplerOptions()
    options.twirling.enable_measure = True
    options.execution = {"meas_type": "avg_kerneled"}  # type: ignore[assignment]
    assert options.to_dict() == {
        "twirling": {"enable_measure": True},
        "execution": {"meas_type": "avg_kerneled"},
    }


def test_tuples_become_lists_in_output() -> None:
    zne = ZneOptions(noise_factors=(1, 2, 3), extrapolator=("linear", "fallback"))
    assert zne.to_dict() == {"noise_factors": [1, 2, 3], "extrapolator": ["linear", "fallback"]}


def test_split_job_options_separates_environment_and_max_execution_time() -> None:
    options = EstimatorOptions(
        default_precision=0.01,
        resilience_level=2,
        environment={"log_level": "INFO", "job_tags": ["x"], "private": False},
        max_execution_time=120,
    )
    params_options, job = split_job_options(options)
    assert params_options == {"default_precision": 0.01}
    assert job == {"log_level": "info", "tags": ["x"], "private": False, "max_execution_time": 120}


def test_documented_keys_only() -> None:
    assert SamplerOptions.field_names() == [
        "default_shots",
        "dynamical_decoupling",
        "execution",
        "twirling",
        "simulator",
        "experimental",
        "environment",
        "max_execution_time",
    ]
    assert "resilience" in EstimatorOptions.field_names()
    assert "resilience" not in SamplerOptions.field_names()
