"""Benchmark what users feel of two everyday calls, ours against the official SDK, both measured.

Both clients talk over loopback HTTP to the emulator, run in a child process (`--serve`) so its
work is not counted: client CPU is `time.process_time()` of the client's own process, wall time
includes the emulator's answers. The SDK (qiskit-ibm-runtime) runs with its three public settings
(README, "The official SDK against it"); its construction and imports are not measured.

1. `job.status()` on a handle already in hand: ours `client.jobs.get(id)` then `job.status()`
   (and `await job.status()` on the AsyncRuntimeClient), the SDK's `service.job(id)` then
   `job.status()`, on a Running job and on an ended (cancelled) one, whose final status both
   answer from memory. Each round sends --calls calls per variant, the variants in rotating order;
   per-call CPU and wall are the medians of a round; the figures are the median [min-max] of the
   round medians, and ours / SDK the median [min-max] of the per-round ratios.
2. Listing every job of an instance, at --small-jobs and --jobs jobs (one real Sampler job and
   its copies, made with the emulator's `copy_job`): ours `list(client.jobs.list())` and
   `list(client.workloads.list())` (your own jobs and sessions, cursor-paged, 50 a page), the
   SDK's `service.jobs(limit=None)`. Each listing runs in a fresh child process, after its setup
   (imports, client or service, first token): requests counted at the emulator (IAM token
   requests apart), client CPU, wall, and memory: peak RSS growth (VmHWM, reset just before,
   minus the RSS before) and the growth still held with the list in hand. The SDK builds an
   IBMBackend per listed job (about 11 ms of CPU and 0.5 MB a job), and the emulator answers
   workloads pages slowly at 10,000 jobs (it writes a document for every job per page), so at
   --jobs those two run --big-rounds times (default 1) and the others min(--rounds, 3) times;
   the SDK's child then needs about 5 GB of memory.

The emulator's HTTP server (werkzeug) closes every connection after its answer, so every call
of either client includes a TCP connect; on the service, with keep-alive, both spend less.

Run: .venv/bin/python scripts/bench_calls.py [--rounds 5] [--calls 200] [--jobs 10000]
     [--small-jobs 1000] [--big-rounds 1] [--json]
Takes about 4 minutes on 2 shared CPUs (203 and 239 s in two runs on 2026-12-02), half of it
the SDK listing 10,000 jobs.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "facade")]
sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "generated")]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _bench_common

from _bench_common import BELL, sdk_environment  # noqa: E402

TOKEN_PATH = "/identity/token"


# --- the emulator, in a child process (`bench_calls.py --serve JOBS`) ---------------------------


def serve(jobs: int) -> None:
    """Run an emulator; print how to reach it, then answer commands on stdin (`count`: API and
    token requests since the last count, as JSON) until EOF.

    jobs > 0: it holds `jobs` ended jobs (one real Sampler job and its copies). jobs == 0: it
    holds one job left Running for an hour and one cancelled job.
    """
    from qiskit_runtime_client.testing import RuntimeEmulator

    run_seconds = 3600.0 if jobs == 0 else 0.05
    with RuntimeEmulator(queue_seconds=0.0, run_seconds=run_seconds, seed=7) as emu:
        with emu.client() as client:
            job = client.sampler("ibm_fez").run([BELL], shots=100)
            if jobs == 0:
                ended = client.sampler("ibm_fez").run([BELL], shots=100)
                ended.cancel()
                assert job.status().value == "Running" and ended.status().value == "Cancelled"
                info = {"job_id": job.id, "ended_job_id": ended.id}
            else:
                job.result(timeout=120)
                emu.copy_job(job.id, jobs - 1)
                info = {"job_id": job.id}
        emu.clear_requests()
        info |= {
            "url": emu.url,
            "api_url": emu.api_url,
            "api_key": emu.api_key,
            "instance": emu.instance,
        }
        print(json.dumps(info), flush=True)
        for line in sys.stdin:
            if line.strip() == "count":
                recorded = emu.requests
                emu.clear_requests()
                tokens = sum(1 for r in recorded if r.path == TOKEN_PATH)
                answer = {"api": len(recorded) - tokens, "token": tokens}
                print(json.dumps(answer), flush=True)


class Emulator:
    """The emulator child process: its connection details and its request counter."""

    def __init__(self, jobs: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(jobs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the emulator process ended before serving")
        self.info: dict[str, str] = json.loads(line)

    def count(self) -> dict[str, int]:
        """Requests received since the last count (API requests and IAM token requests)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        counts: dict[str, int] = json.loads(self.process.stdout.readline())
        return counts

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the clients ---------------------------------------------------------------------------


def sdk_service(info: dict[str, str]) -> Any:
    """A QiskitRuntimeService on the emulator (constructed with the emulator's settings)."""
    from qiskit_ibm_runtime import QiskitRuntimeService

    with sdk_environment(info["url"]), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return QiskitRuntimeService(
            channel="ibm_quantum_platform",
            token=info["api_key"],
            instance=info["instance"],
            url=info["api_url"],
            url_resolver=lambda url, *a, **k: url,
        )


def _ours_kwargs(info: dict[str, str]) -> dict[str, Any]:
    return {
        "token": info["api_key"],
        "instance": info["instance"],
        "url": info["api_url"],
        "iam_url": info["url"],
    }


def our_client(info: dict[str, str]) -> Any:
    from qiskit_runtime_client import RuntimeClient

    return RuntimeClient(**_ours_kwargs(info))


def our_async_client(info: dict[str, str]) -> Any:
    from qiskit_runtime_client import AsyncRuntimeClient

    return AsyncRuntimeClient(**_ours_kwargs(info))


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# --- 1. job.status() -----------------------------------------------------------------------


def _time_calls(call: Callable[[], Any], calls: int) -> dict[str, float]:
    """Median CPU and wall seconds per call over `calls` calls."""
    cpu, wall = [], []
    for _ in range(calls):
        c0, w0 = time.process_time(), time.perf_counter()
        call()
        w1, c1 = time.perf_counter(), time.process_time()
        cpu.append(c1 - c0)
        wall.append(w1 - w0)
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def _async_round(info: dict[str, str], job_id: str, calls: int) -> dict[str, float]:
    async def measure() -> dict[str, float]:
        async with our_async_client(info) as client:
            job = await client.jobs.get(job_id)
            for _ in range(5):  # warm: token, connection
                await job.status()
            cpu, wall = [], []
            for _ in range(calls):
                c0, w0 = time.process_time(), time.perf_counter()
                await job.status()
                w1, c1 = time.perf_counter(), time.process_time()
                cpu.append(c1 - c0)
                wall.append(w1 - w0)
            return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}

    return asyncio.run(measure())


def status_calls(rounds: int, calls: int) -> dict[str, Any]:
    """Per-call CPU and wall of job.status() on an existing handle, interleaved rounds: on a
    Running job, and on an ended (cancelled) one."""
    emulator = Emulator(0)
    try:
        info = emulator.info
        service = sdk_service(info)
        client = our_client(info)
        variants: dict[str, Callable[[], dict[str, float]]] = {}
        for suffix, key, final in (
            ("", "job_id", "RUNNING"),
            ("_ended", "ended_job_id", "CANCELLED"),
        ):
            job_id = info[key]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sdk_job = service.job(job_id)
            job = client.jobs.get(job_id)
            for _ in range(5):  # warm: imports, token, connection
                job.status(), sdk_job.status()
            assert job.status().value.upper() == sdk_job.status() == final
            variants["ours" + suffix] = functools.partial(_time_calls, job.status, calls)
            variants["sdk" + suffix] = functools.partial(_time_calls, sdk_job.status, calls)
            variants["ours_async" + suffix] = functools.partial(_async_round, info, job_id, calls)
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
        names = list(variants)
        for n in range(rounds):
            for name in names[n % len(names) :] + names[: n % len(names)]:
                runs[name].append(variants[name]())
        client.close()
    finally:
        emulator.close()
    out: dict[str, Any] = {
        name: {k: _summary([r[k] * 1e6 for r in rs]) for k in ("cpu", "wall")}
        for name, rs in runs.items()
    }
    for suffix in ("", "_ended"):
        for name in ("ours", "ours_async"):
            ours, sdk = runs[name + suffix], runs["sdk" + suffix]
            out[f"{name}{suffix}_vs_sdk"] = {
                k: _summary([o[k] / s[k] for o, s in zip(ours, sdk, strict=True)])
                for k in ("cpu", "wall")
            }
    return out


# --- 2. listing every job ------------------------------------------------------------------


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def _reset_peak_rss() -> None:
    """Start the peak RSS (VmHWM) over from the current RSS (Linux 4.0+)."""
    with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
        clear.write("5")


def list_child(who: str, info: dict[str, str]) -> None:
    """In a fresh process: set up `who`, say ready, wait for `go`, list every job, print figures."""
    if who == "sdk":
        service = sdk_service(info)

        def listing() -> list[Any]:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                jobs: list[Any] = service.jobs(limit=None)
                return jobs

    else:
        client = our_client(info)
        client.jobs.get(info["job_id"])  # the first token and connection, as the SDK's setup
        pager = client.workloads.list if who == "ours_workloads" else client.jobs.list

        def listing() -> list[Any]:
            return list(pager())

    print("ready", flush=True)
    sys.stdin.readline()
    _reset_peak_rss()
    rss0 = _status_mb("VmRSS")
    c0, w0 = time.process_time(), time.perf_counter()
    jobs = listing()
    w1, c1 = time.perf_counter(), time.process_time()
    figures = {
        "listed": len(jobs),
        "cpu_s": c1 - c0,
        "wall_s": w1 - w0,
        "peak_rss_growth_mb": _status_mb("VmHWM") - rss0,
        "held_rss_growth_mb": _status_mb("VmRSS") - rss0,
    }
    print(json.dumps(figures), flush=True)


def _run_listing(emulator: Emulator, who: str) -> dict[str, float]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--list", who, json.dumps(emulator.info)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(f"the {who} listing process failed to start")
        emulator.count()  # forget the setup's requests
        child.stdin.write("go\n")
        child.stdin.flush()
        line = child.stdout.readline()
        if not line:
            raise RuntimeError(f"the {who} listing process failed")
        figures: dict[str, float] = json.loads(line)
    finally:
        child.stdin.close()
        child.wait(timeout=60)
    counts = emulator.count()
    figures["requests"] = counts["api"]
    figures["token_requests"] = counts["token"]
    return figures


def listings(jobs: int, rounds: dict[str, int]) -> dict[str, Any]:
    """Each variant lists all `jobs` jobs its number of rounds, in rotating order, each time in
    a fresh process."""
    emulator = Emulator(jobs)
    variants = list(rounds)
    runs: dict[str, list[dict[str, float]]] = {who: [] for who in variants}
    try:
        for n in range(max(rounds.values())):
            for who in variants[n % len(variants) :] + variants[: n % len(variants)]:
                if n < rounds[who]:
                    runs[who].append(_run_listing(emulator, who))
    finally:
        emulator.close()
    out: dict[str, Any] = {}
    for who, rs in runs.items():
        out[who] = {k: _summary([float(r[k]) for r in rs]) for k in rs[0]}
    if "sdk" in runs and "ours" in runs:  # per round, for the rounds both ran
        out["ours_vs_sdk"] = {
            k: _summary([o[k] / s[k] for o, s in zip(runs["ours"], runs["sdk"], strict=False)])
            for k in ("requests", "cpu_s", "wall_s", "peak_rss_growth_mb")
        }
    return out


# --- main ----------------------------------------------------------------------------------


def _fmt(v: dict[str, float], spec: str) -> str:
    return f"{v['median']:{spec}} [{v['min']:{spec}}-{v['max']:{spec}}]"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print the figures and return them."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--small-jobs", type=int, default=1_000)
    parser.add_argument(
        "--big-rounds",
        type=int,
        default=1,
        help="rounds of the SDK's listing and of workloads.list() at --jobs jobs (the SDK takes "
        "about 10 ms and 0.5 MB a job; the emulator answers workloads pages slowly)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures: dict[str, Any] = {"status": status_calls(args.rounds, args.calls)}
    small = max(1, min(args.rounds, 3))
    figures[f"list {args.small_jobs}"] = listings(
        args.small_jobs, {"ours": small, "sdk": small, "ours_workloads": small}
    )
    figures[f"list {args.jobs}"] = listings(
        args.jobs, {"ours": small, "sdk": args.big_rounds, "ours_workloads": args.big_rounds}
    )
    figures["seconds"] = time.perf_counter() - started
    if args.json:
        print(json.dumps(figures, indent=2))
        return figures
    report(figures, args)
    return figures


def report(figures: dict[str, Any], args: argparse.Namespace) -> None:
    """The figures as text, wins and losses said alike."""
    status = figures["status"]
    print(
        f"1. job.status() on a handle in hand, per call: median [min-max] of {args.rounds} "
        f"round medians of {args.calls} calls (microseconds)"
    )
    names = {"ours": "ours", "ours_async": "ours, async", "sdk": "official SDK"}
    for suffix, what in (("", "a Running job"), ("_ended", "an ended (cancelled) job")):
        print(f"  {what}:")
        for who in ("ours", "ours_async", "sdk"):
            row = status[who + suffix]
            print(
                f"    {names[who]:>13}: CPU {_fmt(row['cpu'], '.0f')}, "
                f"wall {_fmt(row['wall'], '.0f')}"
            )
        for who in ("ours", "ours_async"):
            ratio = status[f"{who}{suffix}_vs_sdk"]
            less = "less" if ratio["cpu"]["median"] < 1 else "MORE"
            print(
                f"    {names[who]} / SDK: CPU {_fmt(ratio['cpu'], '.2f')}x ({less} CPU), "
                f"wall {_fmt(ratio['wall'], '.2f')}x"
            )
    print(
        "  (both answer a status already seen final from memory, with no request: a final "
        "status cannot change)"
    )
    for label in (f"list {args.small_jobs}", f"list {args.jobs}"):
        rows = figures[label]
        n = label.split()[1]
        print(f"2. listing all {n} jobs, fresh process each: median [min-max]")
        for who, name in (
            ("ours", "ours jobs.list()"),
            ("ours_workloads", "ours workloads.list()"),
            ("sdk", "SDK jobs(limit=None)"),
        ):
            if who not in rows:
                continue
            r = rows[who]
            print(
                f"  {name:>22}: {_fmt(r['listed'], '.0f')} listed, "
                f"{_fmt(r['requests'], '.0f')} requests, CPU {_fmt(r['cpu_s'], '.3f')} s, "
                f"wall {_fmt(r['wall_s'], '.2f')} s, "
                f"peak RSS +{_fmt(r['peak_rss_growth_mb'], '.1f')} MB, "
                f"held +{_fmt(r['held_rss_growth_mb'], '.1f')} MB"
            )
        if "ours_vs_sdk" in rows:
            ratio = rows["ours_vs_sdk"]
            print(
                f"  ours jobs.list() / SDK (per round): requests {_fmt(ratio['requests'], '.2f')}x,"
                f" CPU {_fmt(ratio['cpu_s'], '.3f')}x, wall {_fmt(ratio['wall_s'], '.3f')}x, "
                f"peak RSS growth {_fmt(ratio['peak_rss_growth_mb'], '.4f')}x"
            )
    verdict(figures, args)
    print(f"(took {figures['seconds']:.0f} s)")


def verdict(figures: dict[str, Any], args: argparse.Namespace) -> None:
    """Where we win and where we lose, said alike."""
    status = figures["status"]
    print("verdict:")
    for name, key in (("ours", "ours_vs_sdk"), ("ours, async", "ours_async_vs_sdk")):
        cpu = status[key]["cpu"]["median"]
        word = "wins" if cpu < 0.95 else "LOSES" if cpu > 1.05 else "ties"
        print(f"  job.status() on a Running job, {name}: {word} on CPU ({cpu:.2f}x the SDK's)")
    ended = status["ours_ended_vs_sdk"]["cpu"]["median"]
    word = "wins" if ended < 0.95 else "LOSES" if ended > 1.05 else "ties"
    print(
        f"  job.status() on an ended job (no request on either side): {word} on CPU "
        f"({ended:.2f}x the SDK's)"
    )
    big = figures[f"list {args.jobs}"]
    ours, sdk, ratio = big["ours"], big["sdk"], big["ours_vs_sdk"]
    print(
        f"  listing {args.jobs} jobs: wins: {ratio['requests']['median']:.2f}x the requests, "
        f"{ratio['cpu_s']['median']:.3f}x the CPU, "
        f"+{ours['peak_rss_growth_mb']['median']:.1f} MB against the SDK's "
        f"+{sdk['peak_rss_growth_mb']['median']:.0f} MB"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(int(sys.argv[2]))
    elif sys.argv[1:2] == ["--list"]:
        list_child(sys.argv[2], json.loads(sys.argv[3]))
    else:
        main()
