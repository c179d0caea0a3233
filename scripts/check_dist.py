#!/usr/bin/env python3
"""Check the built distributions in ``dist/``: contents of wheel and sdist, and a clean install.

The wheel and sdist must hold both import packages (each with ``py.typed``), the Apache-2.0 LICENSE
and nothing from tests, build or cache folders; the wheel's metadata must name the license, the
project URLs and a long description that starts with ``pip install``; the wheel must install into a
fresh venv where both packages import.
Run after ``python -m build`` (``make build`` does both).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from email.message import Message
from email.parser import Parser
from pathlib import Path

PACKAGES = ("qiskit_runtime_api", "qiskit_runtime_client")
WHEEL_REQUIRED = (
    "qiskit_runtime_api/__init__.py",
    "qiskit_runtime_api/py.typed",
    "qiskit_runtime_api/client.py",
    "qiskit_runtime_client/__init__.py",
    "qiskit_runtime_client/py.typed",
    "qiskit_runtime_client/cli/__init__.py",
    "qiskit_runtime_client/testing/_spec/openapi.json",
)
SDIST_REQUIRED = (
    "pyproject.toml",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "generated/qiskit_runtime_api/__init__.py",
    "generated/qiskit_runtime_api/py.typed",
    "facade/qiskit_runtime_client/__init__.py",
    "facade/qiskit_runtime_client/py.typed",
    "facade/qiskit_runtime_client/testing/_spec/openapi.json",
)
FORBIDDEN_PARTS = {"tests", "build", "dist", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache"}
FORBIDDEN_SUFFIXES = (".pyc", ".pyo")
RUNTIME_DEPENDENCIES = ("httpx", "attrs", "python-dateutil")
#: The license text in the wheel (PEP 639: under .dist-info/licenses/) and the metadata naming it.
WHEEL_LICENSE = "licenses/LICENSE"
LICENSE_MARKER = "Apache License"
PROJECT_URLS = ("Homepage", "Documentation", "Changelog")
#: The package index page: a pip user must meet an install command before anything else to run.
DESCRIPTION_START = "pip install"
IMPORT_CHECK = (
    "import sys, qiskit_runtime_api, qiskit_runtime_client\n"
    "from qiskit_runtime_api.client import Client\n"
    "for module in (qiskit_runtime_api, qiskit_runtime_client):\n"
    "    assert sys.prefix in module.__file__, module.__file__\n"
    "print('imported', qiskit_runtime_client.__version__, 'from', sys.prefix)\n"
)


class DistError(Exception):
    """A distribution is missing something, contains something it must not, or does not install."""


def forbidden(names: Iterable[str]) -> list[str]:
    """Names that come from tests, build or cache folders."""
    return sorted(
        name
        for name in names
        if FORBIDDEN_PARTS.intersection(name.split("/")) or name.endswith(FORBIDDEN_SUFFIXES)
    )


def check_wheel(wheel: Path) -> None:
    """Both packages with py.typed and package data; no stray files; runtime deps declared."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
        license_name = next((n for n in names if n.endswith(".dist-info/" + WHEEL_LICENSE)), None)
        license_text = archive.read(license_name).decode("utf-8") if license_name else ""
    missing = [name for name in WHEEL_REQUIRED if name not in names]
    top_level = {
        name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")
    }
    problems = [f"missing {name}" for name in missing]
    problems += [f"must not contain {name}" for name in forbidden(names)]
    if top_level != set(PACKAGES):
        problems.append(f"top-level entries are {sorted(top_level)}, expected {list(PACKAGES)}")
    requires = " ".join(metadata.get_all("Requires-Dist") or [])
    problems += [
        f"Requires-Dist lacks {dep}" for dep in RUNTIME_DEPENDENCIES if dep not in requires
    ]
    if not metadata.get("Requires-Python"):
        problems.append("no Requires-Python")
    problems += metadata_problems(metadata, license_name, license_text)
    if problems:
        raise DistError(f"{wheel.name}:\n  " + "\n  ".join(problems))


def metadata_problems(metadata: Message, license_name: str | None, license_text: str) -> list[str]:
    """License file and expression, project URLs, and a long description that starts with pip."""
    problems = []
    if license_name is None:
        problems.append(f"missing *.dist-info/{WHEEL_LICENSE}")
    elif LICENSE_MARKER not in license_text:
        problems.append(f"{license_name} is not the Apache License text")
    if metadata.get("License-Expression") != "Apache-2.0":
        problems.append(f"License-Expression is {metadata.get('License-Expression')!r}")
    labels = {url.split(",")[0].strip() for url in metadata.get_all("Project-URL") or []}
    problems += [f"no Project-URL {label}" for label in PROJECT_URLS if label not in labels]
    body = metadata.get_payload()
    description = body if isinstance(body, str) else ""
    blocks = description.split("```")
    if len(blocks) < 3 or DESCRIPTION_START not in blocks[1]:
        problems.append(f"the long description's first code block is not {DESCRIPTION_START!r}")
    return problems


def check_sdist(sdist: Path) -> None:
    """Both package folders with py.typed, pyproject and README; nothing from tests or build."""
    with tarfile.open(sdist) as archive:
        members = [member.name for member in archive.getmembers() if member.isfile()]
    root = members[0].split("/")[0]
    names = [name.removeprefix(root + "/") for name in members]
    problems = [f"missing {name}" for name in SDIST_REQUIRED if name not in names]
    problems += [f"must not contain {name}" for name in forbidden(names)]
    if problems:
        raise DistError(f"{sdist.name}:\n  " + "\n  ".join(problems))


def check_clean_install(wheel: Path) -> str:
    """Install the wheel into a fresh venv (deps from the index) and import both packages."""
    with tempfile.TemporaryDirectory(prefix="check-dist-") as folder:
        venv = Path(folder) / "venv"
        _run([sys.executable, "-m", "venv", str(venv)], folder, "creating a venv")
        python = venv / "bin" / "python"
        _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], folder, "pip install")
        # cwd is the empty temp folder, so the repository cannot shadow the installed packages.
        imported = _run([str(python), "-I", "-c", IMPORT_CHECK], folder, "importing").strip()
        command = _run([str(venv / "bin" / "qiskit-runtime"), "--version"], folder, "the CLI")
        return f"{imported}; {command.strip()}"


def _run(command: Sequence[str], cwd: str, what: str) -> str:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise DistError(f"{what} failed:\n{completed.stdout}{completed.stderr}")
    return completed.stdout


def find_one(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    if len(found) != 1:
        raise DistError(
            f"expected exactly one {pattern} in {dist}, found {[p.name for p in found]}"
        )
    return found[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path, nargs="?", default=Path("dist"), help="folder to check")
    parser.add_argument("--no-install", action="store_true", help="skip the clean-venv install")
    args = parser.parse_args(argv)
    try:
        wheel = find_one(args.dist, "*.whl")
        sdist = find_one(args.dist, "*.tar.gz")
        check_wheel(wheel)
        print(f"check_dist: {wheel.name}: contents OK")
        check_sdist(sdist)
        print(f"check_dist: {sdist.name}: contents OK")
        if not args.no_install:
            print(f"check_dist: clean venv: {check_clean_install(wheel.resolve())}")
    except DistError as error:
        print(f"check_dist: ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
