"""Benchmarks of the facade core (issue 3): cold import time and per-request overhead.

    python scripts/bench_core.py            # prints the figures (also run by `make bench`)

1. Cold import: `python -c "import qiskit_runtime_client"` against `python -c "import httpx"`,
   15 interleaved runs each, ratio of the medians (target <= 1.3x). Also `from
   qiskit_runtime_client import RuntimeClient` (what a user's first line costs) for information.
2. Per-request overhead: 1,000 sequential GETs of one endpoint on a loopback HTTP server (a
   threaded http.server in a child process, answering at once): raw httpx.Client against
   `client.tags.search(...)` (a public call: validation, flow, runner, auth, retry transport,
   typed-error check, JSON parsing and the facade's parsing) and a bare one-Call flow. Ratio of
   the medians over rounds, each sending the variants in alternating chunks of 50 (target
   <= 1.2x); also the client's own CPU time per request. The same for the async clients.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CRN = "crn:v1:bluemix:public:quantum-computing:us-east:a/bench:bench-instance::"
IMPORT_RUNS = 15
REQUESTS = 1000
ROUNDS = 5
CHUNK = 50
IMPORT_TARGET = 1.3
REQUEST_TARGET = 1.2
_BODY = json.dumps({"tags": ["bench-a", "bench-b"]}).encode()


# --- the loopback server (run as a child process: `bench_core.py --serve`) ---------------------


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else delayed ACKs add ~40 ms per answer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(_BODY)))
        self.end_headers()
        self.wfile.write(_BODY)


def serve() -> None:
    """Serve instant JSON answers on a free port; print the port, run until killed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def _start_server() -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    port = int(process.stdout.readline())
    return process, f"http://127.0.0.1:{port}"


# --- cold import ---------------------------------------------------------------------------


def _time_process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def measure_import(runs: int = IMPORT_RUNS) -> dict[str, Any]:
    """Median wall time of fresh interpreters importing each module, interleaved."""
    codes = {
        "httpx": "import httpx",
        "facade": "import qiskit_runtime_client",
        "facade_client": "from qiskit_runtime_client import RuntimeClient",
    }
    samples: dict[str, list[float]] = {name: [] for name in codes}
    for code in codes.values():  # warm the OS caches once
        _time_process(code)
    for _ in range(runs):
        for name, code in codes.items():
            samples[name].append(_time_process(code))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from qiskit_runtime_client import RuntimeClient; print(sorted(m for m"
            " in ('numpy', 'qiskit', 'qiskit_runtime_api', 'asyncio') if m in sys.modules))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "runs": runs,
        "httpx_ms": medians["httpx"] * 1000,
        "facade_ms": medians["facade"] * 1000,
        "facade_client_ms": medians["facade_client"] * 1000,
        "ratio": medians["facade"] / medians["httpx"],
        "client_ratio": medians["facade_client"] / medians["httpx"],
        "heavy_modules_after_import": heavy,
    }


# --- per-request overhead -------------------------------------------------------------------


def _interleave(
    runners: dict[str, Callable[[int], None]], n: int, rounds: int, chunk: int = CHUNK
) -> dict[str, dict[str, float]]:
    """Per-request wall and client CPU seconds of each runner, median over rounds.

    Each round sends `n` requests per runner in alternating chunks of `chunk`, so load from
    other processes falls on every runner alike. The server runs in another process, so
    process_time() is the client's own CPU.
    """
    for run in runners.values():  # warm up: connections, caches, lazy imports
        run(100)
    wall: dict[str, list[float]] = {name: [] for name in runners}
    cpu: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(rounds):
        spent = {name: [0.0, 0.0] for name in runners}
        for _ in range(n // chunk):
            for name, run in runners.items():
                started, cpu_started = time.perf_counter(), time.process_time()
                run(chunk)
                spent[name][0] += time.perf_counter() - started
                spent[name][1] += time.process_time() - cpu_started
        for name, (wall_s, cpu_s) in spent.items():
            wall[name].append(wall_s / n)
            cpu[name].append(cpu_s / n)
    return {
        name: {"wall": statistics.median(wall[name]), "cpu": statistics.median(cpu[name])}
        for name in runners
    }


def _sync_runners(root: str) -> tuple[dict[str, Callable[[int], None]], Callable[[], None]]:
    from qiskit_runtime_client import RuntimeClient, _api
    from qiskit_runtime_client._effects import request

    headers = {"Authorization": "Bearer bench", "Service-CRN": CRN, "IBM-API-Version": "2026-04-15"}
    raw = httpx.Client(base_url=root + "/api/v1/", headers=headers)
    client = RuntimeClient(bearer_token="bench", instance=CRN, url=root + "/api/v1")
    params = {"type": "job", "search": "bench"}

    def run_raw(n: int) -> None:
        for _ in range(n):
            response = raw.get("tags", params=params)
            response.raise_for_status()
            response.json()

    def run_public(n: int) -> None:
        for _ in range(n):
            client.tags.search("bench")

    def one_call() -> Any:
        return (yield from request(_api.search_tags("bench")))

    def run_flow(n: int) -> None:
        for _ in range(n):
            client._runner.run(one_call())

    def close() -> None:
        raw.close()
        client.close()

    return {"raw": run_raw, "public": run_public, "flow": run_flow}, close


def measure_requests(root: str, n: int = REQUESTS, rounds: int = ROUNDS) -> dict[str, Any]:
    """Seconds per request (median of rounds) for raw httpx and the facade, sync."""
    runners, close = _sync_runners(root)
    try:
        m = _interleave(runners, n, rounds)
    finally:
        close()
    return {
        "n": n,
        "rounds": rounds,
        "raw_us": m["raw"]["wall"] * 1e6,
        "public_us": m["public"]["wall"] * 1e6,
        "flow_us": m["flow"]["wall"] * 1e6,
        "ratio": m["public"]["wall"] / m["raw"]["wall"],
        "flow_ratio": m["flow"]["wall"] / m["raw"]["wall"],
        "raw_cpu_us": m["raw"]["cpu"] * 1e6,
        "public_cpu_us": m["public"]["cpu"] * 1e6,
        "cpu_ratio": m["public"]["cpu"] / m["raw"]["cpu"],
    }


def measure_async_requests(root: str, n: int = REQUESTS, rounds: int = ROUNDS) -> dict[str, Any]:
    """The same with httpx.AsyncClient and AsyncRuntimeClient (sequential awaits)."""
    from qiskit_runtime_client import AsyncRuntimeClient

    async def main() -> dict[str, float]:
        headers = {"Authorization": "Bearer b", "Service-CRN": CRN, "IBM-API-Version": "2026-04-15"}
        params = {"type": "job", "search": "bench"}
        async with (
            httpx.AsyncClient(base_url=root + "/api/v1/", headers=headers) as raw,
            AsyncRuntimeClient(bearer_token="b", instance=CRN, url=root + "/api/v1") as client,
        ):

            async def run_raw(k: int) -> None:
                for _ in range(k):
                    response = await raw.get("tags", params=params)
                    response.raise_for_status()
                    response.json()

            async def run_public(k: int) -> None:
                for _ in range(k):
                    await client.tags.search("bench")

            runners = {"raw": run_raw, "public": run_public}
            for run in runners.values():
                await run(100)
            samples: dict[str, list[float]] = {name: [] for name in runners}
            for _ in range(rounds):
                spent = dict.fromkeys(runners, 0.0)
                for _ in range(n // CHUNK):
                    for name, run in runners.items():
                        started = time.perf_counter()
                        await run(CHUNK)
                        spent[name] += time.perf_counter() - started
                for name, seconds in spent.items():
                    samples[name].append(seconds / n)
            return {name: statistics.median(values) for name, values in samples.items()}

    medians = asyncio.run(main())
    return {
        "raw_us": medians["raw"] * 1e6,
        "public_us": medians["public"] * 1e6,
        "ratio": medians["public"] / medians["raw"],
    }


# --- report ---------------------------------------------------------------------------------


def _verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def main() -> str:
    """Run every core benchmark; print and return a Markdown section."""
    imports = measure_import()
    server, root = _start_server()
    try:
        sync = measure_requests(root)
        asynchronous = measure_async_requests(root)
    finally:
        server.terminate()
        server.wait()
    lines = [
        "| figure | value | target |",
        "|---|---|---|",
        f"| cold import `import qiskit_runtime_client` / `import httpx` (median of "
        f"{imports['runs']} interleaved runs) | **{imports['ratio']:.2f}x** "
        f"({imports['facade_ms']:.1f} ms / {imports['httpx_ms']:.1f} ms) "
        f"| <= {IMPORT_TARGET}x ({_verdict(imports['ratio'], IMPORT_TARGET)}) |",
        f"| cold import `from qiskit_runtime_client import RuntimeClient` / `import httpx` "
        f"| {imports['client_ratio']:.2f}x ({imports['facade_client_ms']:.1f} ms) "
        "| (information) |",
        f"| heavy modules loaded by that import (numpy, qiskit, generated, asyncio) "
        f"| {imports['heavy_modules_after_import']} | [] |",
        f"| per-request: `client.tags.search()` / raw `httpx.Client.get()+.json()`, "
        f"{sync['n']} sequential GETs, median of {sync['rounds']} rounds "
        f"| **{sync['ratio']:.2f}x** ({sync['public_us']:.0f} us / {sync['raw_us']:.0f} us) "
        f"| <= {REQUEST_TARGET}x ({_verdict(sync['ratio'], REQUEST_TARGET)}) |",
        f"| per-request client CPU (process_time; the server is another process): "
        f"`client.tags.search()` / raw httpx | {sync['cpu_ratio']:.2f}x "
        f"({sync['public_cpu_us']:.0f} us / {sync['raw_cpu_us']:.0f} us) | (information) |",
        f"| per-request: bare one-Call flow through `client._runner.run` / raw httpx "
        f"| {sync['flow_ratio']:.2f}x ({sync['flow_us']:.0f} us) | (information) |",
        f"| per-request, asyncio: `await client.tags.search()` / raw `httpx.AsyncClient` "
        f"| **{asynchronous['ratio']:.2f}x** ({asynchronous['public_us']:.0f} us / "
        f"{asynchronous['raw_us']:.0f} us) "
        f"| <= {REQUEST_TARGET}x ({_verdict(asynchronous['ratio'], REQUEST_TARGET)}) |",
    ]
    report = "\n".join(lines)
    print(report)
    return report


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        main()
