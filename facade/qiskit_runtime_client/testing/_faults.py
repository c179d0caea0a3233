"""Injected misbehaviour for tests: errors, HTML pages, slow answers and dropped connections.

A rule matches requests by method and path glob (fnmatch on the full path, e.g.
"/api/v1/jobs*") and fires for its next `count` matches (None: until cleared). Delays add up;
of the other rules, the first that matches decides the answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from fnmatch import fnmatchcase

ERROR = "error"
HTML = "html"
DELAY = "delay"
DROP = "drop"
DROP_AFTER = "drop_after"


@dataclass
class FaultRule:
    """One injected fault; `hits` counts the requests it has affected so far."""

    action: str
    method: str | None = None
    path: str | None = None
    remaining: int | None = 1
    status: int = 503
    delay: float = 0.0
    retry_after: float | None = None
    message: str = "The service is temporarily unavailable (injected by the emulator)"
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule still applies to `method path`."""
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or fnmatchcase(path, self.path)

    def _use(self) -> None:
        self.hits += 1
        if self.remaining is not None:
            self.remaining -= 1


class Faults:
    """The active rules, consulted once per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[FaultRule] = []

    def add(self, rule: FaultRule) -> FaultRule:
        """Activate a rule and return it (tests can read `hits` later)."""
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self.rules.clear()

    def take(self, method: str, path: str) -> tuple[float, FaultRule | None]:
        """(seconds to delay, the rule that decides the answer or None) for one request."""
        delay = 0.0
        decider: FaultRule | None = None
        with self._lock:
            for rule in self.rules:
                if not rule.matches(method, path):
                    continue
                if rule.action == DELAY:
                    delay += rule.delay
                    rule._use()
                elif decider is None:
                    decider = rule
                    rule._use()
        return delay, decider
