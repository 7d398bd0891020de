"""The pure modules: quota split, selection order, settlement figures (hand-computed)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anshim.doorguard import addresses, quota, selection, settlement
from anshim.doorguard.settlement import SubscriptionTerms, month_figures, settle, subsidy_through

D = datetime.date


# --- quota ---------------------------------------------------------------------------------


def test_the_city_quota_of_3000_splits_exactly_among_the_25_districts():
    shares = quota.split_by_single_households(3000)
    assert len(shares) == 25
    assert sum(shares.values()) == 3000
    # 관악구 has the most single-person households, so the largest share.
    assert max(shares, key=shares.get) == "11620"
    total = sum(quota.SINGLE_HOUSEHOLDS.values())
    for code, places in shares.items():
        exact = 3000 * quota.SINGLE_HOUSEHOLDS[code] / total
        assert abs(places - exact) < 1


@given(st.integers(min_value=0, max_value=100_000))
def test_any_city_quota_sums_exactly(total):
    assert sum(quota.split_by_single_households(total).values()) == total


def test_largest_remainders_get_the_leftover_places():
    # Exact shares 3.33…, 3.33…, 3.33… → 4, 3, 3: the tie goes to the larger weight, then the code.
    assert quota.split_quota(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert quota.split_quota(10, {"a": 5, "b": 3, "c": 2}) == {"a": 5, "b": 3, "c": 2}
    assert quota.split_quota(7, {"a": 50, "b": 30, "c": 20}) == {"a": 4, "b": 2, "c": 1}


def test_a_split_by_hand_must_add_up_to_the_city_quota():
    with pytest.raises(quota.QuotaError, match="합\\(2,999명\\)이 전체 정원\\(3,000명\\)과 같아야"):
        quota.check_manual(3000, {"11620": 2999})
    with pytest.raises(quota.QuotaError, match="알 수 없는 자치구"):
        quota.check_manual(10, {"99999": 10})
    assert quota.check_manual(10, {"11620": 6, "11440": 4}) == {"11620": 6, "11440": 4}


# --- selection -----------------------------------------------------------------------------

T0 = datetime.datetime(2021, 9, 6, 9, 0)


def cand(pk, minutes, **kw):
    return selection.Candidate(id=pk, submitted_at=T0 + datetime.timedelta(minutes=minutes), **kw)


def test_first_come_ignores_priorities():
    candidates = [cand(1, 5, female=True, housing_type="BASEMENT"), cand(2, 1), cand(3, 3)]
    choice = selection.choose(candidates, places=2, method=selection.FIRST_COME)
    assert choice.selected_ids == [2, 3]
    assert choice.waitlisted_ids == [1]


def test_committee_ranks_by_priority_then_submission():
    candidates = [
        cand(1, 0),  # 0 points
        cand(2, 1, female=True),  # 10
        cand(3, 2, housing_type="GOSIWON"),  # 15
        cand(4, 3, female=True, age=70, high_risk_area=True),  # 30
        cand(5, 4, housing_type="BASEMENT"),  # 15, later than 3
        cand(6, 5, committee_score=12.5),  # 12.5
    ]
    ranked = selection.rank(candidates, method=selection.COMMITTEE, weights={})
    assert [r.candidate.id for r in ranked] == [4, 3, 5, 6, 2, 1]
    assert [r.score for r in ranked] == [30, 15, 15, 12.5, 10, 0]
    choice = selection.choose(candidates, places=3, method=selection.COMMITTEE, weights={"female": 40})
    assert choice.selected_ids == [4, 2, 3]
    assert choice.waitlisted_ids == [5, 6, 1]


def test_bad_weights_are_refused_in_korean():
    with pytest.raises(selection.SelectionError, match="알 수 없는 우선순위 항목"):
        selection.clean_weights({"income": 3})
    with pytest.raises(selection.SelectionError, match="0 이상의 숫자"):
        selection.clean_weights({"female": -1})


# --- settlement (hand-computed; the rule is in settlement.py's docstring) -------------------


def test_mid_month_start_is_pro_rated_by_days_and_the_13th_month_has_no_subsidy():
    sub = SubscriptionTerms(1, "11620", start=D(2021, 9, 15), last_day=settlement.term_last_day(D(2021, 9, 15)))
    # September 2021 has 30 days, 16 of them active (15–30).
    sept = month_figures(sub, 2021, 9)
    assert (sept.active_days, sept.billed, sept.subsidy, sept.resident_share) == (16, 5280, 4746, 534)
    # A full month: 9,900 = 8,900 + 1,000.
    octo = month_figures(sub, 2021, 10)
    assert (octo.billed, octo.subsidy, octo.resident_share) == (9900, 8900, 1000)
    # The subsidy runs to 14 Sep 2022: 14 of 30 days, floor(8,900 × 14 / 30) = 4,153.
    last = month_figures(sub, 2022, 9)
    assert (last.billed, last.subsidy, last.resident_share) == (9900, 4153, 5747)
    # From the 13th month the resident pays the whole price.
    after = month_figures(sub, 2022, 10)
    assert (after.billed, after.subsidy, after.resident_share) == (9900, 0, 9900)
    # 4,746 + 11 × 8,900 + 4,153: one won under 12 × 8,900 because each month rounds down.
    assert subsidy_through(sub, 2023, 12) == 106_799


def test_a_subscription_from_the_first_of_the_month_gets_exactly_twelve_full_months():
    sub = SubscriptionTerms(2, "11620", start=D(2021, 9, 1), last_day=settlement.term_last_day(D(2021, 9, 1)))
    assert sub.last_day == D(2024, 8, 31)
    assert month_figures(sub, 2022, 8).subsidy == 8900
    assert month_figures(sub, 2022, 9).subsidy == 0
    assert subsidy_through(sub, 2022, 9) == 12 * 8900


def test_cancellation_ends_billing_on_its_day_and_charges_the_fee_that_month():
    sub = SubscriptionTerms(3, "11620", start=D(2021, 10, 1), last_day=D(2022, 2, 10), fee=50_000)
    feb = month_figures(sub, 2022, 2)  # 28 days, 10 active
    assert (feb.active_days, feb.billed, feb.subsidy, feb.resident_share, feb.fee) == (10, 3535, 3178, 357, 50_000)
    march = month_figures(sub, 2022, 3)
    assert (march.active_days, march.billed, march.subsidy, march.fee) == (0, 0, 0, 0)


def test_move_out_pro_rates_both_ends():
    sub = SubscriptionTerms(4, "11440", start=D(2021, 11, 20), last_day=D(2022, 1, 15), fee=30_000)
    nov = month_figures(sub, 2021, 11)  # 30 days, 11 active (20–30)
    assert (nov.billed, nov.subsidy, nov.resident_share) == (3630, 3263, 367)
    jan = month_figures(sub, 2022, 1)  # 31 days, 15 active
    assert (jan.billed, jan.subsidy, jan.resident_share, jan.fee) == (4790, 4306, 484, 30_000)
    assert subsidy_through(sub, 2022, 6) == 3263 + 8900 + 4306


def test_district_totals_and_budget_used():
    subs = [
        SubscriptionTerms(1, "11620", start=D(2021, 9, 15), last_day=D(2024, 9, 14)),
        SubscriptionTerms(3, "11620", start=D(2021, 10, 1), last_day=D(2022, 2, 10), fee=50_000),
        SubscriptionTerms(4, "11440", start=D(2021, 11, 20), last_day=D(2022, 1, 15), fee=30_000),
    ]
    result = settle(subs, 2022, 2, districts=["11620", "11440", "11110"], budget=380_000_000)
    gwanak = result.districts["11620"]
    assert (gwanak.active_subscriptions, gwanak.billed, gwanak.subsidy, gwanak.resident_share) == (
        2,
        9900 + 3535,
        8900 + 3178,
        1000 + 357,
    )
    assert (gwanak.fees, gwanak.fee_count) == (50_000, 1)
    assert result.districts["11440"].active_subscriptions == 0  # moved out in January
    assert result.districts["11110"].subsidy == 0
    assert result.total.subsidy == 8900 + 3178
    # Sep 2021–Feb 2022: sub 1 = 4,746 + 5 × 8,900; sub 3 = 4 × 8,900 + 3,178; sub 4 = 3,263 + 8,900 + 4,306.
    expected = (4746 + 5 * 8900) + (4 * 8900 + 3178) + (3263 + 8900 + 4306)
    assert result.budget_used == expected
    assert result.budget_left == 380_000_000 - expected


# --- addresses -----------------------------------------------------------------------------


def test_one_address_typed_two_ways_has_one_key():
    assert addresses.address_key("서울특별시 관악구 신림로 123, 101동 202호") == addresses.address_key(
        "서울 관악구 신림로123 101동 202호"
    )


def test_addresses_outside_seoul_or_in_another_district_are_explained():
    assert "서울시 밖의 주소" in addresses.seoul_address_problem("경기도 성남시 분당구 판교로 1", "관악구")
    assert "선택한 자치구(관악구)와 다릅니다" in addresses.seoul_address_problem("서울 마포구 양화로 1", "관악구")
    assert addresses.seoul_address_problem("서울 관악구 관악로 1", "관악구") is None
