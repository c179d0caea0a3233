"""`qiskit-runtime`: the command-line tool installed with the package.

    qiskit-runtime backends list
    qiskit-runtime jobs list                    # your own jobs and sessions (GET /workloads)
    qiskit-runtime jobs wait JOB_ID --timeout 600 && qiskit-runtime jobs result JOB_ID --json
    qiskit-runtime emulator --port 8000         # a local emulator; prints the variables to export

Credentials: `--token`/`--instance` (and `--url`, `--iam-url`), or `--account NAME` (a saved
account), else QISKIT_IBM_TOKEN / QISKIT_IBM_INSTANCE (QISKIT_IBM_URL, IAM_URL), else the saved
default account: the same precedence as `RuntimeClient()`. `--json` prints one JSON document on
stdout. Exit codes (stable, for scripts) are the EXIT_* constants below.

Output into a closed pipe (`qiskit-runtime jobs list | head -1`) ends the command quietly with
EXIT_BROKEN_PIPE (141, what a shell reports for a program killed by SIGPIPE, as `cat` would be).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

from qiskit_runtime_client._version import __version__

__all__ = [
    "EXIT_API_ERROR",
    "EXIT_BROKEN_PIPE",
    "EXIT_CREDENTIALS",
    "EXIT_ERROR",
    "EXIT_INTERRUPTED",
    "EXIT_JOB_FAILED",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_TIMEOUT",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "main_exit",
]

#: Success.
EXIT_OK: Final = 0
#: Any other error (a bug, a missing optional dependency): the message says which.
EXIT_ERROR: Final = 1
#: The command line is wrong: unknown command or option, a bad value (also argparse's code).
EXIT_USAGE: Final = 2
#: The job, session, backend or saved account does not exist (HTTP 404 and the like).
EXIT_NOT_FOUND: Final = 3
#: The job failed or was cancelled (`jobs wait`, `jobs result`).
EXIT_JOB_FAILED: Final = 4
#: `jobs wait` or `jobs result` gave up after --timeout seconds (the job was not cancelled).
EXIT_TIMEOUT: Final = 5
#: The service answered with an error, or could not be reached (connection, 5xx, 409, 429...).
EXIT_API_ERROR: Final = 6
#: No credentials, or credentials the service refused (HTTP 401/403).
EXIT_CREDENTIALS: Final = 7
#: Interrupted (Ctrl-C).
EXIT_INTERRUPTED: Final = 130
#: stdout was closed early (`| head`): the command stops quietly, as a program killed by SIGPIPE
#: does (the shell reports 128 + 13).
EXIT_BROKEN_PIPE: Final = 141

EXIT_CODES_HELP = f"""exit codes:
  {EXIT_OK}    success
  {EXIT_ERROR}    other error (e.g. a missing optional dependency; the message names it)
  {EXIT_USAGE}    usage error: unknown command or option, bad value
  {EXIT_NOT_FOUND}    not found: no such job, session, backend or saved account (--account)
  {EXIT_JOB_FAILED}    the job failed or was cancelled
  {EXIT_TIMEOUT}    timed out waiting (the job keeps running)
  {EXIT_API_ERROR}    API or connection error
  {EXIT_CREDENTIALS}    credentials missing or refused
  {EXIT_INTERRUPTED}  interrupted
  {EXIT_BROKEN_PIPE}  output closed early (e.g. piped into head): stopped quietly
"""


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors exiting EXIT_USAGE (its default too, made explicit)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection (default: environment, then saved account)")
    _credential_options(group)
    group.add_argument("--iam-url", help="IAM root, e.g. http://127.0.0.1:8000 (else IAM_URL)")
    group.add_argument("--account", metavar="NAME", help="use this saved account")
    _accounts_file_option(group)


def _credential_options(group: Any) -> None:
    group.add_argument("--token", help="IBM Cloud API key (else QISKIT_IBM_TOKEN)")
    group.add_argument("--instance", help="instance CRN or name (else QISKIT_IBM_INSTANCE)")
    group.add_argument(
        "--url", help="service root, e.g. http://127.0.0.1:8000/api/v1 (else QISKIT_IBM_URL)"
    )


def _accounts_file_option(group: Any) -> None:
    group.add_argument(
        "--accounts-file", metavar="PATH", help="saved accounts file (~/.qiskit/qiskit-ibm.json)"
    )


def _workload_status(value: str) -> str:
    """A --status value: the service's workload word, or the job status word it stands for."""
    from qiskit_runtime_client.resources.workloads import STATUSES

    word = value.strip().casefold()
    word = _JOB_STATUS_WORDS.get(word, word)
    if word not in STATUSES:
        words = ", ".join([*STATUSES, *_JOB_STATUS_WORDS])
        raise argparse.ArgumentTypeError(f"invalid choice: {value!r} (choose from {words})")
    return word


#: A job's status words (`jobs show`, `jobs wait`) for the workload words that differ.
_JOB_STATUS_WORDS: Final = {"queued": "pending", "running": "in_progress", "cancelled": "canceled"}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    from qiskit_runtime_client.cli import _commands as c
    from qiskit_runtime_client.resources.workloads import MODES, STATUSES

    json_only = argparse.ArgumentParser(add_help=False)
    json_only.add_argument("--json", action="store_true", help="print JSON (for scripts)")
    common = argparse.ArgumentParser(add_help=False, parents=[json_only])
    _connection_options(common)
    # The accounts commands read and write the file: no connection options to ignore.
    list_accounts = argparse.ArgumentParser(add_help=False, parents=[json_only])
    _accounts_file_option(list_accounts)
    save_account = argparse.ArgumentParser(add_help=False, parents=[json_only])
    _credential_options(save_account.add_argument_group("credentials to save"))
    _accounts_file_option(save_account)

    parser = _Parser(
        prog="qiskit-runtime",
        description="Work with IBM Quantum's Qiskit Runtime service (or the local emulator).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    groups = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)

    def command(
        sub: Any,
        name: str,
        handler: Callable[[argparse.Namespace], int],
        help_text: str,
        parent: argparse.ArgumentParser = common,
    ) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[parent],
            # else `accounts list --account X` would be read as --accounts-file X
            allow_abbrev=parent is common,
        )
        p.set_defaults(handler=handler)
        return p

    def group(name: str, help_text: str) -> Any:
        p = groups.add_parser(name, help=help_text, description=help_text)
        return p.add_subparsers(dest="command", metavar="ACTION", required=True)

    backends = group("backends", "list and inspect backends")
    p = command(backends, "list", c.backends_list, "list the backends the instance can use")
    p = command(backends, "show", c.backends_show, "a backend's status and configuration")
    p.add_argument("name", help="backend name, e.g. ibm_fez")

    jobs = group("jobs", "list, inspect, wait for, fetch, cancel and delete jobs")
    p = command(jobs, "list", c.jobs_list, "your jobs and sessions, newest first")
    p.add_argument(
        "--all",
        action="store_true",
        help="every job of the instance, whoever submitted it (GET /jobs), not only yours",
    )
    p.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    p.add_argument("--backend", help="only on this backend")
    p.add_argument(
        "--status",
        action="append",
        type=_workload_status,
        metavar="STATUS",
        help=f"only these (repeatable): {', '.join(STATUSES)}; or queued, running, cancelled",
    )
    p.add_argument("--mode", choices=MODES, help="only jobs run alone, sessions or batches")
    p.add_argument("--pending", action="store_true", help="with --all: only queued or running")
    p = command(jobs, "show", c.jobs_show, "a job's status and details")
    p.add_argument("job_id")
    p = command(jobs, "wait", c.jobs_wait, "wait until a job ends (exit 4 if it failed)")
    p.add_argument("job_id")
    p.add_argument("--timeout", type=float, default=None, help="give up after this many seconds")
    p.add_argument("--quiet", "-q", action="store_true", help="no status line")
    p = command(jobs, "result", c.jobs_result, "a job's result: counts, evs and stds, or JSON")
    p.add_argument("job_id")
    p.add_argument(
        "--timeout", type=float, default=None, help="wait at most this long for the job to end"
    )
    p = command(jobs, "cancel", c.jobs_cancel, "cancel a queued or running job")
    p.add_argument("job_id")
    p = command(jobs, "delete", c.jobs_delete, "delete a job and its results")
    p.add_argument("job_id")

    sessions = group("sessions", "inspect and close sessions and batches")
    p = command(sessions, "show", c.sessions_show, "a session's state")
    p.add_argument("session_id")
    p = command(
        sessions, "close", c.sessions_close, "stop a session accepting jobs (queued jobs run)"
    )
    p.add_argument("session_id")
    p.add_argument("--cancel", action="store_true", help="end it now, cancelling queued jobs")

    accounts = group("accounts", "save and list credentials (the official SDK's file)")
    p = command(
        accounts,
        "list",
        c.accounts_list,
        "saved accounts (API keys are not shown)",
        list_accounts,
    )
    p = command(
        accounts,
        "save",
        c.accounts_save,
        "save an API key and instance CRN or name",
        save_account,
    )
    p.add_argument("--name", help="account name (default: the channel's default name)")
    p.add_argument("--channel", default="ibm_quantum_platform", help="ibm_quantum_platform")
    p.add_argument("--default", action="store_true", help="make it the default account")
    p.add_argument("--overwrite", action="store_true", help="replace an account of that name")

    emulator = groups.add_parser(
        "emulator",
        help="run a local emulator of the service (needs the emulator extra)",
        description=(
            "Serve the emulator of the Qiskit Runtime API and IAM until Ctrl-C; prints the "
            "variables that point this tool and RuntimeClient() at it."
        ),
    )
    emulator.set_defaults(handler=c.emulator, json=False)
    emulator.add_argument("--host", default="127.0.0.1", help="address to listen on")
    emulator.add_argument("--port", type=int, default=8000, help="port (0 picks a free one)")
    emulator.add_argument("--api-key", help="the API key IAM accepts (default: random)")
    emulator.add_argument("--queue-seconds", type=float, default=1.0, help="time jobs queue")
    emulator.add_argument("--run-seconds", type=float, default=2.0, help="time jobs run")
    emulator.add_argument("--seed", type=int, help="seed for reproducible results")
    emulator.add_argument(
        "--instance-name",
        default="emulator",
        help="the instance's name, which --instance / QISKIT_IBM_INSTANCE may give for its CRN",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit code (see EXIT_*)."""
    from qiskit_runtime_client.cli._commands import run

    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
        else:
            code = run(args)
        sys.stdout.flush()  # here, not at interpreter exit, where a closed pipe is a traceback
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_BROKEN_PIPE
    return code


def _discard_stdout() -> None:
    """Point stdout at devnull, so that flushing what is left at exit cannot fail again (the
    recipe of Python's signal documentation). A stream without a descriptor is left as it is."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def main_exit() -> None:
    """The `qiskit-runtime` entry point: main() with its code as the process's exit status."""
    sys.exit(main())
