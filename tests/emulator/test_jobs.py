"""Jobs: lifecycle on the emulator clock, listing, cancel, delete, results, logs, metrics, tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import HTTP, api_client, conforms, sampler_body, token_for

RunJob = Callable[[dict[str, Any]], dict[str, Any]]


def test_job_moves_queued_running_completed_on_the_clock(
    api: httpx.Client, clock: ManualClock
) -> None:
    created = api.post("/jobs", json=sampler_body())
    conforms(created)
    job_id = created.json()["id"]
    assert created.json() == {"id": job_id, "backend": "ibmq_qasm_simulator"}

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


def test_results_are_204_until_completed_then_text(api: httpx.Client, clock: ManualClock) -> None:
    job_id = api.post("/jobs", json=sampler_body()).json()["id"]
    pending = api.get(f"/jobs/{job_id}/results")
    assert pending.status_code == 204
    clock.advance(5)
    api.get(f"/jobs/{job_id}")
    clock.advance(10)
    done = api.get(f"/jobs/{job_id}/results")
    conforms(done)
    assert done.status_code == 200
    assert done.headers["content-type"].startswith("text/plain")
    assert done.json()["results"][0]["data"]["c"]["num_bits"] == 2


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


def test_interim_results_and_transpiled_circuits(run_job: RunJob, api: httpx.Client) -> None:
    job_id = run_job(sampler_body())["id"]
    interim = api.get(f"/jobs/{job_id}/interim_results")
    conforms(interim)
    assert interim.text == "[]"
    transpiled = api.get(f"/jobs/{job_id}/transpiled_circuits")
    conforms(transpiled)
    download = HTTP.get(transpiled.json()["url"])
    assert download.status_code == 200
    assert download.json()[0].startswith("OPENQASM 3.0")


def test_instance_usage_and_limit(run_job: RunJob, api: httpx.Client) -> None:
    run_job(sampler_body())
    usage = api.get("/instances/usage")
    conforms(usage)
    assert usage.json()["bss"]["seconds"] == 10
    assert api.put("/instances/configuration", json={"instance_limit": 10}).status_code == 204
    configuration = api.get("/instances/configuration")
    conforms(configuration)
    assert configuration.json() == {"instance_limit": 10}
    refused = api.post("/jobs", json=sampler_body())
    assert refused.status_code == 409
    assert "instance limit" in refused.json()["errors"][0]["message"]
    conforms(refused)
    assert api.put("/instances/configuration", json={"instance_limit": None}).status_code == 204
    assert api.post("/jobs", json=sampler_body()).status_code == 200


def test_instance_account_and_versions(api: httpx.Client, emu: RuntimeEmulator) -> None:
    instance = api.get("/instance")
    conforms(instance)
    account = api.get(f"/accounts/{emu.account_id}")
    conforms(account)
    assert account.json()["plans"][0]["backends"]
    assert api.get("/accounts/someone-else").status_code == 404
