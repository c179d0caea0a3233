"""Write the emulator's device documents from the official SDK's snapshots of real devices.

qiskit-ibm-runtime ships configuration and properties documents of IBM devices as they were
served (fake_provider/backends/<name>/conf_<name>.json, props_<name>.json). This copies those of
current Heron devices into facade/qiskit_runtime_client/testing/_devices/ (gzip), adding the
fractional gates (`rx`, `rzz`) to the configuration of the devices that offer them, as the live
service lists them (their calibrations are already in the properties snapshots). A device
without fractional gates has them removed from its properties. Run once; output committed:

    pip install qiskit-ibm-runtime && python scripts/make_emulator_devices.py
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path

import qiskit_ibm_runtime.fake_provider as fake_provider

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "facade" / "qiskit_runtime_client" / "testing" / "_devices"
#: device -> offers fractional gates
DEVICES = {"fez": True, "marrakesh": True, "kingston": True, "torino": False}
FRACTIONAL = ("rx", "rzz")
RX_DEF = "gate rx(theta) q { U(theta, -pi/2, pi/2) q; }"
RZZ_DEF = "gate rzz(theta) q0, q1 { CX q0, q1; U(0, 0, theta) q1; CX q0, q1; }"


def _utc(text: str, millis: bool = True) -> str:
    """The spec's date forms: `2025-02-24T09:40:29.000Z` (24 chars), or without millis."""
    when = datetime.fromisoformat(text).astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")


def conform(conf: dict, props: dict) -> None:
    """Shape the SDK's snapshots to the vendored spec, which the emulator's answers must fit:
    pulse-era fields it types differently are left out, dates take its fixed-length form."""
    for key in ("discriminators", "meas_kernels", "parametric_pulses", "hamiltonian"):
        conf.pop(key, None)
    for key in ("acquisition_latency", "conditional_latency"):
        if not conf.get(key):
            conf.pop(key, None)
    conf.setdefault("u_channel_lo", [])
    conf["default_rep_delay"] = int(conf["default_rep_delay"])
    conf["online_date"] = _utc(conf["online_date"])
    conf["gates"] = [
        {"parameters": [], **{k: v for k, v in g.items() if v is not None}}
        for g in conf["gates"]
        # measure_2 and entries without a definition stay in supported_instructions only
        if g["name"].isalnum() and (g.get("qasm_def") or g["name"] in conf["basis_gates"])
    ]
    props["general"] = []  # the spec types these as strings; the snapshots hold objects
    props["last_update_date"] = _utc(props["last_update_date"], millis=False)
    for items in props["qubits"]:
        for item in items:
            item["date"] = _utc(item["date"])
    for gate in props["gates"]:
        for item in gate["parameters"]:
            item["date"] = _utc(item["date"])


def main() -> None:
    source = Path(fake_provider.__file__).parent / "backends"
    OUT.mkdir(parents=True, exist_ok=True)
    for short, fractional in DEVICES.items():
        conf = json.loads((source / short / f"conf_{short}.json").read_text())
        props = json.loads((source / short / f"props_{short}.json").read_text())
        conf["basis_gates"] = [g for g in conf["basis_gates"] if g not in FRACTIONAL]
        conf["gates"] = [g for g in conf["gates"] if g["name"] not in FRACTIONAL]
        conf["supported_instructions"] = [
            i for i in conf["supported_instructions"] if i not in FRACTIONAL
        ]
        if fractional:
            two_qubit = next(g for g in conf["gates"] if g["name"] == "cz")
            conf["basis_gates"] += list(FRACTIONAL)
            conf["supported_instructions"] += list(FRACTIONAL)
            conf["gates"] += [
                {
                    "name": "rx",
                    "parameters": ["theta"],
                    "qasm_def": RX_DEF,
                    "coupling_map": [[q] for q in range(conf["n_qubits"])],
                },
                {
                    "name": "rzz",
                    "parameters": ["theta"],
                    "qasm_def": RZZ_DEF,
                    "coupling_map": two_qubit["coupling_map"],
                },
            ]
        else:
            props["gates"] = [g for g in props["gates"] if g["gate"] not in FRACTIONAL]
        conform(conf, props)
        name = conf["backend_name"]
        for kind, doc in (("configuration", conf), ("properties", props)):
            path = OUT / f"{name}.{kind}.json.gz"
            data = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
            path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
