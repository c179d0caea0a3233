"""client.backends: both listing shapes, status documents, least_busy, bad names."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient, UnexpectedResponseError
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


def configuration_doc(name: str, qubits: int, **extra: Any) -> dict[str, Any]:
    """A configuration document with the fields BackendsConfigurationResponse requires."""
    return {"backend_name": name, "backend_version": "1.0.0", "basis_gates": ["cz", "x"],
            "conditional": False, "coupling_map": [[0, 1]],
            "coords": [[0, q] for q in range(qubits)],
            "gates": [], "local": False, "memory": True, "n_qubits": qubits,
            "online_date": "2025-01-01T00:00:00Z", "u_channel_lo": [], **extra}  # fmt: skip


def properties_doc(name: str, **extra: Any) -> dict[str, Any]:
    """A properties document with the fields BackendPropertiesResponse requires."""
    return {"backend_name": name, "backend_version": "1.0.0", "gates": [], "general": [],
            "last_update_date": "2026-02-28T12:00:00Z", "qubits": [], **extra}  # fmt: skip


def answer(fake: FakeService, path: str, body: object) -> None:
    fake.overrides[("GET", path)] = lambda request: httpx.Response(200, json=body)


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
    assert rich["ibm_future"].raw["new"] == 1  # a field the spec does not list is kept


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
    fake.configurations = {"ibm_a": configuration_doc("ibm_a", 127),
                           "ibm_b": configuration_doc("ibm_b", 27)}  # fmt: skip

    chosen = client.backends.least_busy()
    assert (chosen.name, chosen.queue_length, chosen.status) == ("ibm_b", 1, "online")
    assert fake.calls("GET", "/v1/backends/ibm_b/configuration") == []
    assert fake.calls("GET", "/v1/backends/ibm_c/status") == [("GET", "/v1/backends/ibm_c/status")]

    fake.requests.clear()
    assert client.backends.least_busy(min_qubits=100).name == "ibm_a"
    configs = [p for _, p, _ in fake.api_requests() if p.endswith("/configuration")]
    assert configs == ["/v1/backends/ibm_b/configuration", "/v1/backends/ibm_a/configuration"]


def test_the_listing_is_read_by_the_generated_model(
    client: RuntimeClient, fake: FakeService
) -> None:
    assert fake.calls("GET", "/v1/backends") == []
    client.backends.list()
    assert fake.calls("GET", "/v1/backends") == [("GET", "/v1/backends")]
    # names mixed with objects, or objects without the fields BackendsResponse requires
    for bad in (
        {"devices": ["ibm_a", RICH["devices"][1]]},
        {"devices": [{"name": "ibm_a"}]},
        {"devices": [{"name": 7, "status": {"name": "online"}, "queue_length": 0}]},
        {"devices": "ibm_a"},
        ["ibm_a"],
    ):
        fake.backends_payload = bad
        with pytest.raises(UnexpectedResponseError):
            client.backends.list()
    fake.backends_payload = {"devices": []}
    assert client.backends.list() == []


def test_status_document(client: RuntimeClient, fake: FakeService) -> None:
    fake.backend_status = {
        "v1": {**status_doc(14), "new_field": 1},
        "bare": {"length_queue": 4},
        "v2": {"status": {"name": "paused", "reason": "Maintenance"}, "queue_length": 4},
    }
    v1 = client.backends.status("v1")
    assert (v1.operational, v1.status, v1.queue_length, v1.is_available) == (
        True,
        "active",
        14,
        True,
    )
    assert (v1.message, v1.backend_version, v1.raw["new_field"]) == ("available", "1.0", 1)
    assert fake.calls("GET", "/v1/backends/v1/status") == [("GET", "/v1/backends/v1/status")]
    bare = client.backends.status("bare")
    assert (bare.operational, bare.status, bare.queue_length, bare.is_available) == (
        None,
        None,
        4,
        True,
    )
    # not a BackendStatusResponse (no length_queue): a typed error, not a guess
    with pytest.raises(UnexpectedResponseError, match="length_queue"):
        client.backends.status("v2")


def test_documents_and_updated_before(client: RuntimeClient, fake: FakeService) -> None:
    answer(fake, "/v1/backends/ibm_a/properties", properties_doc("ibm_a", extra=[1]))
    answer(fake, "/v1/backends/ibm_a/configuration", configuration_doc("ibm_a", 5, new=True))
    when = datetime(2026, 3, 1, tzinfo=UTC)
    properties = client.backends.properties("ibm_a", updated_before=when)
    assert properties == properties_doc("ibm_a", extra=[1])  # as the service sent it
    (sent,) = fake.requests[-1][2]["updated_before"]
    assert datetime.fromisoformat(sent) == when
    client.backends.properties("ibm_a", updated_before="2026-03-01T01:00:00+01:00")
    assert datetime.fromisoformat(fake.requests[-1][2]["updated_before"][0]) == when
    client.backends.properties("ibm_a")
    assert fake.requests[-1][2] == {}
    configuration = client.backends.configuration("ibm_a")
    assert (configuration["n_qubits"], configuration["new"]) == (5, True)
    assert client.backends.defaults("ibm_a")["what"] == "defaults"  # every field is optional
    assert [p for _, p, _ in fake.api_requests()] == [
        "/v1/backends/ibm_a/properties",
        "/v1/backends/ibm_a/properties",
        "/v1/backends/ibm_a/properties",
        "/v1/backends/ibm_a/configuration",
        "/v1/backends/ibm_a/defaults",
    ]


def test_documents_of_another_shape_are_typed_errors(
    client: RuntimeClient, fake: FakeService
) -> None:
    # the fake's default documents lack what the configuration and properties models require
    with pytest.raises(UnexpectedResponseError, match="get_backend_configuration"):
        client.backends.configuration("ibm_a")
    with pytest.raises(UnexpectedResponseError, match="get_backend_properties"):
        client.backends.properties("ibm_a")
    answer(fake, "/v1/backends/ibm_a/defaults", ["not", "an", "object"])
    with pytest.raises(UnexpectedResponseError, match="JSON object"):
        client.backends.defaults("ibm_a")


@pytest.mark.parametrize("bad", ["", "a/b", "..", "a#b"])
def test_bad_backend_names_fail_before_any_request(
    client: RuntimeClient, fake: FakeService, bad: str
) -> None:
    with pytest.raises(ValueError, match="name"):
        client.backends.status(bad)
    with pytest.raises(ValueError, match="name"):
        client.backends.configuration(bad)
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
