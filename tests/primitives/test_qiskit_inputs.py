"""QuantumCircuit and SparsePauliOp inputs (qiskit extra): QPY encoding and dense observables."""

from __future__ import annotations

import base64
import io
import math
import zlib
from typing import Any

import pytest
from qiskit_runtime_client.primitives import build_estimator_params, build_sampler_params
from qiskit_runtime_client.primitives.circuits import SERVICE_MAX_QPY_VERSION
from qiskit_runtime_client.results._ndarray import decode_ndarray

from .samples import fixture_json

qiskit = pytest.importorskip("qiskit")
from qiskit import QuantumCircuit, qpy  # noqa: E402
from qiskit.circuit import Parameter, ParameterVector  # noqa: E402
from qiskit.quantum_info import Pauli, SparsePauliOp  # noqa: E402


def _load_qpy(envelope: dict[str, str]) -> tuple[int, Any]:
    assert envelope["__type__"] == "QuantumCircuit"
    raw = zlib.decompress(base64.b64decode(envelope["__value__"]))
    assert raw[:6] == b"QISKIT"
    return raw[6], qpy.load(io.BytesIO(raw))[0]


def _structure(circuit: Any) -> Any:
    """What a circuit does, ignoring the random UUIDs inside its Parameters."""
    return (
        circuit.num_qubits,
        [(r.name, r.size) for r in circuit.cregs],
        [
            (
                i.operation.name,
                [str(p) for p in i.operation.params],
                [circuit.find_bit(q).index for q in i.qubits],
            )
            for i in circuit.data
        ],
    )


def _bell() -> QuantumCircuit:
    circuit = QuantumCircuit(2, 2)
    circuit.h(0)
    circuit.cx(0, 1)
    circuit.measure([0, 1], [0, 1])
    return circuit


def _sweep() -> QuantumCircuit:
    circuit = QuantumCircuit(1, 1)
    circuit.ry(Parameter("theta"), 0)
    circuit.measure(0, 0)
    return circuit


def test_quantum_circuit_is_sent_as_qpy_at_a_version_the_service_reads() -> None:
    params = build_sampler_params([_bell()])
    version, circuit = _load_qpy(params["pubs"][0][0])
    assert version <= SERVICE_MAX_QPY_VERSION
    assert circuit == _bell()


def test_body_for_the_fixture_pubs_matches_the_sdk_body() -> None:
    fixture = fixture_json("sampler_v2_post_jobs_body.json")
    values = [[0.0], [math.pi / 2], [math.pi]]
    params = build_sampler_params([(_bell(),), (_sweep(), values)], shots=1024)
    assert set(params) - {"shots"} == set(fixture["params"])
    for ours, theirs in zip(params["pubs"], fixture["params"]["pubs"], strict=True):
        assert _structure(_load_qpy(ours[0])[1]) == _structure(_load_qpy(theirs[0])[1])
    assert decode_ndarray(fixture["params"]["pubs"][1][1]["__value__"]).tolist() == values
    assert params["pubs"][1][1] == values


def test_estimator_fixture_observables_have_our_shape() -> None:
    fixture = fixture_json("estimator_v2_post_jobs_body.json")
    circuit = QuantumCircuit(2)
    circuit.ry(math.pi / 3, 0)
    circuit.cx(0, 1)
    params = build_estimator_params([(circuit, ["ZZ", "XX"])], precision=0.01)
    assert params["pubs"][0][1] == fixture["params"]["pubs"][0][1]
    assert _load_qpy(params["pubs"][0][0])[1] == _load_qpy(fixture["params"]["pubs"][0][0])[1]


def test_values_keyed_by_parameter_objects_use_their_names() -> None:
    theta = _sweep().parameters[0]
    params = build_sampler_params([(_sweep(), {theta: [0.1, 0.2]})])
    assert params["pubs"][0][1] == {"theta": [0.1, 0.2]}


def test_parameter_vector_counts_every_element() -> None:
    vector = ParameterVector("v", 11)
    circuit = QuantumCircuit(1, 1)
    for p in vector:
        circuit.rx(p, 0)
    circuit.measure(0, 0)
    with pytest.raises(ValueError, match="has 11"):
        build_sampler_params([(circuit, [0.0] * 10)])
    assert len(build_sampler_params([(circuit, [0.0] * 11)])["pubs"][0][1]) == 11


def test_sampler_quantum_circuit_must_measure_even_inside_control_flow() -> None:
    with pytest.raises(ValueError, match="must measure"):
        build_sampler_params([QuantumCircuit(1, 1)])
    circuit = QuantumCircuit(1, 1)
    with circuit.if_test((circuit.clbits[0], 0)):
        circuit.measure(0, 0)
    assert build_sampler_params([circuit])["pubs"]


def test_sparse_pauli_op_becomes_dense_label_dicts() -> None:
    op = SparsePauliOp(["ZZ", "XX", "ZZ"], coeffs=[1.0, 0.5, 0.25])
    params = build_estimator_params([(QuantumCircuit(2), [op, Pauli("YI")])])
    assert params["pubs"][0][1] == [{"ZZ": 1.25, "XX": 0.5}, {"YI": 1.0}]


def test_sparse_pauli_op_needs_real_coefficients_and_the_circuit_width() -> None:
    with pytest.raises(ValueError, match="must be real"):
        build_estimator_params([(QuantumCircuit(2), SparsePauliOp(["ZZ"], coeffs=[1j]))])
    with pytest.raises(ValueError, match="length 3 but the circuit has 2 qubits"):
        build_estimator_params([(QuantumCircuit(2), SparsePauliOp("ZZZ"))])
