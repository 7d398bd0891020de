"""Rule changes as an official makes them: validated drafts, numbered versions, test cases, guarded publication."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from anshim.catalog import rule_services
from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.catalog.rule_selectors import check_person
from anshim.catalog.tests.factories import PolicyFactory
from anshim.eligibility import Outcome, Rule

pytestmark = pytest.mark.django_db

D = datetime.date
WHEN = D(2026, 3, 2)
YOUTH = {
    "all": [
        {"fact": "age", "op": "between", "value": [19, 39]},
        {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"},
        {"fact": "income_ratio", "op": "lte", "value": 1.5},
    ]
}
YOUNG_SEOULITE = {
    "birth_date": "1999-01-10",
    "registered_in_seoul": True,
    "household_size": 1,
    "monthly_income": 2_000_000,
}


def make_policy(**fields) -> Policy:
    # Inserted without save signals, so the test does not wait for the Korean search analyser.
    return Policy.objects.bulk_create([PolicyFactory.build(**fields)])[0]


@pytest.fixture
def official(django_user_model):
    user = django_user_model.objects.create_user("rules-official", "rules@example.com", "pw-안심-2026", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["add_policyrule", "change_policyrule", "view_policyrule"])
    )
    return django_user_model.objects.get(pk=user.pk)  # a fresh instance, so the permission cache is empty


@pytest.fixture
def policy():
    return make_policy(title="청년 마음건강 지원")


def add_cases(policy, *cases):
    for name, facts, expected in cases:
        rule_services.add_test_case(policy=policy, name=name, facts=facts, reference_date=WHEN, expected=expected)


def messages_of(exc_info) -> list[str]:
    return exc_info.value.messages


# --- drafts ----------------------------------------------------------------------------------


def test_malformed_rule_is_refused_with_every_issue_and_its_path(policy, official):
    bad = {
        "all": [
            {"fact": "age", "op": "between", "value": [39, 19]},
            {"fact": "agee", "op": "gte", "value": 19},
            {"fact": "sex", "op": "eq", "value": "X"},
        ]
    }

    with pytest.raises(ValidationError) as exc_info:
        rule_services.save_draft(policy=policy, definition=bad, note="", actor=official)

    assert messages_of(exc_info) == [
        "$.all[0].value: 앞의 값이 뒤의 값보다 클 수 없습니다",
        "$.all[1].fact: 알 수 없는 항목 'agee'입니다",
        "$.all[2].value: 알 수 없는 값 'X'입니다 (가능: F, M)",
    ]
    assert not PolicyRule.objects.exists()


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ('{"all": [', "$: 올바른 JSON이 아닙니다 (1번째 줄 10번째 글자)."),
        ("[1, 2]", '$: 규칙은 {"all": [...]}처럼 중괄호로 시작하는 JSON 객체여야 합니다.'),
        (["all"], '$: 규칙은 {"all": [...]}처럼 중괄호로 시작하는 JSON 객체여야 합니다.'),
        ("   ", "$: 규칙(JSON)을 입력해 주세요."),
        ({}, "$: 'all', 'any', 'not', 'fact' 중 하나가 있어야 합니다"),
    ],
)
def test_text_that_is_not_a_rule_object_is_refused_in_korean(policy, official, definition, message):
    with pytest.raises(ValidationError) as exc_info:
        rule_services.save_draft(policy=policy, definition=definition, note="", actor=official)

    assert messages_of(exc_info) == [message]


def test_each_draft_is_the_next_version_and_records_who_wrote_it(policy, official):
    first = rule_services.save_draft(policy=policy, definition=YOUTH, note="처음 작성", actor=official)
    second = rule_services.save_draft(
        policy=policy, definition='{"all": [{"fact": "lives_alone", "op": "is_true"}]}', note="", actor=official
    )

    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == RuleStatus.DRAFT
    assert second.definition == {"all": [{"fact": "lives_alone", "op": "is_true"}]}
    assert first.created_by == official and first.note == "처음 작성"
    assert first.created_at <= second.created_at
    log = LogEntry.objects.filter(object_id=str(first.pk)).get()
    assert log.user == official and log.get_change_message() == "v1 초안 저장: 처음 작성"


def test_versions_continue_after_the_published_one(policy, official):
    PolicyRule.objects.create(
        policy=policy, version=4, definition=YOUTH, status=RuleStatus.PUBLISHED, published_at=timezone.now()
    )

    assert rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official).version == 5


def test_a_note_longer_than_the_history_keeps_is_refused(policy, official):
    with pytest.raises(ValidationError, match="변경 사유는 300자 이하"):
        rule_services.save_draft(policy=policy, definition=YOUTH, note="가" * 301, actor=official)


def test_only_officials_with_rule_permissions_change_rules(policy, django_user_model, official):
    viewer = django_user_model.objects.create_user("viewer", "viewer@example.com", "pw", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_policyrule"))
    draft = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)

    with pytest.raises(PermissionDenied):
        rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=viewer)
    with pytest.raises(PermissionDenied):
        rule_services.publish(rule=draft, actor=viewer)
    assert PolicyRule.objects.count() == 1


# --- test cases ------------------------------------------------------------------------------


def test_test_case_facts_are_cleaned_and_stored(policy):
    case = rule_services.add_test_case(
        policy=policy,
        name="  만 27세 서울 청년  ",
        facts={"birth_date": "1999-01-10", "monthly_income": "2,000,000", "district": 11620},
        reference_date="2026-03-02",
        expected="ELIGIBLE",
    )

    assert case.name == "만 27세 서울 청년"
    assert case.facts == {"birth_date": "1999-01-10", "district": "11620", "monthly_income": 2_000_000}
    assert case.reference_date == WHEN


def test_impossible_test_case_facts_name_the_field_in_korean(policy):
    with pytest.raises(ValidationError) as exc_info:
        rule_services.add_test_case(
            policy=policy,
            name="",
            facts={
                "birth_date": "2027-01-01",
                "monthly_income": -1,
                "district": "99999",
                "household_size": 0,
                "housing_tenure": "CASTLE",
                "age": 30,
            },
            reference_date="2026-03-02",
            expected="MAYBE",
        )

    errors = exc_info.value.message_dict
    assert errors["name"] == ["사례 이름을 입력해 주세요."]
    assert errors["expected"] == [
        "기대 결과는 ELIGIBLE(대상), INELIGIBLE(비대상), UNKNOWN(추가 확인 필요) 중 하나여야 합니다."
    ]
    facts = errors["facts"]
    assert "생년월일(birth_date): 미래의 날짜일 수 없습니다 (2027-01-01)." in facts
    assert "가구 월 소득(monthly_income): 0 이상이어야 합니다 (입력값 -1)." in facts
    assert any(m.startswith("거주 자치구(district): 서울시 25개 자치구 코드") for m in facts)
    assert "가구원 수(household_size): 1 이상이어야 합니다 (입력값 0)." in facts
    assert any(m.startswith("주거 형태(housing_tenure): OWNER(자가)") for m in facts)
    assert any(m.startswith("나이(age): 나이은(는) 직접 입력하지 않고") for m in facts)
    assert not RuleTestCase.objects.exists()


@pytest.mark.parametrize(
    ("reference_date", "message"),
    [
        ("2020-12-31", "기준일은 2021-01-01부터 2099-12-31 사이여야 합니다"),
        ("2026-02-30", "기준일은 YYYY-MM-DD 형식의 날짜여야 합니다."),
        (None, "기준일을 입력해 주세요."),
    ],
)
def test_test_case_needs_a_reference_date_with_a_median_income(policy, reference_date, message):
    with pytest.raises(ValidationError) as exc_info:
        rule_services.add_test_case(
            policy=policy, name="사례", facts={}, reference_date=reference_date, expected="UNKNOWN"
        )

    assert exc_info.value.message_dict["reference_date"][0].startswith(message)


def test_a_birth_after_the_reference_date_is_refused(policy):
    with pytest.raises(ValidationError) as exc_info:
        rule_services.add_test_case(
            policy=policy,
            name="기준일 뒤에 태어난 사람",
            facts={"birth_date": "2022-05-01"},
            reference_date="2021-06-01",
            expected="INELIGIBLE",
        )

    assert exc_info.value.message_dict["facts"] == ["생년월일(birth_date): 미래의 날짜일 수 없습니다 (2022-05-01)."]


def test_running_test_cases_gives_each_outcome_with_its_reasons(policy, official):
    add_cases(
        policy,
        ("만 27세 서울 청년", YOUNG_SEOULITE, "ELIGIBLE"),
        ("소득을 모르는 청년", {"birth_date": "1999-01-10", "registered_in_seoul": True}, "UNKNOWN"),
        ("틀린 기대: 만 45세", {**YOUNG_SEOULITE, "birth_date": "1980-06-01"}, "ELIGIBLE"),
    )
    draft = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)

    runs = {run.case.name: run for run in rule_services.run_test_cases(rule=draft)}

    assert runs["만 27세 서울 청년"].passed and runs["만 27세 서울 청년"].actual is Outcome.ELIGIBLE
    assert runs["만 27세 서울 청년"].sentences[0] == "만 19~39세: 충족 (만 27세)"
    assert runs["소득을 모르는 청년"].passed
    assert "기준 중위소득 150% 이하: 확인 필요 (정보 없음)" in runs["소득을 모르는 청년"].sentences
    failing = runs["틀린 기대: 만 45세"]
    assert not failing.passed and (failing.expected_label, failing.actual_label) == ("대상", "비대상")
    assert failing.sentences[0] == "만 19~39세: 미충족 (만 45세)"


# --- publication -----------------------------------------------------------------------------


def test_publish_is_refused_without_test_cases(policy, official):
    draft = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)

    with pytest.raises(ValidationError) as exc_info:
        rule_services.publish(rule=draft, actor=official)

    assert messages_of(exc_info) == [
        "시험 사례가 없어 게시할 수 없습니다. 대상과 비대상 사례를 하나 이상 추가해 주세요."
    ]
    draft.refresh_from_db()
    assert draft.status == RuleStatus.DRAFT and draft.published_at is None


def test_publish_is_refused_while_a_case_fails_and_lists_the_failing_cases(policy, official):
    add_cases(
        policy,
        ("만 27세 서울 청년", YOUNG_SEOULITE, "ELIGIBLE"),
        ("만 45세는 비대상이어야 함", {**YOUNG_SEOULITE, "birth_date": "1980-06-01"}, "INELIGIBLE"),
    )
    too_wide = {"all": [{"fact": "age", "op": "gte", "value": 19}, {"fact": "registered_in_seoul", "op": "is_true"}]}
    draft = rule_services.save_draft(policy=policy, definition=too_wide, note="", actor=official)

    with pytest.raises(ValidationError) as exc_info:
        rule_services.publish(rule=draft, actor=official)

    assert messages_of(exc_info) == [
        "시험 사례 2건 중 1건이 통과하지 못해 v1을(를) 게시할 수 없습니다.",
        "「만 45세는 비대상이어야 함」: 기대 비대상, 결과 대상",
    ]
    assert PolicyRule.objects.get().status == RuleStatus.DRAFT


def test_publishing_retires_the_version_in_force_and_outcomes_name_the_new_version(policy, official):
    add_cases(
        policy,
        ("만 27세 서울 청년", YOUNG_SEOULITE, "ELIGIBLE"),
        ("만 45세", {**YOUNG_SEOULITE, "birth_date": "1980-06-01"}, "INELIGIBLE"),
    )
    first = rule_services.publish(
        rule=rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official), actor=official
    )
    assert check_person(YOUNG_SEOULITE, WHEN)[0].version == 1

    second = rule_services.save_draft(policy=policy, definition=YOUTH, note="문구 정리", actor=official)
    before = timezone.now()
    published = rule_services.publish(rule=second, actor=official)

    first.refresh_from_db()
    assert first.status == RuleStatus.RETIRED
    assert published.status == RuleStatus.PUBLISHED and published.published_at >= before
    assert list(PolicyRule.objects.filter(status=RuleStatus.PUBLISHED)) == [published]
    outcome = check_person(YOUNG_SEOULITE, WHEN)[0]
    assert (outcome.policy, outcome.version, outcome.result.outcome) == (policy, 2, Outcome.ELIGIBLE)
    messages = list(LogEntry.objects.order_by("pk").values_list("change_message", flat=True))
    assert "v2 게시 (시험 사례 2건 통과)" in messages
    assert "v1을(를) v2 게시로 이전 버전 처리" in messages


def test_only_a_draft_newer_than_the_version_in_force_can_be_published(policy, official):
    add_cases(policy, ("만 27세 서울 청년", YOUNG_SEOULITE, "ELIGIBLE"))
    older = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)
    newer = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)
    rule_services.publish(rule=newer, actor=official)

    with pytest.raises(ValidationError) as stale:
        rule_services.publish(rule=older, actor=official)
    with pytest.raises(ValidationError) as again:
        rule_services.publish(rule=newer, actor=official)

    assert messages_of(stale) == [
        "더 새로운 v2이(가) 이미 게시되어 있어 v1을(를) 게시할 수 없습니다. 게시된 규칙을 바탕으로 새 초안을 저장해 주세요."
    ]
    assert messages_of(again) == ["v2은(는) '게시' 상태입니다. 작성 중인 초안만 게시할 수 있습니다."]
    assert PolicyRule.objects.get(pk=newer.pk).status == RuleStatus.PUBLISHED


def test_a_case_whose_stored_facts_no_longer_validate_fails_publication(policy, official):
    RuleTestCase.objects.create(
        policy=policy, name="잘못 저장된 사례", facts={"district": "관악"}, reference_date=WHEN, expected="ELIGIBLE"
    )
    draft = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)

    with pytest.raises(ValidationError) as exc_info:
        rule_services.publish(rule=draft, actor=official)

    assert messages_of(exc_info)[1].startswith(
        "「잘못 저장된 사례」: 기대 대상, 결과 오류 (사실이 올바르지 않습니다: 거주 자치구(district):"
    )


# --- reading ---------------------------------------------------------------------------------


def test_criteria_read_as_indented_korean_with_parameters_of_the_date():
    rule = Rule(
        {
            "parameters": {
                "asset_limit": [
                    {"from": "2021-01-01", "value": 135_000_000},
                    {"from": "2022-01-01", "value": 155_000_000},
                ]
            },
            "all": [
                {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"},
                {"fact": "assets", "op": "lte", "value": {"param": "asset_limit"}},
                {
                    "any": [{"fact": "basic_livelihood", "op": "is_true"}, {"fact": "near_poverty", "op": "is_true"}],
                    "label": "수급자 또는 차상위",
                },
            ],
        }
    )

    lines = [(line.depth, line.text) for line in rule_services.criteria_lines(rule, D(2021, 6, 1))]

    assert lines == [
        (0, "서울 거주(주민등록)"),
        (0, "재산 1억 3,500만원 이하"),
        (0, "수급자 또는 차상위"),
        (1, "기초생활수급자"),
        (1, "차상위계층"),
    ]
    assert rule_services.criteria_lines(rule, WHEN)[1].text == "재산 1억 5,500만원 이하"
    assert rule_services.criteria_intro(rule, WHEN) == "다음 조건을 모두 충족하면 대상입니다."


def test_sample_people_are_who_their_names_say():
    samples = {sample.key: sample for sample in rule_services.SAMPLE_PEOPLE}

    youth = rule_services.parse_facts(samples["youth_gwanak"].facts(WHEN), reference_date=WHEN)
    senior = rule_services.parse_facts(samples["senior_nowon"].facts(WHEN), reference_date=WHEN)

    assert samples["youth_gwanak"].name == "27세 관악구 월세 청년"
    assert rule_services.describe_facts(youth, WHEN) == (
        "만 27세 · 남성 · 관악구 · 월세 · 재직 · 월 소득 307만 7,086원(중위소득 약 120%)"
    )
    assert rule_services.describe_facts(senior, WHEN).startswith("만 68세 · 여성 · 노원구 · 월세 · 은퇴")
    assert rule_services.describe_facts(senior, WHEN).endswith("기초생활수급")
