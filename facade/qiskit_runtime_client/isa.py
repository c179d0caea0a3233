"""The ISA check: is a circuit runnable as is on a backend? No qiskit needed.

Since 1 March 2024 the Runtime service runs only ISA circuits (transpiled for the backend: its
instructions, its couplings, physical qubits) and fails others with reason code 1517
("instruction cz on qubits (0, 5) is not supported by the target system"). `check_circuit`
finds that before anything is sent, for OpenQASM 3 text (a one-pass scanner, not a parser) and
for qiskit `QuantumCircuit` objects (walked without importing anything from qiskit).

`InstructionSet.from_configuration` reads what the check needs from the backend's configuration
document: the instruction names, each two-qubit gate's directed couplings, the qubit count, and
which gates are fractional (`rx`, `rzz`: parametrised gates other than `rz`). As in the official
SDK, fractional gates count only when `use_fractional_gates=True`, `rzz` angles must lie in
[0, pi/2], and fractional gates do not mix with control flow in one circuit.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

import attrs

from qiskit_runtime_client.errors import NonIsaCircuitError
from qiskit_runtime_client.primitives.qasm import strip_noise

#: Instructions the service always accepts on any qubit (no duration of their own to calibrate).
ALWAYS_ALLOWED: Final = frozenset({"barrier"})
#: Non-unitary instructions, accepted when the configuration's supported_instructions lists them.
NON_UNITARY: Final = frozenset({"measure", "reset", "delay"})
#: Control-flow instruction names (OpenQASM keywords map onto these).
CONTROL_FLOW: Final = frozenset({"if_else", "while_loop", "for_loop", "switch_case", "box"})
#: Parametrised gates that are not fractional on IBM hardware (virtual Z, software phase).
NOT_FRACTIONAL: Final = frozenset({"rz", "p", "u1", "delay"})
#: rzz is calibrated for angles in [0, pi/2]; the SDK allows this much rounding above pi/2.
RZZ_MAX: Final = math.pi / 2 + 1e-10
#: Gates stdgates.inc defines; any other gate an OpenQASM 3 program calls needs a `gate` block.
STDGATES: Final = frozenset(
    [
        "p",
        "x",
        "y",
        "z",
        "h",
        "s",
        "sdg",
        "t",
        "tdg",
        "sx",
        "rx",
        "ry",
        "rz",
        "cx",
        "cy",
        "cz",
        "cp",
        "crx",
        "cry",
        "crz",
        "ch",
        "swap",
        "ccx",
        "cswap",
        "cu",
        "CX",
        "phase",
        "cphase",
        "id",
        "u1",
        "u2",
        "u3",
        "U",
        "gphase",
    ]
)
_FIX = (
    "transpile it for the backend first: client.transpile(circuits, backend) (qiskit extra), "
    "or pass check_isa=False to send it anyway"
)


@attrs.frozen
class InstructionSet:
    """What a backend runs: instruction names, directed two-qubit couplings, qubit count."""

    backend: str
    num_qubits: int
    #: instruction name -> number of qubits it acts on (0: any, for barrier-like instructions)
    instructions: Mapping[str, int]
    #: two-qubit gate name -> the directed (control, target) pairs it is calibrated on
    couplings: Mapping[str, frozenset[tuple[int, int]]]
    #: fractional gates the backend supports (whether or not they are enabled)
    fractional_supported: frozenset[str] = frozenset()
    fractional_enabled: bool = False

    @classmethod
    def from_configuration(
        cls, configuration: Mapping[str, Any], *, use_fractional_gates: bool = False
    ) -> InstructionSet:
        """Read a configuration document (GET /backends/{name}/configuration)."""
        name = str(configuration.get("backend_name") or "the backend")
        num_qubits = int(configuration.get("n_qubits") or 0)
        gate_docs = {
            str(g.get("name")): g for g in configuration.get("gates") or [] if isinstance(g, dict)
        }
        basis = [str(g) for g in configuration.get("basis_gates") or []]
        supported = {str(i) for i in configuration.get("supported_instructions") or []}
        default_map = _pairs(configuration.get("coupling_map") or [])
        instructions: dict[str, int] = {}
        couplings: dict[str, frozenset[tuple[int, int]]] = {}
        fractional: set[str] = set()
        for gate in basis:
            doc = gate_docs.get(gate, {})
            gate_map = doc.get("coupling_map")
            arity = len(gate_map[0]) if gate_map else (2 if gate in _TWO_QUBIT_NAMES else 1)
            if (doc.get("parameters") and gate not in NOT_FRACTIONAL) or gate in _FRACTIONAL_NAMES:
                fractional.add(gate)
            instructions[gate] = arity
            if arity == 2:
                couplings[gate] = _pairs(gate_map) if gate_map else default_map
        for op in supported & NON_UNITARY:
            instructions[op] = 1
        for op in supported & CONTROL_FLOW:
            instructions[op] = 0
        for op in ALWAYS_ALLOWED:
            instructions[op] = 0
        if not use_fractional_gates:
            for gate in fractional:
                instructions.pop(gate, None)
                couplings.pop(gate, None)
        return cls(
            backend=name,
            num_qubits=num_qubits,
            instructions=instructions,
            couplings=couplings,
            fractional_supported=frozenset(fractional),
            fractional_enabled=use_fractional_gates and bool(fractional),
        )

    def describe(self) -> str:
        """A short summary for messages: `ibm_fez (156 qubits; cz, id, rz, sx, x, ...)`."""
        gates = sorted(n for n, k in self.instructions.items() if k and n not in NON_UNITARY)
        return f"{self.backend} ({self.num_qubits} qubits; gates {', '.join(gates)})"


_FRACTIONAL_NAMES = frozenset({"rx", "rzz", "rzx", "ry"})
_TWO_QUBIT_NAMES = frozenset({"cz", "cx", "ecr", "rzz", "rzx", "cp", "swap"})


def _pairs(edges: Iterable[Any]) -> frozenset[tuple[int, int]]:
    return frozenset((int(e[0]), int(e[1])) for e in edges if len(e) == 2)


# --- the error ---------------------------------------------------------------------------------


def _error(
    isa: InstructionSet,
    pub_index: int | None,
    why: str,
    *,
    instruction: str | None = None,
    qubits: tuple[int, ...] | None = None,
    line: int | None = None,
    fix: str = _FIX,
    hint: str = "",
) -> NonIsaCircuitError:
    where = f"pubs[{pub_index}].circuit" if pub_index is not None else "circuit"
    at = f" (line {line})" if line is not None else ""
    return NonIsaCircuitError(
        f"{where}{at}: {why}{hint}; not an ISA circuit for {isa.backend}, the service would "
        f"fail the job (reason code 1517). Fix: {fix}",
        pub_index=pub_index,
        instruction=instruction,
        qubits=qubits,
        line=line,
        reason=why,
    )


class _Checker:
    """Checks one instruction at a time against an InstructionSet; raises on the first problem."""

    def __init__(self, isa: InstructionSet, pub_index: int | None) -> None:
        self.isa = isa
        self.pub_index = pub_index
        self.line: int | None = None
        self.code: str | None = None
        self.offset: int | None = None
        self.fractional_used: str | None = None
        self.control_flow_used: str | None = None
        #: parameters used as the whole angle of an rzz gate (their values are checked per PUB)
        self.rzz_parameters: set[str] = set()

    def fail(self, why: str, **kwargs: Any) -> NonIsaCircuitError:
        line = self.line
        if line is None and self.code is not None and self.offset is not None:
            line = _line(self.code, self.offset)
        return _error(self.isa, self.pub_index, why, line=line, **kwargs)

    def instruction(self, name: str, qubits: tuple[int, ...], angle: float | None = None) -> None:
        isa = self.isa
        arity = isa.instructions.get(name)
        for q in qubits:
            if q >= isa.num_qubits:
                raise self.fail(
                    f"instruction {name} on qubit {q}: {isa.backend} has qubits 0.."
                    f"{isa.num_qubits - 1}",
                    instruction=name,
                    qubits=qubits,
                )
        if arity is None:
            if name in isa.fractional_supported:
                raise self.fail(
                    f"instruction {name} on qubits {qubits} is a fractional gate, and fractional "
                    "gates are not enabled",
                    instruction=name,
                    qubits=qubits,
                    fix=f"get the backend with client.backends.get({isa.backend!r}, "
                    "use_fractional_gates=True) and pass that Backend, or transpile without "
                    "fractional gates: client.transpile(circuits, backend)",
                )
            raise self.fail(
                f"instruction {name} on qubits {qubits} is not supported by the target system",
                hint=f" (it runs {', '.join(sorted(set(isa.instructions) - ALWAYS_ALLOWED))})",
                instruction=name,
                qubits=qubits,
            )
        if name in isa.fractional_supported:
            self.fractional_used = name
            if self.control_flow_used:
                raise self._mixed(name, qubits)
        if arity == 2:
            if len(qubits) != 2:
                raise self.fail(
                    f"instruction {name} needs 2 qubits, got {qubits}", instruction=name
                )
            if qubits not in isa.couplings.get(name, ()):
                reverse = (qubits[1], qubits[0])
                hint = (
                    f" (only the direction {reverse} is)"
                    if reverse in isa.couplings.get(name, ())
                    else " (the qubits are not coupled)"
                )
                raise self.fail(
                    f"instruction {name} on qubits {qubits} is not supported by the target system",
                    hint=hint,
                    instruction=name,
                    qubits=qubits,
                )
        elif arity == 1 and len(qubits) != 1 and name not in NON_UNITARY:
            raise self.fail(
                f"instruction {name} acts on 1 qubit, got {len(qubits)}: {qubits}",
                instruction=name,
                qubits=qubits,
            )
        if name == "rzz" and angle is not None and not 0.0 <= angle <= RZZ_MAX:
            raise self.fail(
                f"instruction rzz on qubits {qubits} has angle {angle:.6g}; the service "
                "accepts rzz only for angles in the range [0, pi/2]",
                instruction=name,
                qubits=qubits,
                fix="rewrite rzz(-t) as x on one qubit, rzz(t), x again (or transpile with "
                "client.transpile(circuits, backend), which folds the angle)",
            )

    def control_flow(self, name: str) -> None:
        if name not in self.isa.instructions:
            raise self.fail(
                f"control flow '{name}' is not supported by {self.isa.backend}",
                instruction=name,
            )
        self.control_flow_used = name
        if self.fractional_used:
            raise self._mixed(self.fractional_used, None)

    def _mixed(self, gate: str, qubits: tuple[int, ...] | None) -> NonIsaCircuitError:
        return self.fail(
            f"fractional gate {gate} and control flow ({self.control_flow_used}) in one "
            "circuit; IBM hardware cannot run fractional gates in dynamic circuits",
            instruction=gate,
            qubits=qubits,
            fix="send dynamic circuits and circuits with fractional gates in separate jobs, "
            "or transpile without fractional gates",
        )


# --- QuantumCircuit ----------------------------------------------------------------------------


def check_quantum_circuit(
    circuit: Any, isa: InstructionSet, pub_index: int | None = None
) -> frozenset[str]:
    """Raise NonIsaCircuitError unless the qiskit QuantumCircuit is ISA for `isa`; the names
    of parameters used as rzz angles (their bound values need the same range)."""
    checker = _Checker(isa, pub_index)
    if circuit.num_qubits > isa.num_qubits:
        raise checker.fail(
            f"the circuit has {circuit.num_qubits} qubits but {isa.backend} has {isa.num_qubits}"
        )
    index = {bit: i for i, bit in enumerate(circuit.qubits)}
    _walk(circuit.data, index, checker)
    return frozenset(checker.rzz_parameters)


def _walk(data: Any, index: Mapping[Any, int], checker: _Checker) -> None:
    for item in data:
        operation = item.operation
        name = operation.name
        qubits = tuple(index[q] for q in item.qubits)
        blocks = getattr(operation, "blocks", None)
        if name in CONTROL_FLOW or blocks:
            checker.control_flow(name)
            for block in blocks or ():
                inner = {b: index[o] for o, b in zip(item.qubits, block.qubits, strict=False)}
                _walk(block.data, inner, checker)
            continue
        if name in ALWAYS_ALLOWED or name == "store":
            continue
        angle = None
        if name == "rzz":
            param = operation.params[0]
            try:
                angle = float(param)
            except TypeError:  # a Parameter(Expression) still unbound
                angle = None
                if type(param).__name__ in ("Parameter", "ParameterVectorElement"):
                    checker.rzz_parameters.add(str(param.name))
        checker.instruction(name, qubits, angle)


# --- OpenQASM 3 ----------------------------------------------------------------------------------

# One statement (or block opener/closer) at a time: text up to `;`, `{` or `}`.
# The first alternative is the common ISA statement, `name(params)? $a(, $b)?;`, read in one go.
_STATEMENT = re.compile(
    r"\s*(?:([A-Za-z_]\w*)\s*(?:\(([^;{}()]*)\))?\s*\$(\d+)\s*(?:,\s*\$(\d+)\s*)?;"
    r"|([^;{}]*[;{}]|[^;{}]+$))"
)
_GATE_CALL = re.compile(
    r"\s*([A-Za-z_]\w*)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?\s*(.*?)\s*;\Z", re.S
)
_OPERAND = re.compile(r"\s*(?:\$(\d+)|([A-Za-z_]\w*)\s*(?:\[\s*(\d+)\s*\])?)\s*\Z")
_REGISTER = re.compile(
    r"\s*(?:qubit\s*(?:\[\s*(\d+)\s*\])?\s+([A-Za-z_]\w*)|qreg\s+([A-Za-z_]\w*)\s*"
    r"(?:\[\s*(\d+)\s*\])?)\s*;\Z"
)
_DECLARATIONS = frozenset(
    [
        "OPENQASM",
        "include",
        "input",
        "output",
        "bit",
        "creg",
        "const",
        "int",
        "uint",
        "float",
        "angle",
        "bool",
        "duration",
        "stretch",
        "complex",
        "let",
        "defcalgrammar",
        "cal",
        "defcal",
        "extern",
        "array",
        "return",
        "break",
        "continue",
        "end",
        "pragma",
    ]
)
_CONTROL_KEYWORDS = {
    "if": "if_else",
    "else": "if_else",
    "for": "for_loop",
    "while": "while_loop",
    "switch": "switch_case",
    "case": "switch_case",
    "default": "switch_case",
    "box": "box",
}
_MEASURE = re.compile(r"\bmeasure\b(.*?)(?:->.*)?;\Z", re.S)


def check_qasm(text: str, isa: InstructionSet, pub_index: int | None = None) -> frozenset[str]:
    """Raise NonIsaCircuitError unless the OpenQASM 3 program is ISA for `isa`; the names of
    `input` parameters used as rzz angles (their bound values need the same range).

    A scanner, not a parser: it reads statements, gate calls and their operands; classical
    statements are skipped. What it cannot read as a gate call is reported as a syntax error
    (with its line), so a typo fails here instead of on the service.
    """
    code = strip_noise(text)
    checker = _Checker(isa, pub_index)
    checker.code = code
    registers: dict[str, tuple[int, int]] = {}  # name -> (first index, size)
    defined: set[str] = set()
    depth_skip = 0  # inside a `gate`/`def` body: nothing there runs as written
    depth = 0
    used: dict[str, int] = {}  # gate name -> offset of its first use (for line numbers)
    instructions = isa.instructions
    one_qubit_fast = {n for n, k in instructions.items() if k == 1 and n not in NON_UNITARY}
    num_qubits = isa.num_qubits
    # the hot path compares the digits as written: no int() for the common, valid case
    valid = {str(q) for q in range(num_qubits)}
    pairs = {
        name: {(str(a), str(b)) for a, b in edges}
        for name, edges in isa.couplings.items()
        if name != "rzz"  # rzz angles are checked one by one
    }
    for match in _STATEMENT.finditer(code):
        name, params, first_qubit, second, statement = match.groups()
        if name is not None:  # the hot path: `gate(angle)? $a(, $b)?;`
            if depth_skip:
                continue
            if name not in used:
                used[name] = match.start()
            if second is None:
                if name in one_qubit_fast and first_qubit in valid:
                    continue
                qubits: tuple[int, ...] = (int(first_qubit),)
            else:
                if name in pairs and (first_qubit, second) in pairs[name]:
                    continue
                qubits = (int(first_qubit), int(second))
            checker.offset = match.start()
            angle = None
            if name == "rzz" and params is not None:
                angle = _angle(params)
                if angle is None and params.strip().isidentifier():
                    checker.rzz_parameters.add(params.strip())
            checker.instruction(name, qubits, angle)
            continue
        end = statement[-1]
        if end == "}":
            depth -= 1
            if depth_skip and depth < depth_skip:
                depth_skip = 0
            continue
        if depth_skip:
            if end == "{":
                depth += 1
            continue
        body = statement.strip()
        if not body or body == ";":
            continue
        first = body.split(None, 1)[0].split("(", 1)[0].split("[", 1)[0].rstrip(";{")
        if end == "{":
            depth += 1
            if first in ("gate", "def"):
                parts = body[len(first) :].split("(", 1)[0].split()
                if parts:
                    defined.add(parts[0])
                depth_skip = depth
                continue
            keyword = _CONTROL_KEYWORDS.get(first.rstrip(":"))
            if keyword is None and first not in ("", "{"):
                raise _syntax(checker, code, match.start(), body, "a block opened here")
            if keyword is not None:
                checker.offset = match.start()
                checker.control_flow(keyword)
            continue
        # a simple statement ending with `;`
        if first in _DECLARATIONS:
            continue
        if first in ("qubit", "qreg"):
            reg = _REGISTER.match(body)
            if reg is None:
                raise _syntax(checker, code, match.start(), body, "a qubit declaration")
            name = reg.group(2) or reg.group(3)
            size_text = reg.group(1) or reg.group(4)
            size = int(size_text) if size_text else 1
            start = sum(s for _, s in registers.values())
            registers[name] = (start, size)
            if len(registers) > 1 or size != num_qubits:
                checker.offset = match.start()
                raise checker.fail(
                    f"the program declares virtual qubits ('{body}'); an ISA program addresses "
                    f"physical qubits $0..${num_qubits - 1} (or declares one register of exactly "
                    f"{num_qubits} qubits)",
                )
            continue
        if "measure" in body:
            found = _MEASURE.search(body)
            if found is None:
                raise _syntax(checker, code, match.start(), body, "a measurement")
            qubits = _operands(found.group(1), registers, checker, code, match.start(), body)
            if "measure" not in instructions:
                checker.offset = match.start()
                checker.instruction("measure", qubits[:1])
            for q in qubits:
                if q >= num_qubits:
                    checker.offset = match.start()
                    checker.instruction("measure", (q,))
            continue
        keyword = _CONTROL_KEYWORDS.get(first)
        if keyword is not None:  # `if (c) x $1;`: a one-statement block
            checker.offset = match.start()
            checker.control_flow(keyword)
            continue
        if "=" in body and "=" in re.sub(r"[=<>!]=", "", body):
            continue  # a classical assignment
        call = _GATE_CALL.match(body)
        if call is None:
            raise _syntax(checker, code, match.start(), body, "a gate call")
        name, params, operand_text = call.group(1), call.group(2), call.group(3)
        if "@" in body:
            checker.offset = match.start()
            raise checker.fail(
                f"gate modifiers ('{body.split('@', 1)[0].strip()} @') are not ISA instructions",
                instruction=name,
            )
        if name == "delay" or name == "barrier":
            if name == "delay" and "delay" not in instructions:
                checker.offset = match.start()
                checker.instruction("delay", ())
            operand_text = re.sub(r"^\[[^\]]*\]\s*", "", operand_text)
            qubits = _operands(operand_text, registers, checker, code, match.start(), body)
            for q in qubits:
                if q >= num_qubits:
                    checker.offset = match.start()
                    checker.instruction(name, (q,))
            continue
        if not operand_text:
            raise _syntax(checker, code, match.start(), body, "a gate call without qubits")
        if name not in used:
            used[name] = match.start()
        qubits = _operands(operand_text, registers, checker, code, match.start(), body)
        angle = None
        if name == "rzz" and params is not None:
            angle = _angle(params)
            if angle is None and params.strip().isidentifier():
                checker.rzz_parameters.add(params.strip())
        checker.offset = match.start()
        checker.instruction(name, qubits, angle)
    for name, offset in used.items():
        if (
            name not in STDGATES
            and name not in defined
            and instructions.get(name)
            and name not in NON_UNITARY
        ):
            checker.offset = offset
            raise checker.fail(
                f"gate '{name}' is not defined: stdgates.inc does not define it and the program "
                "has no 'gate' block for it (the service fails such programs)",
                instruction=name,
                fix="add a 'gate' definition (for rzz: 'gate rzz(theta) a, b { cx a, b; "
                "rz(theta) b; cx a, b; }'), or export with qiskit.qasm3.dumps, which writes one",
            )
    return frozenset(checker.rzz_parameters)


def _line(code: str, offset: int) -> int:
    # the statement match starts after the previous `;`: skip leading whitespace/newlines
    while offset < len(code) and code[offset] in " \t\r\n":
        offset += 1
    return code.count("\n", 0, offset) + 1


def _syntax(checker: _Checker, code: str, offset: int, body: str, what: str) -> NonIsaCircuitError:
    checker.offset = offset
    shown = body if len(body) <= 60 else body[:57] + "..."
    return checker.fail(
        f"OpenQASM syntax the checker cannot read as {what}: '{shown}'",
        fix="correct the program (or pass check_isa=False if it is valid OpenQASM 3 the "
        "checker does not understand)",
    )


def _operands(
    text: str,
    registers: Mapping[str, tuple[int, int]],
    checker: _Checker,
    code: str,
    offset: int,
    body: str,
) -> tuple[int, ...]:
    qubits: list[int] = []
    if not text.strip():
        return ()
    for part in text.split(","):
        found = _OPERAND.match(part)
        if found is None:
            raise _syntax(checker, code, offset, body, "qubit operands")
        physical, register, index = found.groups()
        if physical is not None:
            qubits.append(int(physical))
            continue
        if register not in registers:
            checker.offset = offset
            raise checker.fail(
                f"'{part.strip()}' is not a declared qubit; ISA programs address physical "
                f"qubits $0..${checker.isa.num_qubits - 1}",
            )
        start, size = registers[register]
        if index is None:
            qubits.extend(range(start, start + size))
        else:
            qubits.append(start + int(index))
    return tuple(qubits)


_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}
_CONSTANTS = {"pi": math.pi, "π": math.pi, "tau": math.tau, "τ": math.tau, "euler": math.e}


def _angle(text: str) -> float | None:
    """A numeric angle expression's value; None when it names a parameter (checked later)."""
    try:
        tree = ast.parse(text.strip().replace("π", "pi").replace("τ", "tau"), mode="eval")
        return float(_evaluate(tree.body))
    except (SyntaxError, ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None


def _evaluate(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in _CONSTANTS:
        return _CONSTANTS[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return float(_BINARY[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    raise ValueError("not a numeric constant")


def check_circuit(
    circuit: object, isa: InstructionSet, pub_index: int | None = None
) -> frozenset[str]:
    """Check an OpenQASM 3 string or a QuantumCircuit; NonIsaCircuitError when not ISA. The
    result names the parameters used as rzz angles (see `check_rzz_values`)."""
    if isinstance(circuit, str):
        return check_qasm(circuit, isa, pub_index)
    return check_quantum_circuit(circuit, isa, pub_index)


def check_rzz_values(
    parameters: Iterable[str],
    order: Iterable[str],
    values: Any,
    isa: InstructionSet,
    pub_index: int | None = None,
) -> None:
    """NonIsaCircuitError when a value bound to a parameter used as an rzz angle is outside
    [0, pi/2] (what the official SDK checks too). `order`: the circuit's parameter names in the
    order positional values bind to; `values`: the PUB's parameter values as given."""
    wanted = set(parameters)
    if not wanted or values is None:
        return
    import numpy as np

    names = list(order)
    columns: dict[str, Any] = {}
    if isinstance(values, Mapping):
        for key, array in values.items():
            keys = (
                (key,) if isinstance(key, str) else tuple(str(getattr(k, "name", k)) for k in key)
            )
            data = np.asarray(array, dtype=float)
            for position, name in enumerate(keys):
                columns[name] = data if len(keys) == 1 else data[..., position]
    else:
        data = np.asarray(values, dtype=float)
        if data.ndim == 0 or data.shape[-1] != len(names):
            return  # a shape the PUB checks report
        columns = {name: data[..., i] for i, name in enumerate(names)}
    for name in sorted(wanted):
        column = columns.get(name)
        if column is None or column.size == 0:
            continue
        bad = column[(column < 0.0) | (column > RZZ_MAX)]
        if bad.size:
            raise _error(
                isa,
                pub_index,
                f"parameter {name} is an rzz angle and is bound to {float(bad.flat[0]):.6g}; the "
                "service accepts rzz only for angles in the range [0, pi/2]",
                instruction="rzz",
                fix="bind values in [0, pi/2] (rzz(-t) equals x on one qubit, rzz(t), x again)",
            )
