"""Sampler/Estimator inputs: PUBs, typed options and pure job-body builders (no HTTP here).

Names are imported on first use (PEP 562), as in the package root: a submission without options
loads `body` and `pubs` but never the option classes, and `isa`'s use of `primitives.qasm`
loads that module alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULES = {
    "_checks": ("UNSET", "Unset"),
    "body": (
        "DEFAULT_SUPPORT_QISKIT",
        "build_estimator_params",
        "build_job_body",
        "build_sampler_params",
        "estimator_job_body",
        "sampler_job_body",
    ),
    "options": (
        "DynamicalDecouplingOptions",
        "EnvironmentOptions",
        "EstimatorOptions",
        "ExecutionOptions",
        "LayerNoiseLearningOptions",
        "MeasureNoiseLearningOptions",
        "PecOptions",
        "ResilienceOptions",
        "SamplerExecutionOptions",
        "SamplerOptions",
        "SimulatorOptions",
        "TwirlingOptions",
        "ZneOptions",
        "coerce_estimator_options",
        "coerce_sampler_options",
        "split_job_options",
    ),
    "pubs": ("EstimatorPub", "SamplerPub"),
}
#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names
}

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
