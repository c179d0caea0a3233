"""What several benchmarks share: the ISA circuit they submit and the official SDK's setting.

Not a benchmark itself (scripts/bench.py runs only bench_*.py modules).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

#: An ISA Bell circuit for IBM's Heron devices (H then CX in rz/sx/cz), measured: what the
#: README submits.
BELL = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
rz(pi/2) $0;
sx $0;
rz(pi/2) $0;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
cz $0, $1;
rz(pi/2) $1;
sx $1;
rz(pi/2) $1;
c[0] = measure $0;
c[1] = measure $1;
"""


@contextlib.contextmanager
def sdk_environment(iam_url: str) -> Iterator[None]:
    """The official SDK pointed at the emulator (README, "The official SDK against it"): its
    IAM there, no IBM Cloud instance lookups; the variables are restored afterwards."""
    saved = {k: os.environ.get(k) for k in ("IAM_URL", "QISKIT_FUNCTIONS_EXPERIMENTAL")}
    os.environ["IAM_URL"] = iam_url
    os.environ["QISKIT_FUNCTIONS_EXPERIMENTAL"] = "1"
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
