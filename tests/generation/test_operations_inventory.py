"""Every operation of a spec is generated: one module each, with its entry points and route.

The expected list comes from the spec itself, and the counts are pinned, so a spec update that adds
or drops an operation makes these tests fail until the change is looked at. Both editions are
checked: the default (0.45.3, the committed generated/) and the seed (generated into a temporary
folder by the `seed_generation` fixture and inspected in a subprocess).
"""

from __future__ import annotations

from typing import Any

import pytest
from generated_operations import SeedGeneration, inventory, inventory_problems, spec_operations

#: IBM's 0.45.3: 26 paths, 30 operations (PROVENANCE-0.45.3.md); its overrides remove none.
DEFAULT_COUNT = 30
#: The seed: 29 operations, minus the two deprecated /stream ones overrides-seed.yaml removes.
SEED_REMOVED_BY_OVERRIDES = {"get_stream_job_logs_jid", "list_stream_jobs_state_updates"}
SEED_COUNT = 27

# --- the default edition (0.45.3, generated/) ---------------------------------------------------


def test_default_spec_has_the_expected_operations(
    default_vendored_spec: dict[str, Any], default_prepared_spec: dict[str, Any]
) -> None:
    vendored, prepared = (
        spec_operations(default_vendored_spec),
        spec_operations(default_prepared_spec),
    )

    assert len(vendored) == DEFAULT_COUNT, sorted(vendored)
    assert prepared == vendored  # the overrides repair operations, they add or drop none
    assert all(info["path"].startswith("/v1/") for info in prepared.values())


def test_default_operations_against_the_seed_by_route(
    vendored_spec: dict[str, Any], default_prepared_spec: dict[str, Any]
) -> None:
    """What 0.45.3 renamed, dropped and added, by route (PROVENANCE-0.45.3.md)."""

    def by_route(spec: dict[str, Any]) -> dict[tuple[str, str], str]:
        return {
            (info["method"], info["path"].removeprefix("/v1")): operation_id
            for operation_id, info in spec_operations(spec).items()
        }

    seed, default = by_route(vendored_spec), by_route(default_prepared_spec)
    renamed = {seed[r]: default[r] for r in seed.keys() & default.keys() if seed[r] != default[r]}

    assert renamed == {
        "get_job_details_jid": "get_job",
        "delete_job_jid": "delete_job",
        "get_session_information": "get_session",
        "update_session_state": "update_session",
        "get_instance_usage": "get_usage",
        "replace_instance_data": "replace_instance_configuration",
        "get_account_config": "get_account",
    }
    assert sorted(seed.keys() - default.keys()) == [
        ("GET", "/jobs/{id}/interim_results"),
        ("GET", "/jobs/{id}/transpiled_circuits"),
        ("GET", "/stream/jobs"),
        ("GET", "/stream/jobs/{id}"),
        ("POST", "/logout"),
    ]
    assert sorted(default.keys() - seed.keys()) == [
        ("GET", "/analytics/filters"),
        ("GET", "/analytics/usage"),
        ("GET", "/analytics/usage_grouped"),
        ("GET", "/analytics/usage_grouped_by_date"),
        ("GET", "/versions"),
        ("GET", "/workloads"),
    ]


def test_generated_package_matches_the_default_spec_one_to_one(
    default_prepared_spec: dict[str, Any],
) -> None:
    found = inventory()

    assert len(found) == DEFAULT_COUNT
    assert inventory_problems(default_prepared_spec, found) == []


def test_no_two_generated_operations_send_the_same_request() -> None:
    requests = [(entry["method"], entry["url"]) for entry in inventory().values()]

    assert len(set(requests)) == len(requests)


# --- the seed edition (generated into a temporary folder) ---------------------------------------


def test_seed_spec_has_the_expected_operations(
    vendored_spec: dict[str, Any], prepared_spec: dict[str, Any]
) -> None:
    vendored, prepared = set(spec_operations(vendored_spec)), set(spec_operations(prepared_spec))

    assert vendored >= SEED_REMOVED_BY_OVERRIDES
    assert vendored - prepared == SEED_REMOVED_BY_OVERRIDES
    assert prepared <= vendored
    assert len(prepared) == SEED_COUNT, sorted(prepared)


def test_seed_generation_matches_the_seed_spec_one_to_one(seed_generation: SeedGeneration) -> None:
    assert len(seed_generation.inventory) == SEED_COUNT
    assert inventory_problems(seed_generation.prepared, seed_generation.inventory) == []


# --- the check itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("drop a module", "no generated module"),
        ("extra module", "the spec has no such operation"),
        ("wrong route", "sends GET /v1/elsewhere"),
        ("no sync", "no sync"),
    ],
)
def test_inventory_check_reports_each_kind_of_mismatch(
    default_prepared_spec: dict[str, Any], change: str, expected: str
) -> None:
    found = {name: dict(entry) for name, entry in inventory().items()}
    job_details = next(name for name in found if name.endswith(".jobs.get_job"))
    if change == "drop a module":
        del found[job_details]
    elif change == "extra module":
        found["qiskit_runtime_api.api.jobs.get_interim_results_jid"] = found[job_details]
    elif change == "wrong route":
        found[job_details]["url"] = "/v1/elsewhere"
    else:
        found[job_details]["sync"] = False

    (problem,) = inventory_problems(default_prepared_spec, found)
    assert expected in problem
