"""client.workloads.list(): your own jobs and sessions, lazily cursor-paged (sync and async)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from qiskit_runtime_client import ManualClock, RuntimeClient
from qiskit_runtime_client.resources.workloads import Workload
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

ONE_QUBIT = "OPENQASM 3.0; bit c; c = measure $0;"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1000.0)


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(clock=clock, queue_seconds=1, run_seconds=1, seed=7) as emulator:
        yield emulator


@pytest.fixture
def client(emu: RuntimeEmulator, clock: ManualClock) -> Iterator[RuntimeClient]:
    with emu.client(clock=clock) as c:
        yield c


def _submit(client: RuntimeClient, count: int) -> list[str]:
    sampler = client.sampler("ibm_fez")
    return [sampler.run([ONE_QUBIT]).id for _ in range(count)]


def _workload_requests(emu: RuntimeEmulator) -> list[dict[str, list[str]]]:
    return [r.query for r in emu.requests if r.method == "GET" and r.path == "/api/v1/workloads"]


def test_pages_follow_the_cursor_newest_first_and_fetch_lazily(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    ids = _submit(client, 5)
    pager = client.workloads.list(page_size=2)
    assert _workload_requests(emu) == []  # nothing until iterated

    listed = list(pager)

    assert [w.id for w in listed] == ids[::-1]
    assert all(isinstance(w, Workload) and w.is_job and w.backend == "ibm_fez" for w in listed)
    sent = _workload_requests(emu)
    assert len(sent) == 3  # 2 + 2 + 1
    assert all(q["user"] == ["me"] and q["sort"] == ["-createdAt"] for q in sent)
    assert "next" not in sent[0] and "next" in sent[1] and sent[1]["next"] != sent[2]["next"]


def test_limit_filters_and_oldest_first(client: RuntimeClient, emu: RuntimeEmulator) -> None:
    ids = _submit(client, 3)

    assert [w.id for w in client.workloads.list(limit=2)] == ids[::-1][:2]
    assert [w.id for w in client.workloads.list(newest_first=False)] == ids
    assert list(client.workloads.list(mode="session")) == []
    assert len(list(client.workloads.list(status=["pending", "in_progress"], mode="job"))) == 3
    assert list(client.workloads.list(backend="ibm_torino")) == []
    (page,) = list(client.workloads.list().pages())
    assert page.total == 3


def test_sessions_are_listed_with_their_mode(client: RuntimeClient) -> None:
    with client.batch("ibm_fez") as batch:
        batch.sampler().run([ONE_QUBIT]).wait(timeout=60)
    (workload,) = client.workloads.list()
    assert workload.mode == "batch" and workload.is_session and not workload.is_job
    assert workload.id == batch.id


def test_filters_are_checked_before_any_request(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    with pytest.raises(ValueError, match="status must be one of"):
        client.workloads.list(status="DONE")
    with pytest.raises(ValueError, match="mode must be one of"):
        client.workloads.list(mode="dedicated")
    with pytest.raises(ValueError, match="page_size"):
        client.workloads.list(page_size=51)
    assert _workload_requests(emu) == []


async def test_the_async_pager_lists_the_same(emu: RuntimeEmulator, clock: ManualClock) -> None:
    with emu.client(clock=clock) as sync_client:
        ids = _submit(sync_client, 3)
    async with emu.async_client(clock=clock) as client:
        listed = [w.id async for w in client.workloads.list(page_size=2)]
        pages = [page async for page in client.workloads.list(page_size=2).pages()]
    assert listed == ids[::-1]
    assert [len(p.workloads) for p in pages] == [2, 1]
