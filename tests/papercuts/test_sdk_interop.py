"""The official SDK's habits: its option objects converted (or refused saying where they go),
qiskit's SamplerPub/EstimatorPub accepted, `Sampler(mode=...)` answered with what to call."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import (
    AsyncSampler,
    Estimator,
    ManualClock,
    RuntimeClient,
    Sampler,
)
from qiskit_runtime_client.primitives import estimator_job_body, sampler_job_body

sdk_options = pytest.importorskip("qiskit_ibm_runtime.options")
qiskit = pytest.importorskip("qiskit")
from qiskit.circuit import Parameter  # noqa: E402
from qiskit.primitives.containers.estimator_pub import EstimatorPub as QiskitEstimatorPub  # noqa: E402
from qiskit.primitives.containers.sampler_pub import SamplerPub as QiskitSamplerPub  # noqa: E402

BACKEND = "ibm_torino"


def _circuit(measure: bool) -> qiskit.QuantumCircuit:
    circuit = qiskit.QuantumCircuit(2)
    circuit.rz(Parameter("a"), 0)
    circuit.sx(0)
    circuit.cz(0, 1)
    if measure:
        circuit.measure_all()
    return circuit


def test_sdk_sampler_options_are_converted_field_by_field() -> None:
    options = sdk_options.SamplerOptions(default_shots=123)
    options.dynamical_decoupling.enable = True
    options.dynamical_decoupling.sequence_type = "XY4"
    options.twirling.enable_gates = True
    options.environment.job_tags = ["mine"]
    ours = {
        "default_shots": 123,
        "dynamical_decoupling": {"enable": True, "sequence_type": "XY4"},
        "twirling": {"enable_gates": True},
        "environment": {"job_tags": ["mine"]},
    }
    pubs = ['OPENQASM 3.0; include "stdgates.inc"; bit[1] c; c[0] = measure $0;']
    from_sdk = sampler_job_body(BACKEND, pubs, options=options)
    assert from_sdk == sampler_job_body(
        BACKEND,
        pubs,
        options=ours
        | {"environment": {"job_tags": ["mine"], "log_level": "WARNING", "private": False}},
    )
    assert from_sdk["params"]["options"]["dynamical_decoupling"]["sequence_type"] == "XY4"


def test_sdk_estimator_options_are_converted() -> None:
    options = sdk_options.EstimatorOptions(resilience_level=2, default_precision=0.02)
    options.resilience.zne_mitigation = True
    pubs = [('OPENQASM 3.0; include "stdgates.inc"; sx $0;', "Z")]
    body = estimator_job_body(BACKEND, pubs, options=options)
    assert body["params"]["resilience_level"] == 2
    assert body["params"]["options"]["resilience"] == {"zne_mitigation": True}


def test_sdk_options_of_the_other_primitive_say_where_they_go() -> None:
    pubs = ['OPENQASM 3.0; include "stdgates.inc"; bit[1] c; c[0] = measure $0;']
    with pytest.raises(TypeError, match=r"got qiskit_ibm_runtime's EstimatorOptions.*estimator"):
        sampler_job_body(BACKEND, pubs, options=sdk_options.EstimatorOptions())


def test_a_foreign_class_with_our_name_is_named_with_its_module() -> None:
    class SamplerOptions:  # e.g. someone else's class of the same name
        pass

    with pytest.raises(TypeError) as caught:
        sampler_job_body(BACKEND, ["OPENQASM 3.0;"], options=SamplerOptions())  # type: ignore[arg-type]
    message = str(caught.value)
    assert "qiskit_runtime_client's SamplerOptions" in message
    assert f"{__name__}.SamplerOptions" in message


def test_qiskit_pubs_give_the_body_of_their_tuple_forms() -> None:
    circuit = _circuit(measure=True)
    qiskit_pub = QiskitSamplerPub.coerce((circuit, [[0.1], [0.2]], 50))
    assert sampler_job_body(BACKEND, [qiskit_pub]) == sampler_job_body(
        BACKEND, [(circuit, [[0.1], [0.2]], 50)]
    )
    state = _circuit(measure=False)
    estimator_pub = QiskitEstimatorPub.coerce((state, ["ZZ", "XX"], [0.3], 0.05))
    assert estimator_job_body(BACKEND, [estimator_pub]) == estimator_job_body(
        BACKEND, [(state, [{"ZZ": 1.0}, {"XX": 1.0}], [0.3], 0.05)]
    )


def test_a_qiskit_pub_of_the_other_primitive_is_named() -> None:
    estimator_pub = QiskitEstimatorPub.coerce((_circuit(measure=False), "ZZ", [0.3]))
    with pytest.raises(TypeError, match=r"pubs\[0\]: qiskit's EstimatorPub is a PUB for the est"):
        sampler_job_body(BACKEND, [estimator_pub])
    sampler_pub = QiskitSamplerPub.coerce((_circuit(measure=True), [0.3]))
    with pytest.raises(TypeError, match=r"pubs\[0\]: qiskit's SamplerPub is a PUB for the sampler"):
        estimator_job_body(BACKEND, [sampler_pub])


@pytest.mark.parametrize(
    "build",
    [
        lambda: Sampler(mode=BACKEND),  # type: ignore[call-arg]
        lambda: Estimator(BACKEND),  # type: ignore[arg-type]
        lambda: AsyncSampler(mode=BACKEND),  # type: ignore[call-arg]
    ],
)
def test_the_sdk_constructor_says_what_to_call(build: object) -> None:
    with pytest.raises(TypeError, match=r"is not built directly .*use client\.(sampler|estimator)"):
        build()  # type: ignore[operator]


@pytest.mark.emulator
def test_qiskit_pubs_and_sdk_options_run_against_the_emulator() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    clock = ManualClock()
    client: RuntimeClient
    with testing.RuntimeEmulator(clock=clock, seed=6) as emu, emu.client(clock=clock) as client:
        backend = client.backends.get(BACKEND)
        circuit = client.transpile(_circuit(measure=True), backend)
        pub = QiskitSamplerPub.coerce((circuit, [[0.1], [0.2]], 40))
        options = sdk_options.SamplerOptions()
        options.environment.job_tags = ["sdk"]
        job = client.sampler(backend).run([pub], options=options)
        bits = job.result()[0].data.meas
        assert bits.shape == (2,) and bits.num_shots == 40
        assert "sdk" in job.details().tags
