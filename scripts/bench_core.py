"""Benchmarks of the facade core (issue 3, issue 13 item 5): cold start and per-request overhead.

    python scripts/bench_core.py            # prints the figures (also run by `make bench`)

1. Cold start, each figure the wall time of a fresh interpreter against one running
   `python -c "import httpx"`, 15 interleaved runs of every variant, ratio of the medians with
   the range of the per-round ratios: `import qiskit_runtime_client` (target <= 1.3x); `from
   qiskit_runtime_client import RuntimeClient` (the first useful import); and "construct + first
   submission" (target <= 1.3x): import, `RuntimeClient()` against the bundled emulator, one
   Sampler job of a QASM 3 Bell circuit for ibm_fez, its id back (the ISA check fetches the
   backend's configuration once; the result is not waited for). The emulator runs in its own
   process (its qiskit and werkzeug imports do not count), with jobs that stay queued so that no
   simulation competes for the CPUs. For scale: the same three requests (IAM token, backend
   configuration, POST /jobs) sent with bare httpx, the floor any httpx client pays; and the
   official SDK (qiskit-ibm-runtime) doing the same submission: `QiskitRuntimeService(...)`,
   `service.backend("ibm_fez")`, `SamplerV2(backend).run([circuit])` with the same ISA circuit
   built as a QuantumCircuit (its SamplerV2 takes no QASM text), no transpilation. Every
   interpreter runs from bytecode, as an installed package does: PYTHONDONTWRITEBYTECODE is
   dropped and bytecode goes to a temporary PYTHONPYCACHEPREFIX, warmed by one run of each.
   The same ratios in CPU time (the interpreter's user + system time) are given too: wall time
   on a shared machine moves with the other load, CPU time much less.
2. Per-request overhead: 1,000 sequential GETs of one endpoint on a loopback HTTP server (a
   threaded http.server in a child process, answering at once): raw httpx.Client against
   `client.tags.search(...)` (a public call: validation, flow, runner, auth, retry transport,
   typed-error check, JSON parsing and the facade's parsing) and a bare one-Call flow. Ratio of
   the medians over rounds, each sending the variants in alternating chunks of 50 (target
   <= 1.2x); also the client's own CPU time per request. The same for the async clients.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for _bench_common

from _bench_common import BELL

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


# --- cold start ------------------------------------------------------------------------------

API_KEY = "bench-api-key"
#: Construct + first submission with this package (settings from the environment).
SUBMIT = f"""
from qiskit_runtime_client import RuntimeClient
with RuntimeClient() as client:
    job = client.sampler("ibm_fez").run([{BELL!r}], shots=100)
    assert job.id
"""
#: The same three requests with bare httpx: the floor of any httpx client.
RAW_SUBMIT = f"""
import os, httpx
BODY = {{"program_id": "sampler", "backend": "ibm_fez", "params": {{"pubs": [[{BELL!r}]],
    "options": {{}}, "shots": 100, "support_qiskit": True, "version": 2}}}}
with httpx.Client() as http:
    token = http.post(os.environ["IAM_URL"] + "/identity/token", data={{"apikey": "{API_KEY}",
        "grant_type": "urn:ibm:params:oauth:grant-type:apikey"}}).json()["access_token"]
    headers = {{"Authorization": "Bearer " + token, "IBM-API-Version": "2026-04-15",
        "Service-CRN": os.environ["QISKIT_IBM_INSTANCE"]}}
    root = os.environ["QISKIT_IBM_URL"]
    http.get(root + "/backends/ibm_fez/configuration", headers=headers).raise_for_status()
    answer = http.post(root + "/jobs", json=BODY, headers=headers)
    answer.raise_for_status()
    assert answer.json()["id"]
"""
#: The official SDK doing the same: the same ISA circuit as a QuantumCircuit, not transpiled.
SDK_SUBMIT = """
import os, warnings
from qiskit import QuantumCircuit
from qiskit_ibm_runtime import QiskitRuntimeService, SamplerV2
warnings.simplefilter("ignore", DeprecationWarning)
bell = QuantumCircuit(156, 2)
for qubit in (0, 1):
    bell.rz(1.5707963267948966, qubit); bell.sx(qubit); bell.rz(1.5707963267948966, qubit)
bell.cz(0, 1)
bell.rz(1.5707963267948966, 1); bell.sx(1); bell.rz(1.5707963267948966, 1)
bell.measure([0, 1], [0, 1])
service = QiskitRuntimeService(channel="ibm_quantum_platform", token=os.environ["QISKIT_IBM_TOKEN"],
    instance=os.environ["QISKIT_IBM_INSTANCE"], url=os.environ["QISKIT_IBM_URL"],
    url_resolver=lambda url, *args, **kwargs: url)
assert SamplerV2(service.backend("ibm_fez")).run([bell], shots=100).job_id()
"""
#: Modules construct + first submission must not load (tests/core/test_import.py checks it too).
LAZY = ("numpy", "qiskit", "asyncio", "qiskit_runtime_client.primitives.options")


def _start_emulator() -> tuple[subprocess.Popen[str], dict[str, str]]:
    """The emulator in its own process, jobs queued for a day; its connection variables."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "qiskit_runtime_client.testing", "--port", "0", "--seed", "1"),
            *("--api-key", API_KEY, "--queue-seconds", "86400"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    variables: dict[str, str] = {}
    while "QISKIT_FUNCTIONS_EXPERIMENTAL" not in variables:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the emulator stopped before printing its settings")
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").strip().partition("=")
            variables[name] = value
    return process, variables


def _time_process(code: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of a fresh interpreter running `code`; its stderr
    is shown only if it fails."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{code.strip().splitlines()[0]!r} failed:\n{done.stderr.decode()}")
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    return elapsed, cpu


def _interleaved(
    codes: dict[str, str], runs: int, env: dict[str, str]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of fresh interpreters running each code, `runs` rounds of all in
    turn."""
    for code in codes.values():  # warm the OS caches and write the bytecode once
        _time_process(code, env)
    wall: dict[str, list[float]] = {name: [] for name in codes}
    cpu: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(runs):
        for name, code in codes.items():
            wall_s, cpu_s = _time_process(code, env)
            wall[name].append(wall_s)
            cpu[name].append(cpu_s)
    return wall, cpu


def _against(samples: dict[str, list[float]], name: str, base: str = "httpx") -> dict[str, float]:
    """Ratio of the medians of `name` and `base`, with the range of their per-round ratios."""
    rounds = [a / b for a, b in zip(samples[name], samples[base], strict=True)]
    return {
        "ratio": statistics.median(samples[name]) / statistics.median(samples[base]),
        "low": min(rounds),
        "high": max(rounds),
        "ms": statistics.median(samples[name]) * 1000,
        "min_ms": min(samples[name]) * 1000,
        "max_ms": max(samples[name]) * 1000,
    }


def measure_cold_start(runs: int = IMPORT_RUNS) -> dict[str, Any]:
    """Cold import and construct + first submission against `import httpx` (see the docstring)."""
    emulator, variables = _start_emulator()
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as pycache:
        env = {**os.environ, **variables, "PYTHONPYCACHEPREFIX": pycache}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        codes = {
            "httpx": "import httpx",
            "facade": "import qiskit_runtime_client",
            "facade_client": "from qiskit_runtime_client import RuntimeClient",
            "submit": SUBMIT,
            "raw_submit": RAW_SUBMIT,
        }
        sdk = importlib.util.find_spec("qiskit_ibm_runtime") is not None
        if sdk:
            codes["sdk_submit"] = SDK_SUBMIT
        try:
            samples, cpu = _interleaved(codes, runs, env)
            lazy = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    SUBMIT + f"import sys\nprint([m for m in {LAZY!r} if m in sys.modules])",
                ],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout.strip()
        finally:
            emulator.terminate()
            emulator.wait()
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
    figures: dict[str, Any] = {
        "runs": runs,
        "httpx_ms": statistics.median(samples["httpx"]) * 1000,
        "heavy_modules_after_import": heavy,
        "loaded_by_submission": lazy,
        "sdk": sdk,
    }
    for name in codes:
        if name != "httpx":
            figures[name] = _against(samples, name)
    figures["submit_over_raw"] = _against(samples, "submit", "raw_submit")
    if sdk:
        figures["sdk_over_submit"] = _against(samples, "sdk_submit", "submit")
    figures["cpu"] = {name: _against(cpu, name) for name in codes if name != "httpx"}
    figures["cpu"]["submit_over_raw"] = _against(cpu, "submit", "raw_submit")
    figures["httpx_cpu_ms"] = statistics.median(cpu["httpx"]) * 1000
    return figures


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


def _ratio(figure: dict[str, float], bold: bool = False) -> str:
    """`1.05x [0.97-1.12] (210 ms)`: ratio of medians, range of the per-round ratios."""
    ratio = f"{figure['ratio']:.2f}x"
    return (
        f"{f'**{ratio}**' if bold else ratio} [{figure['low']:.2f}-{figure['high']:.2f}] "
        f"({figure['ms']:.0f} ms, {figure['min_ms']:.0f}-{figure['max_ms']:.0f})"
    )


def main() -> str:
    """Run every core benchmark; print and return a Markdown section."""
    cold = measure_cold_start()
    server, root = _start_server()
    try:
        sync = measure_requests(root)
        asynchronous = measure_async_requests(root)
    finally:
        server.terminate()
        server.wait()
    runs = cold["runs"]
    lines = [
        "| figure | value | target |",
        "|---|---|---|",
        f'| `python -c "import httpx"`, the unit of the cold-start rows ({runs} interleaved '
        "runs of each, from bytecode); they read: ratio of the medians [range of the per-round "
        f"ratios] (median ms, min-max) | {cold['httpx_ms']:.0f} ms | |",
        f"| cold import `import qiskit_runtime_client` / `import httpx` "
        f"| {_ratio(cold['facade'], True)} "
        f"| <= {IMPORT_TARGET}x ({_verdict(cold['facade']['ratio'], IMPORT_TARGET)}) |",
        f"| first useful import `from qiskit_runtime_client import RuntimeClient` / `import httpx`"
        f" | {_ratio(cold['facade_client'], True)} | (information) |",
        f"| heavy modules loaded by that import (numpy, qiskit, generated, asyncio) "
        f"| {cold['heavy_modules_after_import']} | [] |",
        f"| construct + first submission (import, `RuntimeClient()` on the emulator, a Sampler "
        f"job of a QASM 3 Bell circuit, its id; no waiting) / `import httpx` "
        f"| {_ratio(cold['submit'], True)} "
        f"| <= {IMPORT_TARGET}x ({_verdict(cold['submit']['ratio'], IMPORT_TARGET)}) |",
        f"| the same three requests with bare httpx (IAM token, backend configuration, POST "
        f"/jobs) / `import httpx`: the floor of any httpx client | {_ratio(cold['raw_submit'])} "
        "| (information) |",
        f"| construct + first submission / the same with bare httpx: this package's own cost "
        f"| {_ratio(cold['submit_over_raw'])} | (information) |",
        f"| the same in CPU time (user + system of the interpreter, less sensitive to other "
        f"load; `import httpx`: {cold['httpx_cpu_ms']:.0f} ms): first useful import; construct "
        "+ first submission; bare httpx; construct + first submission / bare httpx "
        f"| {_ratio(cold['cpu']['facade_client'])}; {_ratio(cold['cpu']['submit'])}; "
        f"{_ratio(cold['cpu']['raw_submit'])}; {_ratio(cold['cpu']['submit_over_raw'])} "
        "| (information) |",
        f"| modules construct + first submission loaded of {list(LAZY)} "
        f"| {cold['loaded_by_submission']} | [] |",
    ]
    if cold["sdk"]:
        lines += [
            f"| official SDK (qiskit-ibm-runtime): import, `QiskitRuntimeService(...)`, "
            f'`backend("ibm_fez")`, `SamplerV2(backend).run([circuit])` with the same ISA '
            f"circuit as a QuantumCircuit, no transpilation / `import httpx` "
            f"| {_ratio(cold['sdk_submit'])} | (information) |",
            f"| official SDK / this package, construct + first submission "
            f"| {_ratio(cold['sdk_over_submit'])} | (information) |",
            f"| official SDK, CPU time / `import httpx` "
            f"| {_ratio(cold['cpu']['sdk_submit'])} | (information) |",
        ]
    else:
        lines.append("| official SDK | not installed (the sdk extra) | (information) |")
    lines += [
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
