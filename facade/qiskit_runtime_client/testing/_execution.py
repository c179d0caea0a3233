"""Run a job's PUBs on qiskit's reference primitives and encode the result the way it asked.

Called on the qiskit thread when a job starts running; never on a request. Shots, precision
and seeds follow the job's params and options (runtime-api-facts §3); input problems fail the
job with code 1002, anything else with 1000.

All qiskit work in the process happens on ONE long-lived thread (`qiskit_thread()`), and the
primitives' `_run` is called directly: `.run()` starts a fresh thread per job, and qiskit 2.6's
allocator (mimalloc) was seen to crash (SIGSEGV in mi_thread_init) when threads that used it
come and go while others start.
"""

from __future__ import annotations

import json
import math
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from qiskit_runtime_client.testing._circuits import (
    JobInputError,
    decode_circuit,
    decode_parameter_values,
    prepare_circuit,
    reduce_observables,
)
from qiskit_runtime_client.testing._encoding import plain_estimator, plain_sampler, qiskit_encoded
from qiskit_runtime_client.testing._store import Outcome

DEFAULT_SHOTS = 4096
DEFAULT_PRECISION = 1 / math.sqrt(DEFAULT_SHOTS)

_thread_lock = threading.Lock()
_thread: ThreadPoolExecutor | None = None


def qiskit_thread() -> ThreadPoolExecutor:
    """The single worker thread that runs every emulator's jobs in this process."""
    global _thread
    with _thread_lock:
        if _thread is None:
            _thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emulator-qiskit")
        return _thread


def execute(
    program_id: str, params: dict[str, Any], backend_qubits: int, seed: int | None
) -> Outcome:
    """Run the job and return its results text, or why it failed."""
    try:
        if program_id == "sampler":
            result, stats = _run_sampler(params, backend_qubits, seed)
        else:
            result, stats = _run_estimator(params, backend_qubits, seed)
        if params.get("support_qiskit") is True:
            body = qiskit_encoded(result, program_id)
        elif program_id == "sampler":
            body = plain_sampler(result)
        else:
            body = plain_estimator(result)
        return Outcome(result_text=json.dumps(body), stats=stats)
    except Exception as exc:
        from qiskit.exceptions import QiskitError

        if isinstance(exc, JobInputError | QiskitError):  # the input cannot run as given
            return Outcome(
                error=f"Error in the validation process of the job: {exc}", error_code=1002
            )
        trace = "".join(traceback.format_exception_only(exc)).strip()
        return Outcome(error=f"Error running the job: {trace}", error_code=1000)


def _pubs(params: dict[str, Any]) -> list[list[Any]]:
    return [pub if isinstance(pub, list) else [pub] for pub in params["pubs"]]


def _stats(prepared: list[Any], shots: int) -> dict[str, Any]:
    return {
        "num_circuits": len(prepared),
        "num_qubits": [len(p.active) for p in prepared],
        "circuit_depths": [p.circuit.depth() for p in prepared],
        "executions": shots,
    }


def _run_sampler(
    params: dict[str, Any], backend_qubits: int, seed: int | None
) -> tuple[Any, dict[str, Any]]:
    from qiskit.primitives import StatevectorSampler
    from qiskit.primitives.containers.sampler_pub import SamplerPub

    options = params.get("options") or {}
    default_shots = params.get("shots") or options.get("default_shots") or DEFAULT_SHOTS
    simulator_seed = (options.get("simulator") or {}).get("seed_simulator")
    pubs, prepared, total_shots = [], [], 0
    for pub in _pubs(params):
        circuit = prepare_circuit(decode_circuit(pub[0]), backend_qubits)
        values = decode_parameter_values(pub[1] if len(pub) > 1 else None, circuit.circuit)
        shots = (pub[2] if len(pub) > 2 else None) or default_shots
        prepared.append(circuit)
        pubs.append((circuit.circuit, values, shots))
        total_shots += shots * max(1, values.size)
    sampler = StatevectorSampler(seed=simulator_seed if simulator_seed is not None else seed)
    try:
        result = sampler._run([SamplerPub.coerce(pub) for pub in pubs])
    except (ValueError, KeyError, TypeError) as exc:  # shapes, names that do not fit
        raise JobInputError(str(exc)) from exc
    return result, _stats(prepared, total_shots)


def _run_estimator(
    params: dict[str, Any], backend_qubits: int, seed: int | None
) -> tuple[Any, dict[str, Any]]:
    import numpy as np
    from qiskit.primitives import StatevectorEstimator
    from qiskit.primitives.containers.estimator_pub import EstimatorPub
    from qiskit.primitives.containers.observables_array import ObservablesArray

    options = params.get("options") or {}
    precision = params.get("precision") or options.get("default_precision")
    if precision is None and options.get("default_shots"):
        precision = 1 / math.sqrt(options["default_shots"])
    precision = precision or DEFAULT_PRECISION
    estimator_seed = options.get("seed_estimator")
    pubs, prepared, zero_mask = [], [], []
    for pub in _pubs(params):
        # like the service, accept circuits that end in measurements: drop those
        decoded = decode_circuit(pub[0]).remove_final_measurements(inplace=False)
        circuit = prepare_circuit(decoded, backend_qubits)
        reduced = reduce_observables(pub[1], circuit, backend_qubits)
        identity = {"I" * len(circuit.active): 1.0}
        zero_mask.append(
            np.vectorize(lambda o: o is None, otypes=[bool])(np.array(reduced, dtype=object))
        )
        stand_in = _replace_none(reduced, identity)
        try:
            observables = ObservablesArray.coerce(stand_in)
        except Exception as exc:
            raise JobInputError(f"the observables could not be read: {exc}") from exc
        values = decode_parameter_values(pub[2] if len(pub) > 2 else None, circuit.circuit)
        pub_precision = pub[3] if len(pub) > 3 else None
        prepared.append(circuit)
        pubs.append((circuit.circuit, observables, values, pub_precision))
    estimator = StatevectorEstimator(
        default_precision=precision, seed=estimator_seed if estimator_seed is not None else seed
    )
    try:
        result = estimator._run([EstimatorPub.coerce(pub, precision) for pub in pubs])
    except (ValueError, KeyError, TypeError) as exc:  # shapes, names that do not fit
        raise JobInputError(str(exc)) from exc
    result = _zero_where(result, zero_mask)
    return result, _stats(prepared, math.ceil(1 / precision**2) * len(pubs))


def _replace_none(observables: Any, identity: dict[str, float]) -> Any:
    if isinstance(observables, list):
        return [_replace_none(item, identity) for item in observables]
    return identity if observables is None else observables


def _zero_where(result: Any, masks: list[Any]) -> Any:
    """Expectation values of observables that reduced to nothing are exactly 0."""
    import numpy as np
    from qiskit.primitives import PrimitiveResult, PubResult
    from qiskit.primitives.containers import DataBin

    if not any(mask.any() for mask in masks):
        return result
    fixed = []
    for pub_result, mask in zip(result, masks, strict=True):
        data = pub_result.data
        evs = np.where(np.broadcast_to(mask, data.evs.shape), 0.0, data.evs)
        fields = {name: data[name] for name in data} | {"evs": evs}
        fixed.append(PubResult(DataBin(**fields, shape=data.shape), pub_result.metadata))
    return PrimitiveResult(fixed, metadata=result.metadata)
