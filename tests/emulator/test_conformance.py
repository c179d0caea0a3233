"""The emulator's answers fit the vendored spec, except for the deviations listed in one place."""

from __future__ import annotations

import copy
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


def test_every_operation_of_the_spec_has_a_handler() -> None:
    index = SpecIndex(load_spec())
    served = {op.key for op in index.operations}
    assert served <= set(HANDLERS), served - set(HANDLERS)
    assert ("GET", "/versions") in served  # added by a deviation


def test_a_tour_of_every_operation_conforms(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    session = api.post("/sessions", json={"mode": "dedicated", "backend": "ibm_fez"})
    job = api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": session.json()["id"]})
    job_id = job.json()["id"]
    answers = [session, job, api.get(f"/jobs/{job_id}"), api.get(f"/jobs/{job_id}/results")]
    clock.advance(5)
    answers.append(api.get(f"/jobs/{job_id}"))
    clock.advance(10)
    answers += [
        api.get(f"/jobs/{job_id}"),
        api.get("/jobs", params={"limit": 5, "pending": "false", "exclude_params": "false"}),
        api.get(f"/jobs/{job_id}/results"),
        api.get(f"/jobs/{job_id}/interim_results"),
        api.get(f"/jobs/{job_id}/transpiled_circuits"),
        api.get(f"/jobs/{job_id}/logs"),
        api.get(f"/jobs/{job_id}/metrics"),
        api.put(f"/jobs/{job_id}/tags", json={"tags": ["tour"]}),
        api.get("/tags", params={"type": "job", "search": "tou"}),
        api.post(f"/jobs/{job_id}/cancel"),
        api.get(f"/sessions/{session.json()['id']}"),
        api.patch(f"/sessions/{session.json()['id']}", json={"accepting_jobs": False}),
        api.delete(f"/sessions/{session.json()['id']}/close"),
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
        api.post("/logout"),
        api.delete(f"/jobs/{job_id}"),
        api.get(f"/jobs/{job_id}"),
    ]
    with api_client(emu, api_version="2024-01-01") as old:
        answers += [old.get("/backends"), old.get("/jobs")]
    emu.fail_job()
    failed = api.post("/jobs", json=sampler_body()).json()["id"]
    clock.advance(15)
    answers += [api.get(f"/jobs/{failed}"), api.get(f"/jobs/{failed}/results")]
    emu.expire_tokens()
    answers.append(api.get("/jobs"))
    statuses = set()
    for answer in answers:
        conforms(answer)
        statuses.add(answer.status_code)
    assert statuses == {200, 204, 401, 404, 409}


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


def test_live_behaviours_are_in_the_patched_spec() -> None:
    spec = apply_deviations(load_spec())
    schemas = spec["components"]["schemas"]
    assert schemas["JobState"]["properties"]["reasonCode"]["nullable"] is True
    assert schemas["Tags"]["maxItems"] == 8
    assert schemas["Tags"]["items"]["maxLength"] == 86
    assert "WARNING" in schemas["JobRunParamsBase"]["properties"]["log_level"]["enum"]
    assert "/versions" in spec["paths"]
    assert "429" in _find(spec, "paths", "/jobs", "post", "responses")
    assert spec["servers"] == [{"url": "/api/v1"}]
    # the vendored spec is left alone
    assert "reasonCode" not in load_spec()["components"]["schemas"]["JobState"]["properties"]


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
