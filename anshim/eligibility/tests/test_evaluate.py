import datetime
import itertools

import pytest

from anshim.eligibility.evaluate import evaluate, evaluate_many, questions_that_matter
from anshim.eligibility.examples import EXAMPLES, HOSPITAL_COMPANION_2025, SAFE_HOME_SET, YOUTH_RENT, example_rules
from anshim.eligibility.facts import FactError, Facts
from anshim.eligibility.parameters import ParameterError
from anshim.eligibility.rules import Outcome, RuleError

WHEN = datetime.date(2023, 6, 1)
BORN_1996 = datetime.date(1996, 3, 2)  # 만 27세 on WHEN
PERSON = Facts(
    birth_date=BORN_1996,
    sex="F",
    district="11620",
    seoul_residence_months=28,
    household_size=1,
    monthly_income=1_500_000,
    assets=2_564_238,
    housing_tenure="MONTHLY_RENT",
    monthly_rent=650_000,
    deposit=10_000_000,
    employment="EMPLOYED",
    student=True,
)


def only(criterion: dict, facts: Facts = PERSON):
    result = evaluate({"all": [criterion]}, facts, WHEN)
    assert len(result.criteria) == 1
    return result.criteria[0]


@pytest.mark.parametrize(
    ("criterion", "state", "sentence"),
    [
        ({"fact": "age", "op": "between", "value": [19, 39]}, True, "만 19~39세: 충족 (만 27세)"),
        ({"fact": "age", "op": "gte", "value": 50}, False, "만 50세 이상: 미충족 (만 27세)"),
        ({"fact": "age", "op": "lt", "value": 19}, False, "만 19세 미만: 미충족 (만 27세)"),
        ({"fact": "age", "op": "lte", "value": 27}, True, "만 27세 이하: 충족 (만 27세)"),
        ({"fact": "age", "op": "gt", "value": 64}, False, "만 64세 초과: 미충족 (만 27세)"),
        ({"fact": "age", "op": "eq", "value": 27}, True, "만 27세: 충족 (만 27세)"),
        ({"fact": "age", "op": "ne", "value": 27}, False, "만 27세 아님: 미충족 (만 27세)"),
        ({"fact": "age", "op": "in", "value": [25, 27]}, True, "만 25·27세: 충족 (만 27세)"),
        ({"fact": "age", "op": "not_in", "value": [25, 27]}, False, "만 25·27세 아님: 미충족 (만 27세)"),
        ({"fact": "income_ratio", "op": "lte", "value": 1.5}, True, "기준 중위소득 150% 이하: 충족 (약 72%)"),
        ({"fact": "income_ratio", "op": "between", "value": [0.5, 1]}, True, "기준 중위소득 50~100%: 충족 (약 72%)"),
        ({"fact": "income_ratio", "op": "gt", "value": 0.465}, True, "기준 중위소득 46.5% 초과: 충족 (약 72%)"),
        ({"fact": "seoul_residence_months", "op": "gte", "value": 6}, True, "서울 거주 6개월 이상: 충족 (28개월)"),
        ({"fact": "household_size", "op": "in", "value": [1, 2]}, True, "가구원 수 1·2명: 충족 (1명)"),
        ({"fact": "monthly_income", "op": "lt", "value": 2_000_000}, True, "월 소득 200만원 미만: 충족 (150만원)"),
        ({"fact": "monthly_rent", "op": "lte", "value": 600_000}, False, "월세 60만원 이하: 미충족 (65만원)"),
        ({"fact": "deposit", "op": "gt", "value": 50_000_000}, False, "보증금 5,000만원 초과: 미충족 (1,000만원)"),
        ({"fact": "assets", "op": "lte", "value": 155_000_000}, True, "재산 1억 5,500만원 이하: 충족 (256만 4,238원)"),
        (
            {"fact": "housing_price", "op": "between", "value": [100_000_000, 300_000_000]},
            None,
            "주택가격 1억원~3억원: 확인 필요 (정보 없음)",
        ),
        ({"fact": "deposit", "op": "not_in", "value": [0]}, True, "보증금 0원 아님: 충족 (1,000만원)"),
        ({"fact": "sex", "op": "eq", "value": "F"}, True, "여성: 충족"),
        ({"fact": "sex", "op": "eq", "value": "M"}, False, "남성: 미충족 (여성)"),
        ({"fact": "housing_tenure", "op": "eq", "value": "JEONSE"}, False, "전세 거주: 미충족 (월세)"),
        ({"fact": "housing_tenure", "op": "ne", "value": "OWNER"}, True, "자가 거주 아님: 충족"),
        ({"fact": "housing_tenure", "op": "not_in", "value": ["OWNER", "OTHER"]}, True, "자가·기타 거주 아님: 충족"),
        ({"fact": "district", "op": "in", "value": ["11620", "11440"]}, True, "관악구·마포구 거주: 충족"),
        ({"fact": "district", "op": "eq", "value": "11440"}, False, "마포구 거주: 미충족 (관악구)"),
        ({"fact": "employment", "op": "eq", "value": "UNEMPLOYED"}, False, "미취업: 미충족 (재직)"),
        ({"fact": "student", "op": "is_true"}, True, "학생: 충족"),
        ({"fact": "student", "op": "is_false"}, False, "학생 아님: 미충족"),
        ({"fact": "disability", "op": "is_false"}, None, "등록 장애인 아님: 확인 필요 (정보 없음)"),
        ({"fact": "lives_alone", "op": "is_true"}, None, "1인가구: 확인 필요 (정보 없음)"),
        (
            {"fact": "birth_date", "op": "lt", "value": "1990-01-01"},
            False,
            "1990년 1월 1일 전 출생: 미충족 (1996년 3월 2일)",
        ),
        (
            {"fact": "birth_date", "op": "gte", "value": "1996-03-02"},
            True,
            "1996년 3월 2일 이후 출생: 충족 (1996년 3월 2일)",
        ),
        (
            {"fact": "birth_date", "op": "between", "value": ["1990-01-01", "1999-12-31"]},
            True,
            "1990년 1월 1일~1999년 12월 31일 출생: 충족 (1996년 3월 2일)",
        ),
        (
            {"fact": "birth_date", "op": "ne", "value": "1996-03-02"},
            False,
            "1996년 3월 2일 출생 아님: 미충족 (1996년 3월 2일)",
        ),
        (
            {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주"},
            None,
            "서울 거주: 확인 필요 (정보 없음)",
        ),
    ],
)
def test_each_operator_decides_and_explains_itself_in_korean(criterion, state, sentence):
    outcome = only(criterion)
    assert outcome.state is state
    assert outcome.sentence == sentence


def test_the_reasons_quoted_in_the_issue():
    person = Facts(birth_date=BORN_1996, sex="F", household_size=1, monthly_income=3_781_763, housing_tenure="JEONSE")
    result = evaluate(
        {
            "all": [
                {"fact": "age", "op": "between", "value": [19, 39]},
                {"fact": "income_ratio", "op": "lte", "value": 1.5},
                {"fact": "seoul_residence_months", "op": "gte", "value": 6},
                {"fact": "sex", "op": "eq", "value": "F"},
                {"fact": "housing_tenure", "op": "eq", "value": "MONTHLY_RENT"},
            ]
        },
        person,
        WHEN,
    )
    assert result.sentences == [
        "만 19~39세: 충족 (만 27세)",
        "기준 중위소득 150% 이하: 미충족 (약 182%)",
        "서울 거주 6개월 이상: 확인 필요 (정보 없음)",
        "여성: 충족",
        "월세 거주: 미충족 (전세)",
    ]
    assert result.outcome is Outcome.INELIGIBLE
    assert result.label == "비대상"


STATES = (True, False, None)


def kleene_all(a, b):
    return False if False in (a, b) else None if None in (a, b) else True


def kleene_any(a, b):
    return True if True in (a, b) else None if None in (a, b) else False


OUTCOME = {True: Outcome.ELIGIBLE, False: Outcome.INELIGIBLE, None: Outcome.UNKNOWN}
A = {"fact": "student", "op": "is_true"}
B = {"fact": "disability", "op": "is_true"}


@pytest.mark.parametrize(("a", "b"), list(itertools.product(STATES, STATES)))
def test_three_valued_logic_of_all_any_and_not(a, b):
    person = Facts(student=a, disability=b)
    assert evaluate({"all": [A, B]}, person, WHEN).outcome is OUTCOME[kleene_all(a, b)]
    assert evaluate({"any": [A, B]}, person, WHEN).outcome is OUTCOME[kleene_any(a, b)]
    flipped = None if a is None else not a
    assert evaluate({"not": A}, person, WHEN).outcome is OUTCOME[flipped]
    # De Morgan holds in three-valued logic, which is what lets `not` be pushed to the criteria.
    assert (
        evaluate({"not": {"all": [A, B]}}, person, WHEN).outcome
        is evaluate({"any": [{"not": A}, {"not": B}]}, person, WHEN).outcome
    )


YOUNG_RENTER = Facts(
    birth_date=BORN_1996,
    registered_in_seoul=True,
    housing_tenure="MONTHLY_RENT",
    deposit=10_000_000,
    monthly_rent=500_000,
    household_size=1,
)


def test_an_unknown_verdict_names_the_missing_facts_that_would_decide_it():
    result = evaluate(YOUTH_RENT.rule, YOUNG_RENTER, WHEN)
    assert result.outcome is Outcome.UNKNOWN
    assert result.label == "추가 확인 필요"
    assert result.missing_facts == ("monthly_income",)
    assert result.missing_fact_labels == ["가구 월 소득"]
    assert "기준 중위소득 150% 이하: 확인 필요 (정보 없음)" in result.sentences


def test_a_derived_fact_asks_for_whichever_input_is_missing():
    person = Facts(**{**YOUNG_RENTER.as_dict(), "birth_date": BORN_1996, "household_size": None, "monthly_income": 1})
    assert evaluate(YOUTH_RENT.rule, person, WHEN).missing_facts == ("household_size",)
    nobody = evaluate(YOUTH_RENT.rule, Facts(), WHEN)
    assert nobody.missing_facts == (
        "birth_date",
        "registered_in_seoul",
        "household_size",
        "monthly_income",
        "housing_tenure",
        "monthly_rent",
        "deposit",
    )


def test_facts_that_cannot_change_a_decided_outcome_are_not_asked():
    too_old = Facts(birth_date=datetime.date(1970, 1, 1))
    result = evaluate(YOUTH_RENT.rule, too_old, WHEN)
    assert result.outcome is Outcome.INELIGIBLE
    assert result.missing_facts == ()


def test_a_branch_already_satisfied_in_an_any_needs_no_more_answers():
    renter = Facts(sex="F", lives_alone=True, registered_in_seoul=True, housing_tenure="MONTHLY_RENT")
    result = evaluate(SAFE_HOME_SET.rule, renter, WHEN)
    assert result.outcome is Outcome.ELIGIBLE
    assert "보증금 2억원 이하: 확인 필요 (정보 없음)" in result.sentences
    unsure = evaluate(SAFE_HOME_SET.rule, Facts(sex="F", lives_alone=True, registered_in_seoul=True), WHEN)
    assert unsure.missing_facts == ("housing_tenure", "deposit")
    jeonse = evaluate(SAFE_HOME_SET.rule, Facts(sex="F", lives_alone=True, housing_tenure="JEONSE"), WHEN)
    assert jeonse.missing_facts == ("registered_in_seoul", "deposit")


def test_the_explanation_lines_show_one_of_groups_with_their_children():
    renter = Facts(sex="F", lives_alone=True, registered_in_seoul=True, housing_tenure="JEONSE", deposit=250_000_000)
    lines = [(line.depth, line.text) for line in evaluate(SAFE_HOME_SET.rule, renter, WHEN).lines]
    assert lines == [
        (0, "여성: 충족"),
        (0, "1인가구: 충족"),
        (0, "서울 거주(주민등록): 충족"),
        (0, "전세(보증금 2억원 이하) 또는 월세 거주: 미충족"),
        (1, "전세보증금 2억원 이하 전세 거주: 미충족"),
        (2, "전세 거주: 충족"),
        (2, "보증금 2억원 이하: 미충족 (2억 5,000만원)"),
        (1, "월세·고시원·쪽방 거주: 미충족 (전세)"),
    ]


def test_a_negated_group_reads_as_what_counts():
    cared_for = Facts(registered_in_seoul=True, long_term_care=True)
    result = evaluate(HOSPITAL_COMPANION_2025.rule, cared_for, WHEN)
    assert result.outcome is Outcome.INELIGIBLE
    assert result.sentences == [
        "서울 거주(주민등록): 충족",
        "장기요양 등급 없음: 미충족",
        "노인맞춤돌봄서비스 미이용: 확인 필요 (정보 없음)",
    ]
    assert result.missing_facts == ()
    labelled = evaluate({"not": {"fact": "student", "op": "is_true", "label": "재학생"}}, Facts(student=False), WHEN)
    assert labelled.sentences == ["재학생 아님: 충족"]


def test_questions_that_still_matter_are_ordered_by_how_many_policies_they_decide():
    rules = example_rules()
    questions = questions_that_matter(rules, Facts(), datetime.date(2025, 6, 1))
    assert questions[0].fact == "registered_in_seoul"
    assert questions[0].label == "서울 주민등록 여부"
    assert questions[0].count == len(EXAMPLES)
    counts = [q.count for q in questions]
    assert counts == sorted(counts, reverse=True)
    assert {q.fact for q in questions} >= {"birth_date", "lives_alone", "monthly_income", "housing_tenure", "sex"}
    assert "age" not in {q.fact for q in questions}

    # Once someone says they live outside Seoul every policy is decided: nothing is left to ask.
    assert questions_that_matter(rules, Facts(registered_in_seoul=False), datetime.date(2025, 6, 1)) == []
    results = evaluate_many(rules, Facts(registered_in_seoul=True, birth_date=BORN_1996), datetime.date(2025, 6, 1))
    asked = questions_that_matter(results)
    assert "birth_date" not in {q.fact for q in asked}
    assert asked[0].fact == "lives_alone"
    assert set(asked[0].policies) == {"doorguard_2021", "doorguard_2022", "safe_home_set"}


def test_questions_need_facts_and_a_date_when_given_rules():
    with pytest.raises(TypeError):
        questions_that_matter(example_rules())


def test_raw_input_is_validated_on_the_way_in():
    with pytest.raises(FactError) as caught:
        evaluate(YOUTH_RENT.rule, {"household_size": 0, "monthly_income": -1}, WHEN)
    assert [e["field"] for e in caught.value.errors] == ["household_size", "monthly_income"]
    with pytest.raises(RuleError, match=r"\$\.fact: 알 수 없는 항목"):
        evaluate({"fact": "shoe_size", "op": "eq", "value": 1}, {}, WHEN)
    result = evaluate(YOUTH_RENT.rule, {"birth_date": "1996-03-02", "registered_in_seoul": False}, WHEN)
    assert result.outcome is Outcome.INELIGIBLE


def test_median_income_before_2021_is_an_error_only_when_income_is_used():
    with pytest.raises(ParameterError):
        evaluate(YOUTH_RENT.rule, Facts(monthly_income=1, household_size=1), datetime.date(2020, 6, 1))
    old = evaluate(
        {"fact": "age", "op": "gte", "value": 18},
        Facts(monthly_income=1, household_size=1, birth_date=BORN_1996),
        datetime.date(2020, 6, 1),
    )
    assert old.outcome is Outcome.ELIGIBLE


def test_a_result_serialises_for_the_api():
    data = evaluate(YOUTH_RENT.rule, YOUNG_RENTER, WHEN).as_dict()
    assert data["outcome"] == "UNKNOWN"
    assert data["label"] == "추가 확인 필요"
    assert data["criteria"][0] == {
        "label": "만 19~39세",
        "fact": "age",
        "result": "충족",
        "sentence": "만 19~39세: 충족 (만 27세)",
        "path": "$.all[0]",
    }
    assert data["missing_facts"] == [{"fact": "monthly_income", "label": "가구 월 소득"}]
    assert data["lines"][-1] == {
        "depth": 0,
        "text": "기준 중위소득 150% 이하: 확인 필요 (정보 없음)",
        "result": "확인 필요",
    }
