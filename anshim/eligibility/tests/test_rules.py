import datetime

import pytest

from anshim.eligibility.examples import EXAMPLES
from anshim.eligibility.rules import MAX_DEPTH, Rule, RuleError, as_rule

AGE_ADULT = {"fact": "age", "op": "gte", "value": 18}
SEOUL = {"fact": "registered_in_seoul", "op": "is_true"}


def issues_of(rule) -> list[str]:
    with pytest.raises(RuleError) as caught:
        Rule(rule)
    return [str(issue) for issue in caught.value.issues]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.key)
def test_every_example_rule_is_valid(example):
    assert example.compiled().fact_names


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {"all": [AGE_ADULT, SEOUL, {"fact": "age", "op": "between", "value": [19]}]},
            "$.all[2].value: 숫자 두 개의 목록이어야 합니다",
        ),
        ({"all": [{"fact": "agee", "op": "gte", "value": 18}]}, "$.all[0].fact: 알 수 없는 항목 'agee'입니다"),
        (
            {"any": [SEOUL, {"fact": "sex", "op": "lt", "value": "F"}]},
            "$.any[1].op: 성별(sex)에는 'lt' 연산을 쓸 수 없습니다 (가능: eq, ne, in, not_in)",
        ),
        (
            {"all": [{"fact": "housing_tenure", "op": "in", "value": ["MONTHLY_RENT", "TENT"]}]},
            "$.all[0].value[1]: 알 수 없는 값 'TENT'입니다 (가능: OWNER, JEONSE, MONTHLY_RENT, GOSIWON, OTHER)",
        ),
        (
            {"not": {"fact": "student", "op": "is_true", "value": True}},
            "$.not.value: 'is_true' 연산에는 값을 쓰지 않습니다",
        ),
        ({"all": [SEOUL, {"all": []}]}, "$.all[1].all: 조건이 하나 이상 든 목록이어야 합니다"),
        (
            {"all": [{"fact": "monthly_rent", "op": "lte", "value": {"param": "max_rent"}}]},
            "$.all[0].value.param: 정의되지 않은 매개변수 'max_rent'입니다 ($.parameters에 정의하세요)",
        ),
        (
            {
                "parameters": {
                    "max_rent": [{"from": "2022-01-01", "value": 1}, {"from": "2021-01-01", "value": 2}],
                },
                "fact": "monthly_rent",
                "op": "lte",
                "value": {"param": "max_rent"},
            },
            "$.parameters.max_rent[1].from: 적용일은 앞 항목보다 늦은 날짜여야 합니다 (오름차순)",
        ),
        (
            {"parameters": {"max_rent": [{"from": "2022-01-01", "value": "60만"}]}, "all": [SEOUL]},
            "$.parameters.max_rent[0].value: 숫자여야 합니다",
        ),
        (
            {"parameters": {"MaxRent": []}, "all": [SEOUL]},
            "$.parameters.MaxRent: 매개변수 이름은 영문 소문자로 시작하고 소문자·숫자·_만 씁니다",
        ),
        ({"all": [SEOUL], "any": [SEOUL]}, "$: 'all', 'any'를 한 조건에 함께 쓸 수 없습니다"),
        ({"all": [1]}, "$.all[0]: 조건 객체여야 합니다 ('all', 'any', 'not' 또는 'fact')"),
        ({"fact": "age", "op": "between", "value": [40, 19]}, "$.value: 앞의 값이 뒤의 값보다 클 수 없습니다"),
        ({"all": [{"fact": "deposit", "op": "lte", "value": "5천만원"}]}, "$.all[0].value: 숫자여야 합니다"),
        ({"all": [{"fact": "deposit", "op": "lte", "value": True}]}, "$.all[0].value: 숫자여야 합니다"),
        ({"fact": "birth_date", "op": "lt", "value": "1990-13-01"}, "$.value: YYYY-MM-DD 형식의 날짜여야 합니다"),
        ({"fact": "birth_date", "op": "between", "value": ["1990-01-01"]}, "$.value: 날짜 두 개의 목록이어야 합니다"),
        ({"fact": "age", "op": "in", "value": [19, 19.5]}, "$.value[1]: 정수여야 합니다"),
        ({"fact": "household_size", "op": "in", "value": [1, 1]}, "$.value[1]: 중복된 값 1입니다"),
        ({"fact": "age", "op": "gte", "value": [18]}, "$.value: 목록이 아니라 값 하나여야 합니다"),
        ({"fact": "age", "op": "gte"}, "$.value: 값(value)이 있어야 합니다"),
        ({"fact": "age", "value": 3}, "$.op: 연산(op)이 있어야 합니다"),
        (
            {"fact": "age", "op": "older_than", "value": 3},
            "$.op: 알 수 없는 연산 'older_than'입니다 (가능: eq, ne, in, not_in, lt, lte, gt, gte, between, is_true, is_false)",
        ),
        (
            {"fact": "income_ratio", "op": "in", "value": [1]},
            "$.op: 기준 중위소득 대비 소득(income_ratio)에는 'in' 연산을 쓸 수 없습니다 (가능: eq, ne, lt, lte, gt, gte, between)",
        ),
        ({"all": [{"all": [SEOUL], "parameters": {}}]}, "$.all[0].parameters: 알 수 없는 키입니다"),
        ({"all": [{**SEOUL, "label": ""}]}, "$.all[0].label: 비어 있지 않은 문자열이어야 합니다"),
        (
            {"fact": "sex", "op": "eq", "value": {"param": "x"}},
            "$.value: 알 수 없는 값 {'param': 'x'}입니다 (가능: F, M)",
        ),
        (
            {"fact": "deposit", "op": "lte", "value": {"param": 3}},
            '$.value: 숫자이거나 {"param": "매개변수 이름"} 형식이어야 합니다',
        ),
        ("all", "$: 조건 객체여야 합니다 ('all', 'any', 'not' 또는 'fact')"),
        ({"label": "무엇"}, "$: 'all', 'any', 'not', 'fact' 중 하나가 있어야 합니다"),
    ],
)
def test_a_malformed_rule_is_refused_with_the_json_path_of_the_error(rule, expected):
    assert issues_of(rule) == [expected]


def test_every_problem_of_a_rule_is_reported_at_once():
    found = issues_of(
        {
            "all": [
                {"fact": "age", "op": "gte", "valeu": 18},
                {"fact": "sex", "op": "eq", "value": "W"},
                SEOUL,
            ]
        }
    )
    assert found == [
        "$.all[0].valeu: 알 수 없는 키입니다",
        "$.all[0].value: 값(value)이 있어야 합니다",
        "$.all[1].value: 알 수 없는 값 'W'입니다 (가능: F, M)",
    ]


def test_nesting_is_limited():
    rule = SEOUL
    for _ in range(MAX_DEPTH + 1):
        rule = {"not": rule}
    assert issues_of(rule)[0].endswith(f"조건이 너무 깊게 중첩되었습니다 (최대 {MAX_DEPTH}단계)")


def test_invalid_json_text_is_reported_with_line_and_column():
    with pytest.raises(RuleError) as caught:
        Rule.parse('{"all": [\n  {"fact": "age", "op": "gte", "value": 18},\n]}')
    assert str(caught.value) == "$: 올바른 JSON이 아닙니다 (3번째 줄 1번째 글자)"
    assert caught.value.as_list() == [{"path": "$", "message": "올바른 JSON이 아닙니다 (3번째 줄 1번째 글자)"}]
    assert Rule.parse('{"fact": "age", "op": "gte", "value": 18}').fact_names == {"age"}


def test_rule_data_is_compiled_once_per_distinct_content():
    first = as_rule({"all": [AGE_ADULT, SEOUL]})
    assert as_rule({"all": [dict(AGE_ADULT), dict(SEOUL)]}) is first
    assert as_rule(first) is first
    assert as_rule({"all": [SEOUL, AGE_ADULT]}) is not first


def test_not_is_pushed_down_to_the_criteria_with_readable_labels():
    rule = Rule(
        {
            "all": [
                {
                    "not": {
                        "any": [
                            {"fact": "long_term_care", "op": "is_true"},
                            {"fact": "age", "op": "between", "value": [19, 39]},
                        ]
                    }
                },
                {"not": {"fact": "sex", "op": "eq", "value": "F", "label": "여성"}},
                {"not": {"not": {"fact": "sex", "op": "eq", "value": "F", "label": "여성"}}},
                {"not": {"fact": "monthly_rent", "op": "lte", "value": 600_000}},
            ]
        }
    )
    plan = rule.plan(datetime.date(2024, 1, 1))
    assert [(c.op, c.label) for c in plan.criteria] == [
        ("is_false", "장기요양 등급 없음"),
        ("not_between", "만 19~39세 아님"),
        ("ne", "여성 아님"),
        ("eq", "여성"),
        ("gt", "월세 60만원 초과"),
    ]
    # The negated `any` became an `all`, lifted into the root `all`.
    assert plan.tree[0] == "all" and len(plan.tree[1]) == 5
