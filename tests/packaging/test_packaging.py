"""Packaging hygiene: one version source, the license, the changelog, missing extras named."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import qiskit_runtime_client
from qiskit_runtime_client._extras import MissingExtraError, missing_modules, require_extra

ROOT = Path(__file__).resolve().parents[2]


def _pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_the_version_has_one_source() -> None:
    data = _pyproject()
    project = data["project"]
    assert isinstance(project, dict)
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    hatch = data["tool"]["hatch"]  # type: ignore[index]
    assert hatch["version"]["path"] == "facade/qiskit_runtime_client/_version.py"
    assert qiskit_runtime_client.__version__.count(".") == 2


def test_license_and_changelog_are_in_the_repository() -> None:
    assert "Apache License" in (ROOT / "LICENSE").read_text()
    assert "Version 2.0, January 2004" in (ROOT / "LICENSE").read_text()
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text()
    project = _pyproject()["project"]
    assert isinstance(project, dict)
    assert project["license-files"] == ["LICENSE"]
    assert {"Homepage", "Documentation", "Changelog", "Source", "Issues"} <= set(project["urls"])


def test_the_readme_starts_with_pip_install() -> None:
    blocks = (ROOT / "README.md").read_text().split("```")
    assert blocks[1].startswith("sh\npip install")


def test_a_missing_extra_is_named_with_the_command_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "werkzeug", None)  # as if not installed

    assert missing_modules("emulator") == ["werkzeug"]
    with pytest.raises(MissingExtraError) as caught:
        require_extra("emulator", "The emulator")
    message = str(caught.value)
    assert 'pip install "qiskit-runtime-client[emulator]"' in message
    assert "missing: werkzeug" in message
    assert isinstance(caught.value, ImportError)


def test_importing_the_emulator_without_its_extra_names_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['werkzeug'] = None\n"
        "sys.modules['qiskit'] = None\n"
        "try:\n"
        "    import qiskit_runtime_client.testing\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'facade'}{os.pathsep}{ROOT / 'generated'}"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.strip() == (
        "The emulator (qiskit_runtime_client.testing) needs the 'emulator' extra, which is not "
        "installed (missing: werkzeug, qiskit). Install it with: "
        'pip install "qiskit-runtime-client[emulator]"'
    )
