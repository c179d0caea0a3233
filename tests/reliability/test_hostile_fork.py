"""Defect 1: a client shared across fork must never share its connection pool or token lock.

The child of a fork gets fresh connections (a different client port at the server) and a
fresh token lock (the parent's may be held by a thread that does not exist in the child).
"""

from __future__ import annotations

import os
import signal
import sys

import pytest
from qiskit_runtime_client import RuntimeClient

from ._hostile import Conn, Req, client_kwargs, hostile, job_json

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _echo_job(req: Req, conn: Conn) -> None:
    conn.answer(200, job_json(req.path.rsplit("/", 1)[-1]))


def _in_child(action: object) -> int:
    """Run `action` in a forked child (killed after 10 s); its exit code."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            signal.alarm(10)
            action()  # type: ignore[operator]
            code = 0
        except BaseException as exc:
            print(f"child failed: {exc!r}", file=sys.stderr)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_forked_child_opens_its_own_connections() -> None:
    with hostile(_echo_job, lifetime=20) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        client.jobs.get("parent-1")
        parent_port = srv.api()[-1].peer_port
        assert _in_child(lambda: client.jobs.get("child-1").refresh()) == 0
        child = [r for r in srv.api() if r.path.endswith("/child-1")]
        assert len(child) == 2
        assert all(r.peer_port != parent_port for r in child)  # never the parent's connection
        client.jobs.get("parent-2")  # the parent's client goes on working
        assert srv.api()[-1].peer_port == parent_port


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_a_forked_child_gets_a_fresh_token_lock() -> None:
    with hostile(_echo_job, lifetime=20) as srv, RuntimeClient(**client_kwargs(srv)) as client:
        auth = client._connection.auth
        with auth._lock:  # type: ignore[attr-defined]  # a parent thread mid-exchange
            code = _in_child(lambda: client.jobs.get("child-2"))
        assert code == 0  # without a fresh lock the child waits forever (killed by the alarm)
