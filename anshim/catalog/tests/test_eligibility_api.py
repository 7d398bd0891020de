"""The eligibility API: verdicts with reasons and questions, Korean 422s for impossible facts, a policy's rule."""

import datetime

import pytest
from django.utils import timezone

from anshim.catalog.models import Policy, PolicyRule, RuleStatus
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility.examples import BASIC_SECURITY, YOUTH_RENT

pytestmark = pytest.mark.django_db

CHECK = "/api/eligibility/check"
WHEN = "2026-03-02"
SEOUL_ALONE = {
    "rule": {"all": [{"fact": "registered_in_seoul", "op": "is_true"}, {"fact": "lives_alone", "op": "is_true"}]}
}
YOUTH = {
    "birth_date": "1998-07-01",
    "registered_in_seoul": True,
    "lives_alone": True,
    "household_size": 1,
    "housing_tenure": "MONTHLY_RENT",
    "deposit": 10_000_000,
    "monthly_rent": 450_000,
    "monthly_income": 3_077_086,  # 120% of the 2026 기준 중위소득 for one person
}


def add_policy(title, definition, *, version=1, featured=False, is_published=True, status=RuleStatus.PUBLISHED):
    policy = Policy.objects.bulk_create(
        [PolicyFactory.build(title=title, featured=featured, is_published=is_published)]
    )[0]
    PolicyRule.objects.create(
        policy=policy,
        version=version,
        definition=definition,
        status=status,
        published_at=timezone.now() if status == RuleStatus.PUBLISHED else None,
        note="시험용 규칙",
    )
    return policy


@pytest.fixture
def catalogue():
    return {
        "rent": add_policy("청년 월세지원", YOUTH_RENT.rule, version=3, featured=True),
        "basic": add_policy("서울형 기초보장제", BASIC_SECURITY.rule),
        "social": add_policy("사회적관계망 지원", SEOUL_ALONE["rule"]),
        "women": add_policy("여성 안심", {"all": [{"fact": "sex", "op": "eq", "value": "F"}]}),
    }


def check(client, facts, **body):
    return client.post(CHECK, {"facts": facts, **body}, content_type="application/json")


def by_title(data):
    return {row["title"]: row for row in data["results"]}


def test_check_gives_each_policy_its_verdict_reasons_version_and_link(client, catalogue):
    response = check(client, {**YOUTH, "sex": "M"}, reference_date=WHEN)

    assert response.status_code == 200
    data = response.json()
    assert data["reference_date"] == WHEN
    assert data["counts"] == {"eligible": 2, "unknown": 0, "ineligible": 2}
    assert [row["outcome"] for row in data["results"]] == ["ELIGIBLE", "ELIGIBLE", "INELIGIBLE", "INELIGIBLE"]
    rent = by_title(data)["청년 월세지원"]
    assert data["results"][0] == rent  # featured first among the eligible
    assert rent["outcome_label"] == "대상" and rent["rule_version"] == 3
    assert rent["apply_url"] == f"/policies/{catalogue['rent'].pk}/"
    assert rent["criteria"][0] == {"label": "만 19~39세", "state": "MET", "sentence": "만 19~39세: 충족 (만 27세)"}
    assert rent["criteria"][-1]["sentence"] == "기준 중위소득 150% 이하: 충족 (약 120%)"
    assert rent["missing_facts"] == []
    women = by_title(data)["여성 안심"]
    assert women["outcome_label"] == "비대상"
    assert women["criteria"] == [{"label": "여성", "state": "UNMET", "sentence": "여성: 미충족 (남성)"}]
    basic = by_title(data)["서울형 기초보장제"]
    assert "기준 중위소득 46% 이하: 미충족 (약 120%)" in [c["sentence"] for c in basic["criteria"]]
    assert data["questions"] == []


def test_an_undecided_policy_names_the_facts_that_would_decide_it(client, catalogue):
    person = {"registered_in_seoul": True, "household_size": 1, "monthly_income": 800_000, "assets": 30_000_000}

    basic = by_title(check(client, person, reference_date=WHEN).json())["서울형 기초보장제"]

    assert basic["outcome"] == "UNKNOWN" and basic["outcome_label"] == "추가 확인 필요"
    assert basic["missing_facts"] == [
        {"fact": "seoul_residence_months", "label": "서울 거주 기간"},
        {"fact": "basic_livelihood", "label": "기초생활수급 여부"},
    ]
    assert {
        "label": "서울 거주 6개월 이상",
        "state": "UNKNOWN",
        "sentence": "서울 거주 6개월 이상: 확인 필요 (정보 없음)",
    } in (basic["criteria"])


def test_missing_facts_are_fine_and_become_questions(client, catalogue):
    response = check(client, {"registered_in_seoul": True}, reference_date=WHEN)

    assert response.status_code == 200
    data = response.json()
    assert data["counts"] == {"eligible": 0, "unknown": 4, "ineligible": 0}
    questions = {q["fact"]: q for q in data["questions"]}
    assert questions["household_size"]["policies"] == 2 and questions["monthly_income"]["policies"] == 2
    assert questions["sex"] == {
        "fact": "sex",
        "label": "성별",
        "kind": "enum",
        "choices": [{"value": "F", "label": "여성"}, {"value": "M", "label": "남성"}],
        "policies": 1,
    }
    counts = [q["policies"] for q in data["questions"]]
    assert counts == sorted(counts, reverse=True)


def test_no_facts_at_all_asks_everything(client, catalogue):
    response = client.post(CHECK, {}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["counts"]["unknown"] == 4
    assert response.json()["reference_date"] == timezone.localdate().isoformat()


def test_policy_ids_limit_the_check(client, catalogue):
    response = check(client, YOUTH, reference_date=WHEN, policy_ids=[catalogue["social"].pk])

    assert [row["title"] for row in response.json()["results"]] == ["사회적관계망 지원"]


def test_unpublished_policies_and_drafts_are_not_judged(client, catalogue):
    add_policy("내려간 제도", SEOUL_ALONE["rule"], is_published=False)
    add_policy("초안만 있는 제도", SEOUL_ALONE["rule"], status=RuleStatus.DRAFT)

    titles = set(by_title(check(client, YOUTH, reference_date=WHEN).json()))

    assert titles == {"청년 월세지원", "서울형 기초보장제", "사회적관계망 지원", "여성 안심"}


def test_reference_date_decides_the_dated_parameters(client, catalogue):
    person = {**YOUTH, "seoul_residence_months": 120, "monthly_income": 700_000, "assets": 140_000_000}
    person["basic_livelihood"] = False

    then = by_title(check(client, person, reference_date="2021-06-01").json())["서울형 기초보장제"]
    now = by_title(check(client, person, reference_date=WHEN).json())["서울형 기초보장제"]

    assert then["outcome"] == "INELIGIBLE" and "재산 1억 3,500만원 이하: 미충족 (1억 4,000만원)" in [
        c["sentence"] for c in then["criteria"]
    ]
    assert now["outcome"] == "ELIGIBLE"


@pytest.mark.parametrize(
    ("facts", "field", "message"),
    [
        ({"birth_date": "2999-01-01"}, "facts.birth_date", "생년월일: 미래의 날짜일 수 없습니다 (2999-01-01)."),
        ({"birth_date": "1990-02-30"}, "facts.birth_date", "생년월일: YYYY-MM-DD 형식의 날짜여야 합니다"),
        ({"monthly_income": -100}, "facts.monthly_income", "가구 월 소득: 0 이상이어야 합니다 (입력값 -100)."),
        ({"district": "99999"}, "facts.district", "거주 자치구: 서울시 25개 자치구 코드(11110~11740) 중 하나여야"),
        ({"household_size": 0}, "facts.household_size", "가구원 수: 1 이상이어야 합니다 (입력값 0)."),
        ({"housing_tenure": "CASTLE"}, "facts.housing_tenure", "주거 형태: OWNER(자가), JEONSE(전세)"),
        ({"lives_alone": "네"}, "facts.lives_alone", "혼자 사는지(1인가구): 예/아니오(true/false) 값이어야 합니다."),
        ({"age": 30}, "facts.age", "나이은(는) 직접 입력하지 않고 생년월일(으)로 계산합니다."),
        ({"favourite_colour": "파랑"}, "facts.favourite_colour", "알 수 없는 항목입니다."),
    ],
)
def test_impossible_facts_are_a_422_naming_the_field(client, catalogue, facts, field, message):
    response = check(client, facts, reference_date=WHEN)

    assert response.status_code == 422
    data = response.json()
    assert data["errors"][0]["field"] == field
    assert data["errors"][0]["message"].startswith(message)
    assert data["detail"].startswith("입력값이 올바르지 않습니다.")


def test_every_impossible_fact_is_reported_at_once(client, catalogue):
    response = check(client, {"birth_date": "2999-01-01", "household_size": 0, "district": "강남"})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [
        "facts.birth_date",
        "facts.household_size",
        "facts.district",
    ]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"facts": ["birth_date"]}, "facts", '사실은 {"항목": 값} 형식의 객체여야 합니다.'),
        ({"facts": {}, "reference_date": "2026-13-01"}, "reference_date", "날짜 형식(YYYY-MM-DD)이 올바르지 않습니다."),
        (
            {"facts": {}, "reference_date": 20260302},
            "reference_date",
            "기준일은 YYYY-MM-DD 형식의 문자열이어야 합니다.",
        ),
        (
            {"facts": {}, "reference_date": "2019-12-31"},
            "reference_date",
            "기준일은 2021-01-01부터 2099-12-31 사이여야",
        ),
        ({"facts": {}, "policy_ids": "1,2"}, "policy_ids", "지원제도 번호의 목록이어야 합니다."),
        ({"facts": {}, "policy_ids": [0]}, "policy_ids", "지원제도 번호는 1 이상의 정수여야 합니다."),
        ({"facts": {}, "policy_ids": list(range(1, 502))}, "policy_ids", "지원제도는 한 번에 500개까지"),
        ({"facts": {}, "policy_ids": [99999]}, "policy_ids", "게시된 자격 규칙이 없는 지원제도입니다: 99999"),
    ],
)
def test_bad_request_fields_are_a_korean_422(client, catalogue, body, field, message):
    response = client.post(CHECK, body, content_type="application/json")

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == field and error["message"].startswith(message)


def test_a_birth_after_the_reference_date_is_refused(client, catalogue):
    response = check(client, {"birth_date": "2023-05-01"}, reference_date="2022-01-01")

    assert response.status_code == 422
    assert response.json()["errors"][0] == {
        "field": "facts.birth_date",
        "message": "생년월일: 미래의 날짜일 수 없습니다 (2023-05-01).",
    }


def test_a_rule_parameter_not_yet_in_force_is_a_422_on_the_date(client):
    add_policy(
        "내년부터 바뀌는 제도",
        {
            "parameters": {"max_rent": [{"from": "2027-01-01", "value": 700_000}]},
            "all": [{"fact": "monthly_rent", "op": "lte", "value": {"param": "max_rent"}}],
        },
    )

    response = check(client, {"monthly_rent": 500_000}, reference_date=WHEN)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reference_date"
    assert "2027-01-01 이전에 적용되는 값이 없습니다" in response.json()["errors"][0]["message"]


# --- GET /api/policies/{id}/rules ------------------------------------------------------------


def rules_url(policy_id) -> str:
    return f"/api/policies/{policy_id}/rules"


def test_policy_rules_give_the_published_version_readable_criteria_and_history(client, catalogue):
    policy = catalogue["basic"]
    PolicyRule.objects.filter(policy=policy).update(status=RuleStatus.RETIRED)
    PolicyRule.objects.create(
        policy=policy,
        version=2,
        definition=BASIC_SECURITY.rule,
        status=RuleStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    PolicyRule.objects.create(policy=policy, version=3, definition=SEOUL_ALONE["rule"])

    response = client.get(rules_url(policy.pk), {"reference_date": "2021-06-01"})

    assert response.status_code == 200
    data = response.json()
    assert (data["policy_id"], data["title"], data["version"]) == (policy.pk, "서울형 기초보장제", 2)
    assert data["definition"] == BASIC_SECURITY.rule
    assert data["intro"] == "다음 조건을 모두 충족하면 대상입니다."
    assert data["criteria"] == [
        {"depth": 0, "text": "서울 거주(주민등록)"},
        {"depth": 0, "text": "서울 거주 6개월 이상"},
        {"depth": 0, "text": "기준 중위소득 46% 이하"},
        {"depth": 0, "text": "재산 1억 3,500만원 이하"},
        {"depth": 0, "text": "기초생활수급자 아님"},
    ]
    assert [(v["version"], v["status"], v["status_label"]) for v in data["versions"]] == [
        (2, "PUBLISHED", "게시"),
        (1, "RETIRED", "이전 버전"),
    ]
    assert datetime.datetime.fromisoformat(data["published_at"]) <= timezone.now()
    today = client.get(rules_url(policy.pk)).json()
    assert today["criteria"][3]["text"] == "재산 1억 5,500만원 이하"


def test_rules_of_unknown_or_unpublished_policies_are_404_in_korean(client, catalogue):
    hidden = add_policy("내려간 제도", SEOUL_ALONE["rule"], is_published=False)
    draft_only = add_policy("초안만 있는 제도", SEOUL_ALONE["rule"], status=RuleStatus.DRAFT)

    for policy_id, message in [
        (99999, "지원제도를 찾을 수 없습니다."),
        (hidden.pk, "지원제도를 찾을 수 없습니다."),
        (draft_only.pk, "게시된 자격 규칙이 없습니다."),
    ]:
        response = client.get(rules_url(policy_id))
        assert response.status_code == 404
        assert response.json() == {"detail": message}


def test_rules_with_a_bad_reference_date_are_a_422(client, catalogue):
    response = client.get(rules_url(catalogue["rent"].pk), {"reference_date": "2020-01-01"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reference_date"


def test_both_endpoints_are_documented_in_korean(client):
    schema = client.get("/api/openapi.json").json()

    check_op = schema["paths"]["/api/eligibility/check"]["post"]
    rules_op = schema["paths"]["/api/policies/{policy_id}/rules"]["get"]
    assert check_op["summary"] == "나에게 맞는 지원 확인" and rules_op["summary"] == "지원제도의 자격 규칙"
    assert "추가 확인 필요" in check_op["description"]
