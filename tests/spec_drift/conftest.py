"""Spec drift: the default spec changed the way IBM's drops change it, then the pipeline runs.

Fixtures: the pipeline scripts as modules, the default spec (0.45.3) as a dict to mutate, a
stand-in facade binding module, and a baseline client generated once per session from the
unmodified spec (bindings.check reads it to find where a bound operation used to live).
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SPEC = REPO / "openapi" / "qiskit-runtime-api-0.45.3.merged.yaml"
DEFAULT_OVERRIDES = REPO / "openapi" / "overrides.yaml"
SEED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
SEED_OVERRIDES = REPO / "openapi" / "overrides-seed.yaml"
PACKAGE = "qiskit_runtime_api"

# A stand-in for facade/qiskit_runtime_client/_api.py: generated operations imported inside
# functions, the way the facade binds them.
BINDINGS_TEXT = '''\
"""Stand-in facade binding module (tests/spec_drift)."""

from typing import Any


def get_job(client: Any, job_id: str) -> Any:
    from qiskit_runtime_api.api.jobs import get_job

    return get_job.sync_detailed(job_id, client=client)


def create_job(client: Any, body: Any) -> Any:
    from qiskit_runtime_api.api.jobs import create_job

    return create_job.sync_detailed(client=client, body=body)


def list_jobs(client: Any) -> Any:
    from qiskit_runtime_api.api.jobs import list_jobs

    return list_jobs.sync_detailed(client=client)


def create_session(client: Any, body: Any) -> Any:
    from qiskit_runtime_api.api.sessions import create_session

    return create_session.sync_detailed(client=client, body=body)


def list_backends(client: Any) -> Any:
    from qiskit_runtime_api.api.backends import list_backends

    return list_backends.sync_detailed(client=client)
'''


def binding_line(module: Path, tag: str, operation: str) -> int:
    """1-based line of `from qiskit_runtime_api.api.<tag> import <operation>` in ``module``."""
    wanted = f"from {PACKAGE}.api.{tag} import {operation}"
    for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() == wanted:
            return number
    raise AssertionError(f"{wanted!r} is not in {module}")


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (scripts/ is not a package); shared with tests/generation."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


class _NoTimestamps(yaml.SafeLoader):
    """Dates stay strings, as the pipeline reads them."""


_NoTimestamps.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoTimestamps)


def write_yaml(data: Any, path: Path) -> Path:
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
    return path


# --------------------------------------------------------------------------------------------------
# Session fixtures


@pytest.fixture(scope="session")
def prepare_spec() -> ModuleType:
    return load_script("prepare_spec")


@pytest.fixture(scope="session")
def generate_client() -> ModuleType:
    return load_script("generate_client")


@pytest.fixture(scope="session")
def normalise(prepare_spec: ModuleType) -> ModuleType:
    return prepare_spec.normalise


@pytest.fixture(scope="session")
def default_spec() -> dict[str, Any]:
    """The default spec as vendored (read once; every case mutates a deep copy)."""
    data = read_yaml(DEFAULT_SPEC)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="session")
def baseline(
    tmp_path_factory: pytest.TempPathFactory,
    prepare_spec: ModuleType,
    generate_client: ModuleType,
) -> Path:
    """Folder holding the client generated once from the unmodified default spec."""
    root = tmp_path_factory.mktemp("baseline")
    prepared = prepare_spec.prepare(DEFAULT_SPEC, DEFAULT_OVERRIDES)
    spec_json = root / "prepared.json"
    spec_json.write_text(prepare_spec.dump_json(prepared), encoding="utf-8")
    generate_client.generate(spec_json, root / "out" / PACKAGE, None, root / "scratch")
    return root / "out"


# --------------------------------------------------------------------------------------------------
# One drift case


@dataclass
class Generated:
    """A client generated into a temporary folder, importable in a subprocess only."""

    root: Path

    @property
    def package(self) -> Path:
        return self.root / PACKAGE

    def run(self, code: str) -> str:
        """Run ``code`` with only this generated package on top of sys.path; returns stdout."""
        prelude = (
            f"import {PACKAGE}, pathlib\n"
            f"assert pathlib.Path({PACKAGE}.__file__).resolve().is_relative_to("
            f"pathlib.Path({str(self.root.resolve())!r})), {PACKAGE}.__file__\n"
        )
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        env["PYTHONPATH"] = str(self.root)
        completed = subprocess.run(
            [sys.executable, "-c", prelude + textwrap.dedent(code)],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr[-3000:]
        return completed.stdout


@dataclass
class Drift:
    """A scratch copy of the default spec to mutate, and the pipeline run on it."""

    spec: dict[str, Any]
    tmp: Path
    bindings: Path
    prepare_spec: ModuleType
    generate_client: ModuleType

    @property
    def schemas(self) -> dict[str, Any]:
        return self.spec["components"]["schemas"]

    def write(self) -> Path:
        return write_yaml(self.spec, self.tmp / "drifted.yaml")

    def prepare(self, overrides: Path = DEFAULT_OVERRIDES) -> dict[str, Any]:
        """The prepared spec (raises PrepareError on problems)."""
        return self.prepare_spec.prepare(self.write(), overrides, facade_bindings=self.bindings)

    def problems(self, overrides: Path = DEFAULT_OVERRIDES) -> list[str]:
        """The run must stop: its message, checked for form, as one string per problem."""
        with pytest.raises(self.prepare_spec.PrepareError) as raised:
            self.prepare(overrides)
        return problem_entries(str(raised.value))

    def generate(self, prepared: dict[str, Any]) -> Generated:
        spec_json = self.tmp / "prepared.json"
        spec_json.write_text(self.prepare_spec.dump_json(prepared), encoding="utf-8")
        out = self.tmp / "generated"
        self.generate_client.generate(spec_json, out / PACKAGE, None, self.tmp / "scratch")
        return Generated(out)


MAX_LINE = 200


def problem_entries(message: str) -> list[str]:
    """Check a PrepareError message's form; return each problem as "<what>\\n<fix line>".

    The form: a heading line, then per problem a `  - ` line and a `      fix: ` line; no line
    longer than 200 characters (so no dump of the spec fits).
    """
    lines = message.splitlines()
    assert lines, "empty message"
    for line in lines:
        assert len(line) <= MAX_LINE, f"line of {len(line)} characters: {line[:120]}…"
    heading, body = lines[0], lines[1:]
    assert "no output was written" in heading, heading
    assert len(body) % 2 == 0, message
    entries = []
    for what, fix in zip(body[::2], body[1::2], strict=True):
        assert what.startswith("  - "), message
        assert fix.startswith("      fix: "), message
        entries.append(f"{what}\n{fix}")
    count = sum(1 for line in lines if line.startswith("  - "))
    assert heading.endswith(f"{count} problem{'s' if count != 1 else ''}, no output was written:")
    return entries


@pytest.fixture
def bindings_file(tmp_path: Path) -> Path:
    path = tmp_path / "_api.py"
    path.write_text(BINDINGS_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def drift(
    default_spec: dict[str, Any],
    baseline: Path,
    bindings_file: Path,
    tmp_path: Path,
    prepare_spec: ModuleType,
    generate_client: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Drift]:
    """A deep copy of the default spec; the bindings check reads the baseline generation."""
    check = prepare_spec.bindings.check
    baseline_api = baseline / PACKAGE / "api"
    monkeypatch.setattr(
        prepare_spec.bindings, "check", functools.partial(check, generated=baseline_api)
    )
    yield Drift(
        spec=copy.deepcopy(default_spec),
        tmp=tmp_path,
        bindings=bindings_file,
        prepare_spec=prepare_spec,
        generate_client=generate_client,
    )


def payload(**changes: Any) -> dict[str, Any]:
    """A JobResponse payload with ``changes`` applied (its repr is a Python literal)."""
    job: dict[str, Any] = {
        "id": "d1f2abc",
        "backend": "ibm_torino",
        "state": {"status": "Completed"},
        "status": "Completed",
        "program": {"id": "sampler"},
        "created": "2026-04-15T10:00:00Z",
        "cost": 60,
    }
    job.update(changes)
    return job
