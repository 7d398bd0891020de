"""Eligibility rules of the demo policies, as data: golden tests, benchmarks and the catalogue seed use them.

`policy_key` is the demo catalogue's key (anshim/portal/demo/policies.py); a policy whose criteria changed
has one example per version, told apart by `effective_from`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from anshim.eligibility.rules import Rule

SEOUL_RESIDENT = {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"}
LIVES_ALONE = {"fact": "lives_alone", "op": "is_true"}


@dataclass(frozen=True)
class Example:
    key: str
    policy_key: str
    title: str
    effective_from: datetime.date
    rule: dict[str, Any]
    note: str = ""

    def compiled(self) -> Rule:
        return Rule(self.rule)


YOUTH_RENT = Example(
    key="youth_rent",
    policy_key="youth_rent",
    title="청년 월세지원",
    effective_from=datetime.date(2021, 1, 1),
    rule={
        "parameters": {
            "max_deposit": [{"from": "2021-01-01", "value": 50_000_000}],
            "max_rent": [{"from": "2021-01-01", "value": 600_000}],
            "income_limit": [{"from": "2021-01-01", "value": 1.5}],
        },
        "all": [
            {"fact": "age", "op": "between", "value": [19, 39]},
            SEOUL_RESIDENT,
            {
                "fact": "housing_tenure",
                "op": "in",
                "value": ["MONTHLY_RENT", "GOSIWON"],
                "label": "무주택 월세 거주(고시원 포함)",
            },
            {"fact": "deposit", "op": "lte", "value": {"param": "max_deposit"}},
            {"fact": "monthly_rent", "op": "lte", "value": {"param": "max_rent"}},
            {"fact": "income_ratio", "op": "lte", "value": {"param": "income_limit"}},
        ],
    },
)

DOORGUARD_2021 = Example(
    key="doorguard_2021",
    policy_key="doorguard",
    title="1인가구 안전 도어지킴이 (2021)",
    effective_from=datetime.date(2021, 9, 1),
    rule={"all": [{"fact": "age", "op": "gte", "value": 18}, SEOUL_RESIDENT, LIVES_ALONE]},
)

DOORGUARD_2022 = Example(
    key="doorguard_2022",
    policy_key="doorguard",
    title="1인가구 안전 도어지킴이 (2022)",
    effective_from=datetime.date(2022, 1, 1),
    rule={
        "all": [
            {"fact": "age", "op": "gte", "value": 18},
            SEOUL_RESIDENT,
            LIVES_ALONE,
            {
                "fact": "housing_tenure",
                "op": "in",
                "value": ["JEONSE", "MONTHLY_RENT", "GOSIWON"],
                "label": "임차 주택 거주(전세·월세·고시원)",
            },
            {"fact": "home_wifi", "op": "is_true"},
        ]
    },
    note="2022년부터 임차 가구만, 집에 와이파이가 있어야 설치할 수 있습니다.",
)

HOSPITAL_COMPANION_2025 = Example(
    key="hospital_companion_2025",
    policy_key="hospital_companion",
    title="병원 안심동행 (2025)",
    effective_from=datetime.date(2025, 1, 1),
    rule={
        "all": [
            SEOUL_RESIDENT,
            # Someone already served by long-term care or 노인맞춤돌봄 is routed to that service instead.
            {
                "not": {
                    "any": [
                        {"fact": "long_term_care", "op": "is_true"},
                        {"fact": "elderly_care_service", "op": "is_true"},
                    ]
                }
            },
        ]
    },
)

HOSPITAL_COMPANION_FREE_2025 = Example(
    key="hospital_companion_free_2025",
    policy_key="hospital_companion",
    title="병원 안심동행 무료 이용 (2025)",
    effective_from=datetime.date(2025, 1, 1),
    rule={
        "all": [
            SEOUL_RESIDENT,
            {
                "not": {
                    "any": [
                        {"fact": "long_term_care", "op": "is_true"},
                        {"fact": "elderly_care_service", "op": "is_true"},
                    ]
                }
            },
            {"fact": "income_ratio", "op": "lte", "value": 1.0},
        ]
    },
    note="기준 중위소득 100% 이하는 연 48회까지 무료입니다.",
)

BASIC_SECURITY = Example(
    key="basic_security",
    policy_key="basic_security",
    title="서울형 기초보장제",
    effective_from=datetime.date(2021, 1, 1),
    rule={
        "parameters": {
            "asset_limit": [
                {"from": "2021-01-01", "value": 135_000_000},
                {"from": "2022-01-01", "value": 155_000_000},
            ],
        },
        "all": [
            SEOUL_RESIDENT,
            {"fact": "seoul_residence_months", "op": "gte", "value": 6},
            {"fact": "income_ratio", "op": "lte", "value": 0.46},
            {"fact": "assets", "op": "lte", "value": {"param": "asset_limit"}},
            {"not": {"fact": "basic_livelihood", "op": "is_true"}},
        ],
    },
)

SAFE_HOME_SET = Example(
    key="safe_home_set",
    policy_key="safe_home_set",
    title="여성1인가구 안심홈세트",
    effective_from=datetime.date(2021, 1, 1),
    rule={
        "all": [
            {"fact": "sex", "op": "eq", "value": "F"},
            LIVES_ALONE,
            SEOUL_RESIDENT,
            {
                "any": [
                    {
                        "all": [
                            {"fact": "housing_tenure", "op": "eq", "value": "JEONSE"},
                            {"fact": "deposit", "op": "lte", "value": 200_000_000},
                        ],
                        "label": "전세보증금 2억원 이하 전세 거주",
                    },
                    {"fact": "housing_tenure", "op": "in", "value": ["MONTHLY_RENT", "GOSIWON"]},
                ],
                "label": "전세(보증금 2억원 이하) 또는 월세 거주",
            },
        ]
    },
    note="기준 중위소득 150% 이하는 선정 우선순위일 뿐 자격 요건이 아니어서 규칙에 넣지 않았습니다.",
)

MIDLIFE_HEALTHCARE = Example(
    key="midlife_healthcare",
    policy_key="midlife_healthcare",
    title="중장년 1인가구 헬스케어",
    effective_from=datetime.date(2021, 9, 1),
    rule={"all": [{"fact": "age", "op": "gte", "value": 50}, LIVES_ALONE, SEOUL_RESIDENT]},
)

EXAMPLES: tuple[Example, ...] = (
    YOUTH_RENT,
    DOORGUARD_2021,
    DOORGUARD_2022,
    HOSPITAL_COMPANION_2025,
    HOSPITAL_COMPANION_FREE_2025,
    BASIC_SECURITY,
    SAFE_HOME_SET,
    MIDLIFE_HEALTHCARE,
)
BY_KEY: dict[str, Example] = {example.key: example for example in EXAMPLES}


def example_rules() -> dict[str, Rule]:
    return {example.key: example.compiled() for example in EXAMPLES}
