"""Building bodies from QASM text and dicts never imports numpy or qiskit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .samples import BELL


def _modules_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys\nprint(' '.join(sorted(sys.modules)))\n"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


def test_importing_primitives_and_results_loads_neither_numpy_nor_qiskit() -> None:
    loaded = _modules_after(
        "import qiskit_runtime_client.primitives, qiskit_runtime_client.results"
    )
    assert "numpy" not in loaded
    assert "qiskit" not in loaded


def test_building_a_qasm_job_body_loads_neither_numpy_nor_qiskit() -> None:
    loaded = _modules_after(
        f"""
        from qiskit_runtime_client.primitives import sampler_job_body, estimator_job_body
        options = {{"twirling": {{"enable_gates": True}}}}
        sampler_job_body("b", [({BELL!r}, None, 10)], options=options)
        estimator_job_body("b", [({BELL!r}, ["ZZ", {{"XX": 0.5}}])], precision=0.01)
        """
    )
    assert "numpy" not in loaded
    assert "qiskit" not in loaded


def test_decoding_a_result_does_load_numpy() -> None:
    loaded = _modules_after(
        """
        from qiskit_runtime_client.results import decode_result
        decode_result('{"results": [{"data": {"evs": 0.5}}]}')
        """
    )
    assert "numpy" in loaded
