"""qiskit Targets from backend documents, and local transpilation (the `qiskit` extra).

`build_target` builds the `Target` the official SDK builds (qiskit-ibm-runtime's
`convert_to_target` after its `configuration_from_server_data` / `properties_from_server_data`)
from the same configuration and properties documents, without qiskit-ibm-runtime: the same
operation names, qargs, durations and errors (SI units), qubit properties, dt and timing
constraints; fractional gates (`rx`, `rzz`) only with `use_fractional_gates=True`, `rzz` bounded
to [0, pi/2]. tests/fixtures/targets/ hold the SDK's own output for real devices to compare.

`transpile` runs qiskit's preset pass manager on that Target: the replacement for IBM's cloud
transpiler service, which IBM retired (qiskit-ibm-transpiler 0.14.0, August 2025).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from qiskit_runtime_client.errors import MissingExtraError
from qiskit_runtime_client.isa import NOT_FRACTIONAL

_EXTRA = 'pip install "qiskit-runtime-client[qiskit]"'
_NON_UNITARY = ("measure", "delay", "reset")
_CONTROL_FLOW = ("if_else", "while_loop", "for_loop", "switch_case")
_PREFIX = {"": 1.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9, "ps": 1e-12}
_FREQ = {"hz": 1.0, "khz": 1e3, "mhz": 1e6, "ghz": 1e9}


def require_qiskit(feature: str) -> None:
    """MissingExtraError naming the extra unless qiskit (and its OpenQASM 3 importer) imports."""
    try:
        import qiskit  # noqa: F401
    except ImportError as exc:
        raise MissingExtraError(
            f"{feature} needs qiskit, which is not installed: {_EXTRA}"
        ) from exc


def _si(value: Any, unit: Any) -> float | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    text = str(unit or "").strip()
    scale = _PREFIX.get(text) or _FREQ.get(text.casefold()) or 1.0
    return float(value) * scale


def _is_fractional(gate: Any) -> bool:
    """qiskit-ibm-runtime's is_fractional_gate: parametrised and not a virtual Z or delay."""
    return len(gate.params) > 0 and gate.name not in NOT_FRACTIONAL


def build_target(
    configuration: Mapping[str, Any],
    properties: Mapping[str, Any] | None = None,
    *,
    use_fractional_gates: bool = False,
) -> Any:
    """The qiskit Target of a backend, as the official SDK builds it from these documents."""
    require_qiskit("backend.target")
    from qiskit.circuit import IfElseOp
    from qiskit.circuit.controlflow import ForLoopOp, SwitchCaseOp, WhileLoopOp
    from qiskit.circuit.library.standard_gates import get_standard_gate_name_mapping
    from qiskit.providers.backend import QubitProperties
    from qiskit.transpiler.target import InstructionProperties, Target

    mapping = get_standard_gate_name_mapping()
    flow = {
        "if_else": IfElseOp,
        "while_loop": WhileLoopOp,
        "for_loop": ForLoopOp,
        "switch_case": SwitchCaseOp,
    }

    def dropped(name: str) -> bool:
        return not use_fractional_gates and name in mapping and _is_fractional(mapping[name])

    n_qubits = int(configuration["n_qubits"])
    basis = {g for g in configuration.get("basis_gates") or [] if not dropped(g)}
    supported = {
        i
        for i in configuration.get("supported_instructions") or ["measure", "reset", "delay"]
        if not dropped(i)
    }
    gate_configs = {
        g["name"]: g for g in configuration.get("gates") or [] if not dropped(g.get("name", ""))
    }
    names = basis | (supported & set(_NON_UNITARY)) | (supported & set(_CONTROL_FLOW))
    names = {n for n in names if n in flow or n in mapping or n in gate_configs}

    in_data: dict[str, Any] = {"num_qubits": n_qubits}
    if configuration.get("dt") is not None:
        in_data["dt"] = float(configuration["dt"]) * 1e-9
    in_data.update(configuration.get("timing_constraints") or {})

    props: dict[str, dict[tuple[int, ...], Any] | None] = dict.fromkeys(names)
    for name in names:
        coupling = (gate_configs.get(name) or {}).get("coupling_map")
        if coupling:
            props[name] = {tuple(q): None for q in coupling}

    faulty: set[int] = set()
    if properties:
        qubit_values = [
            {i["name"]: _si(i.get("value"), i.get("unit")) for i in items}
            for items in properties.get("qubits") or []
        ]
        faulty = {q for q, v in enumerate(qubit_values) if v.get("operational") == 0}
        in_data["qubit_properties"] = [
            QubitProperties(t1=v.get("T1"), t2=v.get("T2"), frequency=v.get("frequency"))
            for v in qubit_values[:n_qubits]
        ]
        for gate in properties.get("gates") or []:
            name = gate.get("gate")
            if name not in names or dropped(name):
                continue
            qargs = tuple(int(q) for q in gate.get("qubits") or [])
            values = {p["name"]: _si(p.get("value"), p.get("unit")) for p in gate["parameters"]}
            current = props[name]
            if faulty.intersection(qargs) or values.get("operational") == 0:
                if current is not None:
                    current.pop(qargs, None)
                continue
            if current is None:
                current = props[name] = {}
            current[qargs] = InstructionProperties(
                error=values.get("gate_error"),
                duration=values.get("gate_length"),
            )
        measure: dict[tuple[int, ...], Any] = {}
        for q, v in enumerate(qubit_values[:n_qubits]):
            if q in faulty:
                continue
            measure[(q,)] = InstructionProperties(
                error=v.get("readout_error"), duration=v.get("readout_length")
            )
        props["measure"] = measure
    for op in supported & set(_NON_UNITARY):
        if props.get(op) is None:
            props[op] = {(q,): None for q in range(n_qubits) if q not in faulty}

    target = Target(**in_data)
    for name in sorted(names):
        if name in flow:
            target.add_instruction(flow[name], name=name)
            continue
        if name in mapping:
            instruction = mapping[name]
        else:
            from qiskit.circuit import Gate, Parameter

            config = gate_configs[name]
            coupling = config.get("coupling_map") or []
            instruction = Gate(
                name,
                len(coupling[0]) if coupling else 0,
                [Parameter(p) for p in config.get("parameters") or []],
            )
        kwargs: dict[str, Any] = {}
        if name == "rzz":
            kwargs["angle_bounds"] = [(0, math.pi / 2)]
        target.add_instruction(instruction, properties=props.get(name), name=name, **kwargs)
    return target


def describe_target(target: Any) -> dict[str, Any]:
    """A JSON-able summary of a Target (operations with qargs, errors, durations; qubit
    properties; timing): what the equivalence fixtures record and tests compare."""
    operations: dict[str, Any] = {}
    for name in sorted(target.operation_names):
        entries = target[name]
        if entries is None or entries == {None: None}:
            operations[name] = None
            continue
        operations[name] = {
            ",".join(map(str, qargs)) if qargs is not None else "*": (
                None if p is None else [p.error, p.duration]
            )
            for qargs, p in sorted(entries.items(), key=lambda kv: kv[0] or ())
        }
    qubit_properties = [
        None if p is None else [p.t1, p.t2, p.frequency] for p in target.qubit_properties or []
    ]
    return {
        "num_qubits": target.num_qubits,
        "dt": target.dt,
        "granularity": target.granularity,
        "min_length": target.min_length,
        "pulse_alignment": target.pulse_alignment,
        "acquire_alignment": target.acquire_alignment,
        "operations": operations,
        "qubit_properties": qubit_properties,
    }


def transpile(
    circuits: Any,
    target: Any,
    *,
    optimization_level: int = 2,
    seed: int | None = None,
) -> Any:
    """ISA circuits for `target`: OpenQASM 3 text in gives text out, QuantumCircuit gives
    QuantumCircuit; a list gives a list."""
    require_qiskit("transpile")
    if isinstance(optimization_level, bool) or optimization_level not in (0, 1, 2, 3):
        raise ValueError(f"optimization_level: expected 0, 1, 2 or 3, got {optimization_level!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed: expected an integer or None, got {seed!r}")
    from qiskit.transpiler import generate_preset_pass_manager

    single = isinstance(circuits, str) or not isinstance(circuits, Iterable)
    items: Sequence[Any] = [circuits] if single else list(circuits)
    if not items:
        raise ValueError("circuits: at least one circuit is needed")
    manager = generate_preset_pass_manager(
        optimization_level=optimization_level, target=target, seed_transpiler=seed
    )
    out = []
    for index, item in enumerate(items):
        where = "circuits" if single else f"circuits[{index}]"
        if isinstance(item, str):
            out.append(_qasm_out(manager.run(_qasm_in(item, where))))
        elif type(item).__module__.startswith("qiskit") and hasattr(item, "num_qubits"):
            out.append(manager.run(item))
        else:
            raise TypeError(
                f"{where}: expected an OpenQASM 3 string or a qiskit QuantumCircuit, "
                f"got {type(item).__name__}"
            )
    return out[0] if single else out


def _qasm_in(text: str, where: str) -> Any:
    try:
        from qiskit import qasm3

        return qasm3.loads(text)
    except ImportError as exc:  # qiskit-qasm3-import missing
        raise MissingExtraError(
            f"reading OpenQASM 3 needs qiskit-qasm3-import, which is not installed: {_EXTRA}"
        ) from exc
    except Exception as exc:
        raise ValueError(f"{where}: the OpenQASM 3 program could not be read: {exc}") from exc


class TranspiledQasm(str):
    """OpenQASM 3 text of a transpiled circuit; `layout` keeps where the logical qubits went
    (for `apply_layout`), which the text itself cannot say."""

    layout: Any = None


def _qasm_out(circuit: Any) -> TranspiledQasm:
    from qiskit import qasm3

    text = TranspiledQasm(qasm3.dumps(circuit))
    text.layout = circuit.layout
    return text


def apply_layout(observables: Any, circuit: Any, num_qubits: int | None = None) -> Any:
    """Observables of a logical circuit mapped onto the physical qubits of its transpiled form.

    `observables`: a Pauli label, a {label: coeff} dict, a SparsePauliOp, or a (nested) list of
    those; `circuit`: what `transpile` returned (a QuantumCircuit, or OpenQASM text that keeps
    its layout as `.layout`). A label comes back as a label, anything else as a {label: coeff}
    dict, as long as the backend (rightmost character = qubit 0).
    """
    require_qiskit("apply_layout")
    from qiskit.quantum_info import SparsePauliOp

    layout = getattr(circuit, "layout", None)
    if layout is None:
        raise ValueError(
            "circuit: expected what transpile() returned (it carries the layout); this circuit "
            "has no layout"
        )

    def convert(item: Any) -> Any:
        if isinstance(item, list | tuple):
            return [convert(i) for i in item]
        if isinstance(item, str):
            op = SparsePauliOp(item)
        elif isinstance(item, Mapping):
            op = SparsePauliOp.from_list(list(item.items()))
        else:
            op = item
        mapped = op.apply_layout(layout, num_qubits)
        terms = mapped.to_list()
        if len(terms) == 1 and isinstance(item, str) and terms[0][1] == 1:
            return terms[0][0]
        return {label: float(coeff.real) for label, coeff in terms}

    return convert(observables)
