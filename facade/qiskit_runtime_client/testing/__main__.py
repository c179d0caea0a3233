"""`python -m qiskit_runtime_client.testing`: run the emulator in the foreground.

It prints `export` lines to paste into a shell and the two Python lines that connect the official
SDK (qiskit-ibm-runtime) or this package, then serves until Ctrl-C. Fault knobs are flags.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from qiskit_runtime_client.testing.emulator import RuntimeEmulator


def _name_value(kind: Any) -> Any:
    def parse(text: str) -> tuple[str, Any]:
        name, sep, value = text.partition("=")
        if not sep or not name:
            raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
        try:
            return name, kind(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None

    return parse


def _error_spec(text: str) -> tuple[int, int | None, str | None]:
    """STATUS[:COUNT[:PATH]] -> (status, count or None for 'until stopped', path glob)."""
    parts = text.split(":", 2)
    try:
        status = int(parts[0])
        count = None if len(parts) < 2 or parts[1] in ("", "all") else int(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected STATUS[:COUNT[:PATH]] like 503:3:/api/v1/jobs*, got {text!r}"
        ) from None
    return status, count, parts[2] if len(parts) > 2 and parts[2] else None


def build_parser() -> argparse.ArgumentParser:
    """The command line, with every default shown in --help."""
    parser = argparse.ArgumentParser(
        prog="python -m qiskit_runtime_client.testing",
        description="Serve a local emulator of the Qiskit Runtime REST API and its IAM token "
        "endpoint, for this package, the official SDK (qiskit-ibm-runtime) or curl.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    parser.add_argument(
        "--api-key", default=None, help="API key IAM accepts (None: a random one, printed)"
    )
    parser.add_argument("--queue-seconds", type=float, default=1.0, help="time each job queues")
    parser.add_argument("--run-seconds", type=float, default=2.0, help="time each job runs")
    parser.add_argument(
        "--seed", type=int, default=None, help="seed for reproducible job ids and results"
    )
    parser.add_argument(
        "--no-isa",
        action="store_true",
        help="run logical (non-ISA) circuits too; by default such jobs fail with 1517, as on IBM",
    )
    parser.add_argument(
        "--token-lifetime", type=float, default=3600.0, help="seconds an IAM token is valid"
    )
    parser.add_argument(
        "--instance-name",
        default="emulator",
        help="the instance's name (Global Search gives its CRN for it)",
    )
    faults = parser.add_argument_group("faults")
    faults.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        help="job creations allowed per minute, then 429 with Retry-After (the service: 5)",
    )
    faults.add_argument(
        "--fail-jobs", type=int, default=0, metavar="N", help="the next N jobs end Failed"
    )
    faults.add_argument("--fail-code", type=int, default=1517, help="reason code of --fail-jobs")
    faults.add_argument(
        "--fail-reason",
        default="Job failed on the backend (injected by the emulator)",
        help="reason of --fail-jobs",
    )
    faults.add_argument(
        "--too-long-jobs",
        type=int,
        default=0,
        metavar="N",
        help="the next N jobs end 'Cancelled - Ran too long' (reason code 1305)",
    )
    faults.add_argument(
        "--inject-errors",
        type=_error_spec,
        action="append",
        default=[],
        metavar="STATUS[:COUNT[:PATH]]",
        help="answer COUNT matching requests (default 1; 'all' = every one) with STATUS; "
        "PATH is a glob like /api/v1/jobs*; repeatable",
    )
    faults.add_argument(
        "--html-errors",
        type=int,
        default=0,
        metavar="N",
        help="answer the next N requests with a proxy's 502 HTML page",
    )
    faults.add_argument(
        "--slow-responses",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long (real time) before every answer",
    )
    faults.add_argument(
        "--drop-connections",
        type=int,
        default=0,
        metavar="N",
        help="close the connection without answering the next N requests",
    )
    faults.add_argument(
        "--backend-status",
        type=_name_value(str),
        action="append",
        default=[],
        metavar="NAME=online|paused|offline",
        help="set a backend's status; repeatable",
    )
    faults.add_argument(
        "--queue-length",
        type=_name_value(int),
        action="append",
        default=[],
        metavar="NAME=JOBS",
        help="set a backend's background queue; repeatable",
    )
    return parser


def configure(emulator: RuntimeEmulator, args: argparse.Namespace) -> None:
    """Apply the fault flags to a started emulator."""
    for _ in range(args.fail_jobs):
        emulator.fail_job(reason=args.fail_reason, code=args.fail_code)
    for _ in range(args.too_long_jobs):
        emulator.run_too_long()
    for status, count, path in args.inject_errors:
        emulator.inject_errors(status, count=count, path=path)
    if args.html_errors:
        emulator.inject_html_error(count=args.html_errors)
    if args.slow_responses:
        emulator.slow_responses(args.slow_responses)
    if args.drop_connections:
        emulator.drop_connections(count=args.drop_connections)
    for name, status in args.backend_status:
        emulator.set_backend_status(name, status)
    for name, jobs in args.queue_length:
        emulator.set_queue_length(name, jobs)


def connection_text(emulator: RuntimeEmulator) -> str:
    """What to paste: shell exports, then two Python lines for each client."""
    exports = {
        "QISKIT_IBM_TOKEN": emulator.api_key,
        "QISKIT_IBM_INSTANCE": emulator.instance,
        "QISKIT_IBM_URL": emulator.api_url,
        "IAM_URL": emulator.url,
        "QISKIT_FUNCTIONS_EXPERIMENTAL": "1",
    }
    lines = [f"Qiskit Runtime emulator on {emulator.url} (Ctrl-C stops it)", ""]
    lines += ["# in your shell:"]
    lines += [f"export {name}={shlex.quote(value)}" for name, value in exports.items()]
    lines += [f"# QISKIT_IBM_INSTANCE may also be the instance's name: {emulator.instance_name}"]
    lines += [
        "",
        "# then, with qiskit-ibm-runtime:",
        "from qiskit_ibm_runtime import QiskitRuntimeService",
        'service = QiskitRuntimeService(channel="ibm_quantum_platform", '
        "url_resolver=lambda url, *a, **k: url)",
        "",
        "# or with qiskit-runtime-client:",
        "from qiskit_runtime_client import RuntimeClient",
        "client = RuntimeClient()",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, print how to connect, and serve until Ctrl-C."""
    args = build_parser().parse_args(argv)
    emulator = RuntimeEmulator(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        queue_seconds=args.queue_seconds,
        run_seconds=args.run_seconds,
        seed=args.seed,
        rate_limit=args.rate_limit,
        token_lifetime=args.token_lifetime,
        isa=not args.no_isa,
        instance_name=args.instance_name,
    )
    emulator.start()
    configure(emulator, args)
    print(connection_text(emulator), flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
