"""Fixtures for the generation tests: the scripts as modules, the vendored and prepared spec."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDORED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
OVERRIDES = REPO / "openapi" / "overrides.yaml"


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
    """The vendored spec as IBM published it (damaged examples dropped, no overrides)."""
    loaded = prepare_spec.load_spec_text(
        VENDORED_SPEC.read_text(encoding="utf-8"), str(VENDORED_SPEC)
    )
    return loaded.data


@pytest.fixture(scope="session")
def prepared_spec(prepare_spec: ModuleType) -> dict[str, Any]:
    """The spec we generate from (overrides applied, validated)."""
    return prepare_spec.prepare(VENDORED_SPEC, OVERRIDES)
