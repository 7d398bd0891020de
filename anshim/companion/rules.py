"""병원 안심동행 rule versions as plain data, and the check of one booking request against one.

No models here (only ``gettext`` for the refusal messages): ``RuleVersion`` is what a ``models.RuleSet`` row becomes (``RuleSet.as_rule``), and a
person's history arrives as plain ``PastUse``/``LateCancellation`` tuples, so both dated versions
(2021 launch, 2025) can be tested and benchmarked without a database.

Decisions where the published rules leave room (stated once, here):
- Service hours bound the whole expected service: pick-up at or after opening, expected return
  home (pick-up + expected minutes) at or before closing.
- "Same day" means the pick-up date (Asia/Seoul) is the day the request is made. A same-day request
  under a version with ``same_day_within_minutes`` must have its pick-up within that many minutes.
- Uses count every booking of the person that is not cancelled (a late cancellation is paid for
  by its fee and counts towards a bar, not as a use); hours count recorded minutes for completed
  uses and the expected minutes for the others.
- Cancellation bars: late cancellations are counted from the end of the person's last bar; the
  ``bar_after_on_site``-th on-site or ``bar_after_same_day``-th same-day cancellation starts a bar
  of ``bar_months`` calendar months from that cancellation.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

SEOUL = ZoneInfo("Asia/Seoul")
ON_SITE = "ON_SITE"
SAME_DAY = "SAME_DAY"
CARE_LABELS = {"LONG_TERM_CARE": gettext_noop("장기요양 등급"), "ELDERLY_CARE": gettext_noop("노인맞춤돌봄서비스")}


@dataclass(frozen=True)
class RuleVersion:
    name: str
    effective_from: dt.date
    weekday_open: dt.time
    weekday_close: dt.time
    weekend_open: dt.time
    weekend_close: dt.time
    weekend_same_day: bool
    max_days_ahead: int
    same_day_within_minutes: int | None
    lives_alone_required: bool
    excluded_care: tuple[str, ...]
    base_minutes: int
    base_fee: int
    step_minutes: int
    step_fee: int
    free_income_percent: int | None
    free_uses_per_year: int
    max_uses_year: int | None
    max_uses_month: int | None
    max_minutes_year: int | None
    late_cancel_hours: int | None
    late_cancel_fee: int
    bar_after_on_site: int | None
    bar_after_same_day: int | None
    bar_months: int


@dataclass(frozen=True)
class PastUse:
    """A booking of the person that counts towards the limits (any not cancelled)."""

    pickup_at: dt.datetime
    minutes: int
    free: bool = False


@dataclass(frozen=True)
class LateCancellation:
    at: dt.datetime
    kind: str  # ON_SITE or SAME_DAY


@dataclass(frozen=True)
class Request:
    pickup_at: dt.datetime
    expected_minutes: int
    now: dt.datetime
    in_seoul: bool = True
    lives_alone: bool | None = None
    care: frozenset[str] = frozenset()


def local(when: dt.datetime) -> dt.datetime:
    return when.astimezone(SEOUL)


def add_months(when: dt.datetime, months: int) -> dt.datetime:
    month_index = when.month - 1 + months
    year, month = when.year + month_index // 12, month_index % 12 + 1
    return when.replace(year=year, month=month, day=min(when.day, calendar.monthrange(year, month)[1]))


def hours_on(rule: RuleVersion, day: dt.date) -> tuple[dt.time, dt.time]:
    if day.weekday() >= 5:
        return rule.weekend_open, rule.weekend_close
    return rule.weekday_open, rule.weekday_close


def bars(rule: RuleVersion, cancellations: Iterable[LateCancellation]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The periods the person was or is barred from booking, from their late cancellations."""
    if rule.bar_after_on_site is None and rule.bar_after_same_day is None:
        return []
    found: list[tuple[dt.datetime, dt.datetime]] = []
    counts = {ON_SITE: 0, SAME_DAY: 0}
    for item in sorted(cancellations, key=lambda c: c.at):
        if found and item.at < found[-1][1]:
            continue
        counts[item.kind] = counts.get(item.kind, 0) + 1
        if (rule.bar_after_on_site and counts[ON_SITE] >= rule.bar_after_on_site) or (
            rule.bar_after_same_day and counts[SAME_DAY] >= rule.bar_after_same_day
        ):
            found.append((item.at, add_months(local(item.at), rule.bar_months)))
            counts = {ON_SITE: 0, SAME_DAY: 0}
    return found


def barred_until(rule: RuleVersion, cancellations: Iterable[LateCancellation], at: dt.datetime) -> dt.datetime | None:
    for start, end in bars(rule, cancellations):
        if start <= at < end:
            return end
    return None


def _hm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def check(
    rule: RuleVersion,
    request: Request,
    uses: Iterable[PastUse] = (),
    cancellations: Iterable[LateCancellation] = (),
) -> list[str]:
    """Every reason the request breaks ``rule``, in the active language (Korean by default); an empty
    list means it may be booked."""
    reasons: list[str] = []
    pickup, now = local(request.pickup_at), local(request.now)
    end = pickup + dt.timedelta(minutes=request.expected_minutes)
    if not request.in_seoul:
        reasons.append(_("출발지(집) 주소가 서울시 밖입니다. 서울시 안의 주소만 이용할 수 있습니다."))
    if rule.lives_alone_required and request.lives_alone is not True:
        reasons.append(_("이 기간의 병원 안심동행은 혼자 사는 분(1인가구)만 이용할 수 있습니다."))
    excluded = [
        _(CARE_LABELS[code]) if code in CARE_LABELS else code for code in rule.excluded_care if code in request.care
    ]
    if excluded:
        reasons.append(
            _("이미 비슷한 돌봄 서비스(%(care)s)를 받고 있어 병원 안심동행을 이용할 수 없습니다.")
            % {"care": ", ".join(excluded)}
        )
    if request.expected_minutes <= 0:
        reasons.append(_("예상 이용 시간은 0분보다 길어야 합니다."))
    if pickup <= now:
        reasons.append(_("이미 지난 시각입니다. 지금 이후의 출발 시각을 고르세요."))
    else:
        days_ahead = (pickup.date() - now.date()).days
        same_day = days_ahead == 0
        if days_ahead > rule.max_days_ahead:
            reasons.append(_("예약은 %(days)d일 뒤까지만 할 수 있습니다.") % {"days": rule.max_days_ahead})
        if same_day and pickup.weekday() >= 5 and not rule.weekend_same_day:
            reasons.append(_("주말은 미리 예약한 경우에만 이용할 수 있습니다(당일 예약 불가)."))
        elif (
            same_day
            and rule.same_day_within_minutes is not None
            and pickup - now > dt.timedelta(minutes=rule.same_day_within_minutes)
        ):
            reasons.append(
                _(
                    "당일 예약은 지금부터 %(hours)d시간 안에 출발하는 경우만 가능합니다. "
                    "더 늦은 시각은 하루 전까지 예약하세요."
                )
                % {"hours": rule.same_day_within_minutes // 60}
            )
    opens, closes = hours_on(rule, pickup.date())
    if pickup.time() < opens or end.date() != pickup.date() or end.time() > closes:
        if pickup.weekday() >= 5:
            message = _(
                "운영시간(주말 %(opens)s~%(closes)s) 밖입니다. "
                "출발부터 귀가까지 운영시간 안이어야 합니다(야간·새벽 응급은 119)."
            )
        else:
            message = _(
                "운영시간(평일 %(opens)s~%(closes)s) 밖입니다. "
                "출발부터 귀가까지 운영시간 안이어야 합니다(야간·새벽 응급은 119)."
            )
        reasons.append(message % {"opens": _hm(opens), "closes": _hm(closes)})
    until = barred_until(rule, cancellations, now)
    if until is not None:
        reasons.append(
            _("잦은 당일·현장 취소로 %(until)s까지 이용이 제한되었습니다.")
            % {"until": f"{local(until):%Y-%m-%d %H:%M}"}
        )
    uses = list(uses)
    year_uses = [u for u in uses if local(u.pickup_at).year == pickup.year]
    if rule.max_uses_year is not None and len(year_uses) + 1 > rule.max_uses_year:
        reasons.append(
            _("연간 이용 한도(%(limit)d회)를 넘습니다. 올해 이미 %(count)d회 이용(예약)했습니다.")
            % {"limit": rule.max_uses_year, "count": len(year_uses)}
        )
    month_uses = [u for u in year_uses if local(u.pickup_at).month == pickup.month]
    if rule.max_uses_month is not None and len(month_uses) + 1 > rule.max_uses_month:
        reasons.append(
            _("월간 이용 한도(%(limit)d회)를 넘습니다. 이번 달 이미 %(count)d회 이용(예약)했습니다.")
            % {"limit": rule.max_uses_month, "count": len(month_uses)}
        )
    if rule.max_minutes_year is not None:
        used = sum(u.minutes for u in year_uses)
        if used + request.expected_minutes > rule.max_minutes_year:
            reasons.append(
                _("연간 이용 시간 한도(%(limit)d시간)를 넘습니다. 올해 %(used)s시간을 이미 이용(예약)했습니다.")
                % {"limit": rule.max_minutes_year // 60, "used": _hours(used)}
            )
    return reasons


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"
