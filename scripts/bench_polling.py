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
        #: (clock time, query) of each listing request.
        self.queries: list[dict[str, list[str]]] = []
        self.times: list[float] = []

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
        self.queries.append(query)
        self.times.append(self.clock.now)
        ids = list(self.ends)  # in creation order
        if query.get("pending") == ["false"]:
            ids = [j for j in ids if self.clock.now >= self.ends[j]]
        if "created_after" in query:
            after = datetime.fromisoformat(query["created_after"][0])
            ids = [j for j in ids if self.created[j] > after]
        if query.get("sort", ["DESC"]) != ["ASC"]:
            ids.reverse()
        offset, limit = int(query["offset"][0]), int(query["limit"][0])
        page = [self.doc(j) for j in ids[offset : offset + limit]]
        body = {"jobs": page, "count": len(ids), "limit": limit, "offset": offset}
        return httpx.Response(200, json=body)

    def per_round(self) -> list[int]:
        """Requests of each round but the discovery (rounds happen at one clock instant)."""
        counts: dict[float, int] = {}
        for when, query in zip(self.times, self.queries, strict=True):
            if "pending" in query:
                counts[when] = counts.get(when, 0) + 1
        return list(counts.values()) or [0]


def setup() -> tuple[RuntimeClient, SimulatedService, ManualClock]:
    clock = ManualClock()
    service = SimulatedService(clock)
    client = RuntimeClient(
        token="k", instance=CRN, transport=httpx.MockTransport(service.handle), clock=clock
    )
    return client, service, clock


def wait_all_rounds(count: int, fresh: bool, seed: int) -> dict[str, float]:
    """Requests per round of wait_all over `count` jobs ending at random times within 10 min.

    fresh: handles made from ids alone (as after submission), whose creation time is unknown.
    """
    random.seed(seed)
    client, service, clock = setup()
    rng = random.Random(seed)
    ids = []
    for n in range(count):
        ids.append(service.add(rng.uniform(30, 600)))
        if n % 5 == 4:
            service.add(0.0)  # someone else's job, finished
    if fresh:
        jobs = [Job(client._runner, job_id) for job_id in ids]  # no creation time known yet
    else:
        wanted = set(ids)
        jobs = [j for j in client.jobs.list(limit=2 * count) if j.id in wanted]
    service.requests.clear()
    service.queries.clear()
    service.times.clear()
    clock.sleeps.clear()
    done, pending = client.jobs.wait_all(jobs)
    assert len(done) == count and not pending
    late = clock.now - max(service.ends[j] for j in ids)
    rounds = len(clock.sleeps) + 1
    listings = sum(1 for path in service.requests if path == "/jobs")
    # Polling each pending job once per round at the same rhythm: a job costs one request per
    # round that starts before it ends, plus the round that sees it done.
    starts = [0.0]
    for delay in clock.sleeps:
        starts.append(starts[-1] + delay)
    per_job = sum(min(rounds, 1 + sum(1 for t in starts if t < service.ends[j])) for j in ids)
    discovery = sum(1 for q in service.queries if "pending" not in q)
    return {
        "rounds": rounds,
        "discovery_requests": discovery,
        "max_requests_per_round": max(service.per_round()),
        "seen_after_last_end_s": late,
        "requests": len(service.requests),
        "per_job_gets": len(service.requests) - listings,
        "requests_per_round": len(service.requests) / rounds,
        "per_job_polling": per_job,
    }


def summarize(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the figures and return them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3, help="jitter seeds (rounds)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    seeds = range(args.seeds)

    figures: dict[str, Any] = {"wait_all": {}}
    for count in args.sizes:
        for kind, fresh in (("from a listing", False), ("fresh handles", True)):
            runs = [wait_all_rounds(count, fresh, s) for s in seeds]
            figures["wait_all"][f"{count} jobs, {kind}"] = {
                key: summarize([r[key] for r in runs]) for key in runs[0]
            }

    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"jobs.wait_all() over N jobs ending at random within 10 minutes "
            f"(median [min-max] of {args.seeds} seeds)"
        )
        for label, row in figures["wait_all"].items():

            def fmt(key: str, spec: str = ".0f", row: dict[str, Any] = row) -> str:
                v = row[key]
                return f"{v['median']:{spec}} [{v['min']:{spec}}-{v['max']:{spec}}]"

            print(
                f"  {label}: {fmt('requests')} requests in {fmt('rounds')} rounds "
                f"({fmt('requests_per_round', '.2f')}/round, at most "
                f"{fmt('max_requests_per_round')} in a round after "
                f"{fmt('discovery_requests')} discovery pages), per-job GETs "
                f"{fmt('per_job_gets')}, returned {fmt('seen_after_last_end_s', '.1f')} s after "
                f"the last job ended; polling each pending job instead: "
                f"{fmt('per_job_polling', ',.0f')}"
            )
        print(
            "  the price of a few requests per round: with thousands of finished jobs in the "
            "window a pass over it takes several rounds, so completions are seen later (before "
            "issue 13: 0.7-0.8 s after the last job ended, for 919 requests at 1,000 fresh jobs "
            "and 158,608 at 10,000, almost all per-job GETs)"
        )
    return figures


if __name__ == "__main__":
    main()
