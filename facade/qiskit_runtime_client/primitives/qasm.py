"""Just enough OpenQASM 3 introspection to validate PUBs before sending: no full parser.

It reads qubit counts (`qubit[n]`, `qreg q[n]`, physical `$k`), `input` parameters, whether the
program measures, and classical register sizes, ignoring comments and string literals.
"""

from __future__ import annotations

import re

import attrs

# Comments are blanked and string literals emptied so that keywords inside them are ignored.
_NOISE = re.compile(r'//[^\n]*|/\*.*?(?:\*/|\Z)|"(?:\\.|[^"\\\n])*"', re.S)
# A declaration starts at the beginning of the program or after `;`, `{` or `}`.
_START = r"(?:^|(?<=[;{}]))\s*"
_NAME = r"([^\W\d]\w*)"
_SIZE = r"(?:\[\s*(\w+)\s*\])"
_QUBIT = re.compile(_START + r"qubit\s*" + _SIZE + r"?\s+" + _NAME + r"\s*;")
_QREG = re.compile(_START + r"qreg\s+" + _NAME + r"\s*" + _SIZE + r"?\s*;")
_BIT = re.compile(_START + r"(?:output\s+)?bit\s*" + _SIZE + r"?\s+" + _NAME + r"\s*(?:=[^;]*)?;")
_CREG = re.compile(_START + r"creg\s+" + _NAME + r"\s*" + _SIZE + r"?\s*;")
_INPUT = re.compile(_START + r"input\s+([^;]+?)\s+" + _NAME + r"\s*;")
_PHYSICAL = re.compile(r"\$(\d+)")
_MEASURE = re.compile(r"\bmeasure\b")
_VERSION = re.compile(r"^\s*OPENQASM\s+([0-9][0-9.]*)\s*;")


@attrs.frozen
class QasmInfo:
    """What validation needs to know about an OpenQASM 3 program."""

    version: str | None
    """The `OPENQASM x;` version, or None when the header is omitted (allowed in QASM 3)."""
    num_qubits: int | None
    """Declared qubits, or highest physical index + 1; None when unknown (e.g. a const size)."""
    physical: bool
    """True when the program addresses physical qubits `$k`: `num_qubits` is then a lower bound."""
    declared_parameters: tuple[str, ...]
    """`input` names in declaration order."""
    measures: bool
    """True when the program contains a `measure`."""
    classical_registers: tuple[tuple[str, int | None], ...]
    """(name, size) of each `bit`/`creg` declaration; size None when not a literal."""

    @property
    def parameters(self) -> tuple[str, ...]:
        """`input` names in Qiskit's order (sorted by name): the order of positional values."""
        return tuple(sorted(self.declared_parameters))


def _size(text: str | None) -> int | None:
    """A declaration size: 1 when omitted, the literal when numeric, None when symbolic."""
    if text is None:
        return 1
    return int(text) if text.isdigit() else None


def strip_noise(text: str) -> str:
    """The program with comments blanked and string literals emptied."""
    return _NOISE.sub(lambda m: '""' if m.group(0).startswith('"') else " ", text)


def inspect_qasm(text: str) -> QasmInfo:
    """Read qubit count, `input` parameters, measurement and classical registers from QASM 3."""
    code = strip_noise(text)
    version_match = _VERSION.match(code)
    sizes = [_size(m.group(1)) for m in _QUBIT.finditer(code)]
    sizes += [_size(m.group(2)) for m in _QREG.finditer(code)]
    physical = [int(m.group(1)) for m in _PHYSICAL.finditer(code)]
    num_qubits: int | None
    if physical:
        num_qubits = max(physical) + 1
    elif sizes and all(size is not None for size in sizes):
        num_qubits = sum(size for size in sizes if size is not None)
    else:
        num_qubits = None
    registers = [(m.group(2), _size(m.group(1))) for m in _BIT.finditer(code)]
    registers += [(m.group(1), _size(m.group(2))) for m in _CREG.finditer(code)]
    return QasmInfo(
        version=version_match.group(1) if version_match else None,
        num_qubits=num_qubits,
        physical=bool(physical),
        declared_parameters=tuple(m.group(2) for m in _INPUT.finditer(code)),
        measures=_MEASURE.search(code) is not None,
        classical_registers=tuple(registers),
    )
