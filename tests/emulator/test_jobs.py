"""Jobs: lifecycle on the emulator clock, listing, cancel, delete, results, logs, metrics, tags."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator
from qiskit_runtime_client.testing._api_instance import usage_period

from ._helpers import HTTP, api_client, conforms, sampler_body, token_for

RunJob = Callable[[dict[str, Any]], dict[str, Any]]


def test_job_moves_queued_running_completed_on_the_clock(
    api: httpx.Client, clock: ManualClock
) -> None:
    created = api.post("/jobs", json=sampler_body())
    conforms(created)
    job_id = created.json()["id"]
    assert created.json() == {"id": job_id, "backend": "ibm_torino"}

    seen = []
    for step in (0, 4.9, 0.1, 9.9, 0.1):
        clock.advance(step)
        details = api.get(f"/jobs/{job_id}")
        conforms(details)
        seen.append(details.json()["status"])
    assert seen == ["Queued", "Queued", "Running", "Running", "Completed"]
    state = details.json()["state"]
    assert state == {"status": "Completed", "reason": "", "reasonCode": None}


def test_job_details_have_the_live_fields(run_job: RunJob) -> None:
    details = run_job(sampler_body() | {"tags": ["demo"], "cost": 300})
    assert details["program"] == {"id": "sampler"}
    assert details["cost"] == 300
    assert details["tags"] == ["demo"]
    assert details["params"]["pubs"]
    assert details["created"].endswith("Z")
    assert details["usage"] == {"qpu_charge_time_seconds": 10, "status": "complete"}


def test_usage_has_the_older_shape_before_2026_03_15(emu: RuntimeEmulator, run_job: RunJob) -> None:
    job_id = run_job(sampler_body())["id"]
    with api_client(emu, api_version="2025-05-01") as old:
        answer = old.get(f"/jobs/{job_id}")
    conforms(answer)
    assert answer.json()["usage"] == {"seconds": 10}


def test_exclude_params(api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    assert "params" not in api.get(f"/jobs/{job_id}", params={"exclude_params": "true"}).json()
    assert "params" not in api.get("/jobs").json()["jobs"][0]
    listed = api.get("/jobs", params={"exclude_params": "false"}).json()["jobs"][0]
    assert "params" in listed


def test_results_are_204_until_completed_then_json(api: httpx.Client, clock: ManualClock) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    pending = api.get(f"/jobs/{job_id}/results")
    assert pending.status_code == 204
    clock.advance(5)
    api.get(f"/jobs/{job_id}")
    clock.advance(10)
    done = api.get(f"/jobs/{job_id}/results")
    conforms(done)
    assert done.status_code == 200
    assert done.headers["content-type"] == "application/json"
    assert done.json()["results"][0]["data"]["c"]["num_bits"] == 2


def test_results_of_a_failed_job_are_its_error_as_a_json_string(
    emu: RuntimeEmulator, run_job: RunJob, api: httpx.Client
) -> None:
    emu.fail_job(reason="Calibration drifted")
    job_id = run_job(sampler_body())["id"]
    answer = api.get(f"/jobs/{job_id}/results")
    conforms(answer)
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == f"Job {job_id} failed: Calibration drifted"


def test_cancel_then_409_once_final(api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    first = api.post(f"/jobs/{job_id}/cancel")
    assert first.status_code == 204
    details = api.get(f"/jobs/{job_id}").json()
    assert details["status"] == "Cancelled"
    assert details["state"]["status"] == "Cancelled"
    again = api.post(f"/jobs/{job_id}/cancel")
    assert again.status_code == 409
    assert again.json()["errors"][0]["message"] == "Job is in non cancellable status."
    conforms(again)
    assert api.get(f"/jobs/{job_id}/results").status_code == 204


def test_delete_needs_a_final_state(api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    refused = api.delete(f"/jobs/{job_id}")
    assert refused.status_code == 400
    assert "final state" in refused.json()["errors"][0]["message"]
    api.post(f"/jobs/{job_id}/cancel")
    assert api.delete(f"/jobs/{job_id}").status_code == 204
    missing = api.get(f"/jobs/{job_id}")
    assert missing.status_code == 404
    conforms(missing)


def _make_jobs(api: httpx.Client, clock: ManualClock) -> list[str]:
    ids = []
    for index, (backend, program) in enumerate(
        [("ibm_fez", "sampler"), ("ibm_torino", "sampler"), ("ibm_fez", "estimator")]
    ):
        if program == "sampler":
            body = sampler_body(backend)
        else:
            body = {
                "program_id": "estimator",
                "backend": backend,
                "params": {"pubs": [[sampler_body()["params"]["pubs"][0][0], {"ZZ": 1}]]},
            }
        body["tags"] = [f"batch-{index % 2}", "all"]
        ids.append(api.post("/jobs", json=body).json()["id"])
        clock.advance(1)
    return ids


def test_list_pagination_newest_first(api: httpx.Client, clock: ManualClock) -> None:
    ids = _make_jobs(api, clock)
    page1 = api.get("/jobs", params={"limit": 2})
    conforms(page1)
    body = page1.json()
    assert [j["id"] for j in body["jobs"]] == [ids[2], ids[1]]
    assert (body["count"], body["limit"], body["offset"]) == (3, 2, 0)
    page2 = api.get("/jobs", params={"limit": 2, "offset": 2}).json()
    assert [j["id"] for j in page2["jobs"]] == [ids[0]]
    ascending = api.get("/jobs", params={"sort": "ASC"}).json()
    assert [j["id"] for j in ascending["jobs"]] == ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"backend": "ibm_fez"}, [2, 0]),
        ({"program": "estimator"}, [2]),
        ({"tags": "batch-0"}, [2, 0]),
        ({"tags": ["batch-1", "all"]}, [1]),
        ({"pending": "true"}, [2, 1, 0]),
        ({"pending": "false"}, []),
    ],
)
def test_list_filters(
    api: httpx.Client, clock: ManualClock, query: dict[str, Any], expected: list[int]
) -> None:
    ids = _make_jobs(api, clock)
    found = [j["id"] for j in api.get("/jobs", params=query).json()["jobs"]]
    assert found == [ids[i] for i in expected]


def test_list_filters_by_creation_time(api: httpx.Client, clock: ManualClock) -> None:
    ids = _make_jobs(api, clock)
    created = [api.get(f"/jobs/{i}").json()["created"] for i in ids]
    after = api.get("/jobs", params={"created_after": created[0]}).json()["jobs"]
    assert [j["id"] for j in after] == [ids[2], ids[1]]
    before = api.get("/jobs", params={"created_before": created[2]}).json()["jobs"]
    assert [j["id"] for j in before] == [ids[1], ids[0]]


def test_pending_false_lists_final_jobs(api: httpx.Client, clock: ManualClock) -> None:
    ids = _make_jobs(api, clock)
    api.post(f"/jobs/{ids[1]}/cancel")
    final = api.get("/jobs", params={"pending": "false"}).json()
    assert [j["id"] for j in final["jobs"]] == [ids[1]]
    assert final["count"] == 1


def test_logs_are_text(run_job: RunJob, api: httpx.Client) -> None:
    job_id = run_job(sampler_body())["id"]
    logs = api.get(f"/jobs/{job_id}/logs")
    conforms(logs)
    assert logs.headers["content-type"].startswith("text/plain")
    assert "queued" in logs.text
    assert "Completed" in logs.text


def test_metrics(run_job: RunJob, api: httpx.Client) -> None:
    job_id = run_job(sampler_body())["id"]
    metrics = api.get(f"/jobs/{job_id}/metrics", headers={"X-Qx-Client-Application": "qrc/0.1"})
    conforms(metrics)
    body = metrics.json()
    assert set(body["timestamps"]) == {"created", "running", "finished"}
    assert body["num_circuits"] == 1
    assert body["num_qubits"] == [2]
    assert body["usage"]["status"] == "complete"


def test_caller_comes_from_the_client_application_header(emu: RuntimeEmulator) -> None:
    headers = {
        "Authorization": f"Bearer {token_for(emu)}",
        "Service-CRN": emu.instance,
        "X-Qx-Client-Application": "qiskit-runtime-client/0.1",
    }
    job = HTTP.post(emu.api_url + "/jobs", json=sampler_body(), headers=headers).json()
    metrics = HTTP.get(emu.api_url + f"/jobs/{job['id']}/metrics", headers=headers).json()
    assert metrics["caller"] == "qiskit-runtime-client/0.1"


def test_replace_tags_and_search_them(api: httpx.Client) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    assert (
        api.put(f"/jobs/{job_id}/tags", json={"tags": ["Experiment-7", "bell"]}).status_code == 204
    )
    assert api.get(f"/jobs/{job_id}").json()["tags"] == ["Experiment-7", "bell"]
    found = api.get("/tags", params={"type": "job", "search": "experiment"})
    conforms(found)
    assert found.json() == {"tags": ["Experiment-7"]}
    nothing = api.get("/tags", params={"type": "job", "search": "zzz"})
    conforms(nothing)
    assert nothing.json() == {"tags": []}
    too_many = api.put(f"/jobs/{job_id}/tags", json={"tags": [str(i) for i in range(9)]})
    assert too_many.json()["errors"][0]["code"] == "1204"


def test_instance_usage_and_limit(run_job: RunJob, api: httpx.Client, emu: RuntimeEmulator) -> None:
    run_job(sampler_body())
    usage = api.get("/instances/usage")
    conforms(usage)
    body = usage.json()
    assert body["instance_id"] == emu.instance
    assert body["plan_id"]
    assert body["usage_consumed_seconds"] == 10
    assert (body["usage_limit_seconds"], body["usage_allocation_seconds"]) == (36000, 36000)
    assert body["usage_limit_reached"] is False
    period = body["usage_period"]
    assert period["start_time"] <= api.get("/jobs").json()["jobs"][0]["created"]
    assert period["start_time"] < period["end_time"]

    assert api.put("/instances/configuration", json={"instance_limit": 10}).status_code == 204
    configuration = api.get("/instances/configuration")
    conforms(configuration)
    assert configuration.json() == {"instance_limit": 10}
    limited = api.get("/instances/usage").json()
    assert (limited["usage_limit_seconds"], limited["usage_limit_reached"]) == (10, True)
    refused = api.post("/jobs", json=sampler_body())
    assert refused.status_code == 409
    assert "instance limit" in refused.json()["errors"][0]["message"]
    conforms(refused)
    assert api.put("/instances/configuration", json={"instance_limit": None}).status_code == 204
    assert api.get("/instances/usage").json()["usage_limit_reached"] is False
    assert api.post("/jobs", json=sampler_body()).status_code == 200


def test_usage_period_is_the_calendar_month() -> None:
    start, end = usage_period(datetime(2026, 12, 31, 23, 59, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(start, UTC) == datetime(2026, 12, 1, tzinfo=UTC)
    assert datetime.fromtimestamp(end, UTC) == datetime(2027, 1, 1, tzinfo=UTC)


def test_usage_401_is_a_generic_error(emu: RuntimeEmulator, api: httpx.Client) -> None:
    emu.expire_tokens()
    answer = api.get("/instances/usage")
    assert answer.status_code == 401
    conforms(answer)
    (error,) = answer.json()["errors"]
    assert error["code"] == 1201  # invalid credentials, a number in this shape
    assert error["solution"]
    assert str(uuid.UUID(answer.json()["trace"])) == answer.json()["trace"]


def test_instance_account_and_versions(api: httpx.Client, emu: RuntimeEmulator) -> None:
    instance = api.get("/instance")
    conforms(instance)
    assert instance.json()["backends"] == sorted(
        ["ibm_fez", "ibm_kingston", "ibm_torino", "ibm_marrakesh"]
    )
    assert instance.json()["usage_allocation_seconds"] == "36000"
    api.put("/instances/configuration", json={"instance_limit": 600})
    assert api.get("/instance").json()["instance_limit_seconds"] == "600"
    account = api.get(f"/accounts/{emu.account_id}")
    conforms(account)
    (plan,) = account.json()["plans"]
    assert plan["backends"]
    assert plan["subscription_id"] and plan["subscription_name"]
    assert api.get(f"/accounts/{emu.account_id}", params={"plan_id": "other"}).json() == {
        "plans": []
    }
    assert api.get("/accounts/someone-else").status_code == 404
    versions = api.get("/versions")
    conforms(versions)
    assert {"version": "2026-03-15", "status": "live"} in versions.json()["versions"]


def test_copy_job_fills_a_listing_with_copies_of_an_ended_job(
    run_job: RunJob, api: httpx.Client, emu: RuntimeEmulator, clock: ManualClock
) -> None:
    original = run_job(sampler_body() | {"tags": ["demo"]})
    results = api.get(f"/jobs/{original['id']}/results").text
    clock.advance(60)
    copies = emu.copy_job(original["id"], 250)
    assert len(copies) == len(set(copies)) == 250
    assert original["id"] not in copies
    assert emu.job_ids()[-250:] == copies
    page = api.get("/jobs", params={"limit": 200, "exclude_params": "false"})
    conforms(page)
    listed = page.json()
    assert listed["count"] == 251
    assert [job["id"] for job in listed["jobs"]] == copies[::-1][:200]  # newest first
    copy = api.get(f"/jobs/{copies[0]}").json()
    assert copy["created"] > original["created"]
    for key in ("status", "state", "program", "backend", "tags", "params", "usage", "cost"):
        assert copy[key] == original[key], key
    assert api.get(f"/jobs/{copies[0]}/results").text == results
    with pytest.raises(KeyError):
        emu.copy_job("d-no-such-job")
    with pytest.raises(ValueError, match="count"):
        emu.copy_job(original["id"], -1)
    pending = api.post("/jobs", json=sampler_body()).json()["id"]
    with pytest.raises(ValueError, match="still Queued"):
        emu.copy_job(pending)
