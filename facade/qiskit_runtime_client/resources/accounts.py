"""client.account(id): the plans of an IBM Cloud account (GET /accounts/{id})."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from qiskit_runtime_client import _api
from qiskit_runtime_client._effects import Flow
from qiskit_runtime_client.resources._typed import fetch, opt_int, opt_str, opt_time, str_list

if TYPE_CHECKING:
    from qiskit_runtime_api.models import ExpandedPlanConfiguration

_ACCOUNT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@attrs.frozen
class PlanInfo:
    """One plan of the account: its backends, session TTLs and usage allocation.

    `start_time`/`end_time` bound contract-based plans; fields the service did not send are None.
    """

    plan_id: str | None
    backends: list[str] = attrs.field(factory=list)
    max_ttl: int | None = None
    interactive_ttl: int | None = None
    active_ttl: int | None = None
    usage_allocation_seconds: int | None = None
    unallocated_usage_seconds: int | None = None
    usage_limit_seconds: int | None = None
    subscription_id: str | None = None
    subscription_name: str | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, repr=False)


@attrs.frozen
class AccountInfo:
    """An account's configuration: its plans (the whole answer is in `raw`)."""

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


def _plan(plan: ExpandedPlanConfiguration) -> PlanInfo:
    return PlanInfo(
        plan_id=opt_str(plan.plan_id),
        backends=str_list(plan.backends),
        max_ttl=opt_int(plan.max_ttl),
        interactive_ttl=opt_int(plan.interactive_ttl),
        active_ttl=opt_int(plan.active_ttl),
        usage_allocation_seconds=opt_int(plan.usage_allocation_seconds),
        unallocated_usage_seconds=opt_int(plan.unallocated_usage_seconds),
        usage_limit_seconds=opt_int(plan.usage_limit_seconds),
        subscription_id=opt_str(plan.subscription_id),
        subscription_name=opt_str(plan.subscription_name),
        start_time=opt_time(plan.start_time),
        end_time=opt_time(plan.end_time),
        raw=plan.to_dict(),
    )


def get_account(account_id: str) -> Flow[AccountInfo]:
    """GET /accounts/{id} (the generated ExpandedAccountConfiguration) as AccountInfo."""
    value = check_account_id(account_id)
    account, raw = yield from fetch(_api.get_account(value))
    return AccountInfo(account_id=value, plans=[_plan(p) for p in account.plans], raw=raw)
