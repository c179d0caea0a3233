"""The emulator's answers fit the prepared spec, with the version-gated deviations applied."""

from __future__ import annotations

import copy
import re
from typing import Any

import httpx
import pytest
from openapi_core.validation.response.exceptions import ResponseValidationError
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import DEVIATIONS, RuntimeEmulator
from qiskit_runtime_client.testing._app import HANDLERS
from qiskit_runtime_client.testing._spec import SpecIndex, load_spec
from qiskit_runtime_client.testing.deviations import apply_deviations, spec_path

from ._helpers import api_client, conforms, sampler_body

#: The spec's operations the emulator answers 501 "not emulated": usage analytics over time,
#: grouped by backend, user or date, and the values to filter them by. A client of jobs and
#: sessions needs none of them, and their numbers would be made up. Every other operation of the
#: spec has a handler.
NOT_EMULATED = {
    ("GET", "/analytics/usage"),
    ("GET", "/analytics/usage_grouped"),
    ("GET", "/analytics/usage_grouped_by_date"),
    ("GET", "/analytics/filters"),
}


def test_every_operation_of_the_spec_has_a_handler() -> None:
    index = SpecIndex(load_spec())
    served = {op.key for op in index.operations}
    assert served - set(HANDLERS) == NOT_EMULATED
    assert set(HANDLERS) <= served, set(HANDLERS) - served  # none for operations gone from it


def test_operations_without_a_handler_are_501_in_their_error_shape(api: httpx.Client) -> None:
    for method, route in sorted(NOT_EMULATED):
        params = {"group_by": "instance"} if "grouped" in route else {}  # required there
        answer = api.request(method, route, params=params)
        assert answer.status_code == 501
        conforms(answer)
        (error,) = answer.json()["errors"]
        assert error["message"] == f"{method} {route} is not emulated"
        assert error["code"] == 501  # GenericErrorDto, as the analytics operations declare


def test_a_tour_of_every_operation_conforms(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    session = api.post("/sessions", json={"mode": "dedicated", "backend": "ibm_fez"})
    job = api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": session.json()["id"]})
    job_id = job.json()["id"]
    answers = [session, job, api.get(f"/jobs/{job_id}"), api.get(f"/jobs/{job_id}/results")]
    clock.advance(5)
    answers.append(api.get(f"/jobs/{job_id}"))
    alone = api.post("/jobs", json=sampler_body("ibm_torino") | {"tags": ["tour"]})
    clock.advance(10)
    answers += [
        alone,
        api.get(f"/jobs/{job_id}"),
        api.get("/jobs", params={"limit": 5, "pending": "false", "exclude_params": "false"}),
        api.get(f"/jobs/{job_id}/results"),
        api.get(f"/jobs/{job_id}/logs"),
        api.get(f"/jobs/{job_id}/metrics"),
        api.put(f"/jobs/{job_id}/tags", json={"tags": ["tour"]}),
        api.get("/tags", params={"type": "job", "search": "tou"}),
        api.post(f"/jobs/{job_id}/cancel"),
        api.get(f"/sessions/{session.json()['id']}"),
        api.patch(f"/sessions/{session.json()['id']}", json={"accepting_jobs": False}),
        api.delete(f"/sessions/{session.json()['id']}/close"),
        api.get("/workloads", params={"user": "me"}),
        api.get("/workloads", params={"limit": 1, "sort": "-createdAt", "status": "completed"}),
        api.get("/workloads", params={"next": "not-a-cursor"}),
        api.get("/backends"),
        api.get("/backends/ibm_torino/status"),
        api.get("/backends/ibm_torino/configuration"),
        api.get("/backends/ibm_torino/properties"),
        api.get("/backends/ibm_torino/defaults"),
        api.get("/instance"),
        api.get("/instances/configuration"),
        api.put("/instances/configuration", json={"instance_limit": 100}),
        api.get("/instances/usage"),
        api.get(f"/accounts/{emu.account_id}"),
        api.get("/versions"),
        api.get("/analytics/usage"),
        api.delete(f"/jobs/{job_id}"),
        api.get(f"/jobs/{job_id}"),
    ]
    with api_client(emu, api_version="2024-01-01") as old:
        answers += [old.get("/backends"), old.get("/jobs"), old.get(f"/jobs/{alone.json()['id']}")]
    emu.fail_job()
    failed = api.post("/jobs", json=sampler_body()).json()["id"]
    clock.advance(15)
    answers += [api.get(f"/jobs/{failed}"), api.get(f"/jobs/{failed}/results")]
    emu.expire_tokens()
    answers += [api.get("/jobs"), api.get("/workloads"), api.get("/instances/usage")]
    statuses = set()
    for answer in answers:
        conforms(answer)
        statuses.add(answer.status_code)
    assert statuses == {200, 204, 400, 401, 404, 409, 501}


def test_the_conformance_check_is_not_vacuous(api: httpx.Client) -> None:
    job = api.post("/jobs", json=sampler_body())
    broken = httpx.Response(
        200,
        json={"id": 7, "backend": "x"},  # id must be a string
        request=job.request,
    )
    with pytest.raises(ResponseValidationError):
        conforms(broken)


def _find(spec: dict[str, Any], *keys: str) -> Any:
    node: Any = spec
    for key in keys:
        node = node[key]
    return node


def test_each_deviation_changes_the_spec() -> None:
    vendored = load_spec()
    for deviation in DEVIATIONS:
        patched = copy.deepcopy(vendored)
        deviation.patch(patched)
        assert patched != vendored, f"{deviation.name} does nothing to the spec"


def test_deviations_are_the_version_gated_shapes_and_errors() -> None:
    assert [d.name for d in DEVIATIONS] == [
        "api-v1-prefix",
        "usage-before-v3",
        "names-only-backends",
        "errors-on-every-operation",
    ]


def test_live_behaviours_are_in_the_patched_spec() -> None:
    prepared = load_spec()
    spec = apply_deviations(prepared)
    schemas = spec["components"]["schemas"]
    # api-v1-prefix: the spec's /v1 paths hang off /api on any host
    assert spec["servers"] == [{"url": "/api"}]
    # usage-before-v3: {seconds, quantum_seconds} next to UsageV3 in job details and metrics
    for name in ("JobResponseV3", "JobMetricsResponse"):
        usage = schemas[name]["properties"]["usage"]["anyOf"]
        assert usage[0] == {"$ref": "#/components/schemas/UsageV3"}
        assert usage[1]["required"] == ["seconds"]
    # names-only-backends: device names (strings) or device objects
    devices = schemas["BackendsResponse"]["properties"]["devices"]["items"]["anyOf"]
    assert devices[1] == {"type": "string"}
    # errors-on-every-operation: the operation's own error shape for any status, 429 on POST
    assert "429" in _find(spec, "paths", "/v1/jobs", "post", "responses")
    for path, method, shape in [
        ("/v1/jobs/{id}", "get", "ErrorContainer"),
        ("/v1/workloads", "get", "GenericErrorDto"),
        ("/v1/instances/usage", "get", "GenericErrorDto"),
    ]:
        default = _find(spec, "paths", path, method, "responses", "default")
        ref = default["content"]["application/json"]["schema"]["$ref"]
        assert ref == f"#/components/schemas/{shape}"
    # the prepared spec itself is left alone
    assert prepared["servers"][0]["url"] == "https://quantum.cloud.ibm.com/api"
    assert "anyOf" not in prepared["components"]["schemas"]["JobResponseV3"]["properties"]["usage"]
    assert "default" not in prepared["paths"]["/v1/jobs/{id}"]["get"]["responses"]


def test_live_facts_of_the_overrides_are_in_the_prepared_spec() -> None:
    """What the emulator relies on from openapi/overrides.yaml (not deviations any more)."""
    schemas = load_spec()["components"]["schemas"]
    assert schemas["JobState"]["properties"]["reasonCode"]["nullable"] is True
    assert schemas["Tags"]["maxItems"] == 8
    assert schemas["Tags"]["items"]["maxLength"] == 86
    assert re.match(schemas["JobRunParamsBase"]["properties"]["log_level"]["pattern"], "WARNING")
    assert schemas["InstanceConfigurationUpdate"]["properties"]["instance_limit"]["nullable"]
    assert "/v1/versions" in load_spec()["paths"]


def test_every_deviation_says_what_and_why() -> None:
    names = [d.name for d in DEVIATIONS]
    assert len(names) == len(set(names))
    for deviation in DEVIATIONS:
        assert deviation.live_behaviour
        assert deviation.source


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/v1/jobs", "/jobs"),
        ("/api/v1/jobs/abc/results", "/jobs/abc/results"),
        ("/api/v1", "/"),
        ("/jobs", None),
        ("/api/v10/jobs", None),
    ],
)
def test_spec_path(path: str, expected: str | None) -> None:
    assert spec_path(path) == expected
