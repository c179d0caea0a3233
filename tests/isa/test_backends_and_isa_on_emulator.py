"""Backend objects, targets, transpilation and the ISA rule, end to end on the emulator."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("werkzeug")
pytest.importorskip("qiskit")

from qiskit_runtime_client import (
    Backend,
    JobFailedError,
    ManualClock,
    MissingExtraError,
    NonIsaCircuitError,
    RuntimeClient,
    apply_layout,
)
from qiskit_runtime_client.target import TranspiledQasm, build_target, describe_target
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing._backends import device_documents

pytestmark = pytest.mark.emulator

TARGETS = Path(__file__).parents[1] / "fixtures" / "targets"
BELL = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
bit[2] c;
h q[0];
cx q[0], q[1];
c = measure q;
"""
RY_CX = 'OPENQASM 3.0; include "stdgates.inc"; qubit[2] q; ry(pi/3) q[0]; cx q[0], q[1];'
ISA_BELL = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
rz(pi/2) $0;
sx $0;
rz(pi/2) $0;
rz(pi/2) $1;
sx $1;
rz(pi) $1;
cz $0, $1;
sx $1;
rz(pi/2) $1;
c[0] = measure $0;
c[1] = measure $1;
"""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(clock=clock, queue_seconds=5, run_seconds=10, seed=5) as emulator:
        yield emulator


@pytest.fixture
def client(emu: RuntimeEmulator, clock: ManualClock) -> Iterator[RuntimeClient]:
    with emu.client(clock=clock) as runtime:
        yield runtime


# --- Backend objects ---------------------------------------------------------------------------


def test_get_gives_a_backend_with_documents_status_and_calibrations(client: RuntimeClient) -> None:
    fez = client.backends.get("ibm_fez")
    assert isinstance(fez, Backend) and str(fez) == "ibm_fez"
    assert fez.num_qubits == 156 and fez.status == "online" and fez.is_available
    assert isinstance(fez.queue_length, int)
    assert fez.basis_gates == ("cz", "id", "rz", "sx", "x")
    assert {"measure", "reset", "delay", "if_else"} <= set(fez.instructions)
    assert (0, 1) in fez.coupling_map and (1, 0) in fez.coupling_map
    assert (0, 5) not in fez.coupling_map
    assert fez.fractional_gates == {"rx", "rzz"} and fez.supports_fractional_gates
    assert not fez.fractional_gates_enabled
    enabled = fez.with_fractional_gates()
    assert enabled.fractional_gates_enabled and "rzz" in enabled.basis_gates
    assert client.backends.get("ibm_fez", use_fractional_gates=True).fractional_gates_enabled
    torino = client.backends.get("ibm_torino")
    assert not torino.supports_fractional_gates and torino.num_qubits == 133

    # typed calibrations in SI units, raw documents as sent
    raw_props = client.backends.properties("ibm_fez")
    assert fez.properties == raw_props and fez.configuration == client.backends.configuration(fez)
    t1_us = next(i["value"] for i in raw_props["qubits"][0] if i["name"] == "T1")
    qubit0 = fez.qubit_calibrations[0]
    assert qubit0.t1 == pytest.approx(t1_us * 1e-6) and qubit0.t2 is not None
    assert qubit0.readout_error is not None and qubit0.readout_length == pytest.approx(1.56e-6)
    cz01 = fez.gate_calibrations[("cz", (0, 1))]
    assert cz01.error is not None and 0 < cz01.error < 1 and cz01.duration is not None
    assert len(fez.qubit_calibrations) == 156


def test_listing_and_least_busy_give_backends_accepted_wherever_a_name_is(
    client: RuntimeClient,
) -> None:
    listed = client.backends.list()
    assert all(isinstance(b, Backend) for b in listed)
    assert [b.name for b in listed] == ["ibm_fez", "ibm_kingston", "ibm_torino", "ibm_marrakesh"]
    best = client.backends.least_busy(min_qubits=2)
    assert best.name == "ibm_fez"
    with pytest.raises(ValueError, match=r"client.backends.get\('ibm_fez'\)"):
        best.instruction_set  # noqa: B018 - read from the listing, without documents
    assert client.backends.status(best).name == "ibm_fez"
    assert client.backends.configuration(best)["backend_name"] == "ibm_fez"
    with client.batch(best) as batch:
        assert batch.backend == "ibm_fez"
        assert batch.sampler().run([ISA_BELL], shots=10).result()
    with pytest.raises(TypeError, match="backend name or a Backend"):
        client.backends.status(42)  # type: ignore[arg-type]


# --- Target equivalence with the SDK (recorded fixtures) ----------------------------------------


def _close(want: Any, got: Any, where: str = "") -> None:
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(want) == set(got), where
        for key in want:
            _close(want[key], got[key], f"{where}/{key}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(want) == len(got), where
        for i, (a, b) in enumerate(zip(want, got, strict=True)):
            _close(a, b, f"{where}[{i}]")
    elif isinstance(want, float) and isinstance(got, int | float):
        assert math.isclose(want, got, rel_tol=1e-9), (where, want, got)
    else:
        assert want == got, (where, want, got)


@pytest.mark.parametrize("device", ["ibm_fez", "ibm_torino"])
@pytest.mark.parametrize("fractional", [False, True])
def test_target_matches_the_official_sdk(device: str, fractional: bool) -> None:
    recorded = json.loads(
        (TARGETS / f"{device}.{'fractional' if fractional else 'default'}.json").read_text()
    )
    assert recorded.pop("recorded_with").startswith("qiskit-ibm-runtime ")
    configuration, properties = device_documents(device)
    target = build_target(configuration, properties, use_fractional_gates=fractional)
    _close(recorded, json.loads(json.dumps(describe_target(target))))
    names = set(recorded["operations"])
    assert ("rzz" in names) == (fractional and device == "ibm_fez")


def test_backend_target_and_its_rzz_bounds(client: RuntimeClient) -> None:
    fez = client.backends.get("ibm_fez")
    assert "rzz" not in fez.target.operation_names
    target = fez.with_fractional_gates().target
    assert "rzz" in target.operation_names and target.num_qubits == 156
    assert target.dt == pytest.approx(4e-9)
    assert target["cz"][(0, 1)].error == fez.gate_calibrations[("cz", (0, 1))].error


def test_without_qiskit_target_and_transpile_name_the_extra(
    client: RuntimeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    fez = client.backends.get("ibm_fez")
    monkeypatch.setitem(sys.modules, "qiskit", None)
    with pytest.raises(MissingExtraError, match=r"qiskit-runtime-client\[qiskit\]"):
        fez.target  # noqa: B018
    with pytest.raises(ImportError, match="transpile needs qiskit"):
        client.transpile(BELL, fez)


# --- transpile -----------------------------------------------------------------------------------


def test_transpile_qasm_in_qasm_out_and_circuit_in_circuit_out(client: RuntimeClient) -> None:
    from qiskit import QuantumCircuit, qasm3

    fez = client.backends.get("ibm_fez")
    text = client.transpile(BELL, fez, seed=3)
    assert isinstance(text, TranspiledQasm) and text.startswith("OPENQASM 3.0;")
    assert "$" in text and "qubit[2]" not in text
    from qiskit_runtime_client.isa import check_qasm

    check_qasm(text, fez.instruction_set, 0)
    circuit = qasm3.loads(BELL)
    out = client.transpile([circuit], "ibm_torino", optimization_level=1, seed=3)
    assert isinstance(out, list) and isinstance(out[0], QuantumCircuit)
    assert set(out[0].count_ops()) <= {"rz", "sx", "x", "cz", "measure", "barrier"}
    with pytest.raises(ValueError, match="optimization_level"):
        client.transpile(BELL, fez, optimization_level=7)
    with pytest.raises(TypeError, match="OpenQASM 3 string or a qiskit QuantumCircuit"):
        client.transpile([42], fez)


def test_transpiled_circuits_run_and_observables_follow_the_layout(
    client: RuntimeClient,
) -> None:
    torino = client.backends.get("ibm_torino")
    bell, ry_cx = client.transpile([BELL, RY_CX], torino, seed=11)
    observables = apply_layout(["ZZ", "XX"], ry_cx)
    assert all(len(label) == 133 and label.count("I") == 131 for label in observables)
    counts = client.sampler(torino).run([bell], shots=200).result()[0].data.c.get_counts()
    assert set(counts) <= {"00", "11"}
    evs = client.estimator(torino).run([(ry_cx, observables)], precision=0.01).result()[0]
    assert evs.data.evs == pytest.approx([1.0, math.sqrt(3) / 2], abs=0.05)


# --- the ISA rule, locally and in the emulator --------------------------------------------------


def test_non_isa_is_refused_locally_before_anything_is_sent(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    with pytest.raises(NonIsaCircuitError, match=r"pubs\[1\]\.circuit \(line 3\)") as caught:
        client.sampler("ibm_fez").run([ISA_BELL, BELL])
    assert caught.value.pub_index == 1
    assert emu.count_requests("POST", "/api/v1/jobs") == 0
    # a Backend with its documents needs no request at all
    fez = client.backends.get("ibm_fez")
    before = len(emu.requests)
    physical_h = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nh $0;\ncz $0, $1;\n'
    with pytest.raises(NonIsaCircuitError, match=r"instruction h on qubits \(0,\)"):
        client.estimator(fez).run([(physical_h, "ZZ")])
    assert len(emu.requests) == before


def test_the_demo_old_recipe_is_caught_before_sending(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    from qiskit.transpiler import CouplingMap, generate_preset_pass_manager

    config = client.backends.configuration("ibm_fez")
    manager = generate_preset_pass_manager(
        optimization_level=1,
        basis_gates=config["basis_gates"],  # includes rx and rzz
        coupling_map=CouplingMap(config["coupling_map"]),
        seed_transpiler=0,
    )
    from qiskit import QuantumCircuit

    program = QuantumCircuit(3)
    program.rzz(-0.785, 0, 1)
    program.rzz(2.5, 1, 2)
    program.rx(0.3, 2)
    isa_ish = manager.run(program)
    assert "rzz" in isa_ish.count_ops()
    with pytest.raises(NonIsaCircuitError, match="rzz"):
        client.estimator("ibm_fez").run([(isa_ish, "Z" * 156)])
    fez = client.backends.get("ibm_fez", use_fractional_gates=True)
    with pytest.raises(NonIsaCircuitError, match=r"range \[0, pi/2\]"):
        client.estimator(fez).run([(isa_ish, "Z" * 156)])
    assert emu.count_requests("POST", "/api/v1/jobs") == 0


def test_the_emulator_fails_non_isa_jobs_with_1517(client: RuntimeClient) -> None:
    job = client.sampler("ibm_fez", check_isa=False).run([BELL], shots=10)
    with pytest.raises(JobFailedError) as caught:
        job.result()
    assert caught.value.reason_code == 1517
    assert "is not supported by the target system" in str(caught.value) or "virtual" in str(
        caught.value
    )
    off_map = "OPENQASM 3.0;\nbit[1] c;\ncz $0, $5;\nc[0] = measure $0;\n"
    job = client.sampler("ibm_fez", check_isa=False).run([off_map], shots=10)
    with pytest.raises(JobFailedError, match=r"instruction cz on qubits \(0, 5\) is not supported"):
        job.result()


def test_the_emulator_fails_rzz_out_of_range_with_1517(client: RuntimeClient) -> None:
    program = (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\n'
        "gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }\n"
        "bit[2] c;\nrzz(-0.785) $0, $1;\nc[0] = measure $0;\nc[1] = measure $1;\n"
    )
    job = client.sampler("ibm_fez", check_isa=False).run([program], shots=10)
    with pytest.raises(JobFailedError, match=r"range \[0, pi/2\]") as caught:
        job.result()
    assert caught.value.reason_code == 1517
    in_range = program.replace("rzz(-0.785)", "rzz(0.785)")
    fez = client.backends.get("ibm_fez", use_fractional_gates=True)
    counts = client.sampler(fez).run([in_range], shots=10).result()[0].data.c.get_counts()
    assert sum(counts.values()) == 10


def test_an_isa_program_passes_both_checks(client: RuntimeClient) -> None:
    result = client.sampler("ibm_fez").run([ISA_BELL], shots=100).result()
    assert set(result[0].data.c.get_counts()) <= {"00", "11"}


def test_isa_false_runs_logical_circuits_and_its_clients_skip_the_check(
    clock: ManualClock,
) -> None:
    with RuntimeEmulator(clock=clock, isa=False) as emu, emu.client(clock=clock) as client:
        counts = client.sampler("ibm_fez").run([BELL], shots=50).result()[0].data.c.get_counts()
        assert set(counts) <= {"00", "11"}
        assert emu.count_requests("GET", "/api/v1/backends/ibm_fez/configuration") == 0
    with pytest.raises(TypeError, match="isa"):
        RuntimeEmulator(isa="no")  # type: ignore[arg-type]


def test_cli_flag_no_isa(monkeypatch: pytest.MonkeyPatch) -> None:
    from qiskit_runtime_client.testing import __main__ as cli

    seen: dict[str, Any] = {}

    class Stop(Exception):
        pass

    def fake(**kwargs: Any) -> Any:
        seen.update(kwargs)
        raise Stop

    monkeypatch.setattr(cli, "RuntimeEmulator", fake)
    with pytest.raises(Stop):
        cli.main(["--no-isa"])
    assert seen["isa"] is False
    with pytest.raises(Stop):
        cli.main([])
    assert seen["isa"] is True


def test_demo_hand_written_isa_circuits_pass_the_check_and_run(client: RuntimeClient) -> None:
    sys.path.insert(0, str(Path(__file__).parents[2] / "scripts"))
    import demo
    from qiskit_runtime_client.isa import check_circuit

    backend = client.backends.get("ibm_torino")
    bell, ry_cx, observables = demo.hand_written_isa(backend)
    for index, circuit in enumerate((bell, ry_cx)):
        check_circuit(circuit, backend.instruction_set, index)
    counts = client.sampler(backend).run([bell], shots=200).result()[0].data.c.get_counts()
    assert set(counts) <= {"00", "11"}
    evs = client.estimator(backend).run([(ry_cx, observables)], precision=0.01).result()[0]
    assert evs.data.evs == pytest.approx([1.0, math.sqrt(3) / 2], abs=0.05)


async def test_async_client_gets_backends_and_transpiles(emu: RuntimeEmulator) -> None:
    async with emu.async_client() as client:
        fez = await client.backends.get("ibm_fez")
        assert fez.num_qubits == 156 and fez.configuration is not None
        text = await client.transpile(BELL, fez, seed=1)
        assert isinstance(text, TranspiledQasm)
        with pytest.raises(NonIsaCircuitError):
            await client.sampler(fez).run([BELL])
        assert emu.count_requests("POST", "/api/v1/jobs") == 0


def test_rzz_parameter_values_are_checked_locally_and_by_the_emulator(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    program = (
        'OPENQASM 3.0;\ninclude "stdgates.inc";\n'
        "gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }\n"
        "input float theta;\nbit[2] c;\nrzz(theta) $0, $1;\n"
        "c[0] = measure $0;\nc[1] = measure $1;\n"
    )
    fez = client.backends.get("ibm_fez", use_fractional_gates=True)
    with pytest.raises(NonIsaCircuitError, match="parameter theta is an rzz angle"):
        client.sampler(fez).run([(program, [[0.2], [-0.4]])])
    assert emu.count_requests("POST", "/api/v1/jobs") == 0
    job = client.sampler("ibm_fez", check_isa=False).run([(program, [[-0.4]])], shots=10)
    with pytest.raises(JobFailedError, match="parameter theta is an rzz angle") as caught:
        job.result()
    assert caught.value.reason_code == 1517
    assert client.sampler(fez).run([(program, [[0.4]])], shots=10).result()
