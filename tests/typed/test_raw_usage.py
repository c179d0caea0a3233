"""The typed `client.raw` user (raw_usage.py) runs against the emulator: the generated operations
share the facade's root URL, authenticated client and connection."""

from __future__ import annotations

import pytest
from qiskit_runtime_client import ManualClock

from .raw_usage import backend_names, newest_job_status

pytestmark = pytest.mark.emulator


def test_raw_operations_reach_the_emulator_through_the_facade_connection() -> None:
    testing = pytest.importorskip("qiskit_runtime_client.testing")
    clock = ManualClock()
    with testing.RuntimeEmulator(clock=clock, seed=3) as emu, emu.client(clock=clock) as client:
        names = backend_names(client)
        assert names and set(names) == {b.name for b in client.backends.list()}
        assert newest_job_status(client) is None  # no job yet
        job = client.sampler(backend=names[0]).run(
            ['OPENQASM 3.0; include "stdgates.inc"; bit[1] c; c[0] = measure $0;']
        )
        assert newest_job_status(client) == str(job.status())
        assert str(client.raw._base_url) == client.base_url  # one root for both
        api = [r for r in emu.requests if r.path.startswith("/api/")]
        raw_gets = [r for r in api if r.extra.get("operation") == "GET /jobs/{id}"]
        assert raw_gets and all(r.status == 200 for r in api)  # authenticated, with the CRN
