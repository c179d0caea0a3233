"""`python -m qiskit_runtime_client.testing --port 8000`: run the emulator in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from qiskit_runtime_client.testing.emulator import RuntimeEmulator


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, print how to connect, and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(
        prog="python -m qiskit_runtime_client.testing",
        description="Serve a local emulator of the Qiskit Runtime REST API and IAM.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument("--api-key", default=None, help="API key IAM accepts (default: random)")
    parser.add_argument("--queue-seconds", type=float, default=1.0, help="time each job queues")
    parser.add_argument("--run-seconds", type=float, default=2.0, help="time each job runs")
    parser.add_argument("--seed", type=int, default=None, help="seed for reproducible results")
    parser.add_argument(
        "--rate-limit", type=int, default=None, help="job creations allowed per minute"
    )
    parser.add_argument(
        "--no-isa",
        action="store_true",
        help="run logical (non-ISA) circuits too; by default such jobs fail with 1517, as on IBM",
    )
    args = parser.parse_args(argv)
    emulator = RuntimeEmulator(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        queue_seconds=args.queue_seconds,
        run_seconds=args.run_seconds,
        seed=args.seed,
        rate_limit=args.rate_limit,
        isa=not args.no_isa,
    )
    emulator.start()
    print(f"Qiskit Runtime emulator on {emulator.url}", flush=True)
    print(f"  API root : {emulator.api_url}", flush=True)
    print(f"  IAM      : {emulator.url}/identity/token", flush=True)
    print(f"  API key  : {emulator.api_key}", flush=True)
    print(f"  Instance : {emulator.instance}", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
