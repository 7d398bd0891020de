import dataclasses
import datetime

import pytest

from anshim.eligibility.facts import BASE_FACTS, DERIVED_FACTS, FACTS, FactError, Facts, age_at, clean_facts

TODAY = datetime.date(2025, 6, 1)


def errors_of(data: dict) -> dict[str, str]:
    with pytest.raises(FactError) as caught:
        clean_facts(data, today=TODAY)
    return {error["field"]: error["message"] for error in caught.value.errors}


def test_the_facts_dataclass_lists_every_base_fact_in_questionnaire_order():
    assert tuple(f.name for f in dataclasses.fields(Facts)) == BASE_FACTS
    assert DERIVED_FACTS == ("age", "income_ratio")
    assert all(FACTS[name].label for name in FACTS)


def test_clean_facts_accepts_form_strings_and_keeps_unanswered_facts_unknown():
    facts = clean_facts(
        {
            "birth_date": "1996-03-02",
            "sex": "F",
            "district": 11620,
            "monthly_income": "2,500,000",
            "household_size": "1",
            "home_wifi": None,
            "registered_in_seoul": True,
        },
        today=TODAY,
    )
    assert facts.birth_date == datetime.date(1996, 3, 2)
    assert facts.district == "11620"
    assert facts.monthly_income == 2_500_000
    assert facts.household_size == 1
    assert facts.home_wifi is None
    assert facts.registered_in_seoul is True
    assert "home_wifi" in facts.missing()
    assert facts.as_dict() == {
        "birth_date": "1996-03-02",
        "sex": "F",
        "district": "11620",
        "registered_in_seoul": True,
        "household_size": 1,
        "monthly_income": 2_500_000,
    }
    assert clean_facts(facts.as_dict(), today=TODAY) == facts


def test_a_birth_date_in_the_future_is_refused_naming_the_field():
    assert errors_of({"birth_date": "2030-01-01"}) == {
        "birth_date": "생년월일: 미래의 날짜일 수 없습니다 (2030-01-01)."
    }


def test_negative_amounts_are_refused_naming_each_field():
    found = errors_of({"monthly_income": -1, "assets": -5_000, "monthly_rent": -10})
    assert found == {
        "monthly_income": "가구 월 소득: 0 이상이어야 합니다 (입력값 -1).",
        "assets": "재산: 0 이상이어야 합니다 (입력값 -5,000).",
        "monthly_rent": "월세: 0 이상이어야 합니다 (입력값 -10).",
    }


def test_an_unknown_district_and_a_household_of_zero_are_refused():
    found = errors_of({"district": "26110", "household_size": 0})
    assert found["district"].startswith("거주 자치구: 서울시 25개 자치구 코드")
    assert found["household_size"] == "가구원 수: 1 이상이어야 합니다 (입력값 0)."


def test_unknown_enum_values_list_the_allowed_ones():
    found = errors_of({"housing_tenure": "TENT", "sex": "X", "employment": "STUDENT"})
    assert found["housing_tenure"] == (
        "주거 형태: OWNER(자가), JEONSE(전세), MONTHLY_RENT(월세), GOSIWON(고시원·쪽방), OTHER(기타) 중 하나여야 합니다 "
        "(입력값 'TENT')."
    )
    assert found["sex"].startswith("성별: F(여성), M(남성) 중 하나")
    assert "EMPLOYED(재직)" in found["employment"]


def test_wrong_types_unknown_fields_and_derived_facts_are_refused_together():
    found = errors_of(
        {"student": "yes", "birth_date": "1990/01/01", "age": 30, "shoe_size": 270, "seoul_residence_months": 1.5}
    )
    assert found == {
        "student": "학생 여부: 예/아니오(true/false) 값이어야 합니다.",
        "birth_date": "생년월일: YYYY-MM-DD 형식의 날짜여야 합니다 (입력값 '1990/01/01').",
        "age": "나이은(는) 직접 입력하지 않고 생년월일(으)로 계산합니다.",
        "shoe_size": "알 수 없는 항목입니다.",
        "seoul_residence_months": "서울 거주 기간: 정수여야 합니다.",
    }


def test_fact_error_reads_as_one_message_too():
    with pytest.raises(FactError, match="가구원 수: 1 이상이어야 합니다"):
        clean_facts({"household_size": 0}, today=TODAY)
    with pytest.raises(FactError):
        clean_facts(["not", "a", "mapping"], today=TODAY)


@pytest.mark.parametrize(
    ("birth", "when", "age"),
    [
        (datetime.date(1996, 3, 2), datetime.date(2023, 3, 1), 26),
        (datetime.date(1996, 3, 2), datetime.date(2023, 3, 2), 27),
        (datetime.date(2000, 2, 29), datetime.date(2021, 2, 28), 20),
        (datetime.date(2000, 2, 29), datetime.date(2021, 3, 1), 21),
        (datetime.date(2000, 2, 29), datetime.date(2024, 2, 29), 24),
    ],
)
def test_age_is_whole_years_completed(birth, when, age):
    assert age_at(birth, when) == age
