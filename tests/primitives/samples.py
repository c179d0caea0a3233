"""OpenQASM 3 programs and spec helpers shared by the primitives tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "qiskit-encoded"
PREPARED_SPEC = ROOT / "facade" / "qiskit_runtime_client" / "testing" / "_spec" / "openapi.json"
VENDORED_SPEC = ROOT / "openapi" / "qiskit-runtime-api.yaml"

BELL = """OPENQASM 3.0;
include "stdgates.inc";
bit[2] c;
qubit[2] q;
h q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""

SWEEP = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
bit[1] c;
qubit[1] q;
ry(theta) q[0];
c[0] = measure q[0];
"""

TWO_PARAMS = """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
input float[64] alpha;
qubit[2] q;
ry(theta) q[0];
rz(alpha) q[1];
cx q[0], q[1];
"""

RY_CX = """OPENQASM 3.0;
include "stdgates.inc";
qubit[2] q;
ry(pi/3) q[0];
cx q[0], q[1];
"""

LEGACY_REGS = """OPENQASM 3;
include "stdgates.inc";
qreg q[2];
creg c[2];
x q[0];
cx q[0], q[1];
c[0] = measure q[0];
c[1] = measure q[1];
"""

PHYSICAL = """OPENQASM 3.0; include "stdgates.inc"; bit[2] c;
sx $0; rz(-pi/2) $0; ecr $1, $0; sx $4;
c[0] = measure $0; c[1] = measure $4;
"""

NO_MEASURE = RY_CX


def fixture_json(name: str) -> Any:
    """A fixture from tests/fixtures/qiskit-encoded (copied from ../shared)."""
    return json.loads((FIXTURES / name).read_text())


@cache
def load_spec() -> dict[str, Any]:
    """The prepared spec JSON when the foundation engineer's build has produced it, else the
    vendored YAML (the same document before overrides)."""
    if PREPARED_SPEC.exists():
        spec: dict[str, Any] = json.loads(PREPARED_SPEC.read_text())
        return spec
    import yaml

    vendored: dict[str, Any] = yaml.safe_load(VENDORED_SPEC.read_text())
    return vendored


def job_request_validator() -> Any:
    """A validator for the spec's `POST .../jobs` request body schema (OpenAPI 3.0 rules)."""
    from openapi_schema_validator import OAS30Validator

    spec = load_spec()
    posts = [
        item["post"]
        for path, item in spec["paths"].items()
        if path.rstrip("/").endswith("/jobs") and "post" in item
    ]
    assert len(posts) == 1, "expected exactly one POST .../jobs operation in the spec"
    schema = posts[0]["requestBody"]["content"]["application/json"]["schema"]
    return OAS30Validator({**schema, "components": spec["components"]})
