"""qiskit-ibm-runtime, unchanged, runs its everyday operations against the emulator.

Each test names the SDK operations it drives; the README's emulator section counts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from qiskit_runtime_client.testing import RuntimeEmulator

EXACT = {"ZZ": 1.0, "XX": float(np.sin(1.0))}  # ry(1) on q0 then cx: <ZZ> = 1, <XX> = sin(1)


def _bell_counts_ok(counts: dict[str, int], shots: int) -> None:
    assert set(counts) <= {"00", "11"}
    assert sum(counts.values()) == shots


def test_service_construction_account_and_instances(
    service: Any, emulator: RuntimeEmulator
) -> None:
    # QiskitRuntimeService(...), active_account(), instances()
    assert service.active_account()["instance"] == emulator.instance
    assert [i["crn"] for i in service.instances()] == [emulator.instance]


def test_backends_and_least_busy(service: Any) -> None:
    # backends(), backends(filters), backend(name), least_busy()
    names = [b.name for b in service.backends()]
    assert "ibm_fez" in names
    big = service.backends(min_num_qubits=100, operational=True)
    assert big and all(b.num_qubits >= 100 for b in big)
    assert service.backend("ibm_fez").name == "ibm_fez"
    assert service.least_busy(min_num_qubits=2).name in names


def test_backend_status_properties_configuration_target(backend: Any) -> None:
    # backend.status(), .properties(), .configuration(), .target
    assert backend.status().operational is True
    assert backend.properties().backend_name == "ibm_fez"
    assert backend.configuration().n_qubits == 156
    assert backend.target.num_qubits == 156


def test_instance_usage(service: Any) -> None:
    # usage() reads the 0.45.3 GetUsageResponse fields
    usage = service.usage()
    assert {"usage_consumed_seconds", "usage_limit_seconds", "usage_limit_reached"} <= set(usage)
    assert usage["usage_limit_reached"] is False


def test_sampler_v2(backend: Any, circuits: dict[str, Any], quiet: None) -> None:
    # SamplerV2(backend).run(...), job.result(): counts, per-PUB metadata, execution spans
    from qiskit_ibm_runtime import SamplerV2

    result = SamplerV2(backend).run([circuits["bell"]], shots=200).result()
    _bell_counts_ok(result[0].data.meas.get_counts(), 200)
    assert result[0].metadata["shots"] == 200
    spans = result.metadata["execution"]["execution_spans"]
    assert len(spans) == 1 and spans[0].stop > spans[0].start
    assert spans[0].size == 200


def test_estimator_v2(backend: Any, circuits: dict[str, Any], quiet: None) -> None:
    # EstimatorV2(backend).run(...), job.result(): evs with non-zero error bars
    from qiskit_ibm_runtime import EstimatorV2

    pub = (circuits["ry"], circuits["observables"])
    result = EstimatorV2(backend).run([pub], precision=0.02).result()
    data, metadata = result[0].data, result[0].metadata
    assert np.all(data.stds > 0)
    for value, std, exact in zip(data.evs, data.stds, EXACT.values(), strict=True):
        assert abs(value - exact) < 6 * std
    assert metadata["target_precision"] == 0.02
    assert metadata["shots"] == 2500
    assert result.metadata["resilience"]["measure_mitigation"] is True


def test_executor_based_sampler(backend: Any, circuits: dict[str, Any]) -> None:
    # executor_sampler.Sampler(backend).run(...): an `executor` job, SDK post-processing
    from qiskit_ibm_runtime.executor_sampler import Sampler

    job = Sampler(backend).run([circuits["bell"]], shots=150)
    assert job.primitive_id == "executor"
    _bell_counts_ok(job.result()[0].data.meas.get_counts(), 150)


def test_executor_based_estimator(backend: Any, circuits: dict[str, Any]) -> None:
    # executor_estimator.Estimator(backend).run(...): samplex items, SDK post-processing
    from qiskit_ibm_runtime.executor_estimator import Estimator

    job = Estimator(backend).run([(circuits["ry"], circuits["observables"])])
    assert job.primitive_id == "executor"
    data = job.result()[0].data
    assert data.evs[0] == pytest.approx(EXACT["ZZ"], abs=0.05)
    assert data.evs[1] == pytest.approx(EXACT["XX"], abs=0.1)


def test_batch(backend: Any, circuits: dict[str, Any], quiet: None) -> None:
    # Batch(backend) as a context manager, SamplerV2 and the executor Sampler in it,
    # batch.details(), batch.status(), closing on exit
    from qiskit_ibm_runtime import Batch, SamplerV2
    from qiskit_ibm_runtime.executor_sampler import Sampler

    with Batch(backend=backend) as batch:
        first = SamplerV2(mode=batch).run([circuits["bell"]], shots=50)
        second = Sampler(mode=batch).run([circuits["bell"]], shots=50)
        _bell_counts_ok(first.result()[0].data.meas.get_counts(), 50)
        _bell_counts_ok(second.result()[0].data.meas.get_counts(), 50)
        assert first.session_id == second.session_id == batch.session_id
        details = batch.details()
        assert details["mode"] == "batch"
        assert batch.status() in ("Pending", "In progress, accepting new jobs")
    assert batch.details()["accepting_jobs"] is False


def test_session(backend: Any, circuits: dict[str, Any], quiet: None) -> None:
    # Session(backend), EstimatorV2 in it, session.details(), session.close()
    from qiskit_ibm_runtime import EstimatorV2, Session

    session = Session(backend=backend)
    job = EstimatorV2(mode=session).run([(circuits["ry"], circuits["observables"])])
    assert job.session_id == session.session_id
    assert job.result()[0].data.evs.shape == (2,)
    assert session.details()["mode"] == "dedicated"
    session.close()
    assert session.details()["accepting_jobs"] is False


def test_job_listing(service: Any, backend: Any, circuits: dict[str, Any], quiet: None) -> None:
    # service.jobs() with limit, skip, descending, program_id, backend_name, pending, job_tags
    from qiskit_ibm_runtime import SamplerV2

    sampler = SamplerV2(backend)
    sampler.options.environment.job_tags = ["listing"]
    jobs = [sampler.run([circuits["bell"]], shots=10) for _ in range(3)]
    for job in jobs:
        job.result()
    ids = [job.job_id() for job in jobs]
    assert [j.job_id() for j in service.jobs(job_tags=["listing"])] == ids[::-1]
    oldest_first = service.jobs(job_tags=["listing"], descending=False, skip=1, limit=5)
    assert [j.job_id() for j in oldest_first] == ids[1:]
    assert len(service.jobs(limit=None)) >= 3
    assert all(j.primitive_id == "sampler" for j in service.jobs(program_id="sampler"))
    assert service.jobs(backend_name="ibm_fez", pending=False)
    assert service.jobs(pending=True) == []


def test_job_retrieval_logs_metrics_usage_tags(
    service: Any, backend: Any, circuits: dict[str, Any], quiet: None
) -> None:
    # service.job(id), job.status(), .inputs, .result(), .logs(), .metrics(), .usage(),
    # .usage_estimation, .update_tags(), .creation_date, .backend(), .properties()
    from qiskit_ibm_runtime import SamplerV2

    job_id = SamplerV2(backend).run([circuits["bell"]], shots=20).job_id()
    job = service.job(job_id)
    _bell_counts_ok(job.result()[0].data.meas.get_counts(), 20)
    assert job.status() == "DONE"
    assert "pubs" in job.inputs
    assert job_id in job.logs()
    metrics = job.metrics()
    assert {"created", "running", "finished"} <= set(metrics["timestamps"])
    assert job.usage() == 1  # 0.1 s of emulated running time, billed as at least 1 s
    assert job.usage_estimation == {"quantum_seconds": 0.1}
    job.update_tags(["tagged"])
    assert service.job(job_id).tags == ["tagged"]
    assert job.creation_date is not None
    assert job.backend().name == "ibm_fez"
    assert job.properties().backend_name == "ibm_fez"


def test_cancel_and_delete(
    service: Any, backend: Any, circuits: dict[str, Any], emulator: RuntimeEmulator, quiet: None
) -> None:
    # job.cancel(), a second cancel (409 -> RuntimeInvalidStateError), service.delete_job()
    from qiskit_ibm_runtime import SamplerV2
    from qiskit_ibm_runtime.exceptions import RuntimeInvalidStateError, RuntimeJobNotFound

    emulator.queue_seconds = 60
    try:
        job = SamplerV2(backend).run([circuits["bell"]], shots=10)
    finally:
        emulator.queue_seconds = 0.05
    job.cancel()
    assert job.status() == "CANCELLED"
    with pytest.raises(RuntimeInvalidStateError):
        job.cancel()
    service.delete_job(job.job_id())
    with pytest.raises(RuntimeJobNotFound):
        service.job(job.job_id())


def test_failed_job(
    backend: Any, circuits: dict[str, Any], emulator: RuntimeEmulator, quiet: None
) -> None:
    # a failed job: job.result() raises with the reason code, job.error_message()
    from qiskit_ibm_runtime import SamplerV2
    from qiskit_ibm_runtime.exceptions import RuntimeJobFailureError

    emulator.fail_job(reason="Backend error", code=1517)
    job = SamplerV2(backend).run([circuits["bell"]], shots=10)
    with pytest.raises(RuntimeJobFailureError, match="1517"):
        job.result()
    assert "Backend error" in job.error_message()


def test_max_execution_time_above_the_cap_is_capped(
    service: Any, backend: Any, circuits: dict[str, Any], quiet: None
) -> None:
    # options.max_execution_time above 10800: the service caps the job's cost, no 400
    from qiskit_ibm_runtime import SamplerV2

    sampler = SamplerV2(backend, options={"max_execution_time": 20000})
    job = sampler.run([circuits["bell"]], shots=10)
    _bell_counts_ok(job.result()[0].data.meas.get_counts(), 10)
