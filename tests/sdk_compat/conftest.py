"""The official SDK (qiskit-ibm-runtime) against the emulator, with only public settings.

    IAM_URL=<emulator root>                 # IAM's token endpoint is served by the emulator
    QISKIT_FUNCTIONS_EXPERIMENTAL=1         # skip IBM Cloud Global Search / Global Catalog
    QiskitRuntimeService(channel="ibm_quantum_platform", token=<api key>, instance=<CRN>,
                         url=<root>/api/v1, url_resolver=lambda url, *a, **k: url)

Every test here carries the `sdk_compat` marker; they are skipped when the sdk extra is not
installed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("qiskit_ibm_runtime")

from qiskit_runtime_client.testing import RuntimeEmulator

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.sdk_compat)


@pytest.fixture(scope="module")
def emulator() -> Iterator[RuntimeEmulator]:
    """One emulator per module, on the real clock: jobs queue 0.05 s and run 0.1 s."""
    with RuntimeEmulator(queue_seconds=0.05, run_seconds=0.1, seed=11) as emu:
        yield emu


def connect(emu: RuntimeEmulator) -> Any:
    """A QiskitRuntimeService for the emulator (the environment must already be set)."""
    from qiskit_ibm_runtime import QiskitRuntimeService

    return QiskitRuntimeService(
        channel="ibm_quantum_platform",
        token=emu.api_key,
        instance=emu.instance,
        url=emu.api_url,
        url_resolver=lambda url, *args, **kwargs: url,
    )


@pytest.fixture
def service(emulator: RuntimeEmulator, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The official SDK's service, pointed at the emulator with the three public settings."""
    monkeypatch.setenv("IAM_URL", emulator.url)
    monkeypatch.setenv("QISKIT_FUNCTIONS_EXPERIMENTAL", "1")
    return connect(emulator)


@pytest.fixture
def backend(service: Any) -> Any:
    return service.backend("ibm_fez")


@pytest.fixture(scope="module")
def circuits(emulator: RuntimeEmulator) -> dict[str, Any]:
    """ISA circuits for ibm_fez: a Bell pair measured, and ry(1)+cx with ZZ/XX observables."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import SparsePauliOp
    from qiskit.transpiler import generate_preset_pass_manager

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IAM_URL", emulator.url)
        patch.setenv("QISKIT_FUNCTIONS_EXPERIMENTAL", "1")
        backend = connect(emulator).backend("ibm_fez")
    manager = generate_preset_pass_manager(backend=backend, optimization_level=1)
    bell = QuantumCircuit(2)
    bell.h(0)
    bell.cx(0, 1)
    bell.measure_all()
    ry = QuantumCircuit(2)
    ry.ry(1.0, 0)
    ry.cx(0, 1)
    isa_ry = manager.run(ry)
    observables = [SparsePauliOp(label).apply_layout(isa_ry.layout) for label in ("ZZ", "XX")]
    return {"bell": manager.run(bell), "ry": isa_ry, "observables": observables}


@pytest.fixture
def quiet() -> Iterator[None]:
    """The V2 primitives warn that they are deprecated on every use (SDK 0.51)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield
