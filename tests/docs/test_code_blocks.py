"""Every code block of README.md and docs/ runs as written.

Python blocks run against an emulator, each page's blocks in order in one namespace (a page reads
like one session), with QISKIT_IBM_TOKEN / QISKIT_IBM_INSTANCE / QISKIT_IBM_URL / IAM_URL pointing
at it, as a user's shell would for IBM Quantum. Shell blocks: every `qiskit-runtime` line parses
with the command's own parser, and every `pip install` names extras that pyproject.toml defines.
"""

from __future__ import annotations

import logging
import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from qiskit_runtime_client.cli import build_parser
from qiskit_runtime_client.testing import RuntimeEmulator

pytestmark = pytest.mark.emulator

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    """(line number, code) of each fenced block in that language."""
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(2))
        for match in FENCE.finditer(text)
        if match.group(1) == language
    ]


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


PYTHON_PAGES = [page for page in PAGES if blocks(page, "python")]
SHELL_PAGES = [page for page in PAGES if blocks(page, "sh")]


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """Blocks configure logging as a user would (basicConfig, logger levels): undo it after."""
    root = logging.getLogger()
    saved_root = (root.level, list(root.handlers))
    saved = {
        name: logger.level
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, logger in logging.Logger.manager.loggerDict.items():
        if isinstance(logger, logging.Logger):
            logger.setLevel(saved.get(name, logging.NOTSET))


@pytest.fixture(scope="module")
def emulator() -> Iterator[RuntimeEmulator]:
    with RuntimeEmulator(seed=3, queue_seconds=0.1, run_seconds=0.2) as emu:
        yield emu


def test_the_docs_have_code_to_run() -> None:
    assert len(PYTHON_PAGES) >= 10
    assert sum(len(blocks(page, "python")) for page in PYTHON_PAGES) >= 20


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=_name)
def test_python_blocks_run(
    page: Path,
    emulator: RuntimeEmulator,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("QISKIT_IBM_TOKEN", emulator.api_key)
    monkeypatch.setenv("QISKIT_IBM_INSTANCE", emulator.instance)
    monkeypatch.setenv("QISKIT_IBM_URL", emulator.api_url)
    monkeypatch.setenv("IAM_URL", emulator.url)
    # The emulator prints this export too: it keeps qiskit-ibm-runtime off IBM Cloud search.
    monkeypatch.setenv("QISKIT_FUNCTIONS_EXPERIMENTAL", "1")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__main__"}
    for line, code in blocks(page, "python"):
        try:
            exec(compile(code, f"{_name(page)}:{line}", "exec"), namespace)
        except Exception as exc:
            pytest.fail(f"{_name(page)}, block at line {line}: {type(exc).__name__}: {exc}")
    assert capsys.readouterr().out  # the examples show something


def _extras() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return set(tomllib.load(handle)["project"]["optional-dependencies"])


@pytest.mark.parametrize("page", SHELL_PAGES, ids=_name)
def test_shell_blocks_name_real_commands_and_extras(page: Path) -> None:
    parser = build_parser()
    extras = _extras()
    for line_number, code in blocks(page, "sh"):
        for line in code.splitlines():
            words = shlex.split(line, comments=True)
            where = f"{_name(page)}:{line_number}: {line}"
            if words[:1] == ["qiskit-runtime"]:
                try:
                    parser.parse_args(words[1:])
                except SystemExit as exit_:
                    pytest.fail(f"{where}: does not parse (exit {exit_.code})")
            if words[:2] == ["pip", "install"]:
                for package in words[2:]:
                    match = re.fullmatch(r"qiskit-runtime-client(?:\[(.+)\])?", package)
                    assert match, where
                    assert set((match.group(1) or "").split(",")) - {""} <= extras, where
