"""Sampler/Estimator inputs: PUBs, typed options and pure job-body builders (no HTTP here)."""

from qiskit_runtime_client.primitives._checks import UNSET, Unset
from qiskit_runtime_client.primitives.body import (
    DEFAULT_SUPPORT_QISKIT,
    build_estimator_params,
    build_job_body,
    build_sampler_params,
    estimator_job_body,
    sampler_job_body,
)
from qiskit_runtime_client.primitives.options import (
    DynamicalDecouplingOptions,
    EnvironmentOptions,
    EstimatorOptions,
    ExecutionOptions,
    LayerNoiseLearningOptions,
    MeasureNoiseLearningOptions,
    PecOptions,
    ResilienceOptions,
    SamplerExecutionOptions,
    SamplerOptions,
    SimulatorOptions,
    TwirlingOptions,
    ZneOptions,
    coerce_estimator_options,
    coerce_sampler_options,
    split_job_options,
)
from qiskit_runtime_client.primitives.pubs import EstimatorPub, SamplerPub

__all__ = [
    "DEFAULT_SUPPORT_QISKIT",
    "UNSET",
    "DynamicalDecouplingOptions",
    "EnvironmentOptions",
    "EstimatorOptions",
    "EstimatorPub",
    "ExecutionOptions",
    "LayerNoiseLearningOptions",
    "MeasureNoiseLearningOptions",
    "PecOptions",
    "ResilienceOptions",
    "SamplerExecutionOptions",
    "SamplerOptions",
    "SamplerPub",
    "SimulatorOptions",
    "TwirlingOptions",
    "Unset",
    "ZneOptions",
    "build_estimator_params",
    "build_job_body",
    "build_sampler_params",
    "coerce_estimator_options",
    "coerce_sampler_options",
    "estimator_job_body",
    "sampler_job_body",
    "split_job_options",
]
