"""client.backends over recorded traffic: both GET /backends shapes, the backend documents,
and least_busy (which asks for status only where the listing gave names alone)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from cassette_config import CassetteTarget
from qiskit_runtime_client.testing import Backend

from ._helpers import api_calls, assert_fully_played

pytestmark = [pytest.mark.vcr, pytest.mark.block_network]

NAMES = ["ibm_fez", "ibm_kingston", "ibm_torino", "ibm_marrakesh"]


def test_list_rich_shape(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        backends = client.backends.list()
    assert [b.name for b in backends] == NAMES
    fez, _, _, marrakesh = backends
    assert (fez.status, fez.status_reason) == ("online", "available")
    assert (fez.qubits, fez.queue_length) == (156, 2)
    assert fez.is_available and fez.is_simulator is False
    assert (marrakesh.status, marrakesh.is_available) == ("paused", False)
    assert not any(b.is_simulator for b in backends)
    assert fez.raw["processor_type"]["family"] == "Heron"
    assert api_calls(vcr) == [("GET", "/backends", 200)]
    request = next(r for r, _ in vcr.data if r.uri.endswith("/backends"))
    assert request.headers["ibm-api-version"] == "2026-04-15"
    assert_fully_played(vcr)


def test_list_names_only_shape(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client(api_version="2024-01-01") as client:
        backends = client.backends.list()
    assert [b.name for b in backends] == NAMES
    assert all(b.status is None and b.qubits is None for b in backends)
    assert all(b.is_available is None for b in backends)
    request = next(r for r, _ in vcr.data if r.uri.endswith("/backends"))
    assert request.headers["ibm-api-version"] == "2024-01-01"
    assert_fully_played(vcr)


def test_status_of_online_and_paused_backends(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        fez = client.backends.status("ibm_fez")
        marrakesh = client.backends.status("ibm_marrakesh")
    assert (fez.name, fez.operational, fez.status, fez.queue_length) == (
        "ibm_fez",
        True,
        "active",
        2,
    )
    assert fez.is_available
    assert marrakesh.operational is False and not marrakesh.is_available
    assert marrakesh.message == "internal maintenance"
    assert api_calls(vcr) == [
        ("GET", "/backends/ibm_fez/status", 200),
        ("GET", "/backends/ibm_marrakesh/status", 200),
    ]
    assert_fully_played(vcr)


#: A 7-qubit device keeps the documents' cassette small (a 133-qubit one is 650 kB). Falcon r4 H
#: as in the SDK's snapshot conf_casablanca.json (CLOPS invented: the snapshot has none). Not a
#: Falcon r5.11 such as ibm_nairobi: its sample_name "family: Falcon, revision: 5.11" breaks the
#: 0.45.3 pattern ^[a-zA-Z0-9,:\s]*$ (no dot), which the SDK's snapshots of the devices in
#: service today (Eagle r3, Heron r1-r3, Nighthawk r1) all fit.
SMALL = Backend("ibmq_casablanca", 7, "Falcon", "4", "H", 2400, base_queue=3)


@pytest.mark.emulator_options(backends=[SMALL])
def test_documents(vcr: Any, cassette_target: CassetteTarget) -> None:
    as_of = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    with cassette_target.client() as client:
        configuration = client.backends.configuration("ibmq_casablanca")
        properties = client.backends.properties("ibmq_casablanca")
        older = client.backends.properties("ibmq_casablanca", updated_before=as_of)
        defaults = client.backends.defaults("ibmq_casablanca")
    assert configuration["backend_name"] == "ibmq_casablanca"
    assert configuration["n_qubits"] == 7
    assert len(configuration["coords"]) == 7  # 0.45.3: each qubit's [column, row]
    assert len(properties["qubits"]) == 7
    assert older["backend_name"] == "ibmq_casablanca"
    assert "qubit_freq_est" in defaults
    when = "2026-01-02T03%3A04%3A05%2B00%3A00"  # the generated builder's isoformat()
    assert api_calls(vcr) == [
        ("GET", "/backends/ibmq_casablanca/configuration", 200),
        ("GET", "/backends/ibmq_casablanca/properties", 200),
        ("GET", f"/backends/ibmq_casablanca/properties?updated_before={when}", 200),
        ("GET", "/backends/ibmq_casablanca/defaults", 200),
    ]
    assert_fully_played(vcr)


def test_least_busy_over_the_rich_listing(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        assert client.backends.least_busy().name == "ibm_fez"
        assert client.backends.least_busy(min_qubits=140).name == "ibm_fez"
        assert client.backends.least_busy(simulator=None).name == "ibm_fez"
    # every fact came from the listing: no status or configuration requests
    assert api_calls(vcr) == [("GET", "/backends", 200)] * 3
    assert_fully_played(vcr)


def test_least_busy_over_names_only(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client(api_version="2024-01-01") as client:
        best = client.backends.least_busy(min_qubits=100)
    assert (best.name, best.status, best.queue_length, best.qubits) == ("ibm_fez", "online", 2, 156)
    # names only: a status per real device, then the configuration of the winner for its qubits
    assert api_calls(vcr) == [
        ("GET", "/backends", 200),
        ("GET", "/backends/ibm_fez/status", 200),
        ("GET", "/backends/ibm_kingston/status", 200),
        ("GET", "/backends/ibm_torino/status", 200),
        ("GET", "/backends/ibm_marrakesh/status", 200),
        ("GET", "/backends/ibm_fez/configuration", 200),
    ]
    assert_fully_played(vcr)


async def test_async_list_status_and_least_busy(vcr: Any, cassette_target: CassetteTarget) -> None:
    async with cassette_target.async_client() as client:
        backends = await client.backends.list()
        status = await client.backends.status("ibm_torino")
        best = await client.backends.least_busy()
    assert [b.name for b in backends] == NAMES
    assert (status.queue_length, status.is_available) == (11, True)
    assert best.name == "ibm_fez"
    assert api_calls(vcr) == [
        ("GET", "/backends", 200),
        ("GET", "/backends/ibm_torino/status", 200),
        ("GET", "/backends", 200),
    ]
    assert_fully_played(vcr)
