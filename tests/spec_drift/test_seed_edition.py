"""The seed edition (the spec this project began from) still prepares and generates."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from .conftest import PACKAGE, SEED_OVERRIDES, SEED_SPEC, Generated

pytestmark = pytest.mark.spec_drift


def test_seed_prepares_and_generates(
    tmp_path: Path, prepare_spec: ModuleType, generate_client: ModuleType
) -> None:
    out = tmp_path / "out" / "prepared.json"
    assert (
        prepare_spec.main(
            [str(SEED_SPEC), "--overrides", str(SEED_OVERRIDES), "--out", str(out)],
            log_setup=lambda: None,
        )
        == 0
    )
    generate_client.generate(out, tmp_path / "gen" / PACKAGE, None, tmp_path / "scratch")
    Generated(tmp_path / "gen").run(
        """
        import importlib, pkgutil
        import qiskit_runtime_api
        prefix = "qiskit_runtime_api."
        names = [m.name for m in pkgutil.walk_packages(qiskit_runtime_api.__path__, prefix)]
        for name in names:
            importlib.import_module(name)
        from qiskit_runtime_api.api.jobs import get_job_details_jid
        from qiskit_runtime_api.api.sessions import create_session
        assert get_job_details_jid._get_kwargs("j1")["url"] == "/jobs/j1"
        assert len(names) > 100, len(names)
        """
    )
