"""Problems found by one run of the pipeline: collected, then reported together, short."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: No line of a report is longer than this (a screen); values are cut with an ellipsis.
MAX_LINE = 200


def short(value: Any, limit: int = 80) -> str:
    """A one-line rendering of a spec value, cut to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=False)
    except (TypeError, ValueError):
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """Collapse whitespace and cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Problem:
    """One thing that stops the run: where, what was found, and what to do about it."""

    where: str
    found: str
    fix: str

    def render(self) -> str:
        head = one_line(f"{self.where}: {self.found}", MAX_LINE - 4)  # after "  - "
        return f"  - {head}\n      fix: {one_line(self.fix, MAX_LINE - 11)}"


@dataclass
class Problems:
    """Every problem of a run, in the order found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, where: str, found: str, fix: str) -> None:
        problem = Problem(where, found, fix)
        if problem not in self.items:  # e.g. a validator error found again by the fallback check
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def render(self, heading: str) -> str:
        count = len(self.items)
        lines = [f"{heading}: {count} problem{'s' if count != 1 else ''}, no output was written:"]
        lines += [item.render() for item in self.items]
        return "\n".join(lines)
