"""Issue 5's round trip: Sampler and Estimator jobs submitted, waited on and decoded from recorded
traffic, in both result formats (support_qiskit true and false). The numbers the facade returns
are checked against an independent reading of the recorded /results body."""

from __future__ import annotations

import base64
import io
import json
import zlib
from collections import Counter
from typing import Any

import numpy as np
import pytest
from cassette_config import CassetteTarget

from ._helpers import (
    BELL_QASM,
    BELL_STATE_QASM,
    JOB_TIMING,
    api_calls,
    assert_fully_played,
)

pytestmark = [
    pytest.mark.vcr,
    pytest.mark.block_network,
    pytest.mark.emulator_options(**JOB_TIMING),
]

BACKEND = "ibm_torino"
SHOTS = 64


def _recorded(cassette: Any, suffix: str) -> tuple[dict[str, Any], Any]:
    """The request body (JSON) of the POST /jobs and the recorded answer of `suffix`."""
    posted = next(r for r, _ in cassette.data if r.method == "POST" and r.uri.endswith("/jobs"))
    answer = next(a for r, a in cassette.data if r.uri.endswith(suffix))
    return json.loads(posted.body), json.loads(answer["body"]["string"])


def _ndarray(encoded: dict[str, Any]) -> Any:
    """An ndarray of the Qiskit envelope, read here without the facade's decoder."""
    assert encoded["__type__"] == "ndarray"
    raw = zlib.decompress(base64.b64decode(encoded["__value__"]))
    return np.load(io.BytesIO(raw), allow_pickle=False)


def _check_bell_counts(counts: dict[str, int]) -> None:
    assert sum(counts.values()) == SHOTS
    assert set(counts) == {"00", "11"}  # a Bell pair: never 01 or 10
    assert min(counts.values()) >= SHOTS // 4  # about half and half


def test_sampler_plain_json(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = client.sampler(BACKEND, support_qiskit=False).run([BELL_QASM], shots=SHOTS)
        result = job.result()
    (pub,) = result
    bits = pub.data.c
    assert (bits.num_shots, bits.num_bits, bits.shape) == (SHOTS, 2, ())
    counts = bits.get_counts()
    _check_bell_counts(counts)
    body, recorded = _recorded(vcr, "/results")
    assert body["params"]["support_qiskit"] is False and body["params"]["shots"] == SHOTS
    samples = recorded["results"][0]["data"]["c"]["samples"]
    expected = Counter(format(int(s, 16), "02b") for s in samples)
    assert counts == dict(expected)
    assert bits.get_bitstrings() == [format(int(s, 16), "02b") for s in samples]
    assert_fully_played(vcr)


def test_sampler_qiskit_encoded(vcr: Any, cassette_target: CassetteTarget) -> None:
    with cassette_target.client() as client:
        job = client.sampler(BACKEND, support_qiskit=True).run([BELL_QASM], shots=SHOTS)
        result = job.result()
    bits = result[0].data.c
    counts = bits.get_counts()
    _check_bell_counts(counts)
    body, recorded = _recorded(vcr, "/results")
    assert body["params"]["support_qiskit"] is True
    assert recorded["__type__"] == "PrimitiveResult"
    pub = recorded["__value__"]["pub_results"][0]["__value__"]["data"]["__value__"]
    packed = _ndarray(pub["fields"]["c"]["__value__"]["array"])
    assert np.array_equal(bits.array, packed)
    ints = Counter(int(row[-1]) for row in packed)  # 2 bits: one byte per shot
    assert bits.get_int_counts() == dict(ints)
    assert_fully_played(vcr)


@pytest.mark.parametrize("support_qiskit", [False, True], ids=["plain", "qiskit"])
def test_estimator(vcr: Any, cassette_target: CassetteTarget, support_qiskit: bool) -> None:
    with cassette_target.client() as client:
        estimator = client.estimator(BACKEND, support_qiskit=support_qiskit)
        job = estimator.run([(BELL_STATE_QASM, ["ZZ", "XX"])], precision=0.01)
        result = job.result()
    data = result[0].data
    assert data.evs.shape == data.stds.shape == (2,)
    assert np.allclose(data.evs, [1.0, 1.0], atol=0.05)  # <ZZ> = <XX> = 1 on a Bell state
    body, recorded = _recorded(vcr, "/results")
    assert body["params"]["precision"] == 0.01
    assert body["params"]["pubs"] == [[BELL_STATE_QASM, [{"ZZ": 1.0}, {"XX": 1.0}]]]
    if support_qiskit:
        fields = recorded["__value__"]["pub_results"][0]["__value__"]["data"]["__value__"]
        expected_evs = _ndarray(fields["fields"]["evs"])
    else:
        expected_evs = np.asarray(recorded["results"][0]["data"]["evs"])
        assert result[0].metadata["target_precision"] == 0.01
    assert np.array_equal(data.evs, expected_evs)
    assert_fully_played(vcr)


async def test_async_sampler_in_a_batch(vcr: Any, cassette_target: CassetteTarget) -> None:
    async with cassette_target.async_client() as client, client.batch(BACKEND) as batch:
        job = await batch.sampler(support_qiskit=False).run([BELL_QASM], shots=SHOTS)
        result = await job.result()
    _check_bell_counts(result[0].data.c.get_counts())
    assert job.session_id == batch.id
    methods = [(method, path.split("?")[0]) for method, path, _ in api_calls(vcr)]
    assert methods[:2] == [("POST", "/sessions"), ("POST", "/jobs")]
    assert methods[-2:] == [("GET", f"/jobs/{job.id}/results"), ("PATCH", f"/sessions/{batch.id}")]
    assert_fully_played(vcr)
