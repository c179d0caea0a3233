"""Strict JSON Schemas of Sampler/Estimator `params`, transcribed from runtime-api-facts.md §3.

The vendored spec types `params` as a free-form object; IBM's newer spec (0.45.3) types it
with `additionalProperties: false` at each level. These schemas follow that newer spec, written
out independently of the option classes, so golden bodies are checked against both.
"""

from __future__ import annotations

from typing import Any


def _closed(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, **extra}


_BOOL = {"type": "boolean"}
_AUTO_OR_POSITIVE_INT = {"oneOf": [{"type": "integer", "minimum": 1}, {"const": "auto"}]}
_CIRCUIT = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        _closed(
            {"__type__": {"const": "QuantumCircuit"}, "__value__": {"type": "string"}},
            required=["__type__", "__value__"],
        ),
    ]
}
_OBSERVABLE = {
    "type": "object",
    "minProperties": 1,
    "propertyNames": {"pattern": "^[IXYZ]+$"},
    "additionalProperties": {"type": "number"},
}
_OBSERVABLES = {
    "anyOf": [
        _OBSERVABLE,
        {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/observables"}},
    ]
}
_VALUES = {"anyOf": [{"type": "null"}, {"type": "object"}, {"type": "array"}]}

_DYNAMICAL_DECOUPLING = _closed(
    {
        "enable": _BOOL,
        "sequence_type": {"enum": ["XX", "XpXm", "XY4"]},
        "extra_slack_distribution": {"enum": ["middle", "edges"]},
        "scheduling_method": {"enum": ["alap", "asap"]},
        "skip_reset_qubits": _BOOL,
    }
)
_TWIRLING = _closed(
    {
        "enable_gates": _BOOL,
        "enable_measure": _BOOL,
        "num_randomizations": _AUTO_OR_POSITIVE_INT,
        "shots_per_randomization": _AUTO_OR_POSITIVE_INT,
        "strategy": {"enum": ["active", "active-circuit", "active-accum", "all"]},
    }
)
_SIMULATOR = _closed(
    {
        "noise_model": {"type": ["object", "null"]},
        "seed_simulator": {"type": ["integer", "null"]},
        "coupling_map": {"type": ["array", "null"]},
        "basis_gates": {"type": ["array", "null"]},
    }
)
_EXTRAPOLATOR = {
    "enum": [
        "linear",
        "exponential",
        "double_exponential",
        *(f"polynomial_degree_{k}" for k in range(1, 8)),
        "fallback",
    ]
}
_RESILIENCE = _closed(
    {
        "measure_mitigation": _BOOL,
        "measure_noise_learning": _closed(
            {
                "num_randomizations": {"type": "integer", "minimum": 1},
                "shots_per_randomization": _AUTO_OR_POSITIVE_INT,
            }
        ),
        "zne_mitigation": _BOOL,
        "zne": _closed(
            {
                "noise_factors": {"type": "array", "items": {"type": "number", "minimum": 1}},
                "extrapolator": {
                    "anyOf": [_EXTRAPOLATOR, {"type": "array", "items": _EXTRAPOLATOR}]
                },
                "amplifier": {
                    "enum": ["gate_folding", "gate_folding_front", "gate_folding_back", "pea"]
                },
                "extrapolated_noise_factors": {"anyOf": [{"type": "array"}, {"const": "auto"}]},
            }
        ),
        "pec_mitigation": _BOOL,
        "pec": _closed(
            {
                "max_overhead": {"type": ["number", "null"], "exclusiveMinimum": 0},
                "noise_gain": {"anyOf": [{"type": "number", "minimum": 0}, {"const": "auto"}]},
            }
        ),
        "layer_noise_learning": _closed(
            {
                "max_layers_to_learn": {"type": ["integer", "null"], "minimum": 0},
                "shots_per_randomization": {"type": "integer", "minimum": 1},
                "num_randomizations": {"type": "integer", "minimum": 1},
                "layer_pair_depths": {"type": "array", "items": {"type": "integer", "minimum": 0}},
            }
        ),
        "layer_noise_model": {},
    }
)
_COMMON = {"support_qiskit": _BOOL, "version": {"enum": [2]}}

SAMPLER_PARAMS = _closed(
    {
        "pubs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 3,
                        "prefixItems": [
                            _CIRCUIT,
                            _VALUES,
                            {"type": ["integer", "null"], "minimum": 1},
                        ],
                    },
                ]
            },
        },
        "options": _closed(
            {
                "default_shots": {"type": "integer", "minimum": 1},
                "dynamical_decoupling": _DYNAMICAL_DECOUPLING,
                "execution": _closed(
                    {
                        "init_qubits": _BOOL,
                        "rep_delay": {"type": "number", "minimum": 0},
                        "meas_type": {"enum": ["classified", "kerneled", "avg_kerneled"]},
                    }
                ),
                "twirling": _TWIRLING,
                "simulator": _SIMULATOR,
                "experimental": {"type": "object"},
            }
        ),
        "shots": {"type": "integer", "minimum": 1},
        **_COMMON,
    },
    required=["pubs"],
)

ESTIMATOR_PARAMS = _closed(
    {
        "pubs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 4,
                "prefixItems": [
                    _CIRCUIT,
                    {"$ref": "#/$defs/observables"},
                    _VALUES,
                    {"type": ["number", "null"], "exclusiveMinimum": 0},
                ],
            },
        },
        "options": _closed(
            {
                "seed_estimator": {"type": "integer", "minimum": 0},
                "default_precision": {"type": "number", "exclusiveMinimum": 0},
                "default_shots": {"type": "integer", "minimum": 1},
                "dynamical_decoupling": _DYNAMICAL_DECOUPLING,
                "resilience": _RESILIENCE,
                "execution": _closed(
                    {"init_qubits": _BOOL, "rep_delay": {"type": "number", "minimum": 0}}
                ),
                "twirling": _TWIRLING,
                "simulator": _SIMULATOR,
                "experimental": {"type": "object"},
            }
        ),
        "resilience_level": {"type": "integer", "minimum": 0, "maximum": 2},
        "precision": {"type": "number", "exclusiveMinimum": 0},
        **_COMMON,
    },
    required=["pubs"],
    **{"$defs": {"observables": _OBSERVABLES}},
)


def params_validator(program_id: str) -> Any:
    """A Draft 2020-12 validator for the params of `program_id` ("sampler" or "estimator")."""
    from jsonschema import Draft202012Validator

    schema = SAMPLER_PARAMS if program_id == "sampler" else ESTIMATOR_PARAMS
    return Draft202012Validator(schema)
