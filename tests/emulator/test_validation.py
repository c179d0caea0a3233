"""Requests are validated like the service does: 400 with an ErrorContainer naming the problem."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ._helpers import BELL_QASM, conforms, fixture_json, sampler_body


def _problem(answer: httpx.Response) -> str:
    assert answer.status_code == 400, answer.text
    conforms(answer)
    errors = answer.json()["errors"]
    return " | ".join(f"{e['code']}:{e['message']}" for e in errors)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"limit": "abc"}, "'limit': must be an integer"),
        ({"sort": "UP"}, "'sort'"),
        ({"pending": "yes"}, "'pending': must be true or false"),
        ({"created_after": "last week"}, "'created_after'"),
    ],
)
def test_bad_query_parameters(api: httpx.Client, query: dict[str, str], expected: str) -> None:
    assert expected in _problem(api.get("/jobs", params=query))


def test_tag_search_needs_three_characters(api: httpx.Client) -> None:
    assert "'search'" in _problem(api.get("/tags", params={"type": "job", "search": "ab"}))
    assert "'type': is required" in _problem(api.get("/tags", params={"search": "abc"}))


@pytest.mark.parametrize(
    "name",
    [
        "sampler_v2_post_jobs_body.json",
        "estimator_v2_post_jobs_body.json",
        "sampler_v2_session_options_post_jobs_body.json",
    ],
)
def test_bodies_made_by_the_official_sdk_are_accepted(api: httpx.Client, name: str) -> None:
    body = fixture_json(name)
    body["backend"] = "ibm_fez"
    if "session_id" in body:
        session = api.post("/sessions", json={"mode": "batch", "backend": "ibm_fez"}).json()
        body["session_id"] = session["id"]
    answer = api.post("/jobs", json=body)
    assert answer.status_code == 200, answer.text
    conforms(answer)


def _with(**changes: Any) -> dict[str, Any]:
    body = sampler_body()
    for key, value in changes.items():
        if key.startswith("params_"):
            body["params"][key[len("params_") :]] = value
        else:
            body[key] = value
    return body


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"backend": "ibm_fez", "params": {}}, "'program_id' is a required property"),
        ({"program_id": "sampler", "params": {}}, "'backend' is a required property"),
        (_with(program_id="circuit-runner"), "allowed values: 'sampler', 'estimator', 'executor'"),
        (_with(params_version=1), "body.params.version"),
        (_with(params_resilience_level=1), "'resilience_level' was unexpected"),
        (_with(params_options={"default_shots": 100, "transpilation": {}}), "'transpilation'"),
        (_with(params_options={"twirling": {"strategy": "sometimes"}}), "strategy"),
        (_with(params_pubs=[]), "body.params.pubs"),
        (_with(params_pubs=[[BELL_QASM, None, 0]]), "body.params.pubs[0]"),
        (_with(params_shots=-5), "body.params.shots"),
        (_with(cost=-1), "body.cost: -1 is less than the minimum of 0"),
        (_with(tags=["x" * 87]), "body.tags[0]"),
        (_with(log_level="loud"), "body.log_level"),
    ],
)
def test_bad_job_bodies_are_rejected_naming_the_field(
    api: httpx.Client, body: dict[str, Any], expected: str
) -> None:
    problem = _problem(api.post("/jobs", json=body))
    assert expected in problem
    assert problem.startswith("1002:")


def test_estimator_pub_needs_observables(api: httpx.Client) -> None:
    body = {
        "program_id": "estimator",
        "backend": "ibm_fez",
        "params": {"pubs": [[BELL_QASM]], "version": 2},
    }
    assert "body.params.pubs[0]" in _problem(api.post("/jobs", json=body))


def test_estimator_rejects_non_pauli_observables(api: httpx.Client) -> None:
    body = {
        "program_id": "estimator",
        "backend": "ibm_fez",
        "params": {"pubs": [[BELL_QASM, {"ZQ": 1}]], "version": 2},
    }
    assert "body.params.pubs[0]" in _problem(api.post("/jobs", json=body))


def test_nine_tags_get_the_too_many_tags_code(api: httpx.Client) -> None:
    answer = api.post("/jobs", json=_with(tags=[f"t{i}" for i in range(9)]))
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "1204"


def test_eight_tags_of_86_characters_and_upper_case_log_level_are_fine(api: httpx.Client) -> None:
    body = _with(tags=[f"{i}" * 86 for i in range(8)], log_level="WARNING", cost=10800)
    assert api.post("/jobs", json=body).status_code == 200


def test_cost_above_10800_is_capped_not_refused(api: httpx.Client) -> None:
    # JobCost (0.45.3): "If the provided value exceeds the maximum, it will be capped"
    created = api.post("/jobs", json=_with(cost=20000))
    assert created.status_code == 200, created.text
    assert api.get(f"/jobs/{created.json()['id']}").json()["cost"] == 10800


@pytest.mark.parametrize("limit", [0, 201, 100000, -3])
def test_job_list_limit_out_of_range_falls_back_to_the_default(
    api: httpx.Client, limit: int
) -> None:
    # GET /jobs `limit` (0.45.3): "outside of the viable range, no error occurs and the
    # default value is used instead"
    answer = api.get("/jobs", params={"limit": limit})
    assert answer.status_code == 200, answer.text
    assert answer.json()["limit"] == 200


def test_job_list_limit_that_is_not_a_number_is_still_400(api: httpx.Client) -> None:
    assert api.get("/jobs", params={"limit": "many"}).status_code == 400


def test_unknown_backend_on_create_is_404_1007(api: httpx.Client) -> None:
    answer = api.post("/jobs", json=sampler_body("ibm_atlantis"))
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["code"] == "1007"


def test_body_must_be_json(api: httpx.Client) -> None:
    assert "not valid JSON" in _problem(
        api.post("/jobs", content=b"{nope", headers={"Content-Type": "application/json"})
    )
    assert "needs a JSON body" in _problem(api.post("/jobs"))
    answer = api.post(
        "/jobs", content=b"program_id=sampler", headers={"Content-Type": "text/plain"}
    )
    assert answer.status_code == 415


def test_session_body_is_validated(api: httpx.Client) -> None:
    assert "mode" in _problem(api.post("/sessions", json={"max_ttl": 10}))
    assert "mode" in _problem(api.post("/sessions", json={"mode": "exclusive"}))
