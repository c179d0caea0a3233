"""Results typed by primitive at run time too: run() refuses a bare string, sampler jobs give
sampler results (BitArray registers), estimator jobs evs/stds arrays; jobs.get(id) is untyped."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from qiskit_runtime_client import BitArray, ManualClock, PrimitiveResult, RuntimeClient
from qiskit_runtime_client.result_types import as_estimator_result, as_sampler_result
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

COIN = 'OPENQASM 3.0; include "stdgates.inc"; bit[1] c; sx $0; c[0] = measure $0;'
STATE = 'OPENQASM 3.0; include "stdgates.inc"; sx $0;'


@pytest.fixture
def client() -> Iterator[RuntimeClient]:
    clock = ManualClock()
    with RuntimeEmulator(clock=clock, seed=4) as emu, emu.client(clock=clock) as c:
        yield c


@pytest.mark.parametrize("primitive", ["sampler", "estimator"])
def test_a_bare_string_is_refused_before_anything_is_sent(
    client: RuntimeClient, primitive: str
) -> None:
    handle = getattr(client, primitive)("ibm_torino")
    with pytest.raises(TypeError, match=r"list of PUBs.*run\(\[circuit\]\)"):
        handle.run(COIN)


def test_sampler_and_estimator_results_have_their_shapes(client: RuntimeClient) -> None:
    sampled = client.sampler("ibm_torino").run([COIN], shots=20).result()
    assert isinstance(sampled, PrimitiveResult) and isinstance(sampled[0].data.c, BitArray)
    estimated = client.estimator("ibm_torino").run([(STATE, "Z")]).result()
    assert isinstance(estimated[0].data.evs, np.ndarray)
    assert estimated[0].data.evs.dtype == np.float64


def test_a_job_got_by_id_is_read_as_either_result(client: RuntimeClient) -> None:
    job_id = client.sampler("ibm_torino").run([COIN], shots=20).id
    untyped = client.jobs.get(job_id).result()
    assert as_sampler_result(untyped)[0].data.c.num_shots == 20
    with pytest.raises(TypeError, match="PrimitiveResult of an estimator job, got dict"):
        as_estimator_result({"not": "a result"})
