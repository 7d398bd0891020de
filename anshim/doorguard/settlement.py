"""Monthly settlement of the subsidy per district (pure; no Django). Figures are computed, not stored.

The rule (stated here because the agreement leaves the pro-rating to the platform):

- A subscription is active on every day from its start date to its last day, both included: the
  day it was cancelled or the resident moved out, else the end of the 36-month term.
- The city's share (보조금) is paid for days within the first ``subsidy_months`` (12) months: from
  the start date up to the day before the same date 12 months later (15 Sep 2021 → 14 Sep 2022).
- Daily pro-rating for a partial month: an amount for a month is ``monthly × days / days in that
  calendar month``, rounded DOWN to the won. A full month is exactly the monthly amount.
- Per subscription and month: billed = pro-rated price (9,900); subsidy = pro-rated city share
  (8,900) over the subsidised days of that month; the resident's share is the rest (billed −
  subsidy), so the two always add up to what the company bills. From the 13th month the
  resident pays the whole price and the subsidy is 0.
- A fee (early cancellation, moving) counts in the month of the subscription's last day.
- Budget used = all subsidy owed from the first month of the round up to and including the month.

Rounding each month down means a mid-month start can total one or two won less than
12 × 8,900 over its subsidised year; the difference stays with the city.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

MONTHLY_PRICE = 9_900
CITY_SHARE = 8_900
RESIDENT_SHARE = 1_000
SUBSIDY_MONTHS = 12
TERM_MONTHS = 36
BUDGET = 380_000_000


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_last_day(start: datetime.date, months: int = TERM_MONTHS) -> datetime.date:
    """The last day of a term of ``months`` starting on ``start`` (the day before the same date ``months`` later)."""
    return add_months(start, months) - datetime.timedelta(days=1)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _overlap_days(first: datetime.date, last: datetime.date, low: datetime.date, high: datetime.date) -> int:
    begin, end = max(first, low), min(last, high)
    return (end - begin).days + 1 if begin <= end else 0


@dataclass(frozen=True, slots=True)
class SubscriptionTerms:
    """One subscription as the settlement sees it."""

    id: int
    district: str
    start: datetime.date
    last_day: datetime.date
    monthly_price: int = MONTHLY_PRICE
    city_share: int = CITY_SHARE
    subsidy_months: int = SUBSIDY_MONTHS
    fee: int = 0

    @property
    def subsidy_last_day(self) -> datetime.date:
        return min(term_last_day(self.start, self.subsidy_months), self.last_day)


@dataclass(frozen=True, slots=True)
class MonthFigures:
    active_days: int
    billed: int
    subsidy: int
    resident_share: int
    fee: int

    @property
    def is_active(self) -> bool:
        return self.active_days > 0


def month_figures(terms: SubscriptionTerms, year: int, month: int) -> MonthFigures:
    """What one subscription costs in one calendar month, by the rule in the module docstring."""
    low, high = month_bounds(year, month)
    days_in_month = high.day
    active = _overlap_days(terms.start, terms.last_day, low, high)
    subsidised = _overlap_days(terms.start, terms.subsidy_last_day, low, high)
    billed = terms.monthly_price * active // days_in_month
    subsidy = terms.city_share * subsidised // days_in_month
    fee = terms.fee if low <= terms.last_day <= high else 0
    return MonthFigures(active, billed, subsidy, billed - subsidy, fee)


@dataclass
class DistrictMonth:
    district: str
    active_subscriptions: int = 0
    subsidised_subscriptions: int = 0
    billed: int = 0
    subsidy: int = 0
    resident_share: int = 0
    fees: int = 0
    fee_count: int = 0

    def add(self, figures: MonthFigures) -> None:
        if figures.active_days:
            self.active_subscriptions += 1
        if figures.subsidy:
            self.subsidised_subscriptions += 1
        self.billed += figures.billed
        self.subsidy += figures.subsidy
        self.resident_share += figures.resident_share
        if figures.fee:
            self.fees += figures.fee
            self.fee_count += 1


@dataclass
class MonthlySettlement:
    year: int
    month: int
    districts: dict[str, DistrictMonth] = field(default_factory=dict)
    budget: int = BUDGET
    budget_used: int = 0

    @property
    def total(self) -> DistrictMonth:
        total = DistrictMonth("")
        for row in self.districts.values():
            for name in ("active_subscriptions", "subsidised_subscriptions", "billed", "subsidy", "resident_share"):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.fees += row.fees
            total.fee_count += row.fee_count
        return total

    @property
    def budget_left(self) -> int:
        return self.budget - self.budget_used


def subsidy_through(terms: SubscriptionTerms, year: int, month: int) -> int:
    """All subsidy owed for one subscription from its start up to and including ``year``-``month``."""
    total = 0
    current = datetime.date(terms.start.year, terms.start.month, 1)
    stop = min(datetime.date(year, month, 1), terms.subsidy_last_day)
    while current <= stop:
        total += month_figures(terms, current.year, current.month).subsidy
        current = add_months(current, 1)
    return total


def settle(
    subscriptions: Iterable[SubscriptionTerms],
    year: int,
    month: int,
    *,
    districts: Iterable[str] = (),
    budget: int = BUDGET,
) -> MonthlySettlement:
    """The month's figures per district (every code in ``districts`` gets a row, zero if idle) and budget used."""
    result = MonthlySettlement(year, month, {code: DistrictMonth(code) for code in districts}, budget)
    first, last = month_bounds(year, month)
    for terms in subscriptions:
        if terms.start > last:
            continue
        result.budget_used += subsidy_through(terms, year, month)
        if terms.last_day < first:
            continue
        row = result.districts.setdefault(terms.district, DistrictMonth(terms.district))
        row.add(month_figures(terms, year, month))
    return result
