"""Both published rule versions against hand-computed cases (pure: no database)."""

import datetime
import re

import pytest
from django.utils import translation

from anshim.companion import fees
from anshim.companion.rules import ON_SITE, SAME_DAY, LateCancellation, PastUse, Request, barred_until, check
from anshim.companion.seeds import RULE_SETS

from .conftest import at


def _rule(index):
    from anshim.companion.models import RuleSet

    return RuleSet(**RULE_SETS[index]).as_rule()


R2021 = _rule(0)
R2025 = _rule(1)


def req(pickup, now, minutes=120, **kw):
    return Request(pickup_at=pickup, expected_minutes=minutes, now=now, lives_alone=kw.pop("lives_alone", True), **kw)


# --- fees ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"), [(30, 5000), (60, 5000), (61, 10000), (120, 10000), (150, 15000), (181, 20000)]
)
def test_2021_fee_is_5000_per_started_hour(minutes, expected):
    assert fees.service_fee(R2021, minutes) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(45, 5000), (60, 5000), (61, 7500), (90, 7500), (91, 10000), (120, 10000), (180, 15000), (185, 17500)],
)
def test_2025_fee_is_5000_first_hour_then_2500_per_started_half_hour(minutes, expected):
    assert fees.service_fee(R2025, minutes) == expected


def test_2025_free_at_or_under_median_income_up_to_48_uses():
    assert fees.charge(R2025, 120, share_percent=100.0, free_uses_so_far=0).fee == 0
    assert fees.charge(R2025, 120, share_percent=100.0, free_uses_so_far=47).free
    last = fees.charge(R2025, 120, share_percent=100.0, free_uses_so_far=48)
    assert (last.fee, last.free) == (10000, False)
    assert "48회" in last.reason
    assert fees.charge(R2025, 120, share_percent=100.1, free_uses_so_far=0).fee == 10000
    assert fees.charge(R2025, 120, share_percent=None, free_uses_so_far=0).fee == 10000


def test_2021_has_no_free_uses_whatever_the_income():
    assert fees.charge(R2021, 120, share_percent=10.0, free_uses_so_far=0).fee == 10000


def test_income_share_uses_the_median_income_of_the_year():
    # 2025 기준 중위소득, 1-person household: 2,392,013 KRW a month.
    assert fees.income_share_percent(monthly_income=2_392_013, household_size=1, on=datetime.date(2025, 1, 1)) == 100
    assert (
        fees.free_qualified(
            R2025, fees.income_share_percent(monthly_income=2_392_014, household_size=1, on=datetime.date(2025, 1, 1))
        )
        is False
    )


def test_2025_cancellation_fees():
    pickup = at(2025, 3, 10, 14)
    assert fees.cancellation(R2025, pickup_at=pickup, cancelled_at=at(2025, 3, 10, 9), on_site=False) == ("", 0)
    assert fees.cancellation(R2025, pickup_at=pickup, cancelled_at=at(2025, 3, 10, 9, 1), on_site=False) == (
        SAME_DAY,
        13000,
    )
    assert fees.cancellation(R2025, pickup_at=pickup, cancelled_at=at(2025, 3, 10, 14), on_site=True) == (
        ON_SITE,
        13000,
    )
    assert fees.cancellation(R2021, pickup_at=pickup, cancelled_at=at(2025, 3, 10, 13), on_site=True) == ("", 0)


# --- hours and booking window --------------------------------------------------------------


def test_2021_hours_every_day_0700_to_2000():
    now = at(2022, 3, 5, 6)  # a Saturday
    assert check(R2021, req(at(2022, 3, 5, 7), now)) == []
    assert check(R2021, req(at(2022, 3, 5, 18), now, minutes=120)) == []
    assert any("운영시간(주말 07:00~20:00)" in r for r in check(R2021, req(at(2022, 3, 5, 18, 30), now)))
    assert any(
        "운영시간" in r and "119" in r
        for r in check(R2021, req(at(2022, 3, 5, 6, 30), now - datetime.timedelta(hours=1)))
    )


def test_2025_weekday_and_weekend_hours():
    now = at(2025, 3, 3, 8)  # Monday
    assert check(R2025, req(at(2025, 3, 4, 7), now)) == []
    assert any("평일 07:00~20:00" in r for r in check(R2025, req(at(2025, 3, 4, 19), now)))
    assert check(R2025, req(at(2025, 3, 8, 9), now)) == []  # Saturday, booked ahead
    assert any("주말 09:00~18:00" in r for r in check(R2025, req(at(2025, 3, 8, 8, 30), now)))
    assert any("주말 09:00~18:00" in r for r in check(R2025, req(at(2025, 3, 8, 16, 30), now)))


def test_2025_weekend_only_by_advance_booking():
    now = at(2025, 3, 8, 9)  # Saturday morning
    reasons = check(R2025, req(at(2025, 3, 8, 11), now))
    assert any("주말은 미리 예약한 경우에만" in r for r in reasons)
    # 2021 served the same day at weekends.
    assert check(R2021, req(at(2022, 3, 5, 11), at(2022, 3, 5, 9))) == []


def test_2025_same_day_within_3_hours_or_up_to_7_days_ahead():
    now = at(2025, 3, 4, 8)
    assert check(R2025, req(at(2025, 3, 4, 11), now)) == []
    assert any("3시간 안에" in r for r in check(R2025, req(at(2025, 3, 4, 11, 10), now)))
    assert check(R2025, req(at(2025, 3, 11, 9), now)) == []
    assert any("7일 뒤까지만" in r for r in check(R2025, req(at(2025, 3, 12, 9), now)))


def test_past_time_is_refused():
    now = at(2025, 3, 4, 12)
    assert any("이미 지난 시각" in r for r in check(R2025, req(at(2025, 3, 4, 11), now)))


def test_outside_seoul_is_refused():
    now = at(2025, 3, 4, 8)
    assert any("서울시 밖" in r for r in check(R2025, req(at(2025, 3, 5, 10), now, in_seoul=False)))


def test_2021_is_for_people_living_alone_and_2025_for_anyone_without_similar_care():
    now = at(2022, 3, 2, 8)
    assert any("1인가구" in r for r in check(R2021, req(at(2022, 3, 3, 10), now, lives_alone=False)))
    now = at(2025, 3, 4, 8)
    assert check(R2025, req(at(2025, 3, 5, 10), now, lives_alone=False)) == []
    reasons = check(R2025, req(at(2025, 3, 5, 10), now, care=frozenset({"LONG_TERM_CARE"})))
    assert any("장기요양 등급" in r for r in reasons)


# --- limits --------------------------------------------------------------------------------


def test_2021_six_uses_a_year():
    now = at(2022, 6, 1, 8)
    uses = [PastUse(at(2022, m, 3, 10), 120) for m in range(1, 6)]
    assert check(R2021, req(at(2022, 6, 2, 10), now), uses) == []
    uses.append(PastUse(at(2022, 5, 20, 10), 120))
    assert any("연간 이용 한도(6회)" in r for r in check(R2021, req(at(2022, 6, 2, 10), now), uses))
    # Last year's uses do not count.
    old = [PastUse(at(2021, 12, d, 10), 120) for d in range(1, 7)]
    assert check(R2021, req(at(2022, 6, 2, 10), now), old) == []


def test_2025_ten_uses_a_month():
    now = at(2025, 3, 20, 8)
    uses = [PastUse(at(2025, 3, d, 10), 60) for d in range(1, 11)]
    assert any("월간 이용 한도(10회)" in r for r in check(R2025, req(at(2025, 3, 21, 10), now), uses))
    assert check(R2025, req(at(2025, 3, 21, 10), now), uses[:9]) == []
    # April is a new month.
    assert check(R2025, req(at(2025, 4, 1, 10), at(2025, 3, 31, 8)), uses) == []


def test_2025_two_hundred_hours_a_year():
    now = at(2025, 11, 20, 8)
    uses = [PastUse(at(2025, m, d, 9), 600) for m in range(1, 11) for d in (1, 2)][:-1]  # 190 h
    one_hour = req(at(2025, 11, 21, 10), now, minutes=60)
    # 190 h + 9 h + the new 1 h = exactly 200 h: allowed; one minute more is over.
    assert check(R2025, one_hour, [*uses, PastUse(at(2025, 10, 2, 9), 540)]) == []
    reasons = check(R2025, one_hour, [*uses, PastUse(at(2025, 10, 2, 9), 541)])
    assert any("연간 이용 시간 한도(200시간)" in r for r in reasons)
    # 2021 counted uses, not hours.
    assert check(R2021, req(at(2022, 11, 21, 10), at(2022, 11, 20, 8), minutes=600), []) == []


# --- cancellation bars ---------------------------------------------------------------------


def test_two_on_site_cancellations_bar_for_a_month():
    cancels = [LateCancellation(at(2025, 3, 3, 10), ON_SITE), LateCancellation(at(2025, 3, 10, 10), ON_SITE)]
    assert barred_until(R2025, cancels[:1], at(2025, 3, 11, 8)) is None
    assert barred_until(R2025, cancels, at(2025, 3, 11, 8)) == at(2025, 4, 10, 10)
    reasons = check(R2025, req(at(2025, 3, 12, 10), at(2025, 3, 11, 8)), (), cancels)
    assert any("2025-04-10 10:00까지 이용이 제한" in r for r in reasons)
    assert check(R2025, req(at(2025, 4, 11, 10), at(2025, 4, 10, 10)), (), cancels) == []


def test_three_same_day_cancellations_bar_and_two_do_not():
    cancels = [LateCancellation(at(2025, 5, d, 9), SAME_DAY) for d in (1, 8, 15)]
    assert barred_until(R2025, cancels[:2], at(2025, 5, 16, 8)) is None
    assert barred_until(R2025, cancels, at(2025, 5, 16, 8)) == at(2025, 6, 15, 9)


def test_counts_start_again_after_a_bar():
    cancels = [
        LateCancellation(at(2025, 1, 6, 9), ON_SITE),
        LateCancellation(at(2025, 1, 7, 9), ON_SITE),  # bar to 2025-02-07
        LateCancellation(at(2025, 3, 3, 9), ON_SITE),  # one after the bar: no new bar
    ]
    assert barred_until(R2025, cancels, at(2025, 3, 4, 8)) is None


def test_2021_has_no_bars():
    cancels = [LateCancellation(at(2022, 1, d, 9), ON_SITE) for d in (3, 4, 5)]
    assert barred_until(R2021, cancels, at(2022, 1, 6, 8)) is None


# --- language ------------------------------------------------------------------------------


def test_refusals_follow_the_active_language():
    now = at(2025, 3, 3, 8)  # Monday
    late = req(at(2025, 3, 4, 19), now)  # back home at 21:00, after closing
    with translation.override("en"):
        reasons = check(R2025, late, [PastUse(at(2025, 3, d, 10), 60) for d in range(1, 11)])
    assert (
        "This is outside service hours (weekdays 07:00–20:00). The whole trip, from pick-up to coming home, "
        "must be within service hours (for night-time or early-morning emergencies call 119)."
    ) in reasons
    assert (
        "This exceeds the monthly limit (10 uses). You have already used (or booked) the service 10 times this month."
    ) in reasons
    assert not any(re.search("[가-힣]{2}", reason) for reason in reasons)
    with translation.override("ko"):
        assert any(r.startswith("운영시간(평일 07:00~20:00) 밖입니다.") for r in check(R2025, late))
