"""Record what the official SDK builds as a backend's Target (tests/fixtures/targets/).

For each emulator device (real configuration and properties documents, testing/_devices/) and
both settings of use_fractional_gates, this builds the Target as qiskit-ibm-runtime does
(`configuration_from_server_data` and `properties_from_server_data` on the raw documents, then
`convert_to_target`, as IBMBackend does) and writes `describe_target` of it as JSON. The tests
compare `Backend.target` with these files and do not need qiskit-ibm-runtime. Run once:

    pip install qiskit-ibm-runtime && python scripts/record_target_fixtures.py
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import qiskit_ibm_runtime
from qiskit_ibm_runtime.utils.backend_converter import convert_to_target
from qiskit_ibm_runtime.utils.backend_decoder import (
    configuration_from_server_data,
    properties_from_server_data,
)
from qiskit_runtime_client.target import describe_target
from qiskit_runtime_client.testing._backends import device_documents

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "targets"
DEVICES = ("ibm_fez", "ibm_torino")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for device in DEVICES:
        raw_configuration, raw_properties = device_documents(device)
        for fractional in (False, True):
            configuration = configuration_from_server_data(
                copy.deepcopy(raw_configuration), use_fractional_gates=fractional
            )
            properties = properties_from_server_data(
                copy.deepcopy(raw_properties), use_fractional_gates=fractional
            )
            target = convert_to_target(configuration=configuration, properties=properties)
            summary = describe_target(target)
            summary["recorded_with"] = f"qiskit-ibm-runtime {qiskit_ibm_runtime.__version__}"
            suffix = "fractional" if fractional else "default"
            path = OUT / f"{device}.{suffix}.json"
            path.write_text(json.dumps(summary, indent=0, sort_keys=True) + "\n")
            print(f"wrote {path.relative_to(ROOT)}: {sorted(summary['operations'])}")


if __name__ == "__main__":
    main()
