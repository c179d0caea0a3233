"""`make bench`: run every scripts/bench_*.py module's main() and write BENCHMARKS.md.

    python scripts/bench.py                  # every benchmark module
    python scripts/bench.py bench_core       # only some; the other sections of the file are kept

Each module's main() may return Markdown (str), or figures (a dict, nested or not, or a list of
dicts): then what it printed is kept too, with a table of every figure. Each section of
BENCHMARKS.md names the command that made it and the machine it ran on.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.util
import io
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
OUTPUT = ROOT / "BENCHMARKS.md"
_SECTION = re.compile(r"<!-- bench:(?P<name>\w+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.DOTALL)


class _Tee(io.TextIOBase):
    """Writes to the console and keeps a copy."""

    def __init__(self, console: TextIO) -> None:
        self.console = console
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.console.write(text)
        return self.copy.write(text)

    def flush(self) -> None:
        self.console.flush()


def modules(names: list[str]) -> list[Path]:
    """scripts/bench_*.py, or the named ones."""
    found = sorted(SCRIPTS.glob("bench_*.py"))
    if not names:
        return found
    wanted = {name.removesuffix(".py") for name in names}
    unknown = wanted - {path.stem for path in found}
    if unknown:
        raise SystemExit(f"no such benchmark module: {', '.join(sorted(unknown))}")
    return [path for path in found if path.stem in wanted]


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def _table(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value).replace("|", "\\|")


def _flatten(value: Any, prefix: str = "") -> list[dict[str, Any]]:
    """Nested dicts as rows of (dotted figure name, value)."""
    if isinstance(value, dict):
        rows: list[dict[str, Any]] = []
        for key, item in value.items():
            rows += _flatten(item, f"{prefix}.{key}" if prefix else str(key))
        return rows
    return [{"figure": prefix or "value", "value": value}]


def render(value: Any, printed: str) -> str:
    """Markdown for what a main() returned and printed."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    parts = [f"```text\n{printed.strip()}\n```"] if printed.strip() else []
    if isinstance(value, list) and value and all(isinstance(row, dict) for row in value):
        rows = value
    elif isinstance(value, dict) and value:
        rows = _flatten(value)
    else:
        rows = []
    if rows:
        table = _table(rows)
        parts.append(f"<details><summary>every figure</summary>\n\n{table}\n\n</details>")
    return "\n\n".join(parts) or "(no output)"


def run_one(path: Path) -> tuple[str, bool]:
    """Run one module's main(); its Markdown section and whether it succeeded."""
    command = f"python scripts/{path.name}"
    tee = _Tee(sys.stdout)
    started = time.perf_counter()
    ok = True
    saved_argv = sys.argv
    try:
        sys.argv = [str(path)]
        with contextlib.redirect_stdout(tee):
            main: Callable[[], Any] | None = getattr(_load(path), "main", None)
            if main is None:
                raise RuntimeError(f"{path.name} has no main()")
            body = render(main(), tee.copy.getvalue())
    except (Exception, SystemExit):
        ok = False
        body = "**FAILED**:\n\n```text\n" + traceback.format_exc(limit=3).strip() + "\n```"
    finally:
        sys.argv = saved_argv
    took = time.perf_counter() - started
    section = (
        f"<!-- bench:{path.stem} -->\n## {path.stem}\n\n"
        f"Command: `{command}` (or `make bench`), {took:.0f} s, on {_machine()}.\n\n"
        f"{body}\n<!-- /bench:{path.stem} -->\n"
    )
    return section, ok


def _machine() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    today = datetime.date.today().isoformat()
    return (
        f"{today}, commit {commit or '?'}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, load {load:.1f}"
    )


def write(sections: dict[str, str]) -> None:
    """Replace (or add) the given sections of BENCHMARKS.md, keeping the others."""
    existing = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    kept = {m.group("name"): m.group(0) for m in _SECTION.finditer(existing)}
    kept.update(sections)
    header = (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python scripts/bench.py`), which runs the `main()` of every\n"
        "`scripts/bench_*.py`; `python scripts/bench.py bench_core` re-runs one section only.\n"
        "Ratios compare medians of interleaved runs on the same machine; absolute times depend\n"
        "on the machine and its load (noted per section).\n\n"
    )
    OUTPUT.write_text(header + "\n".join(kept[name] for name in sorted(kept)), encoding="utf-8")


def main() -> int:
    sections: dict[str, str] = {}
    failed = []
    for path in modules(sys.argv[1:]):
        print(f"== {path.stem}", flush=True)
        sections[path.stem], ok = run_one(path)
        if not ok:
            failed.append(path.stem)
    write(sections)
    print(
        f"wrote {OUTPUT.relative_to(ROOT)}" + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
