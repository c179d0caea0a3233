"""Benchmark result decoding in both service formats: time and peak memory, against `json.loads`
and the official SDK's decoder (`qiskit_ibm_runtime.RuntimeDecoder`) measured on the same bytes.

(a) The same data in both formats (10 pubs x 10,000 shots x 20 bits sampler; an estimator
    result of broadcast shape (50, 20)): payload bytes and decode time, to choose the default
    `support_qiskit`.
(b) 1,000,000 shots of one register of 20 bits (a noisy GHZ state and uniformly random
    outcomes), 100 and 1,000 bits (uniformly random: every shot distinct): decode (D) and
    decode + get_counts (C). Times are medians [min-max] of interleaved rounds in one process
    per case, ratios are medians of per-round ratios; peak memory is the tracemalloc peak in a
    fresh process per figure (numpy reports its buffers to tracemalloc), the payload already in
    memory. Targets (issue 13): plain JSON within 3x json.loads' memory, the Qiskit format at
    most the SDK's memory, random 20-bit counts within 2x json.loads' time.

Run: .venv/bin/python scripts/bench_results.py [--repeat N] [--quick] [--json]
(--quick: 1,000 shots, one round, in-process memory figures; what the test suite runs.)
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
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
# (bits, distribution) of the 1M-shot cases; rounds of timing per case (the 1,000-bit one
# takes seconds per decode).
WIDE_CASES = [(20, "ghz", 7), (20, "uniform", 7), (100, "uniform", 5), (1000, "uniform", 3)]
OPS_PLAIN = ["json.loads", "ours D", "ours C"]
OPS_QISKIT = ["json.loads", "ours D", "ours C", "SDK D", "SDK C"]


def timed(function: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median, min and max of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "min": min(times), "max": max(times)}


def outcomes(shots: int, distribution: str, rng: np.random.Generator, num_bits: int) -> BitArray:
    """Packed shots: "ghz" = 0...0 or 1...1 with 2% readout flips; "uniform" = random."""
    nbytes = (num_bits + 7) // 8
    if distribution == "uniform":
        packed = rng.integers(0, 256, (shots, nbytes), dtype=np.uint8)
    else:
        flips = rng.random((shots, num_bits)) < 0.02
        ones = (rng.random(shots) < 0.5)[:, None]
        bits = np.zeros((shots, 8 * nbytes), dtype=bool)
        bits[:, 8 * nbytes - num_bits :] = (flips ^ ones)[:, ::-1]  # clbit 0 last
        packed = np.packbits(bits, axis=1)
    if num_bits % 8:
        packed[:, 0] &= 0xFF >> (8 - num_bits % 8)
    return BitArray(np.ascontiguousarray(packed), num_bits)


def sampler_result(
    pubs: int, shots: int, distribution: str, seed: int = 7, num_bits: int = NUM_BITS
) -> PrimitiveResult:
    """A sampler result with one register `meas` per pub."""
    rng = np.random.default_rng(seed)
    return PrimitiveResult(
        [
            SamplerPubResult(
                DataBin(meas=outcomes(shots, distribution, rng, num_bits)), {"shots": shots}
            )
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


def plain_payload(result: PrimitiveResult) -> str:
    """encode_result(result, support_qiskit=False) for one-register sampler results, with the
    hex strings built from one hex dump (encode_result's per-shot int loop takes a minute for
    a million 1,000-bit shots)."""
    pubs = []
    for pub in result:
        bits = pub.data.meas
        digits = bits.array.tobytes().hex()
        width = 2 * bits.array.shape[-1]
        samples = [
            "0x" + (digits[i : i + width].lstrip("0") or "0") for i in range(0, len(digits), width)
        ]
        register = {"samples": samples, "num_bits": bits.num_bits}
        pubs.append({"data": {"meas": register}, "metadata": pub.metadata})
    return json.dumps({"results": pubs, "metadata": result.metadata})


def all_counts(result: Any) -> int:
    """Decode-side work a user does next: counts of every register of every pub."""
    return sum(len(pub.data.meas.get_counts()) for pub in result)


def compare_formats(result: PrimitiveResult, sampler: bool, repeat: int) -> dict[str, Any]:
    """Payload bytes, json.loads time and decode time (medians) of one result in both formats."""
    figures: dict[str, Any] = {}
    for name, support_qiskit in FORMATS.items():
        payload = encode_result(result, support_qiskit=support_qiskit)
        decode = timed(lambda p=payload: decode_result(p), repeat)
        entry = {
            "bytes": len(payload.encode()),
            "json_loads_s": timed(lambda p=payload: json.loads(p), repeat)["median"],
            "decode_s": decode["median"],
            "decode_range_s": [decode["min"], decode["max"]],
        }
        if sampler:
            entry["decode_and_counts_s"] = timed(
                lambda p=payload: all_counts(decode_result(p)), repeat
            )["median"]
        figures[name] = entry
    return figures


def operation(name: str, payload: str) -> Callable[[], Any]:
    """One measured operation on a payload (the SDK's imported here, outside the measurement)."""
    if name == "json.loads":
        return lambda: json.loads(payload)
    if name == "ours D":
        return lambda: decode_result(payload)
    if name == "ours C":
        return lambda: decode_result(payload)[0].data.meas.get_counts()
    from qiskit_ibm_runtime import RuntimeDecoder

    if name == "SDK D":
        return lambda: json.loads(payload, cls=RuntimeDecoder)
    return lambda: json.loads(payload, cls=RuntimeDecoder)[0].data.meas.get_counts()


def sdk_available() -> bool:
    """Whether the official SDK's decoder imports here."""
    try:
        from qiskit_ibm_runtime import RuntimeDecoder  # noqa: F401
    except ImportError:
        return False
    return True


def peak_memory(name: str, payload: str, warm_up: str) -> dict[str, float]:
    """tracemalloc peak of one operation (and what its result keeps), in MB; the operation
    first runs on the small `warm_up` payload so that lazy imports are not counted."""
    operation(name, warm_up)()
    function = operation(name, payload)
    gc.collect()
    tracemalloc.start()
    try:
        kept = function()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return {"peak_mb": peak / 1e6, "kept_mb": current / 1e6}


def _worker(argv: list[str]) -> None:
    """`--worker memory FILE WARM_UP OP` or `--worker time FILE WARM_UP REPEAT OP...`: print
    the figures as JSON."""
    kind, payload, warm_up = argv[0], Path(argv[1]).read_text(), Path(argv[2]).read_text()
    if kind == "memory":
        print(json.dumps(peak_memory(argv[3], payload, warm_up)))
    else:
        print(json.dumps(time_rounds(payload, warm_up, int(argv[3]), argv[4:])))


def time_rounds(
    payload: str, warm_up: str, repeat: int, names: list[str]
) -> dict[str, list[float]]:
    """Seconds per round of each operation, interleaved round by round (after one run of
    each on the small `warm_up` payload: imports, caches)."""
    for name in names:
        operation(name, warm_up)()
    functions = {name: operation(name, payload) for name in names}
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name, function in functions.items():
            gc.collect()
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return times


def _in_subprocess(args: list[str]) -> Any:
    command = [sys.executable, "-W", "ignore", __file__, "--worker", *args]
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def wide_case(
    num_bits: int, distribution: str, shots: int, repeat: int, fresh: bool, sdk: bool
) -> dict[str, Any]:
    """Time and peak memory of every operation on one 1M-shot register in both formats."""
    result = sampler_result(1, shots, distribution, num_bits=num_bits)
    tiny = sampler_result(1, 10, distribution, seed=1, num_bits=num_bits)
    payloads = {
        "plain": (plain_payload(result), plain_payload(tiny)),
        "qiskit": (
            encode_result(result, support_qiskit=True),
            encode_result(tiny, support_qiskit=True),
        ),
    }
    figures: dict[str, Any] = {"distinct_outcomes": all_counts(result)}
    del result
    with tempfile.TemporaryDirectory() as folder:
        for fmt, (payload, warm_up) in payloads.items():
            names = OPS_PLAIN if fmt == "plain" else OPS_QISKIT[: 5 if sdk else 3]
            path, small = Path(folder, f"{fmt}.json"), Path(folder, f"{fmt}.small.json")
            path.write_text(payload)
            small.write_text(warm_up)
            files = [str(path), str(small)]
            if fresh:
                times = _in_subprocess(["time", *files, str(repeat), *names])
                memory = {n: _in_subprocess(["memory", *files, n]) for n in names}
            else:
                times = time_rounds(payload, warm_up, repeat, names)
                memory = {n: peak_memory(n, payload, warm_up) for n in names}
            figures[fmt] = _summarise(len(payload.encode()), names, times, memory)
    return figures


def _summarise(
    size: int, names: list[str], times: dict[str, list[float]], memory: dict[str, Any]
) -> dict[str, Any]:
    entry: dict[str, Any] = {"bytes": size}
    for name in names:
        seconds = times[name]
        row: dict[str, Any] = {
            "s": statistics.median(seconds),
            "s_min": min(seconds),
            "s_max": max(seconds),
            "peak_mb": memory[name]["peak_mb"],
            "kept_mb": memory[name]["kept_mb"],
        }
        for base in ("json.loads", name.replace("ours", "SDK")):
            if base != name and base in times:
                ratios = [a / b for a, b in zip(seconds, times[base], strict=True)]
                row[f"x_{base}_time"] = statistics.median(ratios)
                row[f"x_{base}_memory"] = memory[name]["peak_mb"] / memory[base]["peak_mb"]
        entry[name] = row
    return entry


def counts_floor(shots: int, repeat: int) -> dict[str, float]:
    """What get_counts cannot avoid for random 20-bit outcomes: building the dict from ready
    strings and ints (no decoding), as a ratio to json.loads of the plain payload."""
    result = sampler_result(1, shots, "uniform")
    payload = plain_payload(result)
    counts = result[0].data.meas.get_counts()
    keys, values = list(counts), list(counts.values())
    loads: list[float] = []
    build: list[float] = []
    for _ in range(repeat):
        loads.append(timed(lambda: json.loads(payload), 1)["median"])
        build.append(timed(lambda: dict(zip(keys, values, strict=True)), 1)["median"])
    return {
        "distinct": len(keys),
        "dict_build_s": statistics.median(build),
        "json_loads_s": statistics.median(loads),
        "x_json_loads": statistics.median([b / a for a, b in zip(loads, build, strict=True)]),
    }


def recommend(payload: dict[str, Any]) -> bool:
    """support_qiskit=True when the Qiskit form is smaller and faster to decode for both."""
    return all(
        figures["qiskit"]["bytes"] < figures["plain"]["bytes"]
        and figures["qiskit"]["decode_s"] < figures["plain"]["decode_s"]
        for figures in payload.values()
    )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run both benchmarks, print a report, and return the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=0, help="rounds per timing (0: per case)")
    parser.add_argument("--quick", action="store_true", help="1,000 shots, in-process (smoke)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker)
        return {}
    scale = 1000 if args.quick else 1
    small = 100 if args.quick else 1
    payload = {
        "sampler_10x10000x20": compare_formats(
            sampler_result(10, 10_000 // small, "ghz"), sampler=True, repeat=args.repeat or 5
        ),
        "estimator_50x20": compare_formats(
            estimator_result((50, 20)), sampler=False, repeat=args.repeat or 5
        ),
    }
    shots = 1_000_000 // scale
    sdk = sdk_available()
    wide = {
        f"{bits} bits {distribution}": wide_case(
            bits, distribution, shots, args.repeat or rounds, not args.quick, sdk
        )
        for bits, distribution, rounds in WIDE_CASES
    }
    figures: dict[str, Any] = {
        "payload": payload,
        "wide": wide,
        "counts_floor_20_bits_uniform": counts_floor(shots, args.repeat or 7),
        "shots": shots,
        "sdk_measured": sdk,
        "quick": args.quick,
        "recommended_support_qiskit": recommend(payload),
    }
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return figures


def report(figures: dict[str, Any]) -> str:
    """A readable table of the figures."""
    lines = ["(a) same data, both formats (decode: median [min-max])"]
    for case, by_format in figures["payload"].items():
        for name, f in by_format.items():
            counts = f.get("decode_and_counts_s")
            extra = f"  decode+counts {counts * 1e3:8.1f} ms" if counts is not None else ""
            low, high = f["decode_range_s"]
            lines.append(
                f"  {case:<22} {name:<6} {f['bytes'] / 1e6:8.3f} MB  json.loads "
                f"{f['json_loads_s'] * 1e3:7.1f} ms  decode {f['decode_s'] * 1e3:7.1f} ms "
                f"[{low * 1e3:.1f}-{high * 1e3:.1f}]{extra}"
            )
    lines.append(
        f"(b) {figures['shots']:,} shots, one register: D = decode_result, C = decode + "
        "get_counts; time median [min-max], ratio = median of per-round ratios; peak = "
        "tracemalloc peak (fresh process), payload already in memory"
    )
    for case, f in figures["wide"].items():
        lines.append(f"  {case} ({f['distinct_outcomes']:,} distinct outcomes)")
        for fmt in ("plain", "qiskit"):
            g = f[fmt]
            lines.append(f"    {fmt} ({g['bytes'] / 1e6:.2f} MB)")
            for name, row in g.items():
                if name == "bytes":
                    continue
                ratios = "  ".join(
                    f"{row[k]:5.2f}x time {row[k.replace('_time', '_memory')]:5.2f}x memory "
                    f"of {k[2:-5]}"
                    for k in row
                    if k.startswith("x_") and k.endswith("_time")
                )
                lines.append(
                    f"      {name:<10} {row['s'] * 1e3:9.1f} ms [{row['s_min'] * 1e3:.0f}-"
                    f"{row['s_max'] * 1e3:.0f}]  peak {row['peak_mb']:8.1f} MB  {ratios}"
                )
    floor = figures["counts_floor_20_bits_uniform"]
    lines.append(
        f"  floor of random 20-bit counts: dict(zip(strings, ints)) of the {floor['distinct']:,} "
        f"counts alone, no decoding: {floor['dict_build_s'] * 1e3:.1f} ms = "
        f"{floor['x_json_loads']:.2f}x json.loads of the plain payload"
    )
    if not figures["sdk_measured"]:
        lines.append("  (qiskit-ibm-runtime is not installed: no SDK figures)")
    lines.append(f"recommended default support_qiskit = {figures['recommended_support_qiskit']}")
    lines += verdict(figures)
    return "\n".join(lines)


def verdict(figures: dict[str, Any]) -> list[str]:
    """The issue's targets, met or not, and where we lose, from the figures."""
    wide = figures["wide"]
    quick = " (--quick: 1,000 shots in one process, fixed costs dominate; not the targets' scale)"
    lines = ["targets (issue 13)" + (quick if figures.get("quick") else "") + ":"]
    plain = {case: f["plain"] for case, f in wide.items()}
    for op, what in (("ours D", "decode"), ("ours C", "decode + get_counts")):
        ratios = [row[op]["x_json.loads_memory"] for row in plain.values()]
        parts = ", ".join(f"{c}: {r:.2f}x" for c, r in zip(plain, ratios, strict=True))
        met = "meets" if max(ratios) <= 3 else "MISSES"
        lines.append(f"  plain JSON {what} peak <= 3x json.loads' peak: {parts} ({met})")
    floor_case = "1000 bits uniform"
    if floor_case in wide:
        kept = wide[floor_case]["plain"]["ours C"]["kept_mb"]
        loads = wide[floor_case]["plain"]["json.loads"]["peak_mb"]
        lines.append(
            f"    floor: the counts of {wide[floor_case]['distinct_outcomes']:,} distinct "
            f"1,000-bit outcomes are a dict of {kept:,.0f} MB by themselves "
            f"({kept / loads:.2f}x json.loads' peak), whoever decodes"
        )
    if figures["sdk_measured"]:
        for op, what in (("ours D", "decode"), ("ours C", "decode + get_counts")):
            key = f"x_{op.replace('ours', 'SDK')}_memory"
            ratios = [f["qiskit"][op][key] for f in wide.values()]
            parts = ", ".join(f"{c}: {r:.2f}x" for c, r in zip(wide, ratios, strict=True))
            met = "meets" if max(ratios) <= 1.0 else "MISSES"
            lines.append(f"  Qiskit format {what} peak <= the SDK's: {parts} ({met})")
        for case, f in wide.items():
            ours, sdk = f["qiskit"]["ours C"], f["qiskit"]["SDK C"]
            if case.startswith("20 bits") and ours["peak_mb"] > sdk["peak_mb"]:
                lines.append(
                    f"    {case}: +{ours['peak_mb'] - sdk['peak_mb']:.1f} MB over the SDK's "
                    f"{sdk['peak_mb']:.1f} MB: counting uses a 2**20-entry bincount table (8 MB) "
                    f"and an int64 copy of the outcomes, and takes {ours['x_SDK C_time']:.2f}x "
                    "the SDK's per-shot loop's time (a trade kept on purpose)"
                )
    for case in ("20 bits ghz", "20 bits uniform"):
        if case in wide:
            ratio = wide[case]["plain"]["ours C"]["x_json.loads_time"]
            met = "meets" if ratio <= 2 else "MISSES"
            lines.append(
                f"  {case}: plain decode + get_counts <= 2x json.loads' time: {ratio:.2f}x ({met})"
            )
    floor = figures["counts_floor_20_bits_uniform"]
    lines.append(
        f"    floor for uniform outcomes: json.loads (1x) + building the dict of "
        f"{floor['distinct']:,} counts ({floor['x_json_loads']:.2f}x) = "
        f"{1 + floor['x_json_loads']:.2f}x, before any decoding"
    )
    lines.append("where we lose:")
    for case, f in wide.items():
        row = f["plain"]["ours D"]
        lines.append(
            f"  {case}, plain: decode takes {row['x_json.loads_time']:.1f}x json.loads' time "
            f"({row['s']:.2f} s); the Qiskit format decodes the same shots in "
            f"{f['qiskit']['ours D']['s']:.2f} s"
        )
        if figures["sdk_measured"]:
            for op in ("ours D", "ours C"):
                base = op.replace("ours", "SDK")
                ratio = f["qiskit"][op][f"x_{base}_time"]
                if ratio > 1.05:
                    lines.append(f"  {case}, Qiskit format: {op} takes {ratio:.2f}x {base}'s time")
    return lines


if __name__ == "__main__":
    main(sys.argv[1:])
