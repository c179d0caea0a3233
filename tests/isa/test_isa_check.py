"""The ISA check without qiskit: OpenQASM 3 text against real device configurations."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import pytest
from qiskit_runtime_client import NonIsaCircuitError, QiskitRuntimeError
from qiskit_runtime_client.isa import InstructionSet, check_circuit, check_qasm
from qiskit_runtime_client.testing._backends import device_documents

sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
from bench_isa import isa_program

HEADER = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'
RZZ_DEF = "gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }\n"
ISA_BELL = (
    HEADER + "bit[2] c;\nrz(pi/2) $0;\nsx $0;\ncz $0, $1;\nc[0] = measure $0;\nc[1] = measure $1;\n"
)


def fez(*, fractional: bool = False) -> InstructionSet:
    configuration, _ = device_documents("ibm_fez")
    return InstructionSet.from_configuration(configuration, use_fractional_gates=fractional)


def refused(text: str, isa: InstructionSet | None = None, index: int = 3) -> NonIsaCircuitError:
    with pytest.raises(NonIsaCircuitError) as caught:
        check_qasm(text, isa or fez(), index)
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, QiskitRuntimeError)
    assert str(error) and error.pub_index == index
    assert f"pubs[{index}].circuit" in str(error)
    return error


def test_instruction_set_read_from_the_real_configuration() -> None:
    isa = fez()
    assert isa.num_qubits == 156
    assert {"cz", "rz", "sx", "x", "id", "measure", "reset", "delay", "if_else"} <= set(
        isa.instructions
    )
    assert isa.fractional_supported == {"rx", "rzz"}
    assert "rzz" not in isa.instructions and not isa.fractional_enabled
    assert (0, 1) in isa.couplings["cz"] and (0, 5) not in isa.couplings["cz"]
    enabled = fez(fractional=True)
    assert enabled.fractional_enabled and enabled.couplings["rzz"] == enabled.couplings["cz"]
    torino = InstructionSet.from_configuration(device_documents("ibm_torino")[0])
    assert torino.fractional_supported == frozenset()


def test_an_isa_program_passes() -> None:
    check_qasm(ISA_BELL, fez(), 0)
    check_circuit(ISA_BELL, fez(), 0)


def test_the_usual_isa_statements_pass() -> None:
    program = (
        HEADER
        + RZZ_DEF
        + "bit[3] c;\n"
        + "// a comment: h q[0]; cx q[0], q[1];\n"
        + "x $0;\nrz(-pi/4) $1;\nsx $2;\nid $3;\ncz $1, $0;\nbarrier $0, $1, $2;\n"
        + "delay[100ns] $0;\nreset $2;\nrzz(pi/4) $0, $1;\nrx(0.3) $2;\n"
        + "c[0] = measure $0;\nmeasure $1 -> c[1];\n"
    )
    check_qasm(program, fez(fractional=True), 0)


def test_control_flow_the_service_allows_passes() -> None:
    program = (
        HEADER
        + "bit[2] c;\nx $0;\nc[0] = measure $0;\n"
        + "if (c[0] == 1) {\n  x $1;\n} else {\n  sx $1;\n}\n"
        + "for uint i in [0:2] { x $0; }\n"
        + "switch (c) { case 0 { x $1; } default { sx $1; } }\n"
        + "c[1] = measure $1;\n"
    )
    check_qasm(program, fez(), 0)


def test_one_register_of_exactly_the_backend_size_passes() -> None:
    check_qasm(HEADER + "qubit[156] q;\nbit[1] c;\ncz q[0], q[1];\nc[0] = measure q[0];\n", fez())


def test_logical_circuit_is_refused_naming_line_and_fix() -> None:
    logical = HEADER + "qubit[2] q;\nbit[2] c;\nh q[0];\ncx q[0], q[1];\nc = measure q;\n"
    error = refused(logical)
    assert error.line == 3
    assert "virtual qubits" in str(error) and "client.transpile(" in str(error)
    assert "1517" in str(error)


def test_instruction_outside_the_set_is_refused() -> None:
    error = refused(HEADER + "bit[1] c;\nh $0;\nc[0] = measure $0;\n")
    assert (error.instruction, error.qubits, error.line) == ("h", (0,), 4)
    assert "instruction h on qubits (0,) is not supported by the target system" in str(error)
    assert error.reason == "instruction h on qubits (0,) is not supported by the target system"


def test_two_qubit_gate_off_the_coupling_map_is_refused() -> None:
    error = refused(HEADER + "cz $0, $5;\n")
    assert (error.instruction, error.qubits, error.line) == ("cz", (0, 5), 3)
    assert error.reason == "instruction cz on qubits (0, 5) is not supported by the target system"


def test_two_qubit_gate_in_an_unsupported_direction_is_refused() -> None:
    configuration: dict[str, Any] = copy.deepcopy(device_documents("ibm_fez")[0])
    cz = next(g for g in configuration["gates"] if g["name"] == "cz")
    cz["coupling_map"] = [edge for edge in cz["coupling_map"] if edge[0] < edge[1]]
    directed = InstructionSet.from_configuration(configuration)
    check_qasm("cz $0, $1;", directed)
    error = refused("cz $1, $0;", directed)
    assert error.qubits == (1, 0) and "only the direction (0, 1)" in str(error)


def test_physical_qubit_past_the_backend_is_refused() -> None:
    error = refused(HEADER + "x $156;\n")
    assert error.qubits == (156,) and "0..155" in str(error)
    refused(HEADER + "bit[1] c;\nc[0] = measure $200;\n")


def test_the_demo_old_recipe_rzz_out_of_range_is_refused() -> None:
    # what transpiling against configuration["basis_gates"] (with rzz) produced
    program = HEADER + RZZ_DEF + "rzz(-0.785) $0, $1;\nrzz(2.5) $1, $2;\n"
    error = refused(program, fez(fractional=True))
    assert (error.instruction, error.qubits, error.line) == ("rzz", (0, 1), 4)
    assert "[0, pi/2]" in str(error)
    refused(HEADER + RZZ_DEF + "rzz(-pi/8) $0, $1;\n", fez(fractional=True))
    check_qasm(HEADER + RZZ_DEF + "rzz(pi/2) $0, $1;\n", fez(fractional=True))
    check_qasm(HEADER + RZZ_DEF + "input float theta;\nrzz(theta) $0, $1;\n", fez(fractional=True))


def test_fractional_gates_only_when_enabled() -> None:
    error = refused(HEADER + RZZ_DEF + "rzz(0.5) $0, $1;\n")
    assert "fractional" in str(error) and "use_fractional_gates=True" in str(error)
    refused(HEADER + "rx(0.5) $0;\n")
    check_qasm(HEADER + "rx(0.5) $0;\n", fez(fractional=True))


def test_rzz_needs_a_gate_definition() -> None:
    error = refused(HEADER + "rzz(0.5) $0, $1;\n", fez(fractional=True))
    assert "gate 'rzz' is not defined" in str(error) and error.line == 3


def test_fractional_gates_and_control_flow_do_not_mix() -> None:
    program = (
        HEADER + RZZ_DEF + "bit[1] c;\nrzz(0.5) $0, $1;\nc[0] = measure $0;\nif (c[0]) { x $1; }\n"
    )
    error = refused(program, fez(fractional=True))
    assert "control flow" in str(error)


def test_gate_modifiers_are_refused() -> None:
    assert "modifiers" in str(refused(HEADER + "ctrl @ x $0, $1;\n"))


def test_syntax_the_scanner_cannot_read_is_reported_with_its_line() -> None:
    error = refused(HEADER + "x $0;\ncz $0 $1;\n")
    assert error.line == 4 and "cz $0 $1;" in str(error) and "syntax" in str(error)
    assert str(refused("OPENQASM 3.0;\nx $0 +;\n"))


def test_a_large_isa_program_passes() -> None:
    program = isa_program(fez(), 20_000)
    check_qasm(program, fez(), 0)
    broken = program.replace("cz $0, $1;", "cz $0, $2;", 1)
    assert refused(broken).qubits == (0, 2)


def test_quantum_circuits_are_checked_too() -> None:
    pytest.importorskip("qiskit")
    from qiskit import QuantumCircuit
    from qiskit.circuit import Parameter

    logical = QuantumCircuit(2, 2)
    logical.h(0)
    logical.cx(0, 1)
    with pytest.raises(NonIsaCircuitError, match="instruction h on qubits \\(0,\\)") as caught:
        check_circuit(logical, fez(), 1)
    assert caught.value.pub_index == 1 and caught.value.line is None

    isa = QuantumCircuit(156, 2)
    isa.rz(0.5, 0)
    isa.sx(0)
    isa.cz(0, 1)
    isa.measure([0, 1], [0, 1])
    with isa.if_test((isa.clbits[0], 1)):
        isa.x(1)
    check_circuit(isa, fez(), 0)

    off_map = QuantumCircuit(156)
    off_map.cz(0, 5)
    with pytest.raises(NonIsaCircuitError, match=r"cz on qubits \(0, 5\)"):
        check_circuit(off_map, fez(), 0)

    rzz = QuantumCircuit(156)
    rzz.rzz(-0.785, 0, 1)
    with pytest.raises(NonIsaCircuitError, match=r"\[0, pi/2\]"):
        check_circuit(rzz, fez(fractional=True), 0)
    bound = QuantumCircuit(156)
    bound.rzz(Parameter("t"), 0, 1)
    assert check_circuit(bound, fez(fractional=True), 0) == {"t"}

    too_wide = QuantumCircuit(157)
    with pytest.raises(NonIsaCircuitError, match="157 qubits"):
        check_circuit(too_wide, fez(), 0)


def test_values_bound_to_rzz_parameters_are_checked() -> None:
    from qiskit_runtime_client.isa import check_rzz_values

    program = HEADER + RZZ_DEF + "input float theta;\ninput float phi;\nrzz(theta) $0, $1;\n"
    isa = fez(fractional=True)
    assert check_qasm(program, isa, 0) == {"theta"}
    check_rzz_values({"theta"}, ["phi", "theta"], [[-3.0, 0.5], [9.0, 1.5]], isa, 0)
    with pytest.raises(NonIsaCircuitError, match="parameter theta is an rzz angle") as caught:
        check_rzz_values({"theta"}, ["phi", "theta"], [[0.1, 0.5], [0.1, -0.3]], isa, 2)
    assert caught.value.pub_index == 2 and caught.value.instruction == "rzz"
    with pytest.raises(NonIsaCircuitError, match="bound to 2"):
        check_rzz_values({"theta"}, ["phi", "theta"], {"theta": [2.0], "phi": [0.0]}, isa, 0)
    check_rzz_values({"theta"}, ["phi", "theta"], {("phi", "theta"): [[5.0, 1.0]]}, isa, 0)
