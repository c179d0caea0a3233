"""client.backends: both listing shapes, status documents, least_busy, bad names."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from qiskit_runtime_client.errors import NoBackendAvailableError
from qiskit_runtime_client.resources import Backend
from resources_fake import FakeService

RICH = {
    "devices": [
        {
            "name": "ibm_busy",
            "status": {"name": "online", "reason": "available"},
            "is_simulator": False,
            "qubits": 156,
            "queue_length": 40,
            "clops": {"type": "hardware", "value": 250000},
        },
        {"name": "ibm_quiet", "status": {"name": "online"}, "qubits": 127, "queue_length": 3},
        {"name": "ibm_paused", "status": {"name": "paused", "reason": "Maintenance"},
         "qubits": 156, "queue_length": 0},
        {"name": "ibm_calib", "status": {"name": "online", "reason": "calibrating"},
         "qubits": 156, "queue_length": 1},
        {"name": "ibm_down", "status": {"name": "offline"}, "qubits": 20, "queue_length": 0},
        {"name": "sim", "status": {"name": "online"}, "is_simulator": True, "qubits": 32,
         "queue_length": 0},
        {"name": "ibm_future", "status": {"name": "degraded"}, "queue_length": 0, "new": 1},
    ]
}  # fmt: skip


def status_doc(queue: int, *, state: bool = True, status: str = "active") -> dict[str, object]:
    return {"backend_version": "1.0", "length_queue": queue, "message": "available",
            "state": state, "status": status}  # fmt: skip


def test_names_only_and_rich_listings_give_the_same_type(
    client: RuntimeClient, fake: FakeService
) -> None:
    names = client.backends.list()
    assert names == [Backend("ibm_a"), Backend("ibm_b")]
    assert names[0].is_available is None

    fake.backends_payload = RICH
    rich = {b.name: b for b in client.backends.list()}
    busy = rich["ibm_busy"]
    assert (busy.status, busy.status_reason, busy.is_simulator, busy.qubits, busy.queue_length) == (
        "online",
        "available",
        False,
        156,
        40,
    )
    assert busy.raw["clops"]["value"] == 250000
    assert rich["ibm_quiet"].is_available is True
    assert rich["ibm_calib"].is_available is False
    assert rich["ibm_future"].status == "degraded" and rich["ibm_future"].is_available is False


def test_least_busy_from_the_rich_listing_needs_one_request(
    client: RuntimeClient, fake: FakeService
) -> None:
    fake.backends_payload = RICH
    assert client.backends.least_busy().name == "ibm_quiet"
    assert client.backends.least_busy(min_qubits=150).name == "ibm_busy"
    assert client.backends.least_busy(simulator=True).name == "sim"
    assert client.backends.least_busy(simulator=None).name == "sim"
    assert len(fake.api_requests()) == 4
    with pytest.raises(NoBackendAvailableError, match="at least 500 qubits"):
        client.backends.least_busy(min_qubits=500)


def test_least_busy_from_names_fetches_status_and_only_needed_configuration(
    client: RuntimeClient, fake: FakeService
) -> None:
    fake.backends_payload = {"devices": ["ibm_a", "ibm_b", "ibm_c"]}
    fake.backend_status = {
        "ibm_a": status_doc(9),
        "ibm_b": status_doc(1),
        "ibm_c": status_doc(0, state=False, status="maintenance"),
    }
    fake.configurations = {"ibm_a": {"n_qubits": 127}, "ibm_b": {"n_qubits": 27}}

    chosen = client.backends.least_busy()
    assert (chosen.name, chosen.queue_length, chosen.status) == ("ibm_b", 1, "online")
    assert fake.calls("GET", "/backends/ibm_b/configuration") == []

    fake.requests.clear()
    assert client.backends.least_busy(min_qubits=100).name == "ibm_a"
    configs = [p for _, p, _ in fake.api_requests() if p.endswith("/configuration")]
    assert configs == ["/backends/ibm_b/configuration", "/backends/ibm_a/configuration"]


def test_status_documents_v1_and_v2(client: RuntimeClient, fake: FakeService) -> None:
    fake.backend_status = {
        "v1": status_doc(14),
        "v2": {"status": {"name": "paused", "reason": "Maintenance"}, "queue_length": 4},
    }
    v1 = client.backends.status("v1")
    assert (v1.operational, v1.status, v1.queue_length, v1.is_available) == (
        True,
        "active",
        14,
        True,
    )
    v2 = client.backends.status("v2")
    assert (v2.status, v2.message, v2.queue_length, v2.is_available) == (
        "paused",
        "Maintenance",
        4,
        False,
    )


def test_documents_and_updated_before(client: RuntimeClient, fake: FakeService) -> None:
    when = datetime(2026, 3, 1, tzinfo=UTC)
    assert client.backends.properties("ibm_a", updated_before=when)["what"] == "properties"
    assert fake.requests[-1][2] == {"updated_before": ["2026-03-01T00:00:00.000000Z"]}
    assert client.backends.configuration("ibm_a")["what"] == "configuration"
    assert client.backends.defaults("ibm_a")["what"] == "defaults"


@pytest.mark.parametrize("bad", ["", "a/b", "..", "a#b"])
def test_bad_backend_names_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, bad: str
) -> None:
    with pytest.raises(ValueError, match="name"):
        client.backends.status(bad)
    with pytest.raises(ValueError, match="updated_before"):
        client.backends.properties("ibm_a", updated_before="last week")
    with pytest.raises(ValueError, match="min_qubits"):
        client.backends.least_busy(min_qubits=0)
    assert fake.api_requests() == []


async def test_async_backends(aclient: AsyncRuntimeClient, fake: FakeService) -> None:
    fake.backends_payload = RICH
    assert len(await aclient.backends.list()) == 7
    assert (await aclient.backends.least_busy()).name == "ibm_quiet"
    fake.backend_status = {"ibm_a": status_doc(2)}
    assert (await aclient.backends.status("ibm_a")).queue_length == 2
