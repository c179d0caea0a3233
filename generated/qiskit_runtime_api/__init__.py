"""Placeholder until `make generate` writes the generated client."""
