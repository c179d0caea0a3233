"""qiskit-runtime-client: a light client for the IBM Quantum Qiskit Runtime REST API."""

from qiskit_runtime_client._version import __version__

__all__ = ["__version__"]
