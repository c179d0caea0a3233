"""Shared helpers for the results tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "qiskit-encoded"


def fixture_text(name: str) -> str:
    """The raw text of a fixture copied from ../shared/fixtures/qiskit-encoded."""
    return (FIXTURES / name).read_text()


def expected() -> Any:
    """The numbers the fixtures' README says a decoder must reproduce."""
    return json.loads(fixture_text("expected_values.json"))


def naive_int(row: bytes, num_bits: int) -> int:
    """Reference decoding of one packed shot: big-endian bytes, high padding bits ignored."""
    return int.from_bytes(row, "big") & ((1 << num_bits) - 1)
