"""A typed user of the facade: submit sampler and estimator jobs, read counts and evs.

`make typecheck` checks this file with mypy --strict (tests/typed is in mypy's files), and
test_user_script.py checks it again with --disallow-any-expr, so an `Any` leaking out of
`job.result()` (counts, evs, stds) fails the type check; it also runs it against the emulator.
`assert_type` pins each type the script relies on.
"""

from __future__ import annotations

from typing import assert_type

import numpy as np
from numpy.typing import NDArray
from qiskit_runtime_client import AsyncJob, AsyncRuntimeClient, BitArray, Job, RuntimeClient
from qiskit_runtime_client.result_types import EstimatorResult, SamplerResult

BELL = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
rz(pi/2) $0;
sx $0;
rz(pi/2) $0;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
cz $0, $1;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
c[0] = measure $0;
c[1] = measure $1;
"""
BELL_STATE = BELL.split("c[0] = measure")[0]


def bell_counts(client: RuntimeClient, backend: str, shots: int) -> dict[str, int]:
    """Counts of a Bell circuit: the register `c` is a BitArray, its counts a dict[str, int]."""
    job = client.sampler(backend).run([BELL], shots=shots)
    assert_type(job, Job[SamplerResult])
    result = job.result()
    assert_type(result, SamplerResult)
    bits = result[0].data.c
    assert_type(bits, BitArray)
    assert_type(result[0].data["c"], BitArray)
    counts = bits.get_counts()
    assert_type(counts, dict[str, int])
    return counts


def bell_evs(
    client: RuntimeClient, backend: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """<ZZ> and <XX> of the Bell state with their standard errors."""
    job = client.estimator(backend).run([(BELL_STATE, ["ZZ", "XX"])], precision=0.05)
    assert_type(job, Job[EstimatorResult])
    data = job.result()[0].data
    evs = data.evs
    assert_type(evs, NDArray[np.float64])
    assert_type(data.stds, NDArray[np.float64])
    return evs, data.stds


async def bell_counts_async(client: AsyncRuntimeClient, backend: str) -> dict[str, int]:
    """The async client: the same types, awaited."""
    job = await client.sampler(backend).run([BELL], shots=100)
    assert_type(job, AsyncJob[SamplerResult])
    result = await job.result()
    total: dict[str, int] = {}
    for pub in result:
        for name in pub.data:
            for key, value in pub.data[name].get_counts().items():
                total[key] = total.get(key, 0) + value
    return total


async def bell_evs_async(client: AsyncRuntimeClient, backend: str) -> NDArray[np.float64]:
    """Async estimator results are typed too."""
    job = await client.estimator(backend).run([(BELL_STATE, ["ZZ"])])
    assert_type(job, AsyncJob[EstimatorResult])
    return (await job.result())[0].data.evs
