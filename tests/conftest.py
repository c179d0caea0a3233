"""Shared fixtures: no test sees the developer's credentials; cassette tests share one config."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cassette_config
import pytest

_CREDENTIAL_VARIABLES = (
    "QISKIT_IBM_TOKEN",
    "QISKIT_IBM_INSTANCE",
    "QISKIT_IBM_URL",
    "QISKIT_IBM_CHANNEL",
    "IAM_URL",
    # the machine's proxy settings: tests set the ones they are about
    *("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"),
    *("http_proxy", "https_proxy", "all_proxy", "no_proxy"),
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "emulator_options(**kwargs): RuntimeEmulator options used when recording"
    )


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    cassette_config.register_matchers(vcr)


@pytest.fixture(autouse=True)
def _isolated_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Hide QISKIT_IBM_*/IAM_URL and proxy variables and the real ~/.qiskit/qiskit-ibm.json."""
    for name in _CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(
        "qiskit_runtime_client._accounts.DEFAULT_ACCOUNTS_FILE", tmp_path / "qiskit-ibm.json"
    )


@pytest.fixture
def cassette_target(request: pytest.FixtureRequest) -> Iterator[cassette_config.CassetteTarget]:
    """What a @pytest.mark.vcr test talks to: live roots replayed, or the emulator to record."""
    marker = request.node.get_closest_marker("emulator_options")
    with cassette_config.cassette_target(dict(marker.kwargs) if marker else {}) as target:
        yield target


@pytest.fixture
def vcr_config(cassette_target: cassette_config.CassetteTarget) -> dict[str, Any]:
    return cassette_config.vcr_config(cassette_target.rewrites())


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return cassette_config.cassette_dir_for(request.node.fspath)


@pytest.fixture(scope="session")
def _result_audit() -> Iterator[Any]:
    """Every result the emulator produces in the session is checked against IBM's published
    result models (tests/result_models.py); without the emulator extra there is nothing to do."""
    try:
        import result_models
        from qiskit_runtime_client.testing import emulator
    except ImportError:
        yield None
        return
    audit = result_models.ResultAudit()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(emulator, "execute", audit.wrap(emulator.execute))
        yield audit


@pytest.fixture(autouse=True)
def _results_match_ibm_models(_result_audit: Any) -> Iterator[None]:
    """Fail the test during which the emulator produced a result IBM's models refuse."""
    seen = len(_result_audit.failures) if _result_audit is not None else 0
    yield
    if _result_audit is not None and len(_result_audit.failures) > seen:
        pytest.fail(
            "emulator results fail IBM's result models: " + "\n".join(_result_audit.failures[seen:])
        )
