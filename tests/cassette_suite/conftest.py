"""Cassette-suite fixtures: submissions and poll jitter made deterministic, so a re-recording
sends the same requests and a replay matches the recorded bodies byte for byte (as JSON)."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _deterministic_client_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    """Submission tags qrc-00000000000000000001, ...: the POST /jobs bodies must match on replay."""
    counter = itertools.count(1)
    monkeypatch.setattr(
        "qiskit_runtime_client.resources._submit.new_client_tag",
        lambda: f"qrc-{next(counter):020d}",
    )


@pytest.fixture(autouse=True)
def _seeded_jitter() -> Iterator[None]:
    """Poll jitter from a fixed seed: recordings poll at the same (manual-clock) times."""
    state = random.getstate()
    random.seed(20240101)
    yield
    random.setstate(state)
