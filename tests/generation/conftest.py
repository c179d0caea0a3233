"""Fixtures for the generation tests: the scripts as modules, both editions' specs, a seed build.

Two editions are prepared and generated: the default (IBM's 0.45.3 with openapi/overrides.yaml,
what `make generate` writes to generated/) and the seed (openapi/qiskit-runtime-api.yaml with
openapi/overrides-seed.yaml, the document the project was created from; `make generate-seed`).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from generated_operations import SeedGeneration

REPO = Path(__file__).resolve().parents[2]
VENDORED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
OVERRIDES = REPO / "openapi" / "overrides-seed.yaml"
#: The default edition: IBM's 0.45.3 and its overrides.
DEFAULT_SPEC = REPO / "openapi" / "qiskit-runtime-api-0.45.3.merged.yaml"
DEFAULT_OVERRIDES = REPO / "openapi" / "overrides.yaml"


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (scripts/ is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def prepare_spec() -> ModuleType:
    return load_script("prepare_spec")


@pytest.fixture(scope="session")
def generate_client() -> ModuleType:
    return load_script("generate_client")


@pytest.fixture(scope="session")
def check_dist() -> ModuleType:
    return load_script("check_dist")


@pytest.fixture(scope="session")
def vendored_spec(prepare_spec: ModuleType) -> dict[str, Any]:
    """The seed spec as IBM published it (damaged examples dropped, no overrides)."""
    loaded = prepare_spec.load_spec_text(
        VENDORED_SPEC.read_text(encoding="utf-8"), str(VENDORED_SPEC)
    )
    return loaded.data


@pytest.fixture(scope="session")
def prepared_spec(prepare_spec: ModuleType) -> dict[str, Any]:
    """The seed spec prepared (seed overrides applied, validated)."""
    return prepare_spec.prepare(VENDORED_SPEC, OVERRIDES)


@pytest.fixture(scope="session")
def default_vendored_spec(prepare_spec: ModuleType) -> dict[str, Any]:
    """IBM's 0.45.3 as vendored (no overrides)."""
    loaded = prepare_spec.load_spec_text(
        DEFAULT_SPEC.read_text(encoding="utf-8"), str(DEFAULT_SPEC)
    )
    return loaded.data


@pytest.fixture(scope="session")
def default_prepared_spec(prepare_spec: ModuleType) -> dict[str, Any]:
    """The spec generated/ is made from: 0.45.3 with openapi/overrides.yaml, validated."""
    return prepare_spec.prepare(DEFAULT_SPEC, DEFAULT_OVERRIDES)


#: Runs in a fresh interpreter whose PYTHONPATH starts with the seed generation: imports the package
#: from there (not the editable generated/), every model and every endpoint module.
_SEED_PROBE = """\
import json, sys
sys.path.append({helpers!r})
import generated_operations
import qiskit_runtime_api
from qiskit_runtime_api import models
names = sorted(models.__all__)
for name in names:
    getattr(models, name)
print(json.dumps({{
    "file": qiskit_runtime_api.__file__,
    "inventory": generated_operations.inventory(),
    "models": names,
}}))
"""


@pytest.fixture(scope="session")
def seed_generation(
    tmp_path_factory: pytest.TempPathFactory,
    prepare_spec: ModuleType,
    generate_client: ModuleType,
) -> SeedGeneration:
    """Prepare the seed with overrides-seed.yaml and generate it into a temporary folder (~1 s)."""
    root = tmp_path_factory.mktemp("seed")
    prepared = root / "prepared.json"
    argv = [str(VENDORED_SPEC), "--overrides", str(OVERRIDES), "--out", str(prepared)]
    assert prepare_spec.main(argv, log_setup=lambda: None) == 0
    generate_client.generate(
        prepared,
        target=root / "qiskit_runtime_api",
        spec_copy=root / "openapi.json",
        scratch=root / "scratch",
    )
    completed = subprocess.run(
        [sys.executable, "-c", _SEED_PROBE.format(helpers=str(Path(__file__).parent))],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": ""},
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    probe = json.loads(completed.stdout)
    assert Path(probe["file"]).is_relative_to(root), probe["file"]  # not the editable generated/
    return SeedGeneration(
        root=root,
        prepared=json.loads(prepared.read_text(encoding="utf-8")),
        inventory=probe["inventory"],
        models=probe["models"],
    )
