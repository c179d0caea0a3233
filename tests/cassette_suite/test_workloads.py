"""client.workloads.list(): the caller's own jobs and sessions over recorded GET /workloads."""

from __future__ import annotations

from typing import Any

import pytest
from cassette_config import CassetteTarget

from ._helpers import BELL_QASM, JOB_TIMING, api_calls, assert_fully_played

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.emulator_options(**JOB_TIMING),
]


def test_own_workloads_newest_first_over_two_pages(
    vcr: Any, cassette_target: CassetteTarget
) -> None:
    with cassette_target.client() as client:
        sampler = client.sampler("ibm_torino", support_qiskit=False)
        ids = [sampler.run([BELL_QASM], shots=4).id for _ in range(3)]
        listed = list(client.workloads.list(page_size=2))
    assert [w.id for w in listed] == ids[::-1]
    assert {(w.mode, w.backend) for w in listed} == {("job", "ibm_torino")}
    assert all(w.status in ("pending", "in_progress") and w.created for w in listed)
    listing = [c for c in api_calls(vcr) if c[1].startswith("/workloads")]
    assert len(listing) == 2 and all(status == 200 for *_, status in listing)
    assert "next=" in listing[1][1] and "next=" not in listing[0][1]
    assert_fully_played(vcr)
