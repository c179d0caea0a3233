"""Shared pieces of the cassette suite: circuits, cassette checks, emulator-only set-up."""

from __future__ import annotations

from typing import Any

from cassette_config import CassetteTarget

BELL_QASM = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
qubit[2] q;
h q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""

#: The Bell state without measurements, for the estimator: <ZZ> = <XX> = 1.
BELL_STATE_QASM = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
h q[0];
cx q[0], q[1];
"""

#: Emulator settings for job tests: Queued for 1 s, then Running for 2 s (of the shared clock).
JOB_TIMING = {"queue_seconds": 1, "run_seconds": 2, "seed": 1234}


def calls(cassette: Any) -> list[tuple[str, str, int]]:
    """(method, path after the host, status) of every interaction, in order."""
    found = []
    for request, response in cassette.data:
        path = request.uri.split("://", 1)[1].split("/", 1)[1]
        found.append((request.method, "/" + path, response["status"]["code"]))
    return found


def api_calls(cassette: Any) -> list[tuple[str, str, int]]:
    """calls() without the IAM exchanges, paths relative to /api/v1."""
    prefix = "/api/v1"
    return [
        (method, path[len(prefix) :], status)
        for method, path, status in calls(cassette)
        if path.startswith(prefix + "/")
    ]


def assert_fully_played(cassette: Any) -> None:
    """When replaying, every recorded interaction was requested, exactly once."""
    if not cassette.write_protected:  # recording: nothing is played back
        return
    assert cassette.play_count == len(cassette.data), "a recorded request was not made"
    assert cassette.all_played


def emulator(target: CassetteTarget) -> Any:
    """The RuntimeEmulator while recording, None while replaying (knobs are set only then)."""
    return target.emulator
