"""The commands of `qiskit-runtime`: each takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qiskit_runtime_client.cli import (
    EXIT_API_ERROR,
    EXIT_CREDENTIALS,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_JOB_FAILED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
)
from qiskit_runtime_client.cli._output import print_fields, print_json, print_table
from qiskit_runtime_client.errors import (
    APIError,
    AuthenticationError,
    ConfigurationError,
    JobCancelledError,
    JobFailedError,
    JobTimeoutError,
    NoBackendAvailableError,
    NotFoundError,
    PermissionDeniedError,
    QiskitRuntimeError,
)

if TYPE_CHECKING:
    from qiskit_runtime_client import RuntimeClient
    from qiskit_runtime_client.resources._status import JobStatus
    from qiskit_runtime_client.resources.backends import BackendStatus
    from qiskit_runtime_client.resources.job import Job


class _Failure(Exception):
    """A command's own failure: its message and exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def exit_code(error: BaseException) -> int:
    """The exit code for an error raised by the client."""
    if isinstance(error, JobTimeoutError):
        return EXIT_TIMEOUT
    if isinstance(error, JobFailedError | JobCancelledError):
        return EXIT_JOB_FAILED
    if isinstance(error, NotFoundError | NoBackendAvailableError):
        return EXIT_NOT_FOUND
    if isinstance(error, ConfigurationError | AuthenticationError | PermissionDeniedError):
        return EXIT_CREDENTIALS
    if isinstance(error, APIError):
        return EXIT_API_ERROR
    if isinstance(error, ValueError | TypeError):
        return EXIT_USAGE  # an argument the client's checks refused (an id, a filter)
    return EXIT_ERROR


def run(args: argparse.Namespace) -> int:
    """Run the parsed command; errors become a one-line message and their exit code."""
    try:
        code: int = args.handler(args)
        return code
    except _Failure as failure:
        _error(str(failure))
        return failure.code
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except ImportError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except (QiskitRuntimeError, ValueError, TypeError) as exc:
        _error(f"{type(exc).__name__}: {exc}")
        return exit_code(exc)


def _error(message: str) -> None:
    sys.stderr.write(f"qiskit-runtime: error: {message}\n")


@contextmanager
def _client(args: argparse.Namespace) -> Iterator[RuntimeClient]:
    """A client from the connection options (else environment, else saved default account)."""
    from qiskit_runtime_client import RuntimeClient

    extra: dict[str, Any] = {}
    if args.url:
        extra["url"] = args.url
    if args.iam_url:
        extra["iam_url"] = args.iam_url
    if args.account or args.accounts_file:
        if args.token or args.instance:
            raise _Failure(
                "pass either --account/--accounts-file or --token/--instance, not both", EXIT_USAGE
            )
        _check_saved_account(args)
        client = RuntimeClient.from_saved_account(args.account, args.accounts_file, **extra)
    else:
        try:
            client = RuntimeClient(args.token, instance=args.instance, **extra)
        except ConfigurationError as exc:
            message = _missing_credentials(args)
            if message is None:
                raise
            raise _Failure(message, EXIT_CREDENTIALS) from exc
    with client:
        yield client


_INSTANCE_FORMS = (
    "the instance's CRN ('crn:v1:bluemix:public:quantum-computing:us-east:a/<account>:<guid>::') "
    "or its name"
)


def _check_saved_account(args: argparse.Namespace) -> None:
    """--account NAME that is not saved: not found (exit 3); a file without a default account:
    credentials missing (exit 7). Both said in the tool's words."""
    from qiskit_runtime_client import _accounts

    path = _accounts_file(args)
    saved = _accounts._read_accounts(path)
    if args.account is not None:
        if args.account not in saved:
            known = ", ".join(sorted(saved)) or "none"
            raise _Failure(
                f"no saved account named {args.account!r} in {path} (saved: {known}); "
                "'qiskit-runtime accounts list' shows them",
                EXIT_NOT_FOUND,
            )
    elif _accounts.load_saved_account(None, path) is None:
        raise _Failure(
            f"no saved account in {path}: save one with 'qiskit-runtime accounts save --token "
            f"KEY --instance INSTANCE --accounts-file {path}' (INSTANCE: {_INSTANCE_FORMS})",
            EXIT_CREDENTIALS,
        )


def _missing_credentials(args: argparse.Namespace) -> str | None:
    """When the client refused to start for want of a key or an instance: what to pass to this
    tool (the library's message names its own arguments). None for any other problem."""
    from qiskit_runtime_client import _accounts

    token = args.token or os.environ.get("QISKIT_IBM_TOKEN")
    instance = args.instance or os.environ.get("QISKIT_IBM_INSTANCE")
    if token and instance:
        return None
    if token:
        return (
            "an API key needs an instance: pass --instance or set QISKIT_IBM_INSTANCE to "
            f"{_INSTANCE_FORMS}"
        )
    try:
        if _accounts.load_saved_account() is not None:
            return None  # the saved account is at fault: the library's message says how
    except ConfigurationError:
        return None
    if instance:
        given = "--instance" if args.instance else "QISKIT_IBM_INSTANCE"
        missing = f"only the API key is missing: {given} is set, but neither --token nor "
        missing += "QISKIT_IBM_TOKEN"
    else:
        missing = "neither --token/--instance nor QISKIT_IBM_TOKEN/QISKIT_IBM_INSTANCE are set"
    return (
        f"no IBM Quantum credentials found ({missing}, and no saved account in "
        f"{_accounts.DEFAULT_ACCOUNTS_FILE}). Pass --token KEY and --instance INSTANCE (an IBM "
        "Cloud API key, and the instance's CRN or name), set QISKIT_IBM_TOKEN and "
        "QISKIT_IBM_INSTANCE, or save an account with 'qiskit-runtime accounts save --token KEY "
        "--instance INSTANCE'"
    )


# --- backends ------------------------------------------------------------------------------------


def backends_list(args: argparse.Namespace) -> int:
    with _client(args) as client:
        backends = client.backends.list()
    if args.json:
        print_json(backends)
    else:
        print_table(
            ("NAME", "STATUS", "QUBITS", "QUEUE", "SIMULATOR"),
            (
                (b.name, b.status, b.qubits, b.queue_length, b.is_simulator)
                for b in sorted(backends, key=lambda b: b.name)
            ),
        )
    return EXIT_OK


def backends_show(args: argparse.Namespace) -> int:
    with _client(args) as client:
        status = client.backends.status(args.name)
        configuration = client.backends.configuration(args.name)
    if args.json:
        print_json({"status": status, "configuration": configuration})
        return EXIT_OK
    gates = configuration.get("basis_gates")
    print_fields(
        [
            ("name", status.name),
            ("status", _backend_status_word(status)),
            ("operational", status.operational),
            ("message", status.message),
            ("queue length", status.queue_length),
            ("version", status.backend_version),
            ("qubits", configuration.get("n_qubits")),
            ("basis gates", gates if isinstance(gates, list) else None),
            ("simulator", configuration.get("simulator")),
        ]
    )
    return EXIT_OK


def _backend_status_word(status: BackendStatus) -> str:
    """The listing's word (`backends list`): online, or why not (the status document says
    "active" for a working backend; --json keeps its words)."""
    from qiskit_runtime_client.resources.backends import ACTIVE_STATUSES

    if status.is_available:
        return "online"
    word = status.status
    return "offline" if not word or word.casefold() in ACTIVE_STATUSES else word


# --- jobs ----------------------------------------------------------------------------------------

#: A workload's status (GET /workloads) in a job's words, as `jobs show`, `jobs wait` and
#: `jobs list --all` print them.
_WORKLOAD_STATUS_WORDS = {
    "pending": "Queued",
    "in_progress": "Running",
    "completed": "Completed",
    "failed": "Failed",
    "canceled": "Cancelled",
}


def _tags(tags: Any) -> Any:
    """Tags for a table: without the client's own (qrc-..., its submission tag), which --json
    keeps."""
    from qiskit_runtime_client._constants import CLIENT_TAG_PREFIX

    if not isinstance(tags, list | tuple):
        return tags
    return [tag for tag in tags if not str(tag).startswith(CLIENT_TAG_PREFIX)]


def jobs_list(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise _Failure(f"--limit must be at least 1, got {args.limit}", EXIT_USAGE)
    with _client(args) as client:
        if args.all:
            if args.status or args.mode:
                raise _Failure("--status and --mode list your workloads: drop --all", EXIT_USAGE)
            jobs = [
                job.last_details
                for job in client.jobs.list(
                    limit=args.limit, backend=args.backend, pending=args.pending or None
                )
            ]
            if args.json:
                print_json(jobs)
            else:
                print_table(
                    ("ID", "STATUS", "BACKEND", "PROGRAM", "CREATED", "SESSION"),
                    (
                        (d.id, d.status, d.backend, d.program_id, d.created, d.session_id)
                        for d in jobs
                        if d is not None
                    ),
                )
            return EXIT_OK
        if args.pending:
            raise _Failure("--pending goes with --all; use --status pending", EXIT_USAGE)
        workloads = list(
            client.workloads.list(
                limit=args.limit, backend=args.backend, status=args.status, mode=args.mode
            )
        )
    if args.json:
        print_json(workloads)
    else:
        print_table(
            ("ID", "MODE", "STATUS", "BACKEND", "CREATED", "TAGS"),
            (
                (
                    w.id,
                    w.mode,
                    _WORKLOAD_STATUS_WORDS.get(w.status, w.status),
                    w.backend,
                    w.created,
                    _tags(w.tags),
                )
                for w in workloads
            ),
        )
    return EXIT_OK


def jobs_show(args: argparse.Namespace) -> int:
    with _client(args) as client:
        details = client.jobs.get(args.job_id).last_details
    assert details is not None
    if args.json:
        print_json(details)
        return EXIT_OK
    state = details.state
    print_fields(
        [
            ("id", details.id),
            ("status", details.status),
            ("reason", state.reason),
            ("reason code", state.reason_code),
            ("solution", state.solution),
            ("backend", details.backend),
            ("program", details.program_id),
            ("session", details.session_id),
            ("created", details.created),
            ("tags", _tags(details.tags)),
            ("usage (s)", details.usage_seconds),
        ]
    )
    return EXIT_OK


class _StatusLine:
    """Status changes while waiting: one line rewritten in place on a terminal, else a line each."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.live = enabled and sys.stderr.isatty()
        self.start = time.monotonic()
        self.written = False

    def __call__(self, job: Job, status: JobStatus) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        text = f"{job.id}  {status.value}  ({elapsed:.0f} s)"
        if self.live:
            sys.stderr.write("\r\x1b[K" + text)
            self.written = True
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.live and self.written:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _final_code(status: JobStatus) -> int:
    return EXIT_JOB_FAILED if status.is_failed or status.is_cancelled else EXIT_OK


def jobs_wait(args: argparse.Namespace) -> int:
    line = _StatusLine(enabled=not args.quiet and not args.json)
    with _client(args) as client:
        job = client.jobs.get(args.job_id)
        try:
            status = job.wait(timeout=args.timeout, callback=line)
        finally:
            line.finish()
        details = job.last_details
    if args.json:
        print_json(details)
    else:
        reason = details.state.reason if details is not None else None
        print(f"{job.id}  {status.value}" + (f"  ({reason})" if reason else ""))
    return _final_code(status)


def jobs_result(args: argparse.Namespace) -> int:
    with _client(args) as client:
        job = client.jobs.get(args.job_id)
        result = job.result(timeout=args.timeout)
    pubs = []
    for index, pub in enumerate(result):
        pubs.append({"index": index, "data": dict(pub.data), "metadata": pub.metadata})
    if args.json:
        print_json({"job_id": job.id, "pubs": pubs, "metadata": result.metadata})
        return EXIT_OK
    from qiskit_runtime_client.results.bit_array import BitArray

    for pub in pubs:
        print(f"pub {pub['index']}:")
        for name, value in pub["data"].items():
            if isinstance(value, BitArray):
                counts = dict(sorted(value.get_counts().items(), key=lambda kv: -kv[1]))
                print(f"  {name}: {counts}")
            else:
                tolist = getattr(value, "tolist", None)
                print(f"  {name}: {tolist() if callable(tolist) else value}")
    return EXIT_OK


def jobs_cancel(args: argparse.Namespace) -> int:
    with _client(args) as client:
        client.jobs.get(args.job_id).cancel()
    _done(args, {"job_id": args.job_id, "cancelled": True}, f"cancelled {args.job_id}")
    return EXIT_OK


def jobs_delete(args: argparse.Namespace) -> int:
    with _client(args) as client:
        client.jobs.get(args.job_id).delete()
    _done(args, {"job_id": args.job_id, "deleted": True}, f"deleted {args.job_id}")
    return EXIT_OK


def _done(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        print_json(data)
    else:
        print(text)


# --- sessions ------------------------------------------------------------------------------------


def sessions_show(args: argparse.Namespace) -> int:
    with _client(args) as client:
        details = client.session_from_id(args.session_id).details()
    if args.json:
        print_json(details)
        return EXIT_OK
    print_fields(
        [
            ("id", details.id),
            ("mode", details.mode),
            ("backend", details.backend_name),
            ("state", details.state),
            ("reason", details.state_reason),
            ("accepting jobs", details.accepting_jobs),
            ("started", details.started_at),
            ("closed", details.closed_at),
            ("max ttl (s)", details.max_ttl),
        ]
    )
    return EXIT_OK


def sessions_close(args: argparse.Namespace) -> int:
    with _client(args) as client:
        session = client.session_from_id(args.session_id)
        session.details()  # closing ignores an unknown session; the command reports it (exit 3)
        if args.cancel:
            session.cancel()
        else:
            session.close()
    action = "cancelled" if args.cancel else "closed"
    _done(args, {"session_id": args.session_id, action: True}, f"{action} {args.session_id}")
    return EXIT_OK


# --- accounts ------------------------------------------------------------------------------------


def _accounts_file(args: argparse.Namespace) -> Path:
    from qiskit_runtime_client import _accounts

    return Path(args.accounts_file) if args.accounts_file else _accounts.DEFAULT_ACCOUNTS_FILE


def accounts_list(args: argparse.Namespace) -> int:
    from qiskit_runtime_client import _accounts

    path = _accounts_file(args)
    saved = _accounts._read_accounts(path)
    rows = [
        {
            "name": name,
            "channel": entry.get("channel"),
            "instance": entry.get("instance"),
            "url": entry.get("url"),
            "default": bool(entry.get("is_default_account")),
        }
        for name, entry in sorted(saved.items())
        if isinstance(entry, dict)
    ]
    if args.json:
        print_json({"file": str(path), "accounts": rows})
    else:
        print_table(
            ("NAME", "CHANNEL", "DEFAULT", "INSTANCE", "URL"),
            (
                (r["name"], r["channel"], "yes" if r["default"] else "", r["instance"], r["url"])
                for r in rows
            ),
        )
    return EXIT_OK


def accounts_save(args: argparse.Namespace) -> int:
    from qiskit_runtime_client import _accounts, save_account

    # As the help says: each option, else its variable (what RuntimeClient() would use).
    token = args.token or os.environ.get("QISKIT_IBM_TOKEN")
    instance = args.instance or os.environ.get("QISKIT_IBM_INSTANCE")
    url = args.url or os.environ.get("QISKIT_IBM_URL") or None
    missing = []
    if not token:
        missing.append("--token (or QISKIT_IBM_TOKEN)")
    if not instance:
        missing.append(f"--instance (or QISKIT_IBM_INSTANCE): {_INSTANCE_FORMS}")
    if missing:
        raise _Failure(f"accounts save needs {' and '.join(missing)}", EXIT_USAGE)
    assert token is not None and instance is not None
    path = _accounts_file(args)
    try:
        path = save_account(
            token,
            instance,
            name=args.name,
            channel=args.channel,
            url=url,
            filename=path,
            set_as_default=args.default or None,
            overwrite=args.overwrite,
        )
    except ConfigurationError:
        name = args.name or _accounts.DEFAULT_ACCOUNT_NAMES.get(args.channel)
        if args.overwrite or name not in _accounts._read_accounts(path):
            raise
        raise _Failure(
            f"an account named {name!r} is already saved in {path}; pass --overwrite to replace it",
            EXIT_USAGE,
        ) from None
    _done(args, {"file": str(path), "saved": True}, f"saved in {path}")
    return EXIT_OK


# --- emulator ------------------------------------------------------------------------------------


def emulator(args: argparse.Namespace) -> int:
    """Serve until interrupted (SIGINT or SIGTERM)."""
    import signal
    import threading

    from qiskit_runtime_client._extras import require_extra

    require_extra("emulator", "qiskit-runtime emulator")
    from qiskit_runtime_client.testing import RuntimeEmulator

    emu = RuntimeEmulator(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        queue_seconds=args.queue_seconds,
        run_seconds=args.run_seconds,
        seed=args.seed,
        instance_name=args.instance_name,
    )
    emu.start()
    print(f"Qiskit Runtime emulator on {emu.url} (Ctrl-C stops it). To use it, export:")
    print(f"export QISKIT_IBM_TOKEN={emu.api_key}")
    print(f"export QISKIT_IBM_INSTANCE='{emu.instance}'")
    print(f"export QISKIT_IBM_URL={emu.api_url}")
    print(f"export IAM_URL={emu.url}")
    print(f"# QISKIT_IBM_INSTANCE may also be the instance's name: {emu.instance_name}", flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        emu.stop()
    return EXIT_OK
