"""Every cassette under tests/cassettes is replayed by a test: it sits in the folder of a test
module (tests/<package>/<module>.py -> tests/cassettes/<package>/<module>/), is named after a
test function of that module, and that module replays with the network blocked. Hand-assembled
cassettes say so in their first line and are listed in their folder's README."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from cassette_config import CASSETTE_ROOT, cassette_files

TESTS_ROOT = CASSETTE_ROOT.parent
HANDMADE = CASSETTE_ROOT / "cassette_suite" / "test_documented_traffic"
CASSETTES = list(cassette_files())


def _test_functions(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    }


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: str(p.relative_to(CASSETTE_ROOT)))
def test_cassette_belongs_to_a_test(path: Path) -> None:
    folder = path.parent.relative_to(CASSETTE_ROOT)
    module = TESTS_ROOT / folder.with_suffix(".py")
    assert module.is_file(), f"no test module {module.relative_to(TESTS_ROOT)} for {path.name}"
    test_name = path.stem.split("[")[0]  # parametrized tests: test_x[id].yaml
    assert test_name in _test_functions(module), f"no {test_name} in {module.name}"
    source = module.read_text(encoding="utf-8")
    assert "pytest.mark.vcr" in source and "pytest.mark.block_network" in source


def test_hand_assembled_cassettes_name_their_sources() -> None:
    handmade = sorted(HANDMADE.glob("*.yaml"))
    assert len(handmade) >= 3
    readme = (HANDMADE / "README.md").read_text(encoding="utf-8")
    for path in handmade:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# ASSEMBLED BY HAND"), path.name
        assert "rest-walkthrough-notebook.md" in text or "vendored spec" in text, path.name
        assert f"`{path.name}`" in readme, f"{path.name} is not in the README"


def test_recorded_cassettes_are_not_marked_hand_assembled() -> None:
    recorded = [path for path in CASSETTES if path.parent != HANDMADE]
    assert recorded
    marked = [p.name for p in recorded if p.read_text(encoding="utf-8").startswith("# ASSEMBLED")]
    assert marked == []
