"""A field removed by an override fails `make typecheck` at the facade line that reads it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import DEFAULT_OVERRIDES, DEFAULT_SPEC, PACKAGE, REPO

pytestmark = pytest.mark.spec_drift

REMOVE_BACKEND = """
  - op: remove
    path: /components/schemas/JobResponseV3/properties/backend
    expect: {type: string}
    reason: drift test - the service stops sending the job's backend
"""


def test_a_field_removed_by_an_override_fails_mypy_where_the_facade_reads_it(
    prepare_spec: ModuleType, generate_client: ModuleType, tmp_path: Path
) -> None:
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text(DEFAULT_OVERRIDES.read_text("utf-8") + REMOVE_BACKEND, "utf-8")
    prepared = prepare_spec.prepare(DEFAULT_SPEC, overrides)
    spec_json = tmp_path / "prepared.json"
    spec_json.write_text(prepare_spec.dump_json(prepared), encoding="utf-8")
    out = tmp_path / "generated"
    generate_client.generate(spec_json, out / PACKAGE, None, tmp_path / "scratch")

    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    command += ["--cache-dir", str(tmp_path / "cache"), "-p", "qiskit_runtime_client"]
    env = {**os.environ, "MYPYPATH": f"{out}{os.pathsep}{REPO / 'facade'}"}
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False
    )

    assert done.returncode == 1, done.stdout[-2000:]
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    source = (REPO / "facade/qiskit_runtime_client/resources/_details.py").read_text("utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), 1) if "job.backend" in text)
    assert errors == [
        f'facade/qiskit_runtime_client/resources/_details.py:{line}: error: "JobResponse" '
        'has no attribute "backend"  [attr-defined]'
    ]
