"""GET /workloads: the caller's own jobs and sessions, filtered, sorted and cursor-paged."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from qiskit_runtime_client import ManualClock
from qiskit_runtime_client.testing import RuntimeEmulator

from ._helpers import conforms, sampler_body


def _workloads(api: httpx.Client, **params: Any) -> dict[str, Any]:
    answer = api.get("/workloads", params=params)
    assert answer.status_code == 200, answer.text
    conforms(answer)
    body: dict[str, Any] = answer.json()
    return body


def _ids(page: dict[str, Any]) -> list[str]:
    return [workload["id"] for workload in page["workloads"]]


def _follow(api: httpx.Client, link: dict[str, str]) -> dict[str, Any]:
    """The page a `next` or `previous` href names, fetched as a client would."""
    assert link["href"].startswith(str(api.base_url.join("workloads?")))  # absolute
    answer = api.get(link["href"])
    conforms(answer)
    body: dict[str, Any] = answer.json()
    return body


def _jobs(api: httpx.Client, clock: ManualClock, count: int, **extra: Any) -> list[str]:
    ids = []
    for _ in range(count):
        answer = api.post("/jobs", json=sampler_body() | extra)
        ids.append(answer.json()["id"])
        clock.advance(1)
    return ids


def test_own_jobs_and_sessions_with_their_modes(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    job = api.post("/jobs", json=sampler_body("ibm_torino") | {"tags": ["alone"]}).json()["id"]
    dedicated = api.post("/sessions", json={"mode": "dedicated", "backend": "ibm_fez"}).json()
    in_session = api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": dedicated["id"]})
    batch = api.post("/sessions", json={"mode": "batch", "backend": "ibm_torino"}).json()
    api.post("/sessions", json={"mode": "batch"})  # no backend yet: not a workload
    page = _workloads(api, user="me")
    assert page["total_count"] == 3
    assert page["limit"] == 10
    assert "next" not in page and "previous" not in page
    by_id = {w["id"]: w for w in page["workloads"]}
    assert set(by_id) == {job, dedicated["id"], batch["id"]}  # the session's job is in its row
    assert in_session.json()["id"] not in by_id
    assert by_id[job] | {"created": None} == {
        "id": job,
        "created": None,
        "backend": "ibm_torino",
        "instance": emu.instance,
        "user_id": "IBMid-emulator",
        "accepting_jobs": None,
        "mode": "job",
        "status": "pending",
        "tags": ["alone"],
    }
    assert (by_id[dedicated["id"]]["mode"], by_id[batch["id"]]["mode"]) == ("session", "batch")
    assert by_id[batch["id"]]["accepting_jobs"] is True


def test_statuses_follow_jobs_and_sessions(
    emu: RuntimeEmulator, api: httpx.Client, clock: ManualClock
) -> None:
    session = api.post("/sessions", json={"mode": "batch", "backend": "ibm_fez"}).json()["id"]
    api.post("/jobs", json=sampler_body("ibm_fez") | {"session_id": session})
    done = api.post("/jobs", json=sampler_body()).json()["id"]
    emu.fail_job(reason="Calibration drifted")
    failed = api.post("/jobs", json=sampler_body()).json()["id"]
    cancelled = api.post("/jobs", json=sampler_body()).json()["id"]
    api.post(f"/jobs/{cancelled}/cancel")

    def statuses() -> dict[str, str]:
        return {w["id"]: w["status"] for w in _workloads(api)["workloads"]}

    assert statuses() == {session: "pending", done: "pending", failed: "pending",
                          cancelled: "canceled"}  # fmt: skip
    clock.advance(5)
    assert statuses() == {session: "in_progress", done: "in_progress", failed: "in_progress",
                          cancelled: "canceled"}  # fmt: skip
    api.patch(f"/sessions/{session}", json={"accepting_jobs": False})
    clock.advance(10)
    assert statuses() == {session: "completed", done: "completed", failed: "failed",
                          cancelled: "canceled"}  # fmt: skip
    by_id = {w["id"]: w for w in _workloads(api)["workloads"]}
    assert by_id[done]["usage"] == {"qpu_charge_time_seconds": 10, "status": "complete"}
    assert by_id[done]["usage_seconds"] == 10
    assert by_id[done]["ended"] > by_id[done]["created"]
    assert by_id[failed]["status_reason"] == "Calibration drifted"
    assert by_id[session]["usage"] == {"qpu_charge_time_seconds": 10.0}  # billing: jobs only
    assert by_id[session]["accepting_jobs"] is False
    assert "ended" in by_id[session]


def test_oldest_first_by_default_newest_first_on_request(
    api: httpx.Client, clock: ManualClock
) -> None:
    ids = _jobs(api, clock, 3)
    assert _ids(_workloads(api)) == ids  # the spec's default sort is createdAt
    assert _ids(_workloads(api, sort="createdAt")) == ids
    assert _ids(_workloads(api, sort="-createdAt")) == ids[::-1]


def test_limit_defaults_to_10(api: httpx.Client, clock: ManualClock) -> None:
    ids = _jobs(api, clock, 12)
    page = _workloads(api)
    assert (_ids(page), page["total_count"], page["limit"]) == (ids[:10], 12, 10)


@pytest.mark.parametrize("sort", ["createdAt", "-createdAt"])
def test_cursor_paging_forward_and_back(api: httpx.Client, clock: ManualClock, sort: str) -> None:
    ids = _jobs(api, clock, 5)
    if sort == "-createdAt":
        ids.reverse()
    first = _workloads(api, limit=2, sort=sort)
    assert (_ids(first), first["total_count"], first["limit"]) == (ids[:2], 5, 2)
    assert "previous" not in first
    second = _follow(api, first["next"])
    assert _ids(second) == ids[2:4]
    third = _follow(api, second["next"])
    assert _ids(third) == ids[4:]
    assert "next" not in third
    assert _ids(_follow(api, third["previous"])) == ids[2:4]
    back = _follow(api, second["previous"])
    assert _ids(back) == ids[:2]
    assert "previous" not in back
    # the other parameters ride along in the hrefs
    query = parse_qs(urlsplit(first["next"]["href"]).query)
    assert (query["limit"], query["sort"]) == (["2"], [sort])


def test_pages_stay_put_while_new_workloads_arrive(api: httpx.Client, clock: ManualClock) -> None:
    ids = _jobs(api, clock, 4)
    first = _workloads(api, limit=2, sort="-createdAt")
    assert _ids(first) == [ids[3], ids[2]]
    newer = _jobs(api, clock, 2)
    second = _follow(api, first["next"])
    assert _ids(second) == [ids[1], ids[0]]  # not shifted by the two newer jobs
    assert second["total_count"] == 6
    assert _ids(_follow(api, second["previous"])) == [ids[3], ids[2]]
    assert _ids(_workloads(api, limit=2, sort="-createdAt")) == newer[::-1]


def test_filters(api: httpx.Client, clock: ManualClock) -> None:
    tagged = _jobs(api, clock, 1, tags=["Experiment-7", "bell"])[0]
    plain = _jobs(api, clock, 1)[0]
    on_fez = api.post("/jobs", json=sampler_body("ibm_fez")).json()["id"]
    clock.advance(1)
    session = api.post("/sessions", json={"mode": "dedicated", "backend": "ibm_fez"}).json()["id"]
    created = {w["id"]: w["created"] for w in _workloads(api)["workloads"]}
    api.post(f"/jobs/{plain}/cancel")
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"mode": "job"}, [tagged, plain, on_fez]),
        ({"mode": "session"}, [session]),
        ({"mode": "batch"}, []),
        ({"backend": "ibm_fez"}, [on_fez, session]),
        ({"status": "canceled"}, [plain]),
        ({"status": ["canceled", "pending"]}, [tagged, plain, on_fez, session]),
        ({"status": "completed"}, []),
        ({"search": "experiment"}, [tagged]),  # a tag, any case
        ({"search": session[3:12].upper()}, [session]),  # part of an id
        ({"tags": "bell"}, [tagged]),
        ({"tags": ["bell", "other"]}, []),  # every tag given
        ({"created_after": created[plain]}, [on_fez, session]),
        ({"created_before": created[plain]}, [tagged]),
        ({"mode": "job", "backend": "ibm_fez"}, [on_fez]),
    ]
    for params, expected in cases:
        page = _workloads(api, **params)
        assert (_ids(page), page["total_count"]) == (expected, len(expected)), params


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"next": "not-a-cursor"}, "is not a cursor of this list"),
        ({"previous": "d29vcHM"}, "is not a cursor of this list"),
        ({"limit": 0}, "limit"),
        ({"limit": 51}, "limit"),
        ({"limit": 2.5}, "whole number"),
        ({"user": "someone"}, "user"),
        ({"status": "running"}, "status"),
        ({"mode": "dedicated"}, "mode"),
        ({"sort": "created"}, "sort"),
    ],
)
def test_bad_requests_are_400_generic_errors(
    api: httpx.Client, params: dict[str, Any], says: str
) -> None:
    answer = api.get("/workloads", params=params)
    assert answer.status_code == 400
    conforms(answer)  # GenericErrorDto, as the operation declares
    (error,) = answer.json()["errors"]
    assert error["code"] == 1002
    assert says in error["message"]
    assert error["solution"]


def test_both_cursors_at_once_are_refused(api: httpx.Client, clock: ManualClock) -> None:
    _jobs(api, clock, 3)
    cursor = parse_qs(urlsplit(_workloads(api, limit=1)["next"]["href"]).query)["next"][0]
    answer = api.get("/workloads", params={"next": cursor, "previous": cursor})
    assert answer.status_code == 400
    conforms(answer)
    assert "either 'next' or 'previous'" in answer.json()["errors"][0]["message"]


def test_without_a_valid_token_it_is_a_401_generic_error(
    emu: RuntimeEmulator, api: httpx.Client
) -> None:
    emu.expire_tokens()
    answer = api.get("/workloads")
    assert answer.status_code == 401
    conforms(answer)
    assert answer.json()["errors"][0]["code"] == 1201
