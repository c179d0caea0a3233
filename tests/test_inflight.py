"""The bound on requests in flight: thousands of concurrent waits reach the pool a few at a time."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from qiskit_runtime_client import AsyncRuntimeClient, RuntimeClient
from qiskit_runtime_client._inflight import DEFAULT_MAX_IN_FLIGHT
from qiskit_runtime_client.resources import AsyncJob, Job

CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/t:inst::"


def _job(job_id: str, status: str) -> dict[str, object]:
    return {
        "id": job_id,
        "created": "2026-01-01T00:00:00.000000Z",
        "program": {"id": "sampler"},
        "cost": 0,
        "status": status,
        "state": {"status": status},
    }


class _Server:
    """An async transport that counts how many requests are inside it at once."""

    def __init__(self) -> None:
        self.inside = 0
        self.peak = 0
        self.order: list[str] = []
        self.polls: dict[str, int] = {}

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "iam.cloud.ibm.com":
            return httpx.Response(200, json={"access_token": "bearer-xyz", "expires_in": 3600})
        self.inside += 1
        self.peak = max(self.peak, self.inside)
        try:
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            job_id = request.url.path.rsplit("/", 1)[-1]
            self.order.append(job_id)
            self.polls[job_id] = self.polls.get(job_id, 0) + 1
            return httpx.Response(200, json=_job(job_id, "Completed"))
        finally:
            self.inside -= 1


def test_async_requests_in_flight_are_bounded_and_served_in_order() -> None:
    server = _Server()

    async def main() -> None:
        transport = httpx.MockTransport(server.handle)
        async with AsyncRuntimeClient(
            token="k", instance=CRN, transport=transport, max_in_flight=7
        ) as client:
            jobs = [AsyncJob(client._runner, f"j{i:04d}") for i in range(1000)]
            statuses = await asyncio.gather(*(job.wait(timeout=60) for job in jobs))
            assert all(str(s) == "Completed" for s in statuses)
            assert client._runner.in_flight.peak == 7
            copy = client.with_options(max_retries=0)
            assert copy._runner.in_flight is client._runner.in_flight

    asyncio.run(main())
    assert server.peak <= 7
    assert sum(server.polls.values()) == 1000  # one request per poll, none lost or repeated
    assert server.order == [f"j{i:04d}" for i in range(1000)]  # first come, first served


def test_sync_requests_in_flight_are_bounded() -> None:
    inside, peak, lock = [0], [0], threading.Lock()
    gate = threading.Event()

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "iam.cloud.ibm.com":
            return httpx.Response(200, json={"access_token": "bearer-xyz", "expires_in": 3600})
        with lock:
            inside[0] += 1
            peak[0] = max(peak[0], inside[0])
        gate.wait(0.05)
        with lock:
            inside[0] -= 1
        return httpx.Response(200, json=_job("j", "Completed"))

    client = RuntimeClient(
        token="k", instance=CRN, transport=httpx.MockTransport(handle), max_in_flight=3
    )
    with client:
        job = Job(client._runner, "j")
        threads = [threading.Thread(target=job.status) for _ in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert peak[0] == 3


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "8"])
def test_max_in_flight_is_checked(bad: object) -> None:
    with pytest.raises(ValueError, match="max_in_flight"):
        RuntimeClient(token="k", instance=CRN, max_in_flight=bad)  # type: ignore[arg-type]


def test_default_bound_is_below_the_httpx_pool() -> None:
    # httpx's default pool: 100 connections; above it, httpx queues (and rescans) itself.
    assert 1 < DEFAULT_MAX_IN_FLIGHT < 100
