"""Parts of the spec pipeline (`scripts/prepare_spec.py`), one concern a module.

- `problems`: every problem a run finds, collected and rendered one short line each;
- `overrides`: the declarative overrides (a JSON-Patch subset with guards), applied first;
- `normalise`: generic fixes for generator limits that recur in IBM's files, each logged;
- `refs`: dangling `$ref`s, reported or resolved as the overrides file says;
- `bindings`: the generated operations the facade binds, checked against the new spec.
"""
