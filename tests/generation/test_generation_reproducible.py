"""`make generate` is reproducible and the committed generated/ tree is what it produces.

Runs the real pipeline (prepare + openapi-python-client + ruff) into a temporary folder, twice.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
VENDORED_SPEC = REPO / "openapi" / "qiskit-runtime-api.yaml"
OVERRIDES = REPO / "openapi" / "overrides.yaml"
COMMITTED_PACKAGE = REPO / "generated" / "qiskit_runtime_api"
COMMITTED_SPEC_COPY = (
    REPO / "facade" / "qiskit_runtime_client" / "testing" / "_spec" / "openapi.json"
)


def tree(root: Path) -> dict[str, bytes]:
    """Relative path -> bytes for every file under ``root`` (caches excluded)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def two_runs(
    tmp_path_factory: pytest.TempPathFactory, prepare_spec: ModuleType, generate_client: ModuleType
) -> tuple[Path, Path]:
    """Run prepare + generate twice into fresh folders; returns the two output folders."""
    outputs = []
    for run in ("first", "second"):
        base = tmp_path_factory.mktemp(run)
        prepared = base / "prepared.json"
        argv = [str(VENDORED_SPEC), "--overrides", str(OVERRIDES), "--out", str(prepared)]
        assert prepare_spec.main(argv, log_setup=lambda: None) == 0
        generate_client.generate(
            prepared,
            target=base / "qiskit_runtime_api",
            spec_copy=base / "openapi.json",
            scratch=base / "scratch",
        )
        outputs.append(base)
    return outputs[0], outputs[1]


def test_two_runs_give_byte_identical_output(two_runs: tuple[Path, Path]) -> None:
    first, second = two_runs

    assert tree(first / "qiskit_runtime_api") == tree(second / "qiskit_runtime_api")
    assert (first / "openapi.json").read_bytes() == (second / "openapi.json").read_bytes()
    assert not (first / "scratch").exists()  # the scratch folder is cleaned up


def test_committed_generated_tree_is_up_to_date(two_runs: tuple[Path, Path]) -> None:
    first, _ = two_runs
    fresh, committed = tree(first / "qiskit_runtime_api"), tree(COMMITTED_PACKAGE)

    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert stale == [], "generated/ is out of date: run `make generate` and commit the result"
    assert (first / "openapi.json").read_bytes() == COMMITTED_SPEC_COPY.read_bytes()


def test_generation_refuses_other_tool_versions(
    generate_client: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(generate_client.PINNED, "ruff", "0.0.1")

    with pytest.raises(generate_client.GenerationError, match=r"ruff 0\.0\.1 is required"):
        generate_client.generate(
            tmp_path / "spec.json", target=tmp_path / "out", scratch=tmp_path / "s"
        )
    assert not (tmp_path / "out").exists()


def test_generator_warnings_fail_the_run_and_leave_the_target_alone(
    generate_client: ModuleType, tmp_path: Path
) -> None:
    # An operation with an unsupported response media type: the generator warns, and with
    # --fail-on-warning the run must stop before anything is swapped into place.
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {'
        '"operationId": "get_x", "responses": {"200": {"description": "ok", "content": '
        '{"application/x-unknown": {"schema": {"type": "string"}}}}}}}}}',
        encoding="utf-8",
    )
    target = tmp_path / "pkg"
    target.mkdir()
    (target / "keep.txt").write_text("untouched", encoding="utf-8")

    with pytest.raises(
        generate_client.GenerationError, match=r"(?s)client failed.*Unsupported content"
    ):
        generate_client.generate(spec, target=target, spec_copy=None, scratch=tmp_path / "scratch")
    assert tree(target) == {"keep.txt": b"untouched"}
