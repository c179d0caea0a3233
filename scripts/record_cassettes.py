"""Re-record every cassette (`make cassettes`) from the local RuntimeEmulator, then scan them.

Runs the tests marked `vcr` with `--record-mode=rewrite` and QRC_RECORD_FROM_EMULATOR=1: each
test then talks to a fresh emulator, and tests/cassette_config.py rewrites the emulator's URLs to
the live roots (https://quantum.cloud.ibm.com/api/v1, https://iam.cloud.ibm.com), redacts the API
key and Authorization, fakes the Service-CRN and scrubs IAM tokens. Nothing contacts IBM.

    python scripts/record_cassettes.py                 # every cassette
    python scripts/record_cassettes.py tests/core      # only those under a path
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
cassette_config = importlib.import_module("cassette_config")  # tests/cassette_config.py


def record(paths: list[str]) -> int:
    """Run the cassette tests in recording mode; pytest's exit code."""
    env = {**os.environ, cassette_config.RECORD_ENV: "1"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        *(paths or ["tests"]),
        "-m",
        "vcr",
        "--record-mode=rewrite",
        "-p",
        "no:randomly",
        "-q",
    ]
    print("+", " ".join(command), flush=True)
    return subprocess.call(command, cwd=ROOT, env=env)


def scan() -> int:
    """Print every cassette holding a secret-looking value; the number of such cassettes."""
    dirty = 0
    files = list(cassette_config.cassette_files())
    for path in files:
        findings = cassette_config.find_secrets(path.read_text(encoding="utf-8"))
        if findings:
            dirty += 1
            print(f"SECRET in {path.relative_to(ROOT)}:", *findings, sep="\n  ")
    print(f"scanned {len(files)} cassettes: {dirty} with secrets")
    return dirty


def main() -> int:
    status = record(sys.argv[1:])
    if status not in (0, 5):  # 5: no tests collected under the given paths
        print(f"recording failed (pytest exit {status})", file=sys.stderr)
        return status
    return 1 if scan() else 0


if __name__ == "__main__":
    raise SystemExit(main())
