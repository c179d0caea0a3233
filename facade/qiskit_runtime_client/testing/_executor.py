"""The `executor` program: quantum programs validated and answered with IBM's own models.

qiskit-ibm-runtime 0.51's `Executor`, and the `Sampler`/`Estimator` classes built on it, submit
`program_id: "executor"` jobs whose `params` are a `QuantumProgram` (`schema_version` "v2.0";
the 0.45.3 spec also names v0.1 and v0.2). Params are validated with the pydantic models IBM
publishes for each schema version (package ibm-quantum-schemas, which the emulator extra
installs), and results are answered as that version's `QuantumProgramResult` typed JSON:
per item, one tensor per classical register (booleans shaped `(*item shape, shots, bits)`,
bit 0 first) plus, for samplex items, what the samplex produced (e.g. measurement flips), the
chunk timing over the emulated running window, and the program's passthrough data, so the
SDK's client-side post-processing builds its result.

Circuits run on qiskit's StatevectorSampler (an ideal device); a samplex item is sampled like
the SDK's local mode does (one `samplex.sample` per broadcast slice, randomizations on the other
axes).
"""

from __future__ import annotations

import importlib
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, get_args

from qiskit_runtime_client.testing._circuits import (
    MAX_ACTIVE_QUBITS,
    JobInputError,
    prepare_circuit,
)
from qiskit_runtime_client.testing._spec import Problem

if TYPE_CHECKING:
    from qiskit_runtime_client.testing._execution import RunContext

#: schema versions of executor params the emulator runs, and the module of their models
SCHEMA_VERSIONS = {
    "v0.1": "ibm_quantum_schemas.executor.version_0_1.models",
    "v0.2": "ibm_quantum_schemas.executor.version_0_2.models",
    "v1.0": "ibm_quantum_schemas.executor.version_1_0.models",
    "v1.1": "ibm_quantum_schemas.executor.version_1_1.models",
    "v2.0": "ibm_quantum_schemas.executor.version_2_0.models",
}


def _models(version: str) -> Any:
    return importlib.import_module(SCHEMA_VERSIONS[version])


def check_executor_params(params: Any) -> list[Problem]:
    """Problems with the params of an executor job (empty when they are valid)."""
    if not isinstance(params, dict):
        return [Problem("body.params", "must be an object (an executor ParamsModel)")]
    version = params.get("schema_version", "v0.1")
    if version not in SCHEMA_VERSIONS:
        allowed = ", ".join(repr(v) for v in SCHEMA_VERSIONS)
        return [Problem("body.params.schema_version", f"{version!r} is not one of {allowed}")]
    try:
        models = _models(version)
    except ImportError as exc:  # pragma: no cover - the emulator extra installs it
        return [Problem("body.params", f"executor jobs need ibm-quantum-schemas: {exc}")]
    from pydantic import ValidationError

    try:
        models.ParamsModel.model_validate(params)
    except ValidationError as exc:
        return [
            Problem(
                "body.params"
                + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"]),
                e["msg"],
            )
            for e in exc.errors()[:5]
        ]
    return []


def run_executor(
    params: dict[str, Any], context: RunContext
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run a quantum program; its QuantumProgramResult as JSON, and metrics figures."""
    import numpy as np

    version = params.get("schema_version", "v0.1")
    models = _models(version)
    parsed = models.ParamsModel.model_validate(params)
    program = parsed.quantum_program
    if getattr(program, "meas_level", "classified") != "classified":
        raise JobInputError(f"meas_level {program.meas_level!r}: the emulator returns bits only")
    if hasattr(program, "circuits"):
        circuits = program.circuits.to_python()
    else:  # v0.x: one circuit per item
        circuits = [item.circuit.to_quantum_circuit() for item in program.items]
    rng = np.random.default_rng(context.seed)
    tensor = _tensor_model(models)
    item_metadata = models.QuantumProgramResultItemModel.model_fields["metadata"].annotation
    data, parts, depths, executions = [], [], [], 0
    for index, (item, circuit) in enumerate(zip(program.items, circuits, strict=True)):
        outputs, shape = _run_item(item, circuit, program.shots, rng, context.backend_qubits)
        size = math.prod(shape)
        executions += size * program.shots
        depths.append(circuit.depth())
        data.append(
            models.QuantumProgramResultItemModel(
                results={name: tensor.from_numpy(value) for name, value in outputs.items()},
                metadata=None if item_metadata is type(None) else models.ItemMetadataModel(),
            )
        )
        part: dict[str, Any] = {"idx_item": index, "size": size}
        if "permutation" in models.ChunkPart.model_fields:
            part |= {"permutation": list(range(len(shape))), "element_range": (0, size, 1)}
        parts.append(models.ChunkPart(**part))
    chunk = models.ChunkSpan(
        start=datetime.fromtimestamp(context.start, UTC),
        stop=datetime.fromtimestamp(context.stop, UTC),
        parts=parts,
    )
    fields = models.QuantumProgramResultModel.model_fields
    result: dict[str, Any] = {"data": data, "metadata": models.MetadataModel(chunk_timing=[chunk])}
    if "passthrough_data" in fields:
        result["passthrough_data"] = program.passthrough_data
    if "semantic_role" in fields:
        result["semantic_role"] = program.semantic_role
    body = models.QuantumProgramResultModel(**result).model_dump(mode="json")
    stats = {
        "num_circuits": len(circuits),
        "num_qubits": [circuit.num_qubits for circuit in circuits],
        "circuit_depths": depths,
        "executions": executions,
    }
    return body, stats


def _tensor_model(models: Any) -> Any:
    """The tensor class results of this schema version are written with."""
    annotation = models.QuantumProgramResultItemModel.model_fields["results"].annotation
    return get_args(annotation)[1]


def _run_item(
    item: Any, circuit: Any, shots: int, rng: Any, backend_qubits: int
) -> tuple[dict[str, Any], tuple[int, ...]]:
    """Outputs of one program item, and its shape."""
    import numpy as np
    from qiskit.primitives.containers.bindings_array import BindingsArray

    extra: dict[str, Any] = {}
    if item.item_type == "circuit":
        values = item.circuit_arguments.to_numpy()
        implicit = values.shape[:-1]
        shape = tuple(getattr(item, "shape", None) or implicit)
        try:
            values = np.broadcast_to(values, (*shape, values.shape[-1]))
        except ValueError as exc:
            raise JobInputError(
                f"circuit_arguments of shape {values.shape} do not extend to the item shape {shape}"
            ) from exc
    else:
        samplex = item.samplex.to_samplex().finalize()
        arguments = samplex.inputs().make_broadcastable()
        for name, value in item.samplex_arguments.items():
            if hasattr(value, "to_numpy"):
                value = value.to_numpy()
            elif hasattr(value, "to_pauli_lindblad_map"):
                value = value.to_pauli_lindblad_map()
            arguments[name] = value
        shape = tuple(item.shape)
        extra = _broadcast_sample(samplex, arguments, shape, rng)
        values = extra.pop("parameter_values")
    if values.shape[-1] != circuit.num_parameters:
        raise JobInputError(
            f"{values.shape[-1]} arguments per binding for a circuit of "
            f"{circuit.num_parameters} parameters"
        )
    if circuit.num_parameters:
        bindings = BindingsArray({tuple(circuit.parameters): values})
    else:  # every element of the shape is its own run all the same
        bindings = BindingsArray(shape=shape)
    if circuit.num_qubits > backend_qubits:
        raise JobInputError(
            f"the circuit has {circuit.num_qubits} qubits but the backend has {backend_qubits}"
        )
    registers = _sample(circuit, bindings, shape, shots, int(rng.integers(2**63)))
    return {**extra, **registers}, shape


def _broadcast_sample(samplex: Any, arguments: Any, shape: tuple[int, ...], rng: Any) -> Any:
    """Sample a samplex over `shape`: axes where the arguments have size > 1 are broadcast
    (one `sample` call per slice), the others enumerate randomizations."""
    import numpy as np

    ndim = len(shape)
    padded = (1,) * (ndim - arguments.ndim) + tuple(arguments.shape)
    broadcast_axes = [i for i in range(ndim) if padded[i] > 1]
    random_axes = [i for i in range(ndim) if padded[i] <= 1]
    randomizations = math.prod(shape[i] for i in random_axes)
    random_shape = tuple(shape[i] for i in random_axes)
    output: dict[str, Any] = {}
    for index in np.ndindex(tuple(shape[i] for i in broadcast_axes)):
        steps = iter(index)
        sliced = tuple(next(steps) if dim > 1 else 0 for dim in arguments.shape)
        sample = dict(samplex.sample(arguments[sliced], num_randomizations=randomizations, rng=rng))
        if not output:
            output = {
                key: np.empty((*shape, *value.shape[1:]), dtype=value.dtype)
                for key, value in sample.items()
            }
        steps = iter(index)
        where = tuple(next(steps) if dim > 1 else slice(None) for dim in padded)
        for key, value in sample.items():
            output[key][where] = value.reshape(*random_shape, *value.shape[1:])
    return output


def _sample(
    circuit: Any, bindings: Any, shape: tuple[int, ...], shots: int, seed: int
) -> dict[str, Any]:
    """Bits per classical register, `(*shape, shots, bits)` booleans (bit 0 first).

    ISA circuits span the whole device (a twirled or basis-changed template dresses and measures
    every qubit), yet their qubits fall apart into small groups that no multi-qubit gate joins.
    Each group is simulated on its own, for every binding at once when it is a single qubit
    (2x2 matrices, vectorised over bindings), else one small statevector per binding. Circuits
    with control flow, conditions or gates after a measurement run whole on StatevectorSampler.
    """
    import numpy as np

    if not circuit.cregs:
        return {}
    rng = np.random.default_rng(seed)
    groups = _independent_groups(circuit)
    if groups is None:
        bits = _sample_whole(circuit, bindings, shots, int(rng.integers(2**63)))
    else:
        bits = _sample_groups(circuit, groups, bindings, shots, rng)
    bits = bits.reshape(*shape, shots, circuit.num_clbits)
    registers = {}
    for creg in circuit.cregs:
        indices = [circuit.find_bit(clbit).index for clbit in creg]
        registers[creg.name] = np.ascontiguousarray(bits[..., indices])
    return registers


_CONTROL_FLOW = ("if_else", "while_loop", "for_loop", "switch_case", "box")


def _independent_groups(circuit: Any) -> list[list[int]] | None:
    """Qubits in groups that no multi-qubit operation joins; None when the circuit needs running
    whole (control flow, conditions, gates or resets after a measurement)."""
    parent = list(range(circuit.num_qubits))

    def root(q: int) -> int:
        while parent[q] != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    used: set[int] = set()
    measured: set[int] = set()
    for inst in circuit.data:
        name = inst.operation.name
        if name in ("barrier", "delay"):
            continue
        if name in _CONTROL_FLOW or getattr(inst.operation, "condition", None):
            return None
        qubits = [circuit.find_bit(q).index for q in inst.qubits]
        if name == "measure":
            measured.update(qubits)
        elif measured.intersection(qubits) or name == "reset":
            return None
        used.update(qubits)
        for other in qubits[1:]:
            parent[root(other)] = root(qubits[0])
    groups: dict[int, list[int]] = {}
    for q in sorted(used):
        groups.setdefault(root(q), []).append(q)
    for group in groups.values():
        if len(group) > MAX_ACTIVE_QUBITS:
            raise JobInputError(
                f"{len(group)} qubits are entangled together; the emulator simulates at most "
                f"{MAX_ACTIVE_QUBITS}"
            )
    return list(groups.values())


def _binding_values(circuit: Any, bindings: Any) -> Any:
    """Parameter values as a (bindings, parameters) array in circuit.parameters order."""
    import numpy as np

    size = math.prod(bindings.shape)
    if not circuit.num_parameters:
        return np.zeros((size, 0))
    return np.asarray(bindings.as_array(circuit.parameters), dtype=float).reshape(size, -1)


def _sample_groups(
    circuit: Any, groups: list[list[int]], bindings: Any, shots: int, rng: Any
) -> Any:
    import numpy as np

    values = _binding_values(circuit, bindings)
    order = {param: i for i, param in enumerate(circuit.parameters)}
    count = values.shape[0]
    bits = np.zeros((count, shots, circuit.num_clbits), dtype=bool)
    targets: dict[int, list[int]] = {}
    operations: dict[int, list[tuple[int, Any]]] = {}
    for index, inst in enumerate(circuit.data):
        name = inst.operation.name
        if name in ("barrier", "delay"):
            continue
        qubits = [circuit.find_bit(q).index for q in inst.qubits]
        if name == "measure":
            targets.setdefault(qubits[0], []).append(circuit.find_bit(inst.clbits[0]).index)
        else:
            operations.setdefault(qubits[0], []).append((index, inst))
    for group in groups:
        if not any(q in targets for q in group):
            continue
        if len(group) == 1:
            steps = [inst for _, inst in operations.get(group[0], [])]
            amplitudes = _single_qubit_states(steps, values, order)
        else:
            amplitudes = _group_states(circuit, group, operations, values)
        probabilities = np.abs(amplitudes) ** 2
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        if len(group) == 1:
            outcomes = (rng.random((count, shots)) < probabilities[:, 1:2]).astype(np.int64)
        else:
            outcomes = np.stack(
                [rng.choice(probabilities.shape[1], size=shots, p=row) for row in probabilities]
            )
        for position, qubit in enumerate(group):
            for clbit in targets.get(qubit, []):
                bits[:, :, clbit] = (outcomes >> position) & 1
    return bits


def _single_qubit_states(instructions: list[Any], values: Any, order: dict[Any, int]) -> Any:
    """The state of one qubit after `instructions`, for every binding: (bindings, 2)."""
    import numpy as np

    count = values.shape[0]
    state = np.zeros((count, 2), dtype=complex)
    state[:, 0] = 1
    for inst in instructions:
        matrices = _gate_matrices(inst.operation, values, order)
        state = (
            np.einsum("bij,bj->bi", matrices, state) if matrices.ndim == 3 else state @ matrices.T
        )
    return state


def _gate_matrices(operation: Any, values: Any, order: dict[Any, int]) -> Any:
    """One gate's matrix (2x2), or one per binding (bindings, 2, 2) when it is parameterised."""
    import numpy as np
    from qiskit.circuit import Parameter, ParameterExpression

    params = operation.params
    if not any(isinstance(p, ParameterExpression) for p in params):
        return np.asarray(operation.to_matrix(), dtype=complex)
    if operation.name in ("rz", "p", "rx", "ry") and isinstance(params[0], Parameter):
        theta = values[:, order[params[0]]]
        out = np.zeros((len(theta), 2, 2), dtype=complex)
        half = theta / 2
        if operation.name == "rz":
            out[:, 0, 0], out[:, 1, 1] = np.exp(-1j * half), np.exp(1j * half)
        elif operation.name == "p":
            out[:, 0, 0], out[:, 1, 1] = 1, np.exp(1j * theta)
        elif operation.name == "rx":
            out[:, 0, 0] = out[:, 1, 1] = np.cos(half)
            out[:, 0, 1] = out[:, 1, 0] = -1j * np.sin(half)
        else:
            out[:, 0, 0] = out[:, 1, 1] = np.cos(half)
            out[:, 0, 1], out[:, 1, 0] = -np.sin(half), np.sin(half)
        return out
    names = list(order)
    out = np.zeros((values.shape[0], 2, 2), dtype=complex)
    for row, binding in enumerate(values):
        gate = operation.copy()
        gate.params = [_bound(p, names, binding) for p in params]
        out[row] = gate.to_matrix()
    return out


def _bound(param: Any, names: list[Any], binding: Any) -> Any:
    from qiskit.circuit import ParameterExpression

    if not isinstance(param, ParameterExpression):
        return param
    used = {p: binding[names.index(p)] for p in param.parameters}
    return float(param.bind(used).numeric())


def _group_states(
    circuit: Any, group: list[int], operations: dict[int, list[tuple[int, Any]]], values: Any
) -> Any:
    """The statevector of a group of entangled qubits, per binding: (bindings, 2**len(group))."""
    import numpy as np
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Statevector

    position = {q: i for i, q in enumerate(group)}
    piece = QuantumCircuit(len(group))
    for _, inst in sorted(
        (step for q in group for step in operations.get(q, [])), key=lambda step: step[0]
    ):
        piece.append(
            inst.operation, [piece.qubits[position[circuit.find_bit(q).index]] for q in inst.qubits]
        )
    names = list(circuit.parameters)
    states = np.zeros((values.shape[0], 2 ** len(group)), dtype=complex)
    for row, binding in enumerate(values):
        bound = piece
        if piece.num_parameters:
            bound = piece.assign_parameters({p: binding[names.index(p)] for p in piece.parameters})
        states[row] = Statevector(bound).data
    return states


def _sample_whole(circuit: Any, bindings: Any, shots: int, seed: int) -> Any:
    """Run the circuit as one piece on StatevectorSampler (idle qubits dropped)."""
    from qiskit.primitives import StatevectorSampler
    from qiskit.primitives.containers.sampler_pub import SamplerPub

    runnable = prepare_circuit(circuit, circuit.num_qubits).circuit
    pub = SamplerPub.coerce((runnable, bindings, shots))
    try:
        (result,) = StatevectorSampler(seed=seed)._run([pub])
    except (ValueError, KeyError, TypeError) as exc:
        raise JobInputError(str(exc)) from exc
    import numpy as np

    bits = np.zeros((math.prod(bindings.shape), shots, circuit.num_clbits), dtype=bool)
    for creg in circuit.cregs:
        indices = [circuit.find_bit(clbit).index for clbit in creg]
        values = result.data[creg.name].to_bool_array(order="little")
        bits[..., indices] = values.reshape(-1, shots, len(indices))
    return bits
