"""Benchmark how many requests waiting costs, on a simulated clock (no network, no real sleeping).

(a) job.wait() on one job that finishes after 60 s and one after 1 h: status requests made,
    against the official SDK's fixed 0.5 s polling (120 and 7,200).
(b) jobs.wait_all() over 100 jobs finishing within 10 minutes: requests per round, against
    polling each pending job every round; for handles from a listing and for fresh handles.

Run: .venv/bin/python scripts/bench_polling.py [--seeds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from qiskit_runtime_client import ManualClock, RuntimeClient
from qiskit_runtime_client.resources import Job

CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/bench:inst::"
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
SDK_POLL_INTERVAL = 0.5


class SimulatedService:
    """Jobs that are Queued until their end time on the shared ManualClock, then Completed."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.ends: dict[str, float] = {}
        self.created: dict[str, datetime] = {}
        self.requests: list[str] = []

    def add(self, runs_for: float) -> str:
        job_id = f"job{len(self.ends):05d}"
        self.ends[job_id] = self.clock.now + runs_for
        self.created[job_id] = EPOCH + timedelta(
            seconds=self.clock.now, microseconds=len(self.ends)
        )
        return job_id

    def doc(self, job_id: str) -> dict[str, Any]:
        status = "Completed" if self.clock.now >= self.ends[job_id] else "Queued"
        created = self.created[job_id].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return {
            "id": job_id,
            "created": created,
            "program": {"id": "sampler"},
            "cost": 0,
            "state": {"status": status},
            "status": status,
        }

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "iam.cloud.ibm.com":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 10**9})
        url = urlsplit(str(request.url))
        path = url.path.removeprefix("/api/v1")  # the service root is /api; paths carry /v1
        self.requests.append(path)
        match = re.fullmatch(r"/jobs/(\w+)", path)
        if match:
            return httpx.Response(200, json=self.doc(match.group(1)))
        query = parse_qs(url.query)
        docs = [self.doc(j) for j in sorted(self.ends, key=self.created.__getitem__)]
        if query.get("pending") == ["false"]:
            docs = [d for d in docs if d["status"] == "Completed"]
        if "created_after" in query:
            after = datetime.fromisoformat(query["created_after"][0])
            docs = [d for d in docs if datetime.fromisoformat(d["created"]) > after]
        if query.get("sort", ["DESC"]) != ["ASC"]:
            docs.reverse()
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        page = docs[offset : offset + limit]
        body = {"jobs": page, "count": len(docs), "limit": limit, "offset": offset}
        return httpx.Response(200, json=body)


def setup() -> tuple[RuntimeClient, SimulatedService, ManualClock]:
    clock = ManualClock()
    service = SimulatedService(clock)
    client = RuntimeClient(
        token="k", instance=CRN, transport=httpx.MockTransport(service.handle), clock=clock
    )
    return client, service, clock


def polls_for_one_job(runs_for: float, seed: int) -> int:
    """Status requests job.wait() makes for a job that ends after `runs_for` seconds."""
    random.seed(seed)
    client, service, _ = setup()
    job_id = service.add(runs_for)
    Job(client._runner, job_id).wait()
    return sum(1 for path in service.requests if path == f"/jobs/{job_id}")


def sdk_polls(runs_for: float) -> int:
    """The official SDK's fixed-interval polling: one request per 0.5 s (120 for 60 s)."""
    return round(runs_for / SDK_POLL_INTERVAL)


def wait_all_rounds(count: int, fresh: bool, seed: int) -> dict[str, float]:
    """Requests per round of wait_all over `count` jobs ending at random times within 10 min.

    fresh: handles made from ids alone (as after submission), whose creation time is unknown.
    """
    random.seed(seed)
    client, service, clock = setup()
    rng = random.Random(seed)
    ids = [service.add(rng.uniform(30, 600)) for _ in range(count)]
    if fresh:
        jobs = [Job(client._runner, job_id) for job_id in ids]  # no creation time known yet
    else:
        jobs = list(client.jobs.list(limit=count))
    service.requests.clear()
    clock.sleeps.clear()
    done, pending = client.jobs.wait_all(jobs)
    assert len(done) == count and not pending
    rounds = len(clock.sleeps) + 1
    listings = sum(1 for path in service.requests if path == "/jobs")
    # Polling each pending job once per round at the same rhythm: a job costs one request per
    # round that starts before it ends, plus the round that sees it done.
    starts = [0.0]
    for delay in clock.sleeps:
        starts.append(starts[-1] + delay)
    per_job = sum(min(rounds, 1 + sum(1 for t in starts if t < service.ends[j])) for j in ids)
    return {
        "rounds": rounds,
        "requests": len(service.requests),
        "per_job_gets": len(service.requests) - listings,
        "requests_per_round": len(service.requests) / rounds,
        "per_job_polling": per_job,
    }


def summarize(values: list[float]) -> dict[str, float]:
    return {"mean": statistics.fmean(values), "min": min(values), "max": max(values)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the figures and return them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="jitter seeds to average over")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    seeds = range(args.seeds)

    figures: dict[str, Any] = {"wait": {}, "wait_all": {}}
    for label, seconds in (("60 s", 60.0), ("1 h", 3600.0)):
        ours = summarize([polls_for_one_job(seconds, s) for s in seeds])
        figures["wait"][label] = {"ours": ours, "official_sdk": sdk_polls(seconds)}
    for label, fresh in (("100 jobs from a listing", False), ("100 fresh handles", True)):
        runs = [wait_all_rounds(100, fresh, s) for s in seeds]
        figures["wait_all"][label] = {key: summarize([r[key] for r in runs]) for key in runs[0]}

    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"job.wait(): status requests per job (mean over {args.seeds} jitter seeds)")
        for label, row in figures["wait"].items():
            ours = row["ours"]
            print(
                f"  job running {label:>4}: {ours['mean']:7.1f} (min {ours['min']:.0f}, "
                f"max {ours['max']:.0f})   official SDK: {row['official_sdk']:,}"
                f"   ({row['official_sdk'] / ours['mean']:.0f}x fewer)"
            )
        print("jobs.wait_all() over 100 jobs ending within 10 minutes")
        for label, row in figures["wait_all"].items():
            print(
                f"  {label}: {row['requests_per_round']['mean']:.2f} requests/round "
                f"(max {row['requests_per_round']['max']:.2f}), {row['rounds']['mean']:.0f} "
                f"rounds, {row['requests']['mean']:.0f} requests in all "
                f"({row['per_job_gets']['mean']:.0f} per-job GETs); polling each pending "
                f"job every round instead: {row['per_job_polling']['mean']:,.0f}"
            )
    return figures


if __name__ == "__main__":
    main()
