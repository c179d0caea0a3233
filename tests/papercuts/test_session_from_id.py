"""client.session_from_id(sid).sampler().run(...) runs in that session, on its backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from qiskit_runtime_client import ManualClock, RuntimeClient
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

COIN = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(clock=clock, seed=2) as emulator:
        yield emulator


@pytest.fixture
def client(emu: RuntimeEmulator, clock: ManualClock) -> Iterator[RuntimeClient]:
    with emu.client(clock=clock) as c:
        yield c


def test_a_handle_from_an_id_reads_its_backend_before_the_first_job(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    session_id = client.batch("ibm_torino").create()

    handle = client.session_from_id(session_id)
    job = handle.sampler().run([COIN], shots=10)

    assert handle.backend == "ibm_torino"
    details = job.details()
    assert (details.session_id, details.backend) == (session_id, "ibm_torino")
    assert emu.count_requests("GET", f"/api/v1/sessions/{session_id}") == 1
    handle.estimator()  # known now: no second look
    assert emu.count_requests("GET", f"/api/v1/sessions/{session_id}") == 1


def test_a_backend_given_with_the_id_costs_no_request(
    client: RuntimeClient, emu: RuntimeEmulator
) -> None:
    session_id = client.session("ibm_fez").create()

    job = client.session_from_id(session_id, backend="ibm_fez").sampler().run([COIN], shots=10)

    assert job.details().session_id == session_id
    assert emu.count_requests("GET", f"/api/v1/sessions/{session_id}") == 0


async def test_async_handles_say_how_to_learn_the_backend(
    emu: RuntimeEmulator, clock: ManualClock
) -> None:
    async with emu.async_client(clock=clock) as client:
        session_id = await client.batch("ibm_fez").create()
        handle = client.session_from_id(session_id)
        with pytest.raises(ValueError, match="pass backend= to session_from_id"):
            handle.sampler()
        await handle.details()
        job = await handle.sampler().run([COIN], shots=10)
        assert (await job.details()).session_id == session_id
        given = client.session_from_id(session_id, backend="ibm_fez")
        assert given.estimator().backend == "ibm_fez"
