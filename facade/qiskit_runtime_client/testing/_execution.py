"""Run a job's PUBs on qiskit's reference primitives and encode the result the way it asked.

Called on the qiskit thread when a job starts running; never on a request. Shots, precision
and seeds follow the job's params and options (runtime-api-facts §3); input problems fail the
job with code 1002, anything else with 1000.

The sampler samples the exact statevector (an ideal device). The estimator emulates what a
device does to an expectation value, so that values and error bars agree: each Pauli term is
measured with `ceil(1/precision**2)` shots through a readout error of `READOUT_ERROR` per
qubit, and (with measurement mitigation, on at the default resilience level 1) the readout
bias is divided out again, widening the error bar; the reported `stds` are the standard errors
of those estimates, never 0 for a noisy term.

All qiskit work in the process happens on ONE long-lived thread (`qiskit_thread()`), and the
primitives' `_run` is called directly: `.run()` starts a fresh thread per job, and qiskit 2.6's
allocator (mimalloc) was seen to crash (SIGSEGV in mi_thread_init) when threads that used it
come and go while others start.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from qiskit_runtime_client.testing._circuits import (
    JobInputError,
    decode_circuit,
    decode_parameter_values,
    prepare_circuit,
    reduce_observables,
)
from qiskit_runtime_client.testing._encoding import (
    Spans,
    plain_estimator,
    plain_sampler,
    qiskit_encoded,
)
from qiskit_runtime_client.testing._store import Outcome

DEFAULT_SHOTS = 4096
DEFAULT_PRECISION = 1 / math.sqrt(DEFAULT_SHOTS)
#: probability that reading one qubit flips its bit, in the estimator's noise model
READOUT_ERROR = 0.01


@dataclass(frozen=True)
class RunContext:
    """What the job runs with besides its params: the backend's width, the seed derived for the
    job, and the emulated running window (for execution spans)."""

    backend_qubits: int
    seed: int | None = None
    start: float = 0.0
    stop: float = 0.0


def job_seed(emulator_seed: int | None, job_id: str) -> int | None:
    """The job's own seed: a hash of the emulator seed and the job id (None: unseeded)."""
    if emulator_seed is None:
        return None
    digest = hashlib.sha256(f"{emulator_seed}:{job_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


_thread_lock = threading.Lock()
_thread: ThreadPoolExecutor | None = None


def qiskit_thread() -> ThreadPoolExecutor:
    """The single worker thread that runs every emulator's jobs in this process."""
    global _thread
    with _thread_lock:
        if _thread is None:
            _thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="emulator-qiskit")
        return _thread


def execute(program_id: str, params: dict[str, Any], context: RunContext) -> Outcome:
    """Run the job and return its results text, or why it failed."""
    try:
        if program_id == "executor":
            from qiskit_runtime_client.testing._executor import run_executor

            body, stats = run_executor(params, context)
            return Outcome(result_text=json.dumps(body), stats=stats)
        backend_qubits, seed = context.backend_qubits, context.seed
        if program_id == "sampler":
            result, stats = _run_sampler(params, backend_qubits, seed)
        else:
            result, stats = _run_estimator(params, backend_qubits, seed)
        if params.get("support_qiskit") is True:
            spans = Spans(context.start, context.stop)
            body = qiskit_encoded(result, program_id, spans, _estimator_options(params))
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
    import numpy as np
    from qiskit.primitives import PrimitiveResult, StatevectorSampler
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
    # one seed per PUB (the reference sampler reseeds every PUB: identical PUBs would agree)
    seeds = np.random.default_rng(simulator_seed if simulator_seed is not None else seed)
    twirling = options.get("twirling") or {}
    results = []
    for circuit_values_shots in pubs:
        sampler = StatevectorSampler(seed=int(seeds.integers(2**63)))
        try:
            (pub_result,) = sampler._run([SamplerPub.coerce(circuit_values_shots)])
        except (ValueError, KeyError, TypeError) as exc:  # shapes, names that do not fit
            raise JobInputError(str(exc)) from exc
        randomizations = num_randomizations(circuit_values_shots[2], twirling)
        if randomizations is not None:
            pub_result.metadata["num_randomizations"] = randomizations
        results.append(pub_result)
    return PrimitiveResult(results, metadata={"version": 2}), _stats(prepared, total_shots)


def _estimator_options(params: dict[str, Any]) -> dict[str, Any]:
    """The options the estimator ran with, as its result metadata echoes them."""
    options = params.get("options") or {}
    level = params.get("resilience_level", 1)
    resilience = options.get("resilience") or {}
    twirling = options.get("twirling") or {}
    dd = options.get("dynamical_decoupling") or {}
    measure_mitigation = bool(resilience.get("measure_mitigation", level >= 1))
    return {
        "dynamical_decoupling": {
            "enable": bool(dd.get("enable", True)),
            "sequence_type": dd.get("sequence_type", "XX"),
            "extra_slack_distribution": dd.get("extra_slack_distribution", "middle"),
            "scheduling_method": dd.get("scheduling_method", "alap"),
        },
        "twirling": {
            "enable_gates": bool(twirling.get("enable_gates", False)),
            "enable_measure": bool(twirling.get("enable_measure", measure_mitigation)),
            "num_randomizations": twirling.get("num_randomizations", "auto"),
            "shots_per_randomization": twirling.get("shots_per_randomization", "auto"),
            "interleave_randomizations": True,
            "strategy": twirling.get("strategy", "active-accum"),
        },
        "resilience": {
            "measure_mitigation": measure_mitigation,
            "zne_mitigation": bool(resilience.get("zne_mitigation", level >= 2)),
            "pec_mitigation": bool(resilience.get("pec_mitigation", False)),
        },
    }


def num_randomizations(shots: int, twirling: dict[str, Any]) -> int | None:
    """Randomizations a twirled PUB of `shots` shots uses (twirling_metadata's rules)."""
    if not (twirling.get("enable_gates") or twirling.get("enable_measure")):
        return None
    count, per = twirling.get("num_randomizations"), twirling.get("shots_per_randomization")
    if isinstance(count, int):
        return count
    if not isinstance(per, int):
        per = max(64, math.ceil(shots / 32))
    return math.ceil(shots / per)


def _run_estimator(
    params: dict[str, Any], backend_qubits: int, seed: int | None
) -> tuple[Any, dict[str, Any]]:
    import numpy as np
    from qiskit.primitives import PrimitiveResult
    from qiskit.primitives.containers.estimator_pub import EstimatorPub
    from qiskit.primitives.containers.observables_array import ObservablesArray

    options = params.get("options") or {}
    precision = params.get("precision") or options.get("default_precision")
    if precision is None and options.get("default_shots"):
        precision = 1 / math.sqrt(options["default_shots"])
    precision = precision or DEFAULT_PRECISION
    estimator_seed = options.get("seed_estimator")
    echoed = _estimator_options(params)
    rng = np.random.default_rng(estimator_seed if estimator_seed is not None else seed)
    results, prepared, total_shots = [], [], 0
    for pub in _pubs(params):
        # like the service, accept circuits that end in measurements: drop those
        decoded = decode_circuit(pub[0]).remove_final_measurements(inplace=False)
        circuit = prepare_circuit(decoded, backend_qubits)
        reduced = reduce_observables(pub[1], circuit, backend_qubits)
        identity = {"I" * len(circuit.active): 1.0}
        mask = np.vectorize(lambda o: o is None, otypes=[bool])(np.array(reduced, dtype=object))
        try:
            observables = ObservablesArray.coerce(_replace_none(reduced, identity))
        except Exception as exc:
            raise JobInputError(f"the observables could not be read: {exc}") from exc
        values = decode_parameter_values(pub[2] if len(pub) > 2 else None, circuit.circuit)
        pub_precision = (pub[3] if len(pub) > 3 else None) or precision
        try:
            coerced = EstimatorPub.coerce(
                (circuit.circuit, observables, values, pub_precision), precision
            )
            result = _estimate(coerced, mask, rng, echoed)
        except (ValueError, KeyError, TypeError) as exc:  # shapes, names that do not fit
            raise JobInputError(str(exc)) from exc
        prepared.append(circuit)
        results.append(result)
        total_shots += result.metadata["shots"]
    return PrimitiveResult(results, metadata={"version": 2}), _stats(prepared, total_shots)


def shots_for(precision: float) -> int:
    """Shots per Pauli term for a target precision: ceil(1/precision**2), where a precision
    made from default_shots (1/sqrt(n)) gives n back despite float rounding."""
    return math.ceil(1 / precision**2 - 1e-6)


def _estimate(pub: Any, mask: Any, rng: Any, echoed: dict[str, Any]) -> Any:
    """One PUB's expectation values and standard errors under the emulated device noise."""
    import numpy as np
    from qiskit.primitives import PubResult
    from qiskit.primitives.containers import DataBin
    from qiskit.quantum_info import Pauli, Statevector

    shots = shots_for(pub.precision)
    mitigate = echoed["resilience"]["measure_mitigation"]
    bound = pub.parameter_values.bind_all(pub.circuit)
    circuits, observables = np.broadcast_arrays(bound, pub.observables)
    masks = np.broadcast_to(mask, circuits.shape)
    evs = np.zeros(circuits.shape, dtype=np.float64)
    stds = np.zeros(circuits.shape, dtype=np.float64)
    states: dict[int, Any] = {}
    for index in np.ndindex(*circuits.shape):
        if masks[index]:
            continue  # an observable that reduced to nothing: exactly 0
        circuit = circuits[index]
        state = states.get(id(circuit))
        if state is None:
            state = states[id(circuit)] = Statevector(circuit)
        value, variance = 0.0, 0.0
        observable: dict[str, complex] = observables[index]  # type: ignore[assignment]
        for label, coeff in observable.items():
            if not np.isclose(np.imag(coeff), 0):
                raise ValueError("the observable is not Hermitian (a complex coefficient)")
            coeff = float(np.real(coeff))
            weight = sum(1 for char in label if char != "I")
            if weight == 0:
                value += coeff
                continue
            exact = float(np.real(state.expectation_value(Pauli(label))))
            damping = (1 - 2 * READOUT_ERROR) ** weight
            measured = 2 * rng.binomial(shots, (1 + damping * exact) / 2) / shots - 1
            spread = max(1 - measured**2, 1 / shots) / shots
            if mitigate:
                measured, spread = measured / damping, spread / damping**2
            value += coeff * measured
            variance += coeff**2 * spread
        evs[index], stds[index] = value, math.sqrt(variance)
    metadata: dict[str, Any] = {
        "target_precision": pub.precision,
        "shots": shots,
        "circuit_metadata": dict(pub.circuit.metadata or {}),
    }
    randomizations = num_randomizations(shots, echoed["twirling"])
    if randomizations is not None:
        metadata["num_randomizations"] = randomizations
    data = DataBin(evs=evs, stds=stds, ensemble_standard_error=stds.copy(), shape=evs.shape)
    return PubResult(data, metadata=metadata)


def _replace_none(observables: Any, identity: dict[str, float]) -> Any:
    if isinstance(observables, list):
        return [_replace_none(item, identity) for item in observables]
    return identity if observables is None else observables
