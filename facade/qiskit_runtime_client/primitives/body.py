"""Pure builders of the `POST /v1/jobs` body for Sampler and Estimator jobs (no I/O).

Everything is validated before anything is returned, so a caller that sends only what these
functions return never sends a bad PUB or option.

The option classes (some twenty attrs classes, the costliest import of a first submission) are
imported only when options are given: `options=None` sets nothing, so there is nothing to check,
and a process that submits without options never builds them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from qiskit_runtime_client._constants import (
    LOG_LEVELS,
    MAX_EXECUTION_TIME_LIMIT,
    MAX_TAG_LENGTH,
    MAX_USER_TAGS,
)
from qiskit_runtime_client.primitives._checks import Unset, positive_float, positive_int, show
from qiskit_runtime_client.primitives._option_fields import integer, list_of, one_of, string
from qiskit_runtime_client.primitives.pubs import estimator_pubs_json, sampler_pubs_json

if TYPE_CHECKING:
    from qiskit_runtime_client.primitives.options import EstimatorOptions, SamplerOptions

DEFAULT_SUPPORT_QISKIT: Final = True
"""Ask for Qiskit-encoded results: far smaller and faster to decode (scripts/bench_results.py)."""
PRIMITIVE_VERSION: Final = 2

_check_tags = list_of(string(max_len=MAX_TAG_LENGTH), min_len=0, max_len=MAX_USER_TAGS)
_check_cost = integer(1, MAX_EXECUTION_TIME_LIMIT)
_check_log_level = one_of(*LOG_LEVELS)
_check_resilience_level = integer(0, 2)


def build_sampler_params(
    pubs: Iterable[object],
    *,
    shots: int | None = None,
    options: SamplerOptions | Mapping[str, Any] | None = None,
    support_qiskit: bool = DEFAULT_SUPPORT_QISKIT,
) -> dict[str, Any]:
    """The `params` of a Sampler job: pubs, version 2, support_qiskit, set options, shots."""
    _check_bool(support_qiskit, "support_qiskit")
    run_shots = None if shots is None else positive_int(shots, "shots")
    params_options, _ = _split(_sampler_options(options))
    params: dict[str, Any] = {
        "pubs": sampler_pubs_json(pubs),
        "version": PRIMITIVE_VERSION,
        "support_qiskit": support_qiskit,
        "options": params_options,
    }
    if run_shots is not None:
        params["shots"] = run_shots
    return params


def build_estimator_params(
    pubs: Iterable[object],
    *,
    precision: float | None = None,
    resilience_level: int | None = None,
    options: EstimatorOptions | Mapping[str, Any] | None = None,
    support_qiskit: bool = DEFAULT_SUPPORT_QISKIT,
) -> dict[str, Any]:
    """The `params` of an Estimator job; `resilience_level` (argument, else options) at top."""
    _check_bool(support_qiskit, "support_qiskit")
    run_precision = None if precision is None else positive_float(precision, "precision")
    if resilience_level is not None:
        _check_resilience_level(resilience_level, "resilience_level")
    estimator_options = _estimator_options(options)
    params_options, _ = _split(estimator_options)
    params: dict[str, Any] = {
        "pubs": estimator_pubs_json(pubs),
        "version": PRIMITIVE_VERSION,
        "support_qiskit": support_qiskit,
        "options": params_options,
    }
    if run_precision is not None:
        params["precision"] = run_precision
    level: int | Unset | None = resilience_level
    if level is None and estimator_options is not None:
        level = estimator_options.resilience_level
    if isinstance(level, int):
        params["resilience_level"] = int(level)
    return params


def build_job_body(
    program_id: str,
    backend: str,
    params: Mapping[str, Any],
    session_id: str | None = None,
    tags: Sequence[str] | None = None,
    max_execution_time: int | None = None,
    log_level: str | None = None,
    private: bool | None = None,
) -> dict[str, Any]:
    """The `POST /v1/jobs` body; `max_execution_time` goes to `cost`; unset fields are left out.

    The arguments are checked here; the body itself is the generated `JobRunParams` (`_api`).
    """
    from qiskit_runtime_client import _api

    _check_name(program_id, "program_id")
    _check_name(backend, "backend")
    if session_id is not None:
        _check_name(session_id, "session_id")
    if tags is not None:
        _check_tags(tags, "tags")
    cost = None
    if max_execution_time is not None:
        _check_cost(max_execution_time, "max_execution_time")
        cost = int(max_execution_time)
    level = None
    if log_level is not None:
        level = log_level.lower() if isinstance(log_level, str) else log_level
        _check_log_level(level, "log_level")
    if private is not None:
        _check_bool(private, "private")
    return _api.job_body(
        program_id=program_id,
        backend=backend,
        params=params,
        session_id=session_id,
        tags=list(tags) if tags else None,
        cost=cost,
        log_level=level,
        private=private,
    )


def sampler_job_body(
    backend: str,
    pubs: Iterable[object],
    *,
    shots: int | None = None,
    options: SamplerOptions | Mapping[str, Any] | None = None,
    session_id: str | None = None,
    tags: Sequence[str] | None = None,
    max_execution_time: int | None = None,
    support_qiskit: bool = DEFAULT_SUPPORT_QISKIT,
) -> dict[str, Any]:
    """A whole Sampler job body: run arguments win over `options.environment` and the like."""
    sampler_options = _sampler_options(options)
    params = build_sampler_params(
        pubs, shots=shots, options=sampler_options, support_qiskit=support_qiskit
    )
    return _job_body(
        "sampler", backend, params, sampler_options, session_id, tags, max_execution_time
    )


def estimator_job_body(
    backend: str,
    pubs: Iterable[object],
    *,
    precision: float | None = None,
    resilience_level: int | None = None,
    options: EstimatorOptions | Mapping[str, Any] | None = None,
    session_id: str | None = None,
    tags: Sequence[str] | None = None,
    max_execution_time: int | None = None,
    support_qiskit: bool = DEFAULT_SUPPORT_QISKIT,
) -> dict[str, Any]:
    """A whole Estimator job body: run arguments win over `options.environment` and the like."""
    estimator_options = _estimator_options(options)
    params = build_estimator_params(
        pubs,
        precision=precision,
        resilience_level=resilience_level,
        options=estimator_options,
        support_qiskit=support_qiskit,
    )
    return _job_body(
        "estimator", backend, params, estimator_options, session_id, tags, max_execution_time
    )


def _job_body(
    program_id: str,
    backend: str,
    params: dict[str, Any],
    options: SamplerOptions | EstimatorOptions | None,
    session_id: str | None,
    tags: Sequence[str] | None,
    max_execution_time: int | None,
) -> dict[str, Any]:
    _, job = _split(options)
    if tags is not None:
        job["tags"] = tags
    if max_execution_time is not None:
        job["max_execution_time"] = max_execution_time
    return build_job_body(program_id, backend, params, session_id=session_id, **job)


def _sampler_options(options: SamplerOptions | Mapping[str, Any] | None) -> SamplerOptions | None:
    """The options checked as SamplerOptions; None when none were given (nothing is set)."""
    if options is None:
        return None
    from qiskit_runtime_client.primitives.options import coerce_sampler_options

    return coerce_sampler_options(options)


def _estimator_options(
    options: EstimatorOptions | Mapping[str, Any] | None,
) -> EstimatorOptions | None:
    """The options checked as EstimatorOptions; None when none were given (nothing is set)."""
    if options is None:
        return None
    from qiskit_runtime_client.primitives.options import coerce_estimator_options

    return coerce_estimator_options(options)


def _split(
    options: SamplerOptions | EstimatorOptions | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """`split_job_options`, and the empty split of no options without loading their classes."""
    if options is None:
        return {}, {}
    from qiskit_runtime_client.primitives.options import split_job_options

    return split_job_options(options)


def _check_bool(value: object, field: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{field}: expected True or False, got {show(value)}")


def _check_name(value: object, field: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{field}: expected a non-empty string, got {show(value)}")
    if not value.strip():
        raise ValueError(f"{field}: must not be empty")
