"""GET /backends in both shapes, and the per-backend documents."""

from __future__ import annotations

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import api_client, conforms, sampler_body


def test_names_only_without_api_version(emu: RuntimeEmulator) -> None:
    with api_client(emu, api_version=None) as api:
        answer = api.get("/backends")
    assert answer.json() == {"devices": ["ibm_fez", "ibm_kingston", "ibm_torino", "ibm_marrakesh"]}
    conforms(answer)


def test_names_only_before_2025(emu: RuntimeEmulator) -> None:
    with api_client(emu, api_version="2024-01-01") as api:
        devices = api.get("/backends").json()["devices"]
    assert all(isinstance(name, str) for name in devices)


def test_rich_shape_from_2025(api: httpx.Client) -> None:
    answer = api.get("/backends")
    conforms(answer)
    devices = {d["name"]: d for d in answer.json()["devices"]}
    fez = devices["ibm_fez"]
    assert fez["qubits"] == 156
    assert fez["status"] == {"name": "online", "reason": "available"}
    assert fez["is_simulator"] is False
    assert devices["ibm_torino"]["qubits"] == 133
    assert devices["ibm_marrakesh"]["status"]["name"] == "paused"
    assert not any(d["is_simulator"] for d in devices.values())
    assert all(isinstance(d["queue_length"], int) for d in devices.values())


def test_documents_have_the_real_shapes(api: httpx.Client) -> None:
    configuration = api.get("/backends/ibm_fez/configuration")
    conforms(configuration)
    config = configuration.json()
    assert config["backend_name"] == "ibm_fez"
    assert config["n_qubits"] == 156
    assert "cz" in config["basis_gates"]
    edges = config["coupling_map"]
    assert {q for edge in edges for q in edge} == set(range(156))
    assert all([b, a] in edges for a, b in edges)
    coords = config["coords"]
    assert len(coords) == 156
    assert len({tuple(xy) for xy in coords}) == 156  # one place per qubit
    assert {g["name"]: g["qasm_def"] for g in config["gates"]}["cz"].startswith("gate cz q0,")
    assert {g["name"]: g["parameters"] for g in config["gates"]}["rz"] == ["theta"]
    assert (config["dt"], config["processor_type"]["revision"]) == (4, "2")
    assert {"rx", "rzz"} <= set(config["basis_gates"])  # fractional gates on this device

    properties = api.get("/backends/ibm_fez/properties")
    conforms(properties)
    props = properties.json()
    assert len(props["qubits"]) == 156
    assert {item["name"] for item in props["qubits"][0]} >= {"T1", "T2", "readout_error"}
    assert {g["gate"] for g in props["gates"]} >= {"cz", "sx"}
    assert all(isinstance(q, int) for gate in props["gates"] for q in gate["qubits"])
    assert len(props["last_update_date"]) == 20
    assert len(props["qubits"][0][0]["date"]) == 24

    status = api.get("/backends/ibm_marrakesh/status")
    conforms(status)
    assert status.json()["state"] is False
    assert set(status.json()) == {"state", "status", "message", "length_queue", "backend_version"}

    defaults = api.get("/backends/ibm_torino/defaults")
    conforms(defaults)
    assert len(defaults.json()["qubit_freq_est"]) == 133


@pytest.mark.parametrize("name", ["ibm_fez", "ibm_kingston", "ibm_torino", "ibm_marrakesh"])
def test_every_document_of_every_backend_conforms(api: httpx.Client, name: str) -> None:
    for document in ("configuration", "properties", "defaults", "status"):
        answer = api.get(f"/backends/{name}/{document}")
        conforms(answer)
        assert answer.status_code == 200, document


def test_heron_devices_with_and_without_fractional_gates(api: httpx.Client) -> None:
    torino = api.get("/backends/ibm_torino/configuration").json()
    assert torino["processor_type"] == {"family": "Heron", "revision": "1"}
    assert not {"rx", "rzz"} & set(torino["basis_gates"])
    torino_props = api.get("/backends/ibm_torino/properties").json()
    assert not {"rx", "rzz"} & {g["gate"] for g in torino_props["gates"]}
    fez = api.get("/backends/ibm_fez/configuration").json()
    assert fez["timing_constraints"]["granularity"] == 1
    rzz = next(g for g in fez["gates"] if g["name"] == "rzz")
    cz = next(g for g in fez["gates"] if g["name"] == "cz")
    assert rzz["coupling_map"] == cz["coupling_map"]


def test_unknown_backend_is_404_with_code_1007(api: httpx.Client) -> None:
    answer = api.get("/backends/ibm_nowhere/status")
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["code"] == "1007"
    conforms(answer)


def test_queue_length_counts_queued_jobs(api: httpx.Client, emu: RuntimeEmulator) -> None:
    emu.set_queue_length("ibm_torino", 3)
    api.post("/jobs", json=sampler_body("ibm_torino"))
    api.post("/jobs", json=sampler_body("ibm_torino"))
    status = api.get("/backends/ibm_torino/status").json()
    assert status["length_queue"] == 5


def test_paused_backend_keeps_jobs_queued_until_online(
    api: httpx.Client, emu: RuntimeEmulator, clock: ManualClock
) -> None:
    job_id = api.post("/jobs", json=sampler_body("ibm_marrakesh")).json()["id"]
    clock.advance(60)
    assert api.get(f"/jobs/{job_id}").json()["status"] == "Queued"
    emu.set_backend_status("ibm_marrakesh", "online")
    details = api.get(f"/jobs/{job_id}").json()
    assert details["status"] == "Running"
    metrics = api.get(f"/jobs/{job_id}/metrics").json()
    assert metrics["timestamps"]["running"] > metrics["timestamps"]["created"]
