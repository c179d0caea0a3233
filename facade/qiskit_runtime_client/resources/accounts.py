"""client.account(id): the plans of an IBM Cloud account (GET /accounts/{id})."""

from __future__ import annotations

import re
from typing import Any

import attrs

from qiskit_runtime_client._effects import Call, Flow, call, segment
from qiskit_runtime_client.resources._parse import as_dict, expect_dict, opt_int, opt_str, str_list

_ACCOUNT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@attrs.frozen
class PlanInfo:
    """One plan of the account: its backends, session TTLs and usage allocation."""

    plan_id: str | None
    backends: list[str] = attrs.field(factory=list)
    max_ttl: int | None = None
    interactive_ttl: int | None = None
    active_ttl: int | None = None
    usage_allocation_seconds: int | None = None
    unallocated_usage_seconds: int | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class AccountInfo:
    """An account's configuration: its plans (the rest is in `raw`)."""

    account_id: str
    plans: list[PlanInfo] = attrs.field(factory=list)
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


def check_account_id(account_id: Any) -> str:
    """The account id without the CRN's 'a/' prefix: 1 to 64 of A-Z a-z 0-9 _ -."""
    if not isinstance(account_id, str):
        raise TypeError(f"account_id must be a string, got {type(account_id).__name__}")
    value = account_id[2:] if account_id.startswith("a/") else account_id
    if not _ACCOUNT_ID.match(value):
        raise ValueError(
            "account_id must be 1 to 64 characters of letters, digits, '_' or '-' (the part "
            f"after 'a/' in the instance CRN), got {account_id!r}"
        )
    return value


def _plan(item: dict[str, Any]) -> PlanInfo:
    return PlanInfo(
        plan_id=opt_str(item.get("plan_id")),
        backends=str_list(item.get("backends")),
        max_ttl=opt_int(item.get("max_ttl")),
        interactive_ttl=opt_int(item.get("interactive_ttl")),
        active_ttl=opt_int(item.get("active_ttl")),
        usage_allocation_seconds=opt_int(item.get("usage_allocation_seconds")),
        unallocated_usage_seconds=opt_int(item.get("unallocated_usage_seconds")),
        raw=item,
    )


def get_account(account_id: str) -> Flow[AccountInfo]:
    """GET /accounts/{id} as AccountInfo."""
    value = check_account_id(account_id)
    data = yield from call(Call("GET", f"/accounts/{segment(value, 'account_id')}"))
    body = expect_dict(data, "the account configuration")
    plans = body.get("plans")
    items = [as_dict(p) for p in plans if isinstance(p, dict)] if isinstance(plans, list) else []
    return AccountInfo(account_id=value, plans=[_plan(p) for p in items], raw=body)
