"""QASM introspection reads qubits, inputs, measurements and registers, ignoring comments."""

from __future__ import annotations

from qiskit_runtime_client.primitives.qasm import inspect_qasm

from .samples import BELL, LEGACY_REGS, PHYSICAL, SWEEP, TWO_PARAMS


def test_qubit_declarations_are_summed() -> None:
    info = inspect_qasm("OPENQASM 3.0;\nqubit[3] a;\nqubit b;\nqubit [2] c;\n")
    assert info.num_qubits == 6
    assert info.physical is False
    assert info.version == "3.0"


def test_legacy_qreg_and_creg() -> None:
    info = inspect_qasm(LEGACY_REGS)
    assert info.num_qubits == 2
    assert info.classical_registers == (("c", 2),)
    assert info.measures


def test_physical_qubits_give_highest_index_plus_one() -> None:
    info = inspect_qasm(PHYSICAL)
    assert info.num_qubits == 5
    assert info.physical is True


def test_comments_and_strings_are_ignored() -> None:
    text = """OPENQASM 3.0;
    include "qubit[9] fake.inc";  // qubit[7] nope;
    /* qubit[5] hidden;
       c = measure q; input float x; */
    qubit[2] q;
    """
    info = inspect_qasm(text)
    assert info.num_qubits == 2
    assert info.measures is False
    assert info.declared_parameters == ()


def test_input_parameters_in_declaration_and_qiskit_order() -> None:
    info = inspect_qasm(TWO_PARAMS)
    assert info.declared_parameters == ("theta", "alpha")
    assert info.parameters == ("alpha", "theta")  # positional values bind in sorted order
    assert inspect_qasm("input angle[32] φ; qubit q;").declared_parameters == ("φ",)


def test_subroutine_arguments_are_not_qubit_declarations() -> None:
    text = "OPENQASM 3; def f(qubit[2] r, qubit s) { h s; } qubit[3] q; bit[3] c; c = measure q;"
    info = inspect_qasm(text)
    assert info.num_qubits == 3
    assert info.classical_registers == (("c", 3),)


def test_symbolic_sizes_leave_the_qubit_count_unknown() -> None:
    assert inspect_qasm("const uint N = 4; qubit[N] q;").num_qubits is None
    assert inspect_qasm("OPENQASM 3;").num_qubits is None


def test_classical_registers_and_measure_forms() -> None:
    info = inspect_qasm(BELL)
    assert info.classical_registers == (("c", 2),)
    assert inspect_qasm("qubit q; bit b; measure q -> b;").measures
    assert inspect_qasm(SWEEP).classical_registers == (("c", 1),)
    assert inspect_qasm('qubit[2] q; bit[2] c = "00";').classical_registers == (("c", 2),)
