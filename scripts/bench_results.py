"""Benchmark result decoding in both service formats, to choose the default `support_qiskit`.

(a) The same data in both formats (10 pubs x 10,000 shots x 20 bits sampler; an estimator
    result of broadcast shape (50, 20)): payload bytes and decode time.
(b) A 1,000,000-shot, 20-bit sampler result decoded to counts, as a ratio to `json.loads` of
    the payload, for a realistic outcome distribution (noisy 20-qubit GHZ) and the worst case
    (uniformly random outcomes: ~650,000 distinct keys).

Run: .venv/bin/python scripts/bench_results.py [--repeat N] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from qiskit_runtime_client.results import (
    BitArray,
    DataBin,
    EstimatorPubResult,
    PrimitiveResult,
    SamplerPubResult,
    decode_result,
    encode_result,
)

FORMATS = {"qiskit": True, "plain": False}
NUM_BITS = 20


def best_time(function: Callable[[], object], repeat: int) -> float:
    """Fastest of `repeat` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def outcomes(shots: int, distribution: str, rng: np.random.Generator) -> BitArray:
    """Packed 20-bit shots: "ghz" = 0...0 or 1...1 with 2% readout flips; "uniform" = random."""
    if distribution == "uniform":
        values = rng.integers(0, 1 << NUM_BITS, shots, dtype=np.uint32)
    else:
        flips = (rng.random((shots, NUM_BITS)) < 0.02) @ (1 << np.arange(NUM_BITS))
        values = np.where(rng.random(shots) < 0.5, 0, (1 << NUM_BITS) - 1) ^ flips
    packed = values.astype(">u4").view(np.uint8).reshape(shots, 4)[:, 1:]
    return BitArray(np.ascontiguousarray(packed), NUM_BITS)


def sampler_result(pubs: int, shots: int, distribution: str, seed: int = 7) -> PrimitiveResult:
    """A sampler result with one 20-bit register `meas` per pub."""
    rng = np.random.default_rng(seed)
    return PrimitiveResult(
        [
            SamplerPubResult(DataBin(meas=outcomes(shots, distribution, rng)), {"shots": shots})
            for _ in range(pubs)
        ],
        {"version": 2},
    )


def estimator_result(shape: tuple[int, ...], seed: int = 7) -> PrimitiveResult:
    """An estimator result with evs/stds/ensemble_standard_error of the given shape."""
    rng = np.random.default_rng(seed)
    data = DataBin(
        shape=shape,
        evs=rng.uniform(-1, 1, shape),
        stds=rng.uniform(0, 0.05, shape),
        ensemble_standard_error=rng.uniform(0, 0.05, shape),
    )
    return PrimitiveResult([EstimatorPubResult(data, {"target_precision": 0.01})], {"version": 2})


def all_counts(result: PrimitiveResult) -> int:
    """Decode-side work a user does next: counts of every register of every pub."""
    return sum(len(pub.data.meas.get_counts()) for pub in result)


def compare_formats(result: PrimitiveResult, sampler: bool, repeat: int) -> dict[str, Any]:
    """Payload bytes, json.loads time and decode time of one result in both formats."""
    figures: dict[str, Any] = {}
    for name, support_qiskit in FORMATS.items():
        payload = encode_result(result, support_qiskit=support_qiskit)
        entry = {
            "bytes": len(payload.encode()),
            "json_loads_s": best_time(lambda p=payload: json.loads(p), repeat),
            "decode_s": best_time(lambda p=payload: decode_result(p), repeat),
        }
        if sampler:
            entry["decode_and_counts_s"] = best_time(
                lambda p=payload: all_counts(decode_result(p)), repeat
            )
        figures[name] = entry
    return figures


def million_shots(distribution: str, shots: int, repeat: int) -> dict[str, Any]:
    """Decode-to-counts time of one big sampler pub, as ratios to json.loads of the payloads."""
    result = sampler_result(1, shots, distribution)
    payloads = {n: encode_result(result, support_qiskit=q) for n, q in FORMATS.items()}
    plain_loads = best_time(lambda: json.loads(payloads["plain"]), repeat)
    figures: dict[str, Any] = {"distinct_outcomes": all_counts(result)}
    for name, payload in payloads.items():
        loads = (
            plain_loads if name == "plain" else best_time(lambda p=payload: json.loads(p), repeat)
        )
        counts = best_time(lambda p=payload: all_counts(decode_result(p)), repeat)
        figures[name] = {
            "bytes": len(payload.encode()),
            "json_loads_s": loads,
            "decode_and_counts_s": counts,
            "ratio_to_own_json_loads": counts / loads,
            "ratio_to_plain_json_loads": counts / plain_loads,
        }
    figures["qiskit_bitarray_get_counts_s"] = _qiskit_counts_time(result, repeat)
    return figures


def _qiskit_counts_time(result: PrimitiveResult, repeat: int) -> float | None:
    """qiskit's own BitArray.get_counts on the same data, for context (None without qiskit)."""
    try:
        from qiskit.primitives.containers import BitArray as QiskitBitArray
    except ImportError:
        return None
    bits = result[0].data.meas
    qiskit_bits = QiskitBitArray(bits.array, bits.num_bits)
    return best_time(qiskit_bits.get_counts, max(1, repeat // 2))


def recommend(payload: dict[str, Any]) -> bool:
    """support_qiskit=True when the Qiskit form is smaller and faster to decode for both."""
    return all(
        figures["qiskit"]["bytes"] < figures["plain"]["bytes"]
        and figures["qiskit"]["decode_s"] < figures["plain"]["decode_s"]
        for figures in payload.values()
    )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run both benchmarks, print a report, and return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best is kept)")
    parser.add_argument("--quick", action="store_true", help="100x smaller data (smoke test)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    scale = 100 if args.quick else 1
    payload = {
        "sampler_10x10000x20": compare_formats(
            sampler_result(10, 10_000 // scale, "ghz"), sampler=True, repeat=args.repeat
        ),
        "estimator_50x20": compare_formats(
            estimator_result((50, 20)), sampler=False, repeat=args.repeat
        ),
    }
    shots = 1_000_000 // scale
    figures: dict[str, Any] = {
        "payload": payload,
        "million_shots": {d: million_shots(d, shots, args.repeat) for d in ("ghz", "uniform")},
        "shots": shots,
        "recommended_support_qiskit": recommend(payload),
    }
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return figures


def report(figures: dict[str, Any]) -> str:
    """A readable table of the figures."""
    lines = ["(a) same data, both formats"]
    for case, by_format in figures["payload"].items():
        for name, f in by_format.items():
            counts = f.get("decode_and_counts_s")
            extra = f"  decode+counts {counts * 1e3:8.1f} ms" if counts is not None else ""
            lines.append(
                f"  {case:<22} {name:<6} {f['bytes'] / 1e6:8.3f} MB  json.loads "
                f"{f['json_loads_s'] * 1e3:7.1f} ms  decode {f['decode_s'] * 1e3:7.1f} ms{extra}"
            )
    lines.append(f"(b) {figures['shots']:,} shots x {NUM_BITS} bits to counts")
    for distribution, f in figures["million_shots"].items():
        lines.append(f"  {distribution} ({f['distinct_outcomes']:,} distinct outcomes)")
        for name in FORMATS:
            g = f[name]
            lines.append(
                f"    {name:<6} {g['bytes'] / 1e6:7.2f} MB  json.loads "
                f"{g['json_loads_s'] * 1e3:7.1f} ms  decode+counts "
                f"{g['decode_and_counts_s'] * 1e3:7.1f} ms  = {g['ratio_to_own_json_loads']:6.1f}x "
                f"own json.loads, {g['ratio_to_plain_json_loads']:5.2f}x plain json.loads"
            )
        if f["qiskit_bitarray_get_counts_s"] is not None:
            lines.append(
                f"    qiskit BitArray.get_counts alone: "
                f"{f['qiskit_bitarray_get_counts_s'] * 1e3:.1f} ms"
            )
    lines.append(f"recommended default support_qiskit = {figures['recommended_support_qiskit']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
