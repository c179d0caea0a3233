# ruff: noqa: RUF009  (attrs fields built by `option(...)` are field specs, not shared defaults)
"""Sampler and Estimator options: the documented keys and values only, as attrs classes.

Each class also accepts a plain dict (checked the same way: unknown keys get a "did you mean").
Only the keys that were set are sent. `environment` and `max_execution_time` are job-level
settings, not `params.options`: `split_job_options` separates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from qiskit_runtime_client._constants import (
    LOG_LEVELS,
    MAX_EXECUTION_TIME_LIMIT,
    MAX_TAG_LENGTH,
    MAX_USER_TAGS,
)
from qiskit_runtime_client.primitives._checks import Unset
from qiskit_runtime_client.primitives._option_fields import (
    OptionGroup,
    boolean,
    coerce_group,
    integer,
    json_value,
    list_of,
    mapping,
    number,
    one_of,
    one_or_list_of,
    option,
    string,
)

EXTRAPOLATORS = (
    "linear",
    "exponential",
    "double_exponential",
    *(f"polynomial_degree_{k}" for k in range(1, 8)),
    "fallback",
)
_FACTORS_NEEDED = {"linear": 2, "exponential": 2, "double_exponential": 4, "fallback": 1} | {
    f"polynomial_degree_{k}": k + 1 for k in range(1, 8)
}
_DEFAULT_NOISE_FACTORS = (1, 3, 5)
_DEFAULT_EXTRAPOLATOR = ("exponential", "linear")


@attrs.define(kw_only=True)
class DynamicalDecouplingOptions(OptionGroup):
    """Dynamical decoupling: idle-period pulse sequences."""

    _path: ClassVar[str] = "options.dynamical_decoupling"
    enable: bool | Unset = option(boolean)
    sequence_type: str | Unset = option(one_of("XX", "XpXm", "XY4"))
    extra_slack_distribution: str | Unset = option(one_of("middle", "edges"))
    scheduling_method: str | Unset = option(one_of("alap", "asap"))
    skip_reset_qubits: bool | Unset = option(boolean)


@attrs.define(kw_only=True)
class TwirlingOptions(OptionGroup):
    """Pauli twirling of gates and measurements."""

    _path: ClassVar[str] = "options.twirling"
    enable_gates: bool | Unset = option(boolean)
    enable_measure: bool | Unset = option(boolean)
    num_randomizations: int | str | Unset = option(integer(1, auto=True))
    shots_per_randomization: int | str | Unset = option(integer(1, auto=True))
    strategy: str | Unset = option(one_of("active", "active-circuit", "active-accum", "all"))


@attrs.define(kw_only=True)
class ExecutionOptions(OptionGroup):
    """Estimator execution options (the estimator has no `meas_type`)."""

    _path: ClassVar[str] = "options.execution"
    init_qubits: bool | Unset = option(boolean)
    rep_delay: float | Unset = option(number(ge=0))
    """Seconds between shots; the backend's `rep_delay_range` applies."""


@attrs.define(kw_only=True)
class SamplerExecutionOptions(OptionGroup):
    """Sampler execution options, including how measurements are returned."""

    _path: ClassVar[str] = "options.execution"
    init_qubits: bool | Unset = option(boolean)
    rep_delay: float | Unset = option(number(ge=0))
    meas_type: str | Unset = option(one_of("classified", "kerneled", "avg_kerneled"))


@attrs.define(kw_only=True)
class SimulatorOptions(OptionGroup):
    """Options for simulator backends."""

    _path: ClassVar[str] = "options.simulator"
    noise_model: Mapping[str, Any] | Unset | None = option(mapping(none=True))
    seed_simulator: int | Unset | None = option(integer(none=True))
    coupling_map: Sequence[Sequence[int]] | Unset | None = option(
        list_of(list_of(integer(0), min_len=2, max_len=2), min_len=0, none=True)
    )
    basis_gates: Sequence[str] | Unset | None = option(list_of(string(), min_len=0, none=True))


@attrs.define(kw_only=True)
class MeasureNoiseLearningOptions(OptionGroup):
    """How measurement noise is learned for measurement mitigation (TREX)."""

    _path: ClassVar[str] = "options.resilience.measure_noise_learning"
    num_randomizations: int | Unset = option(integer(1))
    shots_per_randomization: int | str | Unset = option(integer(1, auto=True))


@attrs.define(kw_only=True)
class ZneOptions(OptionGroup):
    """Zero-noise extrapolation settings."""

    _path: ClassVar[str] = "options.resilience.zne"
    noise_factors: Sequence[float] | Unset = option(list_of(number(ge=1)))
    extrapolator: str | Sequence[str] | Unset = option(one_or_list_of(*EXTRAPOLATORS))
    amplifier: str | Unset = option(
        one_of("gate_folding", "gate_folding_front", "gate_folding_back", "pea")
    )
    extrapolated_noise_factors: Sequence[float] | str | Unset = option(list_of(number(), auto=True))

    def check_consistency(self) -> None:
        """Each extrapolator needs enough noise factors (defaults count when unset)."""
        factors = (
            _DEFAULT_NOISE_FACTORS if isinstance(self.noise_factors, Unset) else self.noise_factors
        )
        chosen = (
            _DEFAULT_EXTRAPOLATOR if isinstance(self.extrapolator, Unset) else self.extrapolator
        )
        for name in [chosen] if isinstance(chosen, str) else chosen:
            if len(factors) < _FACTORS_NEEDED[name]:
                raise ValueError(
                    f"{self._path}: extrapolator {name!r} needs at least "
                    f"{_FACTORS_NEEDED[name]} noise_factors, got {list(factors)}"
                )


@attrs.define(kw_only=True)
class PecOptions(OptionGroup):
    """Probabilistic error cancellation settings."""

    _path: ClassVar[str] = "options.resilience.pec"
    max_overhead: float | Unset | None = option(number(gt=0, none=True))
    noise_gain: float | str | Unset = option(number(ge=0, auto=True))


@attrs.define(kw_only=True)
class LayerNoiseLearningOptions(OptionGroup):
    """How layer noise is learned for PEC and PEA."""

    _path: ClassVar[str] = "options.resilience.layer_noise_learning"
    max_layers_to_learn: int | Unset | None = option(integer(0, none=True))
    shots_per_randomization: int | Unset = option(integer(1))
    num_randomizations: int | Unset = option(integer(1))
    layer_pair_depths: Sequence[int] | Unset = option(list_of(integer(0)))


def _measure_noise_learning(
    value: MeasureNoiseLearningOptions | Mapping[str, Any],
) -> MeasureNoiseLearningOptions:
    return coerce_group(MeasureNoiseLearningOptions, value)


def _zne(value: ZneOptions | Mapping[str, Any]) -> ZneOptions:
    return coerce_group(ZneOptions, value)


def _pec(value: PecOptions | Mapping[str, Any]) -> PecOptions:
    return coerce_group(PecOptions, value)


def _layer_noise_learning(
    value: LayerNoiseLearningOptions | Mapping[str, Any],
) -> LayerNoiseLearningOptions:
    return coerce_group(LayerNoiseLearningOptions, value)


@attrs.define(kw_only=True)
class ResilienceOptions(OptionGroup):
    """Estimator error mitigation: measurement mitigation, ZNE, PEC and noise learning."""

    _path: ClassVar[str] = "options.resilience"
    measure_mitigation: bool | Unset = option(boolean)
    measure_noise_learning: MeasureNoiseLearningOptions = attrs.field(
        factory=MeasureNoiseLearningOptions, converter=_measure_noise_learning
    )
    zne_mitigation: bool | Unset = option(boolean)
    zne: ZneOptions = attrs.field(factory=ZneOptions, converter=_zne)
    pec_mitigation: bool | Unset = option(boolean)
    pec: PecOptions = attrs.field(factory=PecOptions, converter=_pec)
    layer_noise_learning: LayerNoiseLearningOptions = attrs.field(
        factory=LayerNoiseLearningOptions, converter=_layer_noise_learning
    )
    layer_noise_model: Any = option(json_value)
    """A noise-learner result or list of layer errors, as the service's JSON encodes them."""

    def check_consistency(self) -> None:
        """ZNE and PEC cannot both be on."""
        if self.zne_mitigation is True and self.pec_mitigation is True:
            raise ValueError(
                f"{self._path}: zne_mitigation and pec_mitigation cannot both be True; "
                "set one of them to False"
            )


def _log_level(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


@attrs.define(kw_only=True)
class EnvironmentOptions(OptionGroup):
    """Job-level settings (sent beside params, not in params.options)."""

    _path: ClassVar[str] = "options.environment"
    log_level: str | Unset = option(one_of(*LOG_LEVELS), converter=_log_level)
    job_tags: Sequence[str] | Unset = option(
        list_of(string(max_len=MAX_TAG_LENGTH), min_len=0, max_len=MAX_USER_TAGS)
    )
    private: bool | Unset = option(boolean)


def _dynamical_decoupling(
    value: DynamicalDecouplingOptions | Mapping[str, Any],
) -> DynamicalDecouplingOptions:
    return coerce_group(DynamicalDecouplingOptions, value)


def _twirling(value: TwirlingOptions | Mapping[str, Any]) -> TwirlingOptions:
    return coerce_group(TwirlingOptions, value)


def _execution(value: ExecutionOptions | Mapping[str, Any]) -> ExecutionOptions:
    return coerce_group(ExecutionOptions, value)


def _sampler_execution(
    value: SamplerExecutionOptions | Mapping[str, Any],
) -> SamplerExecutionOptions:
    return coerce_group(SamplerExecutionOptions, value)


def _simulator(value: SimulatorOptions | Mapping[str, Any]) -> SimulatorOptions:
    return coerce_group(SimulatorOptions, value)


def _resilience(value: ResilienceOptions | Mapping[str, Any]) -> ResilienceOptions:
    return coerce_group(ResilienceOptions, value)


def _environment(value: EnvironmentOptions | Mapping[str, Any]) -> EnvironmentOptions:
    return coerce_group(EnvironmentOptions, value)


_max_execution_time = integer(1, MAX_EXECUTION_TIME_LIMIT)


@attrs.define(kw_only=True)
class SamplerOptions(OptionGroup):
    """Options of a Sampler job."""

    default_shots: int | Unset = option(integer(1))
    dynamical_decoupling: DynamicalDecouplingOptions = attrs.field(
        factory=DynamicalDecouplingOptions, converter=_dynamical_decoupling
    )
    execution: SamplerExecutionOptions = attrs.field(
        factory=SamplerExecutionOptions, converter=_sampler_execution
    )
    twirling: TwirlingOptions = attrs.field(factory=TwirlingOptions, converter=_twirling)
    simulator: SimulatorOptions = attrs.field(factory=SimulatorOptions, converter=_simulator)
    experimental: Mapping[str, Any] | Unset = option(mapping())
    environment: EnvironmentOptions = attrs.field(
        factory=EnvironmentOptions, converter=_environment
    )
    max_execution_time: int | Unset = option(_max_execution_time)
    """Job-level: sent as the job's `cost`, in seconds of QPU time (1..10800)."""


@attrs.define(kw_only=True)
class EstimatorOptions(OptionGroup):
    """Options of an Estimator job."""

    default_precision: float | Unset = option(number(gt=0))
    default_shots: int | Unset = option(integer(1))
    seed_estimator: int | Unset = option(integer(0))
    resilience_level: int | Unset = option(integer(0, 2))
    """Sent at params level, not inside params.options."""
    dynamical_decoupling: DynamicalDecouplingOptions = attrs.field(
        factory=DynamicalDecouplingOptions, converter=_dynamical_decoupling
    )
    resilience: ResilienceOptions = attrs.field(factory=ResilienceOptions, converter=_resilience)
    execution: ExecutionOptions = attrs.field(factory=ExecutionOptions, converter=_execution)
    twirling: TwirlingOptions = attrs.field(factory=TwirlingOptions, converter=_twirling)
    simulator: SimulatorOptions = attrs.field(factory=SimulatorOptions, converter=_simulator)
    experimental: Mapping[str, Any] | Unset = option(mapping())
    environment: EnvironmentOptions = attrs.field(
        factory=EnvironmentOptions, converter=_environment
    )
    max_execution_time: int | Unset = option(_max_execution_time)
    """Job-level: sent as the job's `cost`, in seconds of QPU time (1..10800)."""


_NOT_IN_PARAMS_OPTIONS = ("environment", "max_execution_time", "resilience_level")


def coerce_sampler_options(options: SamplerOptions | Mapping[str, Any] | None) -> SamplerOptions:
    """SamplerOptions from an instance, a dict (checked) or None (nothing set)."""
    return coerce_group(SamplerOptions, options)


def coerce_estimator_options(
    options: EstimatorOptions | Mapping[str, Any] | None,
) -> EstimatorOptions:
    """EstimatorOptions from an instance, a dict (checked) or None (nothing set)."""
    return coerce_group(EstimatorOptions, options)


def split_job_options(
    options: SamplerOptions | EstimatorOptions,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split into (params.options, job-level settings).

    Job-level keys use `build_job_body`'s names: `log_level`, `tags`, `private`,
    `max_execution_time`; only those that were set appear. `resilience_level` is in neither:
    it belongs at params level (see `build_estimator_params`).
    """
    everything = options.to_dict()
    params_options = {k: v for k, v in everything.items() if k not in _NOT_IN_PARAMS_OPTIONS}
    environment = everything.get("environment", {})
    job: dict[str, Any] = {}
    if "log_level" in environment:
        job["log_level"] = environment["log_level"]
    if "job_tags" in environment:
        job["tags"] = environment["job_tags"]
    if "private" in environment:
        job["private"] = environment["private"]
    if "max_execution_time" in everything:
        job["max_execution_time"] = everything["max_execution_time"]
    return params_options, job
