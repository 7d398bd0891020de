"""Fees of 병원 안심동행 from a rule version: the service fee, free uses and the cancellation fee.

Rounding (stated once): the first ``base_minutes`` cost ``base_fee`` however short the service;
each *started* further ``step_minutes`` costs ``step_fee``. 2021: 5,000 KRW per started hour.
2025: 5,000 KRW for the first hour, then 2,500 KRW per started half-hour (61 minutes → 7,500).
No Django: the caller passes the person's verified income share and free uses so far.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from anshim.companion.rules import ON_SITE, SAME_DAY, RuleVersion, local
from anshim.eligibility.parameters import median_income


@dataclass(frozen=True)
class Charge:
    fee: int
    free: bool
    reason: str


def service_fee(rule: RuleVersion, minutes: int) -> int:
    """The fee for ``minutes`` of service (from meeting at the door to coming home)."""
    if minutes <= 0:
        return 0
    extra = max(0, minutes - rule.base_minutes)
    return rule.base_fee + math.ceil(extra / rule.step_minutes) * rule.step_fee


def income_share_percent(*, monthly_income: int, household_size: int, on: dt.date) -> float:
    """Income as a share (%) of 기준 중위소득 for the household size in force on ``on``."""
    return 100 * monthly_income / median_income(household_size, on)


def free_qualified(rule: RuleVersion, share_percent: float | None) -> bool:
    return (
        rule.free_income_percent is not None and share_percent is not None and share_percent <= rule.free_income_percent
    )


def charge(rule: RuleVersion, minutes: int, *, share_percent: float | None, free_uses_so_far: int) -> Charge:
    """What the person pays for one use: free while they qualify and have free uses left this year."""
    fee = service_fee(rule, minutes)
    if free_qualified(rule, share_percent):
        if free_uses_so_far < rule.free_uses_per_year:
            return Charge(
                0,
                True,
                f"기준 중위소득 {rule.free_income_percent}% 이하 무료 이용 (올해 {free_uses_so_far + 1}/{rule.free_uses_per_year}회)",
            )
        return Charge(fee, False, f"올해 무료 이용 {rule.free_uses_per_year}회를 모두 사용해 이용료를 냅니다.")
    return Charge(fee, False, f"이용료 {fee:,}원 ({minutes}분 이용)")


def cancellation(
    rule: RuleVersion, *, pickup_at: dt.datetime, cancelled_at: dt.datetime, on_site: bool
) -> tuple[str, int]:
    """(kind, fee) of a cancellation by the person: kind is ON_SITE, SAME_DAY or "" (free)."""
    if rule.late_cancel_hours is None:
        return "", 0
    if on_site:
        return ON_SITE, rule.late_cancel_fee
    if local(pickup_at) - local(cancelled_at) < dt.timedelta(hours=rule.late_cancel_hours):
        return SAME_DAY, rule.late_cancel_fee
    return "", 0
