"""What the service checks in a POST /jobs body beyond the vendored spec (runtime-api-facts §3).

The vendored spec types `params` as a free-form object; the live service (spec 0.45.3) types
sampler and estimator params with `additionalProperties: false` at each level. These schemas
follow that, so a misspelt option fails here as it would in production.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from qiskit_runtime_client.testing._spec import Problem, schema_problems

PROGRAMS = ("sampler", "estimator", "executor")

_NUMBER_OR_NESTED = {"$ref": "#/$defs/nested_numbers"}

_DEFS: dict[str, Any] = {
    "circuit": {
        "anyOf": [
            {"type": "string", "minLength": 1, "description": "OpenQASM 3 (or 2) source"},
            {
                "type": "object",
                "required": ["__type__", "__value__"],
                "additionalProperties": False,
                "properties": {
                    "__type__": {"const": "QuantumCircuit"},
                    "__value__": {"type": "string", "minLength": 1},
                },
            },
        ]
    },
    "nested_numbers": {
        "anyOf": [
            {"type": "number"},
            {"type": "array", "items": {"$ref": "#/$defs/nested_numbers"}},
        ]
    },
    "parameter_values": {
        "anyOf": [
            {"type": "null"},
            {"type": "array", "items": _NUMBER_OR_NESTED},
            {
                "type": "object",
                "not": {"required": ["__type__"]},
                "additionalProperties": _NUMBER_OR_NESTED,
            },
            {
                "type": "object",
                "required": ["__type__", "__value__"],
                "properties": {"__type__": {"enum": ["ndarray", "BindingsArray"]}},
            },
        ]
    },
    "observables": {
        "anyOf": [
            {"type": "string", "pattern": "^[IXYZ]+$"},
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": "^[IXYZ]+$"},
                "additionalProperties": {"type": "number"},
            },
            {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/observables"}},
        ]
    },
    "shots": {"anyOf": [{"type": "null"}, {"type": "integer", "minimum": 1}]},
    "precision": {"anyOf": [{"type": "null"}, {"type": "number", "exclusiveMinimum": 0}]},
    "auto_int": {"anyOf": [{"type": "integer", "minimum": 1}, {"const": "auto"}]},
    "dynamical_decoupling": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "enable": {"type": "boolean"},
            "sequence_type": {"enum": ["XX", "XpXm", "XY4"]},
            "extra_slack_distribution": {"enum": ["middle", "edges"]},
            "scheduling_method": {"enum": ["alap", "asap"]},
            "skip_reset_qubits": {"type": "boolean"},
        },
    },
    "twirling": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "enable_gates": {"type": "boolean"},
            "enable_measure": {"type": "boolean"},
            "num_randomizations": {"$ref": "#/$defs/auto_int"},
            "shots_per_randomization": {"$ref": "#/$defs/auto_int"},
            "strategy": {"enum": ["active", "active-circuit", "active-accum", "all"]},
        },
    },
    "simulator": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "noise_model": {},
            "seed_simulator": {"type": ["integer", "null"]},
            "coupling_map": {"type": ["array", "null"]},
            "basis_gates": {"type": ["array", "null"], "items": {"type": "string"}},
        },
    },
    "experimental": {"type": "object"},
}

_SAMPLER_OPTIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "default_shots": {"type": ["integer", "null"], "minimum": 1},
        "dynamical_decoupling": {"$ref": "#/$defs/dynamical_decoupling"},
        "execution": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "init_qubits": {"type": "boolean"},
                "rep_delay": {"type": ["number", "null"]},
                "meas_type": {"enum": ["classified", "kerneled", "avg_kerneled"]},
            },
        },
        "twirling": {"$ref": "#/$defs/twirling"},
        "simulator": {"$ref": "#/$defs/simulator"},
        "experimental": {"$ref": "#/$defs/experimental"},
    },
}

_ZNE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "noise_factors": {"type": "array", "items": {"type": "number"}},
        "extrapolator": {
            "anyOf": [
                {"$ref": "#/$defs/extrapolator"},
                {"type": "array", "items": {"$ref": "#/$defs/extrapolator"}},
            ]
        },
        "amplifier": {"enum": ["gate_folding", "gate_folding_front", "gate_folding_back", "pea"]},
        "extrapolated_noise_factors": {"type": "array", "items": {"type": "number"}},
    },
}

_ESTIMATOR_OPTIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "seed_estimator": {"type": ["integer", "null"]},
        "default_precision": {"type": "number", "exclusiveMinimum": 0},
        "default_shots": {"type": ["integer", "null"], "minimum": 1},
        "dynamical_decoupling": {"$ref": "#/$defs/dynamical_decoupling"},
        "resilience": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "measure_mitigation": {"type": "boolean"},
                "measure_noise_learning": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "num_randomizations": {"type": "integer", "minimum": 1},
                        "shots_per_randomization": {"$ref": "#/$defs/auto_int"},
                    },
                },
                "zne_mitigation": {"type": "boolean"},
                "zne": _ZNE,
                "pec_mitigation": {"type": "boolean"},
                "pec": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "max_overhead": {"type": ["number", "null"]},
                        "noise_gain": {"anyOf": [{"type": "number"}, {"const": "auto"}]},
                    },
                },
                "layer_noise_learning": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "max_layers_to_learn": {"type": ["integer", "null"]},
                        "shots_per_randomization": {"type": "integer"},
                        "num_randomizations": {"type": "integer"},
                        "layer_pair_depths": {"type": "array", "items": {"type": "integer"}},
                    },
                },
                "layer_noise_model": {},
            },
        },
        "execution": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "init_qubits": {"type": "boolean"},
                "rep_delay": {"type": ["number", "null"]},
            },
        },
        "twirling": {"$ref": "#/$defs/twirling"},
        "simulator": {"$ref": "#/$defs/simulator"},
        "experimental": {"$ref": "#/$defs/experimental"},
    },
}

_EXTRAPOLATORS = [
    "linear",
    "exponential",
    "double_exponential",
    *(f"polynomial_degree_{n}" for n in range(1, 8)),
    "fallback",
]

SAMPLER_PARAMS: dict[str, Any] = {
    "$defs": _DEFS,
    "type": "object",
    "additionalProperties": False,
    "required": ["pubs"],
    "properties": {
        "pubs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    {"$ref": "#/$defs/circuit"},
                    {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 3,
                        "prefixItems": [
                            {"$ref": "#/$defs/circuit"},
                            {"$ref": "#/$defs/parameter_values"},
                            {"$ref": "#/$defs/shots"},
                        ],
                    },
                ]
            },
        },
        "options": _SAMPLER_OPTIONS,
        "shots": {"type": ["integer", "null"], "minimum": 1},
        "support_qiskit": {"type": "boolean"},
        "version": {"enum": [2]},
    },
}

ESTIMATOR_PARAMS: dict[str, Any] = {
    "$defs": {**_DEFS, "extrapolator": {"enum": _EXTRAPOLATORS}},
    "type": "object",
    "additionalProperties": False,
    "required": ["pubs"],
    "properties": {
        "pubs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 4,
                "prefixItems": [
                    {"$ref": "#/$defs/circuit"},
                    {"$ref": "#/$defs/observables"},
                    {"$ref": "#/$defs/parameter_values"},
                    {"$ref": "#/$defs/precision"},
                ],
            },
        },
        "options": _ESTIMATOR_OPTIONS,
        "resilience_level": {"type": "integer", "minimum": 0, "maximum": 2},
        "precision": {"type": ["number", "null"], "exclusiveMinimum": 0},
        "support_qiskit": {"type": "boolean"},
        "version": {"enum": [2]},
    },
}

_VALIDATORS = {
    "sampler": Draft202012Validator(SAMPLER_PARAMS),
    "estimator": Draft202012Validator(ESTIMATOR_PARAMS),
}


def check_params(program_id: str, params: Any) -> list[Problem]:
    """Problems with `params` of a sampler, estimator or executor job (empty when valid)."""
    if program_id == "executor":
        from qiskit_runtime_client.testing._executor import check_executor_params

        return check_executor_params(params)
    problems = list(schema_problems(_VALIDATORS[program_id], params))
    for problem in problems:
        problem.where = problem.where.replace("body", "body.params", 1)
    return problems
