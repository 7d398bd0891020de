"""자격 규칙 and 시험 사례 of every demo policy: the city's policies written from their 지원대상 text, and each
district template's rule with its district filled in, so a catalogue built from any seed gets a real rule.

Only what the engine can know is a criterion; what is checked on paper or in counselling (위기 사유, 전입일,
건강 상태) is said in the rule's note instead. Cases are people at a fixed date, so every load is identical.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from anshim.eligibility.examples import (
    BASIC_SECURITY,
    DOORGUARD_2022,
    HOSPITAL_COMPANION_2025,
    HOSPITAL_COMPANION_FREE_2025,
    LIVES_ALONE,
    MIDLIFE_HEALTHCARE,
    SAFE_HOME_SET,
    SEOUL_RESIDENT,
    YOUTH_RENT,
)
from anshim.eligibility.parameters import median_income
from anshim.geo.districts import BY_CODE
from anshim.portal.demo.policies import PolicySpec

REFERENCE_DATE = datetime.date(2026, 3, 2)
ELIGIBLE, INELIGIBLE, UNKNOWN = "ELIGIBLE", "INELIGIBLE", "UNKNOWN"


@dataclass(frozen=True)
class CaseSpec:
    name: str
    facts: dict[str, Any]
    expected: str
    reference_date: datetime.date = REFERENCE_DATE


@dataclass(frozen=True)
class DemoRule:
    definition: dict[str, Any]
    note: str
    cases: tuple[CaseSpec, ...]


@dataclass(frozen=True)
class RuleSpec:
    """A demo policy's published rule (version 1) with its test cases."""

    policy_code: str
    definition: dict[str, Any]
    note: str
    cases: tuple[CaseSpec, ...]


# --- people ------------------------------------------------------------------------------------


def born(when: datetime.date, age: int) -> str:
    """A birth date one day past the birthday that makes someone exactly `age` on `when`."""
    day = when - datetime.timedelta(days=1)
    try:
        return day.replace(year=day.year - age).isoformat()
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - age, day=28).isoformat()


def person(*, when: datetime.date = REFERENCE_DATE, age: int | None = None, income_pct: float | None = None, **facts):
    """Raw facts from readable terms: `age` becomes a birth date and `income_pct` a share of 기준 중위소득.

    A fact given as None is left out, which is how a case says "not answered".
    """
    out: dict[str, Any] = {}
    if age is not None:
        out["birth_date"] = born(when, age)
    if income_pct is not None:
        size = facts.get("household_size") or 1
        out["household_size"] = size
        out["monthly_income"] = round(median_income(size, when) * income_pct / 100)
    out.update((name, value) for name, value in facts.items() if value is not None)
    return out


def case(expected: str, name: str, when: datetime.date = REFERENCE_DATE, **terms) -> CaseSpec:
    return CaseSpec(name, person(when=when, **terms), expected, when)


def variants(base: dict[str, Any], eligible: str, *changes: tuple[str, str, dict[str, Any]]) -> tuple[CaseSpec, ...]:
    """The eligible person `base`, then one case per change of it (expected outcome, name, changed terms)."""
    return (case(ELIGIBLE, eligible, **base),) + tuple(
        case(expected, name, **{**base, **change}) for expected, name, change in changes
    )


# --- criteria ----------------------------------------------------------------------------------

SEOUL = SEOUL_RESIDENT
ALONE = LIVES_ALONE
NO_HOME = {"fact": "housing_tenure", "op": "ne", "value": "OWNER", "label": "무주택(자가 거주 아님)"}
FEMALE = {"fact": "sex", "op": "eq", "value": "F"}
UNEMPLOYED = {"fact": "employment", "op": "eq", "value": "UNEMPLOYED", "label": "미취업(구직 중)"}
MIDLIFE_OR_OLDER = {"fact": "age", "op": "gte", "value": 50, "label": "중장년·어르신(만 50세 이상)"}


def ages(low: int, high: int) -> dict[str, Any]:
    return {"fact": "age", "op": "between", "value": [low, high]}


def age_from(low: int) -> dict[str, Any]:
    return {"fact": "age", "op": "gte", "value": low}


def income_up_to(ratio: float) -> dict[str, Any]:
    return {"fact": "income_ratio", "op": "lte", "value": ratio}


def lives_in(code: str) -> dict[str, Any]:
    return {"fact": "district", "op": "eq", "value": code}


def not_recipient(label: str) -> dict[str, Any]:
    return {"fact": "basic_livelihood", "op": "is_false", "label": label}


def every(*criteria: dict[str, Any]) -> dict[str, Any]:
    return {"all": [copy.deepcopy(c) for c in criteria]}


def extended(rule: dict[str, Any], *criteria: dict[str, Any]) -> dict[str, Any]:
    """An engine example's rule with more criteria of the policy's own text appended."""
    out = copy.deepcopy(rule)
    out["all"] = [*out["all"], *(copy.deepcopy(c) for c in criteria)]
    return out


def jeonse_up_to_or_monthly(limit: int, won: str) -> dict[str, Any]:
    return {
        "any": [
            {
                "all": [
                    {"fact": "housing_tenure", "op": "eq", "value": "JEONSE"},
                    {"fact": "deposit", "op": "lte", "value": limit},
                ],
                "label": f"전세보증금 {won} 이하 전세 거주",
            },
            {"fact": "housing_tenure", "op": "in", "value": ["MONTHLY_RENT", "GOSIWON"]},
        ],
        "label": f"전세(보증금 {won} 이하) 또는 월세 거주",
    }


# Someone of Seoul who lives alone; most cases start from here.
SEOULITE = {"registered_in_seoul": True, "lives_alone": True}

# --- the city's policies ----------------------------------------------------------------------

CITY_RULES: dict[str, DemoRule] = {
    "doorguard": DemoRule(
        copy.deepcopy(DOORGUARD_2022.rule),
        DOORGUARD_2022.note + " 자치구별 배정 가구 수 안에서 선착순으로 선정합니다.",
        variants(
            {**SEOULITE, "age": 25, "sex": "F", "housing_tenure": "MONTHLY_RENT", "home_wifi": True},
            "만 25세 월세 1인가구, 와이파이 있음",
            (INELIGIBLE, "자가에 사는 만 25세", {"housing_tenure": "OWNER"}),
            (INELIGIBLE, "만 17세 월세 1인가구", {"age": 17}),
            (UNKNOWN, "와이파이 여부를 답하지 않음", {"home_wifi": None}),
        ),
    ),
    "patrol": DemoRule(
        every(SEOUL),
        "순찰 구역 안에 사는지는 포털 지도에서 확인합니다. 규칙은 서울 거주만 봅니다.",
        variants(
            {"registered_in_seoul": True, "age": 31, "sex": "F"},
            "서울에 주민등록을 둔 만 31세",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "safe_home_set": DemoRule(
        extended(SAFE_HOME_SET.rule, age_from(19)),
        SAFE_HOME_SET.note,
        variants(
            {**SEOULITE, "age": 33, "sex": "F", "housing_tenure": "JEONSE", "deposit": 150_000_000},
            "전세보증금 1억 5천만 원인 만 33세 여성 1인가구",
            (ELIGIBLE, "월세로 사는 만 24세 여성 1인가구", {"age": 24, "housing_tenure": "MONTHLY_RENT"}),
            (INELIGIBLE, "전세보증금 2억 5천만 원", {"deposit": 250_000_000}),
            (INELIGIBLE, "남성 1인가구", {"sex": "M"}),
            (UNKNOWN, "전세보증금을 답하지 않음", {"deposit": None}),
        ),
    ),
    "safety_devices": DemoRule(
        every(SEOUL, ALONE),
        "장비 구성과 우선 선정 기준은 자치구 선정위원회가 정합니다.",
        variants(
            {**SEOULITE, "age": 41, "sex": "F"},
            "서울에 사는 만 41세 여성 1인가구",
            (INELIGIBLE, "가족과 함께 사는 사람", {"lives_alone": False}),
            (UNKNOWN, "혼자 사는지 답하지 않음", {"lives_alone": None}),
        ),
    ),
    "safe_return_scout": DemoRule(
        every(SEOUL),
        "늦은 시간 귀가하는 서울 시민 누구나 신청할 수 있습니다.",
        variants(
            {"registered_in_seoul": True, "age": 22, "sex": "F"},
            "서울에 사는 만 22세",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "ansimi_app": DemoRule(
        every(SEOUL),
        "스마트폰이 있는 서울 시민 누구나 쓸 수 있습니다.",
        variants(
            {"registered_in_seoul": True, "age": 35},
            "서울에 사는 만 35세",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "parcel_locker": DemoRule(
        every(SEOUL),
        "서울 시민 누구나 쓸 수 있습니다.",
        variants(
            {**SEOULITE, "age": 29},
            "서울에 사는 만 29세 1인가구",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "safety_shelter": DemoRule(
        every(SEOUL),
        "지킴이집에는 누구나 들어가 도움을 청할 수 있습니다. 자격 확인에서는 서울 시민에게 안내합니다.",
        variants(
            {"registered_in_seoul": True, "sex": "F", "age": 27},
            "서울에 사는 만 27세 여성",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "youth_rent": DemoRule(
        extended(YOUTH_RENT.rule, ALONE, not_recipient("기초생활수급자(주거급여) 아님")),
        "공공임대주택 거주자는 신청 서류로 확인해 제외합니다.",
        variants(
            {
                **SEOULITE,
                "age": 27,
                "district": "11620",
                "housing_tenure": "MONTHLY_RENT",
                "deposit": 10_000_000,
                "monthly_rent": 450_000,
                "income_pct": 120,
                "basic_livelihood": False,
            },
            "관악구 월세 만 27세, 기준 중위소득 120%",
            (INELIGIBLE, "기준 중위소득 160%", {"income_pct": 160}),
            (INELIGIBLE, "만 41세", {"age": 41}),
            (INELIGIBLE, "보증금 8천만 원", {"deposit": 80_000_000}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "station_youth_housing": DemoRule(
        every(ages(19, 39), NO_HOME),
        "소득·자산 기준(도시근로자 월평균소득 100~120% 등)은 공급 유형별로 달라 모집공고에서 확인합니다.",
        variants(
            {"age": 29, "housing_tenure": "JEONSE", "registered_in_seoul": True},
            "전세로 사는 만 29세 무주택 청년",
            (INELIGIBLE, "만 45세", {"age": 45}),
            (INELIGIBLE, "자가에 사는 만 29세", {"housing_tenure": "OWNER"}),
            (UNKNOWN, "주거 형태를 답하지 않음", {"housing_tenure": None}),
        ),
    ),
    "housing_voucher": DemoRule(
        every(
            SEOUL,
            {
                "fact": "housing_tenure",
                "op": "in",
                "value": ["MONTHLY_RENT", "GOSIWON"],
                "label": "월세 거주(보증부 월세·고시원 포함)",
            },
            income_up_to(0.6),
            not_recipient("주거급여 수급 가구 아님(기초생활수급자 아님)"),
        ),
        "일반재산·금융재산 기준은 동주민센터의 소득·재산 조사로 확인합니다.",
        variants(
            {
                **SEOULITE,
                "age": 62,
                "sex": "F",
                "housing_tenure": "MONTHLY_RENT",
                "monthly_rent": 350_000,
                "income_pct": 50,
                "basic_livelihood": False,
            },
            "월세로 사는 만 62세, 기준 중위소득 50%",
            (INELIGIBLE, "전세로 사는 사람", {"housing_tenure": "JEONSE"}),
            (INELIGIBLE, "기준 중위소득 70%", {"income_pct": 70}),
            (INELIGIBLE, "기초생활수급자(주거급여 수급)", {"basic_livelihood": True}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "youth_deposit_loan": DemoRule(
        every(
            ages(19, 39),
            NO_HOME,
            {
                "fact": "monthly_income",
                "op": "lte",
                "value": 3_333_333,
                "label": "연소득 4,000만원 이하(월 333만원 이하)",
            },
            {"fact": "deposit", "op": "lte", "value": 300_000_000, "label": "임차보증금 3억원 이하"},
        ),
        "세대주(예정자) 여부와 미혼 기준 소득은 추천서 신청 때 서류로 확인합니다.",
        variants(
            {
                "age": 31,
                "registered_in_seoul": True,
                "housing_tenure": "JEONSE",
                "deposit": 200_000_000,
                "monthly_income": 3_000_000,
            },
            "전세보증금 2억 원, 월 소득 300만 원인 만 31세",
            (INELIGIBLE, "월 소득 400만 원", {"monthly_income": 4_000_000}),
            (INELIGIBLE, "임차보증금 3억 5천만 원", {"deposit": 350_000_000}),
            (UNKNOWN, "보증금을 답하지 않음", {"deposit": None}),
        ),
    ),
    "safe_contract": DemoRule(
        every(ALONE),
        "집을 구하는 중인지는 예약 상담에서 확인합니다.",
        variants(
            {**SEOULITE, "age": 26},
            "집을 구하는 만 26세 1인가구",
            (INELIGIBLE, "가족과 함께 사는 사람", {"lives_alone": False}),
        ),
    ),
    "youth_moving": DemoRule(
        every(ages(19, 39), income_up_to(1.5), jeonse_up_to_or_monthly(200_000_000, "2억원")),
        "이사한 지 3개월 이내인지는 임대차계약서와 영수증으로 확인합니다.",
        variants(
            {**SEOULITE, "age": 26, "housing_tenure": "MONTHLY_RENT", "income_pct": 100},
            "월세로 이사한 만 26세, 기준 중위소득 100%",
            (INELIGIBLE, "전세보증금 2억 5천만 원", {"housing_tenure": "JEONSE", "deposit": 250_000_000}),
            (INELIGIBLE, "기준 중위소득 170%", {"income_pct": 170}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "house_repair": DemoRule(
        every(
            income_up_to(0.6),
            {
                "fact": "housing_tenure",
                "op": "in",
                "value": ["OWNER", "JEONSE", "MONTHLY_RENT"],
                "label": "자가 또는 전월세 주택 거주",
            },
        ),
        "혼자 사는 어르신·장애인은 우선 선정합니다. 전월세 가구는 집주인 동의가 필요합니다.",
        variants(
            {**SEOULITE, "age": 72, "sex": "F", "housing_tenure": "OWNER", "income_pct": 40},
            "자가에 사는 만 72세, 기준 중위소득 40%",
            (INELIGIBLE, "고시원에 사는 사람", {"housing_tenure": "GOSIWON"}),
            (INELIGIBLE, "기준 중위소득 80%", {"income_pct": 80}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "mobile_laundry": DemoRule(
        every(ALONE, {"fact": "housing_tenure", "op": "eq", "value": "GOSIWON"}),
        "운영 장소와 요일은 자치구가 안내합니다.",
        variants(
            {**SEOULITE, "age": 48, "housing_tenure": "GOSIWON"},
            "고시원에 사는 만 48세 1인가구",
            (INELIGIBLE, "월세 원룸에 사는 사람", {"housing_tenure": "MONTHLY_RENT"}),
            (UNKNOWN, "주거 형태를 답하지 않음", {"housing_tenure": None}),
        ),
    ),
    "housing_upgrade": DemoRule(
        every(ALONE, {"fact": "housing_tenure", "op": "eq", "value": "GOSIWON"}),
        "반지하·침수 우려 주택 거주와 3개월 이상 거주 여부는 주거 코디네이터 상담에서 확인합니다.",
        variants(
            {**SEOULITE, "age": 57, "housing_tenure": "GOSIWON"},
            "고시원에 사는 만 57세 1인가구",
            (INELIGIBLE, "자가에 사는 사람", {"housing_tenure": "OWNER"}),
        ),
    ),
    "basic_security": DemoRule(
        copy.deepcopy(BASIC_SECURITY.rule),
        "재산 기준은 2022년부터 1억 5,500만 원입니다(2021년 1억 3,500만 원).",
        variants(
            {
                **SEOULITE,
                "age": 55,
                "seoul_residence_months": 120,
                "income_pct": 40,
                "assets": 100_000_000,
                "basic_livelihood": False,
            },
            "서울 10년 거주, 기준 중위소득 40%, 재산 1억 원",
            (INELIGIBLE, "기준 중위소득 50%", {"income_pct": 50}),
            (INELIGIBLE, "국민기초생활보장 수급자", {"basic_livelihood": True}),
            (ELIGIBLE, "2026년 재산 1억 4천만 원", {"assets": 140_000_000}),
            (
                INELIGIBLE,
                "2021년 재산 1억 4천만 원(당시 한도 1억 3,500만 원)",
                {"assets": 140_000_000, "when": datetime.date(2021, 6, 1)},
            ),
            (UNKNOWN, "서울 거주 기간을 답하지 않음", {"seoul_residence_months": None}),
        ),
    ),
    "emergency_welfare": DemoRule(
        every(SEOUL, income_up_to(1.0)),
        "실직·질병·화재 등 위기 사유와 재산 기준은 동주민센터 상담으로 확인합니다(사례회의로 예외 인정 가능).",
        variants(
            {**SEOULITE, "age": 52, "employment": "UNEMPLOYED", "income_pct": 80},
            "실직한 만 52세, 기준 중위소득 80%",
            (INELIGIBLE, "기준 중위소득 120%", {"income_pct": 120}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "youth_allowance": DemoRule(
        every(SEOUL, ages(19, 34), {**UNEMPLOYED, "label": "미취업"}, income_up_to(1.5)),
        "주 30시간 이하 단시간 근로자도 신청할 수 있어 근로시간은 신청 때 확인합니다.",
        variants(
            {**SEOULITE, "age": 29, "employment": "UNEMPLOYED", "income_pct": 20},
            "미취업 만 29세, 기준 중위소득 20%",
            (INELIGIBLE, "만 36세", {"age": 36}),
            (INELIGIBLE, "재직 중인 사람", {"employment": "EMPLOYED"}),
            (UNKNOWN, "취업 상태를 답하지 않음", {"employment": None}),
        ),
    ),
    "youth_savings": DemoRule(
        every(
            SEOUL,
            ages(18, 34),
            {"fact": "employment", "op": "eq", "value": "EMPLOYED", "label": "근로 중(재직)"},
            {"fact": "monthly_income", "op": "lte", "value": 2_550_000, "label": "본인 월 소득 255만원 이하"},
        ),
        "부모 소득 기준은 신청 때 서류로 확인합니다.",
        variants(
            {**SEOULITE, "age": 28, "employment": "EMPLOYED", "household_size": 1, "monthly_income": 2_200_000},
            "월 220만 원을 버는 만 28세 직장인",
            (INELIGIBLE, "월 소득 300만 원", {"monthly_income": 3_000_000}),
            (INELIGIBLE, "미취업인 사람", {"employment": "UNEMPLOYED"}),
            (UNKNOWN, "소득을 답하지 않음", {"monthly_income": None}),
        ),
    ),
    "plus50_jobs": DemoRule(
        every(SEOUL, ages(50, 67)),
        "분야별 자격 요건은 모집공고에서 확인합니다.",
        variants(
            {**SEOULITE, "age": 58},
            "서울에 사는 만 58세",
            (INELIGIBLE, "만 70세", {"age": 70}),
            (UNKNOWN, "생년월일을 답하지 않음", {"age": None}),
        ),
    ),
    "senior_jobs": DemoRule(
        every(age_from(65)),
        "공익활동형은 기초연금 수급자만, 사회서비스형은 만 65세 이상 누구나 참여할 수 있습니다.",
        variants(
            {**SEOULITE, "age": 70},
            "만 70세 어르신",
            (INELIGIBLE, "만 60세", {"age": 60}),
        ),
    ),
    "financial_counseling": DemoRule(
        every(SEOUL),
        "서울 시민 누구나 상담받을 수 있습니다(채무로 어려운 1인가구 우선).",
        variants(
            {**SEOULITE, "age": 44},
            "서울에 사는 만 44세",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "주민등록지를 답하지 않음", {"registered_in_seoul": None}),
        ),
    ),
    "middle_age_jobs": DemoRule(
        every(SEOUL, ages(50, 64), ALONE, UNEMPLOYED),
        "구직 의사와 희망 직무는 첫 상담에서 확인합니다.",
        variants(
            {**SEOULITE, "age": 56, "employment": "UNEMPLOYED"},
            "일자리를 찾는 만 56세 1인가구",
            (INELIGIBLE, "만 45세", {"age": 45}),
            (INELIGIBLE, "재직 중인 사람", {"employment": "EMPLOYED"}),
            (UNKNOWN, "취업 상태를 답하지 않음", {"employment": None}),
        ),
    ),
    "social_network": DemoRule(
        every(SEOUL, ALONE),
        "프로그램마다 연령 기준이 따로 있을 수 있습니다.",
        variants(
            {**SEOULITE, "age": 34},
            "서울에 사는 만 34세 1인가구",
            (INELIGIBLE, "가족과 함께 사는 사람", {"lives_alone": False}),
            (UNKNOWN, "혼자 사는지 답하지 않음", {"lives_alone": None}),
        ),
    ),
    "mind_counseling": DemoRule(
        every(SEOUL, ALONE),
        "외로움·우울·불안 등 마음의 어려움은 상담 전 마음건강 검사로 확인합니다.",
        variants(
            {**SEOULITE, "age": 38},
            "서울에 사는 만 38세 1인가구",
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
        ),
    ),
    "neighbour_watch": DemoRule(
        every(ALONE, MIDLIFE_OR_OLDER),
        "살핌 대상 기준입니다. 이웃살피미 활동은 동네 주민 누구나 신청할 수 있습니다.",
        variants(
            {**SEOULITE, "age": 62},
            "혼자 사는 만 62세",
            (INELIGIBLE, "혼자 사는 만 35세", {"age": 35}),
            (INELIGIBLE, "가족과 함께 사는 만 62세", {"lives_alone": False}),
        ),
    ),
    "mentoring": DemoRule(
        every(ALONE, {"fact": "district", "op": "in", "value": ["11230", "11590", "11440"]}),
        "2021년 동대문구·동작구·마포구 1인가구지원센터에서 운영했습니다.",
        variants(
            {**SEOULITE, "age": 30, "district": "11440"},
            "마포구에 사는 만 30세 1인가구",
            (INELIGIBLE, "관악구에 사는 사람", {"district": "11620"}),
            (UNKNOWN, "거주 자치구를 답하지 않음", {"district": None}),
        ),
    ),
    "ai_check_in": DemoRule(
        every(ALONE, age_from(50)),
        "고립 위험이나 안부 확인 희망 여부는 신청 상담에서 확인합니다.",
        variants(
            {**SEOULITE, "age": 72},
            "혼자 사는 만 72세",
            (INELIGIBLE, "만 45세", {"age": 45}),
        ),
    ),
    "hospital_companion": DemoRule(
        copy.deepcopy(HOSPITAL_COMPANION_2025.rule),
        "장기요양·노인맞춤돌봄 이용자는 그 서비스로 연계합니다. " + HOSPITAL_COMPANION_FREE_2025.note,
        variants(
            {"registered_in_seoul": True, "age": 45, "long_term_care": False, "elderly_care_service": False},
            "장기요양·노인맞춤돌봄을 이용하지 않는 만 45세",
            (INELIGIBLE, "장기요양 등급이 있는 사람", {"long_term_care": True}),
            (INELIGIBLE, "서울에 주민등록이 없음", {"registered_in_seoul": False}),
            (UNKNOWN, "노인맞춤돌봄 이용 여부를 답하지 않음", {"elderly_care_service": None}),
        ),
    ),
    "ai_iot_health": DemoRule(
        every(SEOUL, age_from(65)),
        "고혈압·당뇨 전 단계 등 건강관리 필요 여부는 보건소 기초 건강검사로 확인합니다.",
        variants(
            {**SEOULITE, "age": 70},
            "서울에 사는 만 70세",
            (INELIGIBLE, "만 60세", {"age": 60}),
        ),
    ),
    "visiting_health": DemoRule(
        every(
            SEOUL,
            {
                "any": [
                    {"fact": "age", "op": "in", "value": [65, 70], "label": "만 65세 또는 만 70세가 되는 어르신"},
                    {"all": [ALONE, MIDLIFE_OR_OLDER], "label": "혼자 사는 중장년·어르신"},
                    {"fact": "basic_livelihood", "op": "is_true"},
                    {"fact": "near_poverty", "op": "is_true"},
                ],
                "label": "방문건강관리 대상 중 하나 이상",
            },
        ),
        "건강 위험이 있는지는 방문간호사가 첫 방문에서 확인합니다.",
        variants(
            {"registered_in_seoul": True, "lives_alone": False, "age": 65, "basic_livelihood": False},
            "올해 만 65세가 된 어르신(가족과 거주)",
            (ELIGIBLE, "혼자 사는 만 55세", {"age": 55, "lives_alone": True}),
            (ELIGIBLE, "기초생활수급자인 만 40세", {"age": 40, "basic_livelihood": True}),
            (INELIGIBLE, "가족과 사는 만 40세, 수급·차상위 아님", {"age": 40, "near_poverty": False}),
            (UNKNOWN, "만 40세, 차상위 여부를 답하지 않음", {"age": 40}),
        ),
    ),
    "midlife_healthcare": DemoRule(
        copy.deepcopy(MIDLIFE_HEALTHCARE.rule),
        "참여 자치구 거주자를 우선 선정합니다.",
        variants(
            {**SEOULITE, "age": 55},
            "혼자 사는 만 55세",
            (INELIGIBLE, "만 45세", {"age": 45}),
            (UNKNOWN, "혼자 사는지 답하지 않음", {"lives_alone": None}),
        ),
    ),
    "paid_sick_leave": DemoRule(
        every(
            SEOUL,
            age_from(15),
            {
                "fact": "employment",
                "op": "in",
                "value": ["EMPLOYED", "SELF_EMPLOYED"],
                "label": "근로자·특수고용직·자영업자",
            },
            income_up_to(1.0),
        ),
        "재산 기준과 입원 사실은 신청 서류로 확인합니다.",
        variants(
            {**SEOULITE, "age": 40, "employment": "SELF_EMPLOYED", "income_pct": 80},
            "기준 중위소득 80%인 만 40세 자영업자",
            (INELIGIBLE, "미취업인 사람", {"employment": "UNEMPLOYED"}),
            (INELIGIBLE, "기준 중위소득 130%", {"income_pct": 130}),
            (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
        ),
    ),
    "wrist_doctor": DemoRule(
        every(age_from(19)),
        "서울에서 일하는 사람도 참여할 수 있어 거주 조건은 두지 않았습니다.",
        variants(
            {"age": 30},
            "만 30세",
            (INELIGIBLE, "만 17세", {"age": 17}),
        ),
    ),
    "healthy_meals": DemoRule(
        every(SEOUL, ALONE),
        "건강 반찬 꾸러미는 저소득 중장년·어르신 1인가구를 동주민센터 추천으로 우선 선정합니다.",
        variants(
            {**SEOULITE, "age": 47},
            "서울에 사는 만 47세 1인가구",
            (INELIGIBLE, "가족과 함께 사는 사람", {"lives_alone": False}),
        ),
    ),
    "youth_mental_health": DemoRule(
        every(SEOUL, ages(19, 39)),
        "청년 누구나 신청할 수 있습니다.",
        variants(
            {**SEOULITE, "age": 25},
            "서울에 사는 만 25세",
            (INELIGIBLE, "만 45세", {"age": 45}),
            (UNKNOWN, "생년월일을 답하지 않음", {"age": None}),
        ),
    ),
}

# --- district templates ------------------------------------------------------------------------


def _elsewhere(code: str) -> str:
    """Another district, for the case of someone who lives outside the providing one."""
    return "11110" if code != "11110" else "11140"


def district_rule(
    code: str,
    extra: tuple[dict[str, Any], ...],
    note: str,
    base: dict[str, Any],
    *changes: tuple[str, str, dict[str, Any]],
) -> DemoRule:
    """A district policy: living in the district and alone, plus the template's own criteria.

    Every district rule is tested with someone who lives in another district.
    """
    name = BY_CODE[code].name
    person_terms = {**SEOULITE, "district": code, **base}
    return DemoRule(
        every(lives_in(code), ALONE, *extra),
        note,
        variants(
            person_terms,
            f"{name}에 사는 1인가구(만 {person_terms['age']}세)",
            (INELIGIBLE, f"{BY_CODE[_elsewhere(code)].name}에 사는 사람", {"district": _elsewhere(code)}),
            *changes,
        ),
    )


def _plain(note: str, age: int) -> Callable[[str], DemoRule]:
    def build(code: str) -> DemoRule:
        return district_rule(
            code,
            (),
            note,
            {"age": age},
            (INELIGIBLE, "가족과 함께 사는 사람", {"lives_alone": False}),
            (UNKNOWN, "혼자 사는지 답하지 않음", {"lives_alone": None}),
        )

    return build


DISTRICT_RULES: dict[str, Callable[[str], DemoRule]] = {
    "district_safe_return": _plain("여성·청년을 우선 안내합니다.", 26),
    "district_smart_doorbell": lambda code: district_rule(
        code,
        (FEMALE, age_from(19)),
        "임차 가구를 우선 선정하며 모집 가구 수가 차면 마감합니다.",
        {"age": 30, "sex": "F", "housing_tenure": "MONTHLY_RENT"},
        (INELIGIBLE, "남성 1인가구", {"sex": "M"}),
        (UNKNOWN, "성별을 답하지 않음", {"sex": None}),
    ),
    "district_safety_kit": _plain("전입한 지 1년이 안 되었는지는 주민등록 전입일로 확인합니다.", 28),
    "district_contract_help": _plain("집을 구하거나 계약을 앞두었는지는 예약 상담에서 확인합니다.", 29),
    "district_home_fix": _plain("중장년·어르신·여성 1인가구를 우선 방문합니다.", 63),
    "district_moving_help": lambda code: district_rule(
        code,
        (ages(19, 39), NO_HOME, income_up_to(1.5)),
        "전입한 지 6개월이 안 되었는지는 전입 확인 서류로 확인합니다.",
        {"age": 27, "housing_tenure": "MONTHLY_RENT", "income_pct": 110},
        (INELIGIBLE, "자가에 사는 사람", {"housing_tenure": "OWNER"}),
        (INELIGIBLE, "기준 중위소득 170%", {"income_pct": 170}),
        (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
    ),
    "district_tool_library": lambda code: DemoRule(
        every(lives_in(code)),
        "주민 누구나 신분증을 가지고 빌릴 수 있습니다.",
        variants(
            {"registered_in_seoul": True, "district": code, "age": 45},
            f"{BY_CODE[code].name}에 사는 주민",
            (INELIGIBLE, f"{BY_CODE[_elsewhere(code)].name}에 사는 사람", {"district": _elsewhere(code)}),
            (UNKNOWN, "거주 자치구를 답하지 않음", {"district": None}),
        ),
    ),
    "district_midlife_jobs": lambda code: district_rule(
        code,
        (ages(50, 64), UNEMPLOYED),
        "구직 의사와 희망 직무는 일자리센터 상담에서 확인합니다.",
        {"age": 57, "employment": "UNEMPLOYED"},
        (INELIGIBLE, "만 66세", {"age": 66}),
        (UNKNOWN, "취업 상태를 답하지 않음", {"employment": None}),
    ),
    "district_finance": _plain("전세보증금·채무·임금체불 등 돈 문제가 있는 1인가구 누구나 상담받을 수 있습니다.", 36),
    "district_social_dining": _plain("회차별로 청년·중장년을 나누어 모집합니다.", 31),
    "district_companion_plants": _plain("중장년·어르신 1인가구를 우선 선정합니다.", 66),
    "district_check_in": lambda code: district_rule(
        code,
        (MIDLIFE_OR_OLDER,),
        "안부 확인을 원하는지는 동주민센터 담당자가 방문해 확인합니다.",
        {"age": 67},
        (INELIGIBLE, "만 35세", {"age": 35}),
    ),
    "district_ai_speaker": lambda code: district_rule(
        code,
        (age_from(65),),
        "보호자가 대신 신청할 수 있습니다.",
        {"age": 78},
        (INELIGIBLE, "만 60세", {"age": 60}),
    ),
    "district_youth_mind": lambda code: district_rule(
        code,
        (ages(19, 39),),
        "청년센터나 1인가구지원센터에서 신청합니다.",
        {"age": 24},
        (INELIGIBLE, "만 42세", {"age": 42}),
        (UNKNOWN, "생년월일을 답하지 않음", {"age": None}),
    ),
    "district_side_dishes": lambda code: district_rule(
        code,
        (MIDLIFE_OR_OLDER, income_up_to(0.75)),
        "가정 방문 뒤 선정합니다.",
        {"age": 71, "income_pct": 45},
        (INELIGIBLE, "기준 중위소득 90%", {"income_pct": 90}),
        (INELIGIBLE, "만 40세", {"age": 40}),
        (UNKNOWN, "소득을 답하지 않음", {"income_pct": None}),
    ),
    "district_hospital_escort": _plain("기준 중위소득 85% 이하는 이용료가 없습니다.", 74),
    "district_midlife_checkup": lambda code: district_rule(
        code,
        (ages(50, 64),),
        "보건소에 전화로 예약합니다.",
        {"age": 54},
        (INELIGIBLE, "만 70세", {"age": 70}),
    ),
    "district_mentoring": _plain("성별·세대가 비슷한 사람끼리 그룹을 짭니다.", 33),
}


def rule_for(policy: PolicySpec) -> DemoRule:
    if policy.district_code is None:
        found = CITY_RULES.get(policy.key)
        return found if found is not None else _missing(policy)
    builder = DISTRICT_RULES.get(policy.key)
    return builder(policy.district_code) if builder is not None else _missing(policy)


def _missing(policy: PolicySpec) -> DemoRule:
    raise LookupError(f"시연용 지원제도 {policy.key}({policy.title})에 자격 규칙이 없습니다.")


def build_rules(policies: Iterable[PolicySpec]) -> list[RuleSpec]:
    """One published rule with its test cases for every demo policy, in the policies' order."""
    out = []
    for policy in policies:
        rule = rule_for(policy)
        out.append(RuleSpec(policy.code, rule.definition, rule.note, rule.cases))
    return out
