"""scripts/check_dist.py catches missing packages and stray files (synthetic archives, no build)."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

METADATA = (
    "Metadata-Version: 2.4\nName: qiskit-runtime-client\nVersion: 0.1.0\n"
    "Requires-Python: >=3.11\nRequires-Dist: httpx<1,>=0.27\nRequires-Dist: attrs>=23.1\n"
    "Requires-Dist: python-dateutil>=2.8.2\nLicense-Expression: Apache-2.0\n"
    "License-File: LICENSE\nProject-URL: Homepage, https://example.org\n"
    "Project-URL: Documentation, https://example.org/docs\n"
    "Project-URL: Changelog, https://example.org/CHANGELOG.md\n"
    "Description-Content-Type: text/markdown\n\n"
    "# qiskit-runtime-client\n\n```sh\npip install qiskit-runtime-client\n```\n"
)
LICENSE = "                                 Apache License\n   Version 2.0, January 2004\n"


def make_wheel(
    path: Path, names: list[str], metadata: str = METADATA, license_text: str | None = LICENSE
) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "")
        archive.writestr("qiskit_runtime_client-0.1.0.dist-info/METADATA", metadata)
        if license_text is not None:
            archive.writestr("qiskit_runtime_client-0.1.0.dist-info/licenses/LICENSE", license_text)
    return path


def make_sdist(path: Path, names: list[str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(f"qiskit_runtime_client-0.1.0/{name}")
            archive.addfile(info, io.BytesIO(b""))
    return path


def test_complete_wheel_and_sdist_pass(check_dist: ModuleType, tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "a.whl", list(check_dist.WHEEL_REQUIRED))
    sdist = make_sdist(tmp_path / "a.tar.gz", list(check_dist.SDIST_REQUIRED))

    check_dist.check_wheel(wheel)
    check_dist.check_sdist(sdist)


@pytest.mark.parametrize(
    ("drop", "add", "expected"),
    [
        ("qiskit_runtime_api/py.typed", None, "missing qiskit_runtime_api/py.typed"),
        (None, "tests/test_x.py", "tests/test_x.py"),
        (None, "qiskit_runtime_client/__pycache__/x.cpython-311.pyc", "__pycache__"),
        (None, "build/spec/prepared.json", "build/spec"),
    ],
)
def test_wheel_problems_are_reported(
    check_dist: ModuleType, tmp_path: Path, drop: str | None, add: str | None, expected: str
) -> None:
    names = [n for n in check_dist.WHEEL_REQUIRED if n != drop] + ([add] if add else [])
    wheel = make_wheel(tmp_path / "a.whl", names)

    with pytest.raises(check_dist.DistError, match=expected):
        check_dist.check_wheel(wheel)


def test_wheel_without_runtime_dependencies_is_reported(
    check_dist: ModuleType, tmp_path: Path
) -> None:
    metadata = METADATA.replace("Requires-Dist: attrs>=23.1\n", "")
    wheel = make_wheel(tmp_path / "a.whl", list(check_dist.WHEEL_REQUIRED), metadata)

    with pytest.raises(check_dist.DistError, match="Requires-Dist lacks attrs"):
        check_dist.check_wheel(wheel)


def test_sdist_with_test_files_is_reported(check_dist: ModuleType, tmp_path: Path) -> None:
    names = [*check_dist.SDIST_REQUIRED, "tests/fixtures/qiskit-encoded/README.md"]
    sdist = make_sdist(tmp_path / "a.tar.gz", names)

    with pytest.raises(check_dist.DistError, match=r"tests/fixtures/qiskit-encoded/README\.md"):
        check_dist.check_sdist(sdist)


def test_wheel_without_license_is_reported(check_dist: ModuleType, tmp_path: Path) -> None:
    wheel = make_wheel(tmp_path / "a.whl", list(check_dist.WHEEL_REQUIRED), license_text=None)

    with pytest.raises(check_dist.DistError, match=r"missing \*\.dist-info/licenses/LICENSE"):
        check_dist.check_wheel(wheel)


def test_wheel_with_another_license_text_is_reported(
    check_dist: ModuleType, tmp_path: Path
) -> None:
    wheel = make_wheel(tmp_path / "a.whl", list(check_dist.WHEEL_REQUIRED), license_text="MIT")

    with pytest.raises(check_dist.DistError, match="not the Apache License text"):
        check_dist.check_wheel(wheel)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("License-Expression: Apache-2.0\n", "", "License-Expression is None"),
        ("Project-URL: Changelog, https://example.org/CHANGELOG.md\n", "", "Project-URL Changelog"),
        ("```sh\npip install qiskit-runtime-client\n```", "```sh\nmake demo\n```", "first code"),
    ],
)
def test_wheel_metadata_problems_are_reported(
    check_dist: ModuleType, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    metadata = METADATA.replace(old, new)
    wheel = make_wheel(tmp_path / "a.whl", list(check_dist.WHEEL_REQUIRED), metadata)

    with pytest.raises(check_dist.DistError, match=expected):
        check_dist.check_wheel(wheel)


def test_sdist_without_license_is_reported(check_dist: ModuleType, tmp_path: Path) -> None:
    names = [n for n in check_dist.SDIST_REQUIRED if n != "LICENSE"]
    sdist = make_sdist(tmp_path / "a.tar.gz", names)

    with pytest.raises(check_dist.DistError, match="missing LICENSE"):
        check_dist.check_sdist(sdist)
