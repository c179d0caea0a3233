"""Optional dependencies: one clear error naming the extra to install when one is missing."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable

#: The modules each extra of pyproject.toml brings (import names).
EXTRAS: dict[str, tuple[str, ...]] = {
    "qiskit": ("qiskit",),
    "emulator": ("werkzeug", "jsonschema", "qiskit", "qiskit_qasm3_import"),
}


class MissingExtraError(ImportError):
    """A feature needs an optional dependency that is not installed; the message names the
    `pip install "qiskit-runtime-client[extra]"` command that brings it."""

    def __init__(self, extra: str, feature: str, missing: Iterable[str]) -> None:
        self.extra = extra
        self.missing = tuple(missing)
        super().__init__(
            f"{feature} needs the {extra!r} extra, which is not installed (missing: "
            f"{', '.join(self.missing)}). Install it with: "
            f'pip install "qiskit-runtime-client[{extra}]"',
            name=self.missing[0] if self.missing else None,
        )


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: a module set to None in sys.modules
        return False


def missing_modules(extra: str) -> list[str]:
    """The modules of `extra` that cannot be imported (found without importing them)."""
    return [module for module in EXTRAS[extra] if not _installed(module)]


def require_extra(extra: str, feature: str) -> None:
    """Raise MissingExtraError naming `extra` if any of its modules is missing."""
    missing = missing_modules(extra)
    if missing:
        raise MissingExtraError(extra, feature, missing)
