"""`python -m qiskit_runtime_client.cli`: the same as the `qiskit-runtime` command."""

import sys

from qiskit_runtime_client.cli import main

sys.exit(main())
