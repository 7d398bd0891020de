"""Golden cases per demo policy: a person, a date, the verdict and the reasons a citizen would read."""

import datetime

import pytest

from anshim.eligibility.evaluate import evaluate
from anshim.eligibility.examples import BY_KEY, EXAMPLES
from anshim.eligibility.facts import Facts
from anshim.eligibility.rules import Outcome

D = datetime.date
SEOULITE = {"registered_in_seoul": True, "lives_alone": True, "household_size": 1}

GOLDEN = [
    (
        "youth_rent",
        Facts(
            **SEOULITE,
            birth_date=D(1998, 7, 1),
            housing_tenure="GOSIWON",
            deposit=0,
            monthly_rent=380_000,
            monthly_income=1_200_000,
        ),
        D(2024, 3, 1),
        Outcome.ELIGIBLE,
        [
            "만 19~39세: 충족 (만 25세)",
            "서울 거주(주민등록): 충족",
            "무주택 월세 거주(고시원 포함): 충족",
            "보증금 5,000만원 이하: 충족 (0원)",
            "월세 60만원 이하: 충족 (38만원)",
            "기준 중위소득 150% 이하: 충족 (약 54%)",
        ],
    ),
    (
        "youth_rent",
        Facts(**SEOULITE, birth_date=D(1998, 7, 1), housing_tenure="JEONSE", deposit=150_000_000, monthly_rent=0),
        D(2024, 3, 1),
        Outcome.INELIGIBLE,
        [
            "만 19~39세: 충족 (만 25세)",
            "서울 거주(주민등록): 충족",
            "무주택 월세 거주(고시원 포함): 미충족 (전세)",
            "보증금 5,000만원 이하: 미충족 (1억 5,000만원)",
            "월세 60만원 이하: 충족 (0원)",
            "기준 중위소득 150% 이하: 확인 필요 (정보 없음)",
        ],
    ),
    (
        "doorguard_2021",
        Facts(**SEOULITE, birth_date=D(2003, 9, 2)),
        D(2021, 9, 1),
        Outcome.INELIGIBLE,
        ["만 18세 이상: 미충족 (만 17세)", "서울 거주(주민등록): 충족", "1인가구: 충족"],
    ),
    (
        "doorguard_2021",
        Facts(**SEOULITE, birth_date=D(2003, 9, 1)),
        D(2021, 9, 1),
        Outcome.ELIGIBLE,
        ["만 18세 이상: 충족 (만 18세)", "서울 거주(주민등록): 충족", "1인가구: 충족"],
    ),
    (
        "doorguard_2022",
        Facts(**SEOULITE, birth_date=D(1960, 1, 1), housing_tenure="OWNER", home_wifi=True),
        D(2022, 5, 1),
        Outcome.INELIGIBLE,
        [
            "만 18세 이상: 충족 (만 62세)",
            "서울 거주(주민등록): 충족",
            "1인가구: 충족",
            "임차 주택 거주(전세·월세·고시원): 미충족 (자가)",
            "집에 와이파이 있음: 충족",
        ],
    ),
    (
        "hospital_companion_2025",
        Facts(registered_in_seoul=True, long_term_care=False, elderly_care_service=False),
        D(2025, 4, 1),
        Outcome.ELIGIBLE,
        ["서울 거주(주민등록): 충족", "장기요양 등급 없음: 충족", "노인맞춤돌봄서비스 미이용: 충족"],
    ),
    (
        "hospital_companion_free_2025",
        Facts(
            registered_in_seoul=True,
            long_term_care=False,
            elderly_care_service=False,
            household_size=1,
            monthly_income=2_392_013,
        ),
        D(2025, 4, 1),
        Outcome.ELIGIBLE,
        [
            "서울 거주(주민등록): 충족",
            "장기요양 등급 없음: 충족",
            "노인맞춤돌봄서비스 미이용: 충족",
            "기준 중위소득 100% 이하: 충족 (약 100%)",
        ],
    ),
    (
        "basic_security",
        Facts(
            **SEOULITE,
            seoul_residence_months=4,
            monthly_income=800_000,
            assets=30_000_000,
            basic_livelihood=False,
        ),
        D(2023, 1, 10),
        Outcome.INELIGIBLE,
        [
            "서울 거주(주민등록): 충족",
            "서울 거주 6개월 이상: 미충족 (4개월)",
            "기준 중위소득 46% 이하: 충족 (약 39%)",
            "재산 1억 5,500만원 이하: 충족 (3,000만원)",
            "기초생활수급자 아님: 충족",
        ],
    ),
    (
        "basic_security",
        Facts(**SEOULITE, seoul_residence_months=40, monthly_income=800_000, assets=30_000_000),
        D(2023, 1, 10),
        Outcome.UNKNOWN,
        [
            "서울 거주(주민등록): 충족",
            "서울 거주 6개월 이상: 충족 (40개월)",
            "기준 중위소득 46% 이하: 충족 (약 39%)",
            "재산 1억 5,500만원 이하: 충족 (3,000만원)",
            "기초생활수급자 아님: 확인 필요 (정보 없음)",
        ],
    ),
    (
        "safe_home_set",
        Facts(**SEOULITE, sex="M", housing_tenure="MONTHLY_RENT"),
        D(2022, 2, 1),
        Outcome.INELIGIBLE,
        [
            "여성: 미충족 (남성)",
            "1인가구: 충족",
            "서울 거주(주민등록): 충족",
            "전세 거주: 미충족 (월세)",
            "보증금 2억원 이하: 확인 필요 (정보 없음)",
            "월세·고시원·쪽방 거주: 충족",
        ],
    ),
    (
        "midlife_healthcare",
        Facts(**SEOULITE, birth_date=D(1971, 9, 1)),
        D(2021, 9, 1),
        Outcome.ELIGIBLE,
        ["만 50세 이상: 충족 (만 50세)", "1인가구: 충족", "서울 거주(주민등록): 충족"],
    ),
    (
        "midlife_healthcare",
        Facts(registered_in_seoul=True, birth_date=D(1971, 9, 1)),
        D(2021, 9, 1),
        Outcome.UNKNOWN,
        ["만 50세 이상: 충족 (만 50세)", "1인가구: 확인 필요 (정보 없음)", "서울 거주(주민등록): 충족"],
    ),
    (
        "doorguard_2022",
        Facts(**SEOULITE, birth_date=D(1990, 1, 1), housing_tenure="JEONSE", home_wifi=True),
        D(2022, 5, 1),
        Outcome.ELIGIBLE,
        [
            "만 18세 이상: 충족 (만 32세)",
            "서울 거주(주민등록): 충족",
            "1인가구: 충족",
            "임차 주택 거주(전세·월세·고시원): 충족",
            "집에 와이파이 있음: 충족",
        ],
    ),
    (
        "hospital_companion_2025",
        Facts(registered_in_seoul=True, elderly_care_service=True),
        D(2025, 4, 1),
        Outcome.INELIGIBLE,
        ["서울 거주(주민등록): 충족", "장기요양 등급 없음: 확인 필요 (정보 없음)", "노인맞춤돌봄서비스 미이용: 미충족"],
    ),
    (
        "hospital_companion_free_2025",
        Facts(registered_in_seoul=True, household_size=1, monthly_income=2_392_014),
        D(2025, 4, 1),
        Outcome.INELIGIBLE,
        [
            "서울 거주(주민등록): 충족",
            "장기요양 등급 없음: 확인 필요 (정보 없음)",
            "노인맞춤돌봄서비스 미이용: 확인 필요 (정보 없음)",
            "기준 중위소득 100% 이하: 미충족 (약 100%)",
        ],
    ),
    (
        "safe_home_set",
        Facts(**SEOULITE, sex="F", housing_tenure="JEONSE", deposit=200_000_000),
        D(2022, 2, 1),
        Outcome.ELIGIBLE,
        [
            "여성: 충족",
            "1인가구: 충족",
            "서울 거주(주민등록): 충족",
            "전세 거주: 충족",
            "보증금 2억원 이하: 충족 (2억원)",
            "월세·고시원·쪽방 거주: 미충족 (전세)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("key", "person", "when", "outcome", "sentences"), GOLDEN, ids=lambda v: getattr(v, "key", None)
)
def test_golden_verdicts_and_reasons(key, person, when, outcome, sentences):
    result = evaluate(BY_KEY[key].rule, person, when)
    assert result.outcome is outcome
    assert result.sentences == sentences


def test_every_demo_policy_rule_has_golden_cases_for_more_than_one_verdict():
    covered: dict[str, set] = {}
    for key, _, _, outcome, _ in GOLDEN:
        covered.setdefault(key, set()).add(outcome)
    assert set(covered) == {example.key for example in EXAMPLES}
    assert all(len(outcomes) > 1 for outcomes in covered.values())


def test_examples_point_at_demo_catalogue_policies():
    keys = {example.policy_key for example in EXAMPLES}
    assert keys == {
        "youth_rent",
        "doorguard",
        "hospital_companion",
        "basic_security",
        "safe_home_set",
        "midlife_healthcare",
    }
