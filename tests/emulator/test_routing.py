"""Routing by method and route: a spec whose paths have no /v1 and whose operationIds differ
(like the seed edition this project began from) is served at the same URLs with the same
answers as the packaged spec (IBM's 0.45.3, whose paths carry /v1)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import httpx
import pytest
from openapi_core import OpenAPI
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing._paths import (
    api_path,
    route_of,
    server_path,
    spec_prefix,
    version_prefix,
)
from qiskit_runtime_client.testing._spec import SpecIndex, load_spec
from qiskit_runtime_client.testing.deviations import apply_deviations, spec_path

from ._helpers import HTTP, api_client, conforms, sampler_body

_METHODS = ("get", "put", "post", "delete", "patch")


def bare_edition(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` written like the seed edition: paths without /v1, server .../api/v1,
    other operationIds."""
    edition = copy.deepcopy(spec)
    assert spec_prefix(edition) == "/v1", "the packaged spec's paths carry /v1"
    edition["paths"] = {route_of(path, "/v1"): item for path, item in edition["paths"].items()}
    edition["servers"] = [{"url": "https://quantum.cloud.ibm.com/api/v1"}]
    for item in edition["paths"].values():
        for method in _METHODS:
            if method in item:
                item[method]["operationId"] = "renamed_" + item[method]["operationId"]
    return edition


def _emulator(spec: dict[str, Any] | None, clock: ManualClock) -> RuntimeEmulator:
    return RuntimeEmulator(
        clock=clock, queue_seconds=5, run_seconds=10, seed=1234, spec=spec, isa=False
    )


_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")


def _normalized(answer: httpx.Response, emu: RuntimeEmulator, ids: dict[str, str]) -> Any:
    """An answer with what differs between two emulators (ids, CRN, URL, wall times) replaced."""
    text = answer.text
    replaced = [*ids.items(), (emu.instance, "<crn>"), (emu.account_id, "<account>")]
    for value, label in [*replaced, (emu.url, "<url>")]:
        text = text.replace(value, label)
    text = _ISO.sub("<time>", text)
    body = json.loads(text) if text else None
    if isinstance(body, dict):
        body.pop("trace", None)  # random per answer
    return answer.status_code, body


def tour(emu: RuntimeEmulator, clock: ManualClock) -> list[Any]:
    """Backends, a session with a job in it run to completion, workloads, then 404 and 405."""
    ids: dict[str, str] = {}
    with api_client(emu) as api:
        answers = [api.get("/backends"), api.get("/backends/ibm_fez/status")]
        session = api.post("/sessions", json={"mode": "dedicated", "backend": "ibm_fez"})
        ids[session.json()["id"]] = "<session>"
        body = sampler_body("ibm_fez") | {"session_id": session.json()["id"]}
        job = api.post("/jobs", json=body)
        job_id = job.json()["id"]
        ids[job_id] = "<job>"
        alone = api.post("/jobs", json=sampler_body("ibm_torino"))
        ids[alone.json()["id"]] = "<alone>"
        answers += [session, job, api.get(f"/jobs/{job_id}")]
        clock.advance(5)
        answers.append(api.get(f"/jobs/{job_id}"))
        clock.advance(10)
        answers += [
            api.get(f"/jobs/{job_id}"),
            api.get(f"/jobs/{job_id}/results"),
            api.get("/jobs", params={"limit": 5}),
            api.get(f"/sessions/{session.json()['id']}"),
            api.get("/workloads", params={"limit": 1}),
            api.delete(f"/sessions/{session.json()['id']}/close"),
            api.get("/versions"),
            api.get("/nowhere"),
            api.put("/jobs", json={}),
        ]
    assert answers[-1].headers["Allow"] == "GET, POST"
    return [_normalized(answer, emu, ids) for answer in answers]


TOUR_OPERATIONS = [
    "GET /backends",
    "GET /backends/{id}/status",
    "POST /sessions",
    "POST /jobs",
    "POST /jobs",
    *["GET /jobs/{id}"] * 3,
    "GET /jobs/{id}/results",
    "GET /jobs",
    "GET /sessions/{id}",
    "GET /workloads",
    "DELETE /sessions/{id}/close",
    "GET /versions",
]


def test_a_bare_spec_with_other_operation_ids_answers_like_the_packaged_spec() -> None:
    v1_clock, bare_clock = ManualClock(start=1000.0), ManualClock(start=1000.0)
    with (
        _emulator(None, v1_clock) as v1,
        _emulator(bare_edition(load_spec()), bare_clock) as bare,
    ):
        assert bare.api_url == v1.api_url.replace(str(v1.port), str(bare.port))
        assert bare.api_url.endswith("/api/v1")
        v1_answers, bare_answers = tour(v1, v1_clock), tour(bare, bare_clock)
        operations = [
            [r.extra["operation"] for r in emu.requests if "operation" in r.extra]
            for emu in (v1, bare)
        ]
    assert bare_answers == v1_answers
    assert [status for status, _ in v1_answers] == [200] * 11 + [204, 200, 404, 405]
    assert [v1_answers[i][1]["status"] for i in (4, 5, 6)] == ["Queued", "Running", "Completed"]
    assert v1_answers[7][1]["results"]
    workloads = v1_answers[10][1]
    assert [w["id"] for w in workloads["workloads"]] == ["<session>"]
    assert workloads["next"]["href"].startswith("<url>/api/v1/workloads?limit=1&next=")
    assert operations == [TOUR_OPERATIONS, TOUR_OPERATIONS]


def test_answers_of_the_bare_edition_fit_that_edition() -> None:
    edition = bare_edition(load_spec())
    openapi = OpenAPI.from_dict(apply_deviations(edition))
    with _emulator(edition, ManualClock()) as emu, api_client(emu) as api:
        job = api.post("/jobs", json=sampler_body())
        answers = [job, api.get(f"/jobs/{job.json()['id']}"), api.get("/backends")]
        answers.append(api.get("/workloads"))
        for answer in answers:
            assert answer.status_code == 200
            conforms(answer, openapi)


def test_a_spec_operation_without_handler_is_501_naming_method_and_route() -> None:
    edition = load_spec()
    edition["paths"]["/v1/experiments"] = {
        "get": {"operationId": "list_experiments", "responses": {"200": {"description": "OK"}}}
    }
    with _emulator(edition, ManualClock()) as emu, api_client(emu) as api:
        answer = api.get("/experiments")
    assert answer.status_code == 501
    assert answer.json()["errors"][0]["message"] == "GET /experiments is not emulated"


@pytest.mark.parametrize("bare", [False, True], ids=["v1-paths", "bare-paths"])
def test_paths_outside_the_api_prefix_are_404(bare: bool) -> None:
    spec = bare_edition(load_spec()) if bare else None
    with _emulator(spec, ManualClock()) as emu:
        for path in ("/api/jobs", "/api/v1/v1/jobs", "/v1/jobs", "/jobs"):
            assert HTTP.get(emu.url + path).status_code == 404, path
        assert HTTP.get(emu.api_url + "/versions").status_code == 200


def test_routes_are_the_same_in_both_editions() -> None:
    v1 = SpecIndex(load_spec())
    bare = SpecIndex(bare_edition(load_spec()))
    assert (v1.prefix, bare.prefix) == ("/v1", "")
    assert {op.key for op in bare.operations} == {op.key for op in v1.operations}
    assert {op.template for op in v1.operations} == {"/v1" + op.template for op in bare.operations}
    assert {op.operation_id for op in bare.operations} == {
        "renamed_" + op.operation_id for op in v1.operations
    }
    for index in (v1, bare):
        assert index.match("GET", "/jobs/abc")[0].name == "GET /jobs/{id}"
        assert index.match("GET", "/jobs/abc/results")[0].name == "GET /jobs/{id}/results"
        assert index.match("GET", "/workloads")[0].generic_errors is True


def test_deviations_find_and_add_paths_the_edition_s_way() -> None:
    packaged = apply_deviations(load_spec())
    assert packaged["servers"] == [{"url": "/api"}]
    assert "429" in packaged["paths"]["/v1/jobs"]["post"]["responses"]
    assert "/jobs" not in packaged["paths"]
    bare = apply_deviations(bare_edition(load_spec()))
    assert bare["servers"] == [{"url": "/api/v1"}]
    assert "429" in bare["paths"]["/jobs"]["post"]["responses"]
    assert "/v1/jobs" not in bare["paths"]
    assert (spec_prefix(packaged), spec_prefix(bare)) == ("/v1", "")


@pytest.mark.parametrize(
    ("paths", "prefix", "server"),
    [
        (["/jobs", "/jobs/{id}"], "", "/api/v1"),
        (["/v1/jobs", "/v1/jobs/{id}", "/v1"], "/v1", "/api"),
        ([], "", "/api/v1"),
        (["/v10/jobs"], "", "/api/v1"),
    ],
)
def test_the_version_prefix_is_read_from_the_paths(
    paths: list[str], prefix: str, server: str
) -> None:
    assert version_prefix(paths) == prefix
    assert server_path({"paths": {key: {} for key in paths}}) == server


def test_a_spec_mixing_prefixed_and_bare_paths_is_refused() -> None:
    with pytest.raises(ValueError, match="mix"):
        version_prefix(["/v1/jobs", "/sessions"])


@pytest.mark.parametrize(
    ("template", "prefix", "route"),
    [
        ("/v1/jobs/{id}", "/v1", "/jobs/{id}"),
        ("/v1", "/v1", "/"),
        ("/jobs/{id}", "", "/jobs/{id}"),
    ],
)
def test_route_of(template: str, prefix: str, route: str) -> None:
    assert route_of(template, prefix) == route


def test_spec_path_is_api_path() -> None:
    for path in ("/api/v1/jobs", "/api/v1", "/api/jobs", "/api/v10/jobs"):
        assert spec_path(path) == api_path(path)
