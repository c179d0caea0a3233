"""Regression tests for the generator problems fixed at generation level (overrides and templates).

Each test drives the generated ``sync_detailed``/``asyncio_detailed`` functions through an
``httpx.MockTransport``, so the whole generated request/parse path runs and no network is used.
"""

from __future__ import annotations

import enum
import importlib
import json
import pkgutil
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
import qiskit_runtime_api
from qiskit_runtime_api import errors, models
from qiskit_runtime_api.api.backends import list_backends
from qiskit_runtime_api.api.jobs import (
    get_interim_results_jid,
    get_job_details_jid,
    get_job_results_jid,
    get_jog_logs_jid,
)
from qiskit_runtime_api.api.sessions import create_session, get_session_information
from qiskit_runtime_api.client import Client

GENERATED = Path(qiskit_runtime_api.__file__).resolve().parent
SPEC_COPY = (
    Path(__file__).resolve().parents[2] / "facade/qiskit_runtime_client/testing/_spec/openapi.json"
)
BASE_URL = "https://quantum.example.invalid/api/v1"


def client_answering(
    status: int, body: str | bytes, content_type: str = "application/json", **kwargs: Any
) -> Client:
    """A generated Client whose transport answers every request with the given response."""
    content = body.encode() if isinstance(body, str) else body

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=content, headers={"content-type": content_type})

    return Client(
        base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(handler)}, **kwargs
    )


def recording_client(seen: list[httpx.Request], answer: dict[str, Any]) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=answer)

    return Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(handler)})


V1_BACKENDS = {"devices": ["ibm_brisbane", "ibm_kyiv"]}
V2_BACKENDS = {
    "devices": [
        {
            "name": "ibm_brisbane",
            "status": {"name": "online", "reason": "available"},
            "is_simulator": False,
            "qubits": 127,
            "clops": {"type": "hardware", "value": 180000},
            "processor_type": {"family": "Eagle", "revision": "3", "segment": None},
            "queue_length": 4,
            "wait_time_seconds": {"p50": 12},  # newer field, kept in additional_properties
        }
    ]
}


# --- a. GET /backends: both payload shapes parse to the right variant -----------------------------


def test_backends_v1_payload_parses_as_v1() -> None:
    response = list_backends.sync_detailed(client=client_answering(200, json.dumps(V1_BACKENDS)))

    assert isinstance(response.parsed, models.BackendsResponse)
    assert response.parsed.devices == ["ibm_brisbane", "ibm_kyiv"]


def test_backends_v2_payload_parses_as_v2_with_typed_devices() -> None:
    response = list_backends.sync_detailed(client=client_answering(200, json.dumps(V2_BACKENDS)))

    parsed = response.parsed
    assert isinstance(parsed, models.BackendsResponseV2)
    (device,) = parsed.devices
    assert isinstance(device, models.BackendsResponseV2DevicesItem)
    assert device.name == "ibm_brisbane"
    assert device.status.name is models.BackendsResponseV2DevicesItemStatusName.ONLINE
    assert device.queue_length == 4
    assert device.additional_properties["wait_time_seconds"] == {"p50": 12}


@pytest.mark.parametrize(
    "device",
    [
        {"name": "ibm_x", "status": {"name": "maintenance"}, "queue_length": 0},  # unknown status
        {"name": "ibm_x"},  # status and queue_length missing
        {"name": "ibm_x", "status": {"reason": "calibrating"}},  # status without its name
    ],
)
def test_unusual_v2_device_never_falls_back_to_v1(device: dict[str, Any]) -> None:
    payload = json.dumps({"devices": [device]})

    response = list_backends.sync_detailed(client=client_answering(200, payload))

    assert isinstance(response.parsed, models.BackendsResponseV2)
    assert response.parsed.devices[0].name == "ibm_x"


def test_unknown_backend_status_is_kept_and_marked_unknown() -> None:
    payload = {"devices": [{"name": "ibm_x", "status": {"name": "maintenance"}, "queue_length": 0}]}

    response = list_backends.sync_detailed(client=client_answering(200, json.dumps(payload)))

    assert isinstance(response.parsed, models.BackendsResponseV2)
    status = response.parsed.devices[0].status
    assert isinstance(status, models.BackendsResponseV2DevicesItemStatus)
    assert status.name == "maintenance"
    assert isinstance(status.name, models.BackendsResponseV2DevicesItemStatusName)
    assert not status.name.is_known
    assert response.parsed.to_dict()["devices"][0]["status"]["name"] == "maintenance"


# --- b. enum values the spec does not list --------------------------------------------------------


JOB = {
    "id": "c5dge2d3rn7breq27i9g",
    "backend": "ibm_brisbane",
    "state": {"status": "Cancelled - Ran too long", "reason": "max time", "reasonCode": 1305},
    "status": "Cancelled - Ran too long",
    "program": {"id": "sampler"},
    "created": "2025-01-01T00:00:00Z",
    "cost": 600,
    "usage": {"qpu_charge_time_seconds": 0, "status": "pending"},
}


def test_job_with_status_missing_from_the_state_enum_parses() -> None:
    response = get_job_details_jid.sync_detailed(
        "c5dge", client=client_answering(200, json.dumps(JOB))
    )

    job = response.parsed
    assert isinstance(job, models.JobResponse)
    assert job.state.status == "Cancelled - Ran too long"  # not listed in JobState.status
    assert isinstance(job.state.status, models.JobStateStatus)
    assert not job.state.status.is_known
    assert job.status is models.JobStatus.CANCELLED_RAN_TOO_LONG  # listed in JobStatus
    assert job.status.is_known
    assert job.state.additional_properties["reasonCode"] == 1305


def test_job_usage_in_the_newer_shape_parses() -> None:
    response = get_job_details_jid.sync_detailed(
        "c5dge", client=client_answering(200, json.dumps(JOB))
    )

    assert isinstance(response.parsed, models.JobResponse)
    usage = response.parsed.usage
    assert isinstance(usage, models.Usage)
    assert usage.qpu_charge_time_seconds == 0
    assert usage.status is models.UsageStatus.PENDING


def test_new_session_state_and_null_timestamps_parse() -> None:
    session = {
        "id": "s1",
        "backend_name": None,
        "mode": "batch",
        "state": "draining",  # a state the spec does not list
        "started_at": "2025-01-01T00:00:00Z",
        "activated_at": None,
        "closed_at": None,
        "last_job_started": None,
        "last_job_completed": None,
        "elapsed_time": None,
        "timestamps": [{"status": "draining", "timestamp": "2025-01-01T00:00:00Z"}],
    }

    response = get_session_information.sync_detailed(
        "s1", client=client_answering(200, json.dumps(session))
    )

    parsed = response.parsed
    assert isinstance(parsed, models.JobSession)
    assert parsed.state == "draining"
    assert isinstance(parsed.state, models.SessionState)
    assert not parsed.state.is_known
    assert parsed.backend_name is None
    assert parsed.closed_at is None
    assert parsed.elapsed_time is None
    assert parsed.started_at is not None
    assert parsed.to_dict()["state"] == "draining"


def all_generated_enums() -> list[type[enum.Enum]]:
    found = []
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"{models.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def test_every_generated_enum_is_open_for_strings_and_still_strict_for_other_types() -> None:
    enums = all_generated_enums()
    assert len(enums) >= 8  # the spec's enums; guards against the walk finding nothing

    for enum_class in enums:
        unknown = enum_class("a-value-from-the-future")  # type: ignore[call-arg]
        assert isinstance(unknown, enum_class)
        assert unknown == "a-value-from-the-future"
        assert str(unknown) == "a-value-from-the-future"
        assert not unknown.is_known  # type: ignore[attr-defined]
        first = next(iter(enum_class))
        assert enum_class(first.value) is first  # known values stay the canonical members
        assert first.is_known  # type: ignore[attr-defined]
        assert list(enum_class) == [m for m in enum_class if m.is_known]  # type: ignore[attr-defined]
        with pytest.raises(ValueError):
            enum_class(12345)  # type: ignore[call-arg]


# --- c. the removed /stream operations ------------------------------------------------------------


def test_stream_operations_and_their_model_are_not_generated() -> None:
    jobs_api = importlib.import_module("qiskit_runtime_api.api.jobs")
    modules = {info.name for info in pkgutil.iter_modules(jobs_api.__path__)}

    assert "get_stream_job_logs_jid" not in modules
    assert "list_stream_jobs_state_updates" not in modules
    assert not hasattr(models, "JobStateUpdate")
    assert not any(
        path.startswith("/stream") for path in json.loads(SPEC_COPY.read_text())["paths"]
    )


# --- d. text results come back as text ------------------------------------------------------------

TEXT_ENDPOINTS = [get_job_results_jid, get_interim_results_jid, get_jog_logs_jid]


@pytest.mark.parametrize(
    "endpoint", TEXT_ENDPOINTS, ids=lambda module: module.__name__.rsplit(".", 1)[1]
)
@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_text_results_are_returned_as_the_raw_text(endpoint: Any, content_type: str) -> None:
    body = '{"results": [{"data": {"evs": 0.74}}], "metadata": {"version": 2}}'

    response = endpoint.sync_detailed("job-1", client=client_answering(200, body, content_type))

    assert response.parsed == body  # not parsed JSON, whatever the Content-Type says
    assert isinstance(response.parsed, str)


async def test_text_results_async_path_too() -> None:
    body = '{"__type__": "PrimitiveResult", "__value__": {}}'
    client = client_answering(200, body, "text/plain")

    response = await get_job_results_jid.asyncio_detailed("job-1", client=client)

    assert response.parsed == body


def test_no_final_result_yet_is_none() -> None:
    response = get_job_results_jid.sync_detailed("job-1", client=client_answering(204, b""))

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.parsed is None


# --- non-IANA status codes ------------------------------------------------------------------------


def test_non_iana_status_code_reaches_the_caller() -> None:
    html = "<html><body>Cloudflare: web server returned an unknown error</body></html>"

    response = get_job_details_jid.sync_detailed(
        "j", client=client_answering(520, html, "text/html")
    )

    assert response.status_code == 520
    assert response.parsed is None
    assert response.content == html.encode()


def test_non_iana_status_code_with_raise_on_unexpected_status_raises_the_typed_error() -> None:
    client = client_answering(520, "oops", "text/plain", raise_on_unexpected_status=True)

    with pytest.raises(errors.UnexpectedStatus) as caught:
        get_job_details_jid.sync_detailed("j", client=client)

    assert caught.value.status_code == 520


def test_known_status_codes_are_still_http_status_members() -> None:
    response = get_job_details_jid.sync_detailed(
        "j", client=client_answering(404, '{"errors": []}')
    )

    assert response.status_code is HTTPStatus.NOT_FOUND
    assert isinstance(response.parsed, models.ErrorContainer)


# --- other overrides that change generated code ---------------------------------------------------


def test_session_request_bodies_carry_backend_and_channel_partner_fields() -> None:
    seen: list[httpx.Request] = []
    client = recording_client(seen, {"id": "s1", "backend_name": "ibm_x", "mode": "batch"})
    cloud = models.CreateSessionRequestCloud(
        mode=models.ExecutionMode.BATCH,
        max_ttl=600,
        backend="ibm_x",  # backend: added by override
    )
    partner = models.CreateSessionRequestChannelPartner(
        mode=models.ExecutionMode.DEDICATED, interactive_ttl=60, active_ttl=120
    )

    create_session.sync_detailed(client=client, body=cloud)
    create_session.sync_detailed(client=client, body=partner)

    assert json.loads(seen[0].content) == {"mode": "batch", "max_ttl": 600, "backend": "ibm_x"}
    assert json.loads(seen[1].content) == {
        "mode": "dedicated",
        "max_ttl": 28800,
        "interactive_ttl": 60,
        "active_ttl": 120,
    }
    assert seen[0].url == f"{BASE_URL}/sessions"


# --- the generated package itself -----------------------------------------------------------------


def test_every_generated_module_carries_the_do_not_edit_header() -> None:
    modules = sorted(GENERATED.rglob("*.py"))

    assert len(modules) > 50
    for module in modules:
        head = module.read_text(encoding="utf-8").splitlines()[:3]
        assert head[0].startswith("# Generated by openapi-python-client 0.29.1"), module
        assert any("DO NOT EDIT" in line for line in head), module


def test_package_is_typed() -> None:
    assert (GENERATED / "py.typed").is_file()
