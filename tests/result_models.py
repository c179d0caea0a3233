"""IBM's published result models (package ibm-quantum-schemas) as a check on emulator results.

`validate_result(program_id, params, body)` raises when a results body does not validate
against the model of its program: sampler and estimator (version_0_1, the Qiskit-encoded form
the service sends with `support_qiskit: true`) and executor (QuantumProgramResult of the params'
schema_version). Pydantic ignores unknown fields, so every object of the body is also checked to
carry no field its model does not declare (unless the model allows extra fields).

`ResultAudit` wraps the emulator's `execute` for the whole test session (tests/conftest.py), so
every result the emulator produces in the suite goes through `validate_result`.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: executor params schema_version -> the ibm_quantum_schemas module of its models
EXECUTOR_MODELS = {
    "v0.1": "ibm_quantum_schemas.executor.version_0_1.models",
    "v0.2": "ibm_quantum_schemas.executor.version_0_2.models",
    "v1.0": "ibm_quantum_schemas.executor.version_1_0.models",
    "v1.1": "ibm_quantum_schemas.executor.version_1_1.models",
    "v2.0": "ibm_quantum_schemas.executor.version_2_0.models",
}


def _model_for(program_id: str, params: dict[str, Any]) -> Any:
    if program_id == "sampler":
        from ibm_quantum_schemas.sampler.version_0_1.primitive_result import (
            PrimitiveResultWrapperModel,
        )

        return PrimitiveResultWrapperModel
    if program_id == "estimator":
        from ibm_quantum_schemas.estimator.version_0_1.primitive_result import (
            PrimitiveResultWrapperModel as EstimatorResult,
        )

        return EstimatorResult
    if program_id == "executor":
        module = importlib.import_module(EXECUTOR_MODELS[params.get("schema_version", "v0.1")])
        return module.QuantumProgramResultModel
    raise ValueError(f"no published result model for program {program_id!r}")


def _undeclared(model: Any, value: Any, where: str) -> list[str]:
    """Fields in `value` (validated as `model`) that the model does not declare, recursively."""
    from pydantic import BaseModel

    if not isinstance(model, BaseModel):
        if isinstance(model, list | tuple) and isinstance(value, list | tuple):
            return [
                problem
                for i, (m, v) in enumerate(zip(model, value, strict=False))
                for problem in _undeclared(m, v, f"{where}[{i}]")
            ]
        if isinstance(model, dict) and isinstance(value, dict):
            return [
                problem
                for key, m in model.items()
                for problem in _undeclared(m, value.get(key, value.get(str(key))), f"{where}.{key}")
            ]
        return []
    if not isinstance(value, dict):
        return []
    fields = type(model).model_fields
    names = {f.alias or n for n, f in fields.items()} | set(fields)
    problems = []
    if type(model).model_config.get("extra") != "allow":
        problems = [
            f"{where}.{key}: not in {type(model).__name__}" for key in value if key not in names
        ]
    for name, info in fields.items():
        key = info.alias if info.alias in value else name
        if key in value:
            problems += _undeclared(getattr(model, name), value[key], f"{where}.{key}")
    return problems


def validate_result(program_id: str, params: dict[str, Any], body: Any) -> None:
    """Raise (pydantic's ValidationError, or AssertionError for undeclared fields) unless
    `body` is a valid result of `program_id` as IBM publishes it."""
    model = _model_for(program_id, params)
    parsed = model.model_validate(body)
    problems = _undeclared(parsed, body, "result")
    assert not problems, "; ".join(problems)


def has_published_model(program_id: str, params: dict[str, Any]) -> bool:
    """Sampler and estimator results have one in the Qiskit-encoded form only; executor always."""
    if program_id == "executor":
        return True
    return params.get("support_qiskit") is True


@dataclass
class ResultAudit:
    """Every result the emulator produced in this session, and what failed validation."""

    checked: dict[str, int] = field(default_factory=dict)
    unmodelled: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, execute: Callable[..., Any]) -> Callable[..., Any]:
        def audited(program_id: str, params: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            outcome = execute(program_id, params, *args, **kwargs)
            if outcome.result_text is None:
                return outcome
            with self.lock:
                if not has_published_model(program_id, params):
                    self.unmodelled += 1
                    return outcome
                try:
                    validate_result(program_id, params, json.loads(outcome.result_text))
                except Exception as exc:
                    self.failures.append(f"{program_id}: {str(exc)[:2000]}")
                self.checked[program_id] = self.checked.get(program_id, 0) + 1
            return outcome

        return audited
