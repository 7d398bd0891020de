import datetime

import pytest

from anshim.eligibility.evaluate import evaluate
from anshim.eligibility.examples import BASIC_SECURITY, YOUTH_RENT
from anshim.eligibility.facts import Facts
from anshim.eligibility.parameters import Parameter, ParameterError, median_income
from anshim.eligibility.rules import Outcome

D = datetime.date


@pytest.mark.parametrize(
    ("size", "when", "value"),
    [
        (1, D(2021, 1, 1), 1_827_831),
        (1, D(2021, 12, 31), 1_827_831),
        (1, D(2022, 1, 1), 1_944_812),
        (1, D(2026, 7, 1), 2_564_238),
        (2, D(2023, 5, 5), 3_456_155),
        (3, D(2024, 1, 1), 4_714_657),
        (4, D(2025, 12, 31), 6_097_773),
        (7, D(2025, 12, 31), 6_097_773),
    ],
)
def test_median_income_follows_the_reference_date_and_household_size(size, when, value):
    assert median_income(size, when) == value


def test_a_date_before_the_first_value_is_a_clear_error():
    with pytest.raises(ParameterError, match=r"기준 중위소득\(1인 가구\): 2021-01-01 이전에 적용되는 값이 없습니다"):
        median_income(1, D(2020, 12, 31))


def test_a_parameter_refuses_dates_out_of_order():
    with pytest.raises(ValueError, match="오름차순"):
        Parameter.of("x", "x", [(D(2022, 1, 1), 1), (D(2021, 1, 1), 2)])
    assert Parameter.of("x", "x", [(D(2021, 1, 1), 1), (D(2022, 1, 1), 2)]).at(D(2021, 12, 31)) == 1


def test_the_same_person_qualifies_in_2023_but_not_in_2021_because_the_median_rose():
    # 3,000,000 KRW is 164% of the 2021 median (1,827,831) but 144% of the 2023 median (2,077,892).
    person = Facts(
        birth_date=D(1992, 5, 1),
        registered_in_seoul=True,
        housing_tenure="MONTHLY_RENT",
        deposit=10_000_000,
        monthly_rent=450_000,
        monthly_income=3_000_000,
        household_size=1,
    )
    in_2021 = evaluate(YOUTH_RENT.rule, person, D(2021, 6, 1))
    in_2023 = evaluate(YOUTH_RENT.rule, person, D(2023, 6, 1))
    assert in_2021.outcome is Outcome.INELIGIBLE
    assert "기준 중위소득 150% 이하: 미충족 (약 164%)" in in_2021.sentences
    assert in_2023.outcome is Outcome.ELIGIBLE
    assert "기준 중위소득 150% 이하: 충족 (약 144%)" in in_2023.sentences


def test_a_rule_parameter_changes_with_its_effective_date():
    person = Facts(
        registered_in_seoul=True,
        seoul_residence_months=60,
        monthly_income=700_000,
        household_size=1,
        assets=150_000_000,
        basic_livelihood=False,
    )
    in_2021 = evaluate(BASIC_SECURITY.rule, person, D(2021, 6, 1))
    in_2022 = evaluate(BASIC_SECURITY.rule, person, D(2022, 6, 1))
    assert "재산 1억 3,500만원 이하: 미충족 (1억 5,000만원)" in in_2021.sentences
    assert in_2021.outcome is Outcome.INELIGIBLE
    assert "재산 1억 5,500만원 이하: 충족 (1억 5,000만원)" in in_2022.sentences
    assert in_2022.outcome is Outcome.ELIGIBLE


def test_a_rule_parameter_before_its_first_date_is_a_clear_error():
    rule = {
        "parameters": {"max_rent": [{"from": "2022-01-01", "value": 600_000}]},
        "fact": "monthly_rent",
        "op": "lte",
        "value": {"param": "max_rent"},
    }
    with pytest.raises(ParameterError, match="매개변수 'max_rent': 2022-01-01 이전에 적용되는 값이 없습니다"):
        evaluate(rule, Facts(monthly_rent=1), D(2021, 5, 1))
