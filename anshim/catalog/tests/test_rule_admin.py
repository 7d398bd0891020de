"""The back office's rule editor: path errors, readable criteria, previews, drafts, publication and permissions."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Role, StaffRole
from anshim.catalog.models import Policy, PolicyRule, RuleStatus, RuleTestCase
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db

WHEN = datetime.date(2026, 3, 2)
YOUTH = {
    "all": [
        {"fact": "age", "op": "between", "value": [19, 39]},
        {"fact": "registered_in_seoul", "op": "is_true", "label": "서울 거주(주민등록)"},
        {"fact": "income_ratio", "op": "lte", "value": 1.5},
    ]
}


@pytest.fixture
def policy():
    policy = Policy.objects.bulk_create([PolicyFactory.build(title="청년 월세지원", min_age=19, max_age=39)])[0]
    PolicyRule.objects.create(
        policy=policy, version=1, definition=YOUTH, status=RuleStatus.PUBLISHED, published_at=timezone.now()
    )
    RuleTestCase.objects.create(
        policy=policy,
        name="만 27세 서울 청년",
        facts={
            "birth_date": "1999-01-10",
            "registered_in_seoul": True,
            "household_size": 1,
            "monthly_income": 2_000_000,
        },
        reference_date=WHEN,
        expected="ELIGIBLE",
    )
    RuleTestCase.objects.create(
        policy=policy,
        name="만 45세",
        facts={
            "birth_date": "1980-06-01",
            "registered_in_seoul": True,
            "household_size": 1,
            "monthly_income": 2_000_000,
        },
        reference_date=WHEN,
        expected="INELIGIBLE",
    )
    return policy


@pytest.fixture
def staff(django_user_model, client):
    """Log in a staff member holding only the given permissions (codenames)."""

    def login(*codenames):
        user = django_user_model.objects.create_user("official", "official@example.com", "pw-안심-2026", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        # A city-wide role (scope), but only the permissions this test names: not the role's group.
        StaffRole.objects.create(user=user, role=Role.CITY_OFFICIAL)
        user.groups.clear()
        client.force_login(user)
        return client

    return login


def editor_url(policy) -> str:
    return reverse("admin:catalog_policy_rules", args=[policy.pk])


def post(client, policy, action, definition, follow=False, **fields):
    text = definition if isinstance(definition, str) else json.dumps(definition, ensure_ascii=False)
    return client.post(editor_url(policy), {"action": action, "definition": text, **fields}, follow=follow)


def test_editor_opens_with_the_latest_version_its_criteria_previews_and_history(admin_client, policy):
    page = admin_client.get(editor_url(policy)).content.decode()

    assert "청년 월세지원 자격 규칙" in page
    assert "게시 중인 규칙: v1" in page
    assert "&quot;fact&quot;: &quot;age&quot;" in page  # the JSON of v1 in the textarea
    assert "다음 조건을 모두 충족하면 대상입니다." in page
    for criterion in ["만 19~39세", "서울 거주(주민등록)", "기준 중위소득 150% 이하"]:
        assert f'<li class="depth-0">{criterion}</li>' in page
    for person in ["27세 관악구 월세 청년", "68세 여성 기초수급 어르신(노원구)", "45세 자가 직장인(송파구)"]:
        assert person in page
    assert "시험 사례 2건 중 2건 통과" in page
    assert '<th scope="row">v1</th>' in page and "v1 불러오기" in page
    assert "규칙에 쓸 수 있는 항목과 연산" in page and "income_ratio" in page


def test_policy_change_page_links_to_the_rule_editor(admin_client, policy):
    page = admin_client.get(reverse("admin:catalog_policy_change", args=[policy.pk])).content.decode()

    assert f'href="{editor_url(policy)}"' in page and "자격 규칙 편집" in page


def test_malformed_rule_shows_each_error_with_its_json_path(admin_client, policy):
    bad = {
        "all": [
            {"fact": "age", "op": "gte", "value": 19},
            {"fact": "sex", "op": "equals", "value": "F"},
            {"fact": "age", "op": "gte", "value": "열아홉"},
        ]
    }

    response = post(admin_client, policy, "preview", bad)

    assert response.status_code == 400
    page = response.content.decode()
    assert "규칙에 오류가 2건 있습니다." in page
    assert "$.all[1].op: 알 수 없는 연산 &#x27;equals&#x27;입니다" in page
    assert "$.all[2].value: 숫자여야 합니다" in page
    assert 'aria-invalid="true"' in page
    assert "&quot;equals&quot;" in page  # the official's text is kept for fixing


def test_text_that_is_not_json_is_refused_with_its_line(admin_client, policy):
    response = post(admin_client, policy, "preview", '{"all": [\n  {"fact": "age",, }\n]}')

    assert response.status_code == 400
    assert "$: 올바른 JSON이 아닙니다 (2번째 줄 18번째 글자)." in response.content.decode()


def test_preview_judges_the_sample_people_and_typed_facts(admin_client, policy):
    rule = {"all": [{"fact": "age", "op": "gte", "value": 65}, {"fact": "basic_livelihood", "op": "is_true"}]}
    typed = {"birth_date": "1950-01-01", "basic_livelihood": False}

    response = post(admin_client, policy, "preview", rule, reference_date="2026-03-02", facts=json.dumps(typed))

    assert response.status_code == 200
    preview = response.context["previews"]
    outcomes = {row["name"]: row["result"].label for row in preview}
    assert outcomes["68세 여성 기초수급 어르신(노원구)"] == "대상"
    assert outcomes["27세 관악구 월세 청년"] == "비대상"
    assert outcomes["22세 여성 대학생(서대문구, 일부만 답함)"] == "비대상"
    assert outcomes["직접 입력한 사람"] == "비대상"
    page = response.content.decode()
    assert "만 65세 이상: 충족 (만 76세)" in page and "기초생활수급자: 미충족" in page
    assert "만 65세 이상: 미충족 (만 27세)" in page
    # The draft would break both test cases of the policy; the editor says so before anything is saved.
    assert "시험 사례 2건 중 1건 통과" in page
    assert not PolicyRule.objects.filter(version=2).exists()


def test_typed_facts_that_cannot_be_true_are_named(admin_client, policy):
    response = post(admin_client, policy, "preview", YOUTH, facts='{"birth_date": "2999-01-01", "household_size": 0}')

    assert response.status_code == 400
    page = response.content.decode()
    assert "생년월일(birth_date): 미래의 날짜일 수 없습니다 (2999-01-01)." in page
    assert "가구원 수(household_size): 1 이상이어야 합니다 (입력값 0)." in page


def test_reference_date_before_the_first_median_income_is_refused(admin_client, policy):
    response = post(admin_client, policy, "preview", YOUTH, reference_date="2019-05-01")

    assert response.status_code == 400
    assert "기준일은 2021-01-01부터 2099-12-31 사이여야 합니다" in response.content.decode()


def test_a_parameter_that_starts_after_the_reference_date_is_explained(admin_client, policy):
    rule = {
        "parameters": {"max_rent": [{"from": "2027-01-01", "value": 700_000}]},
        "all": [{"fact": "monthly_rent", "op": "lte", "value": {"param": "max_rent"}}],
    }

    response = post(admin_client, policy, "preview", rule, reference_date="2026-03-02")

    assert response.status_code == 400
    assert (
        "$.parameters: 매개변수 &#x27;max_rent&#x27;: 2027-01-01 이전에 적용되는 값이 없습니다"
        in response.content.decode()
    )


def test_saving_a_draft_makes_the_next_version_and_opens_it(admin_client, policy, admin_user):
    changed = {**YOUTH, "all": [*YOUTH["all"], {"fact": "lives_alone", "op": "is_true"}]}

    response = post(admin_client, policy, "save", changed, note="1인가구 조건 추가", follow=True)

    draft = PolicyRule.objects.get(policy=policy, version=2)
    assert draft.status == RuleStatus.DRAFT and draft.created_by == admin_user and draft.note == "1인가구 조건 추가"
    assert draft.definition == changed
    assert response.redirect_chain[-1][0] == f"{editor_url(policy)}?version=2"
    page = response.content.decode()
    assert "초안 v2을(를) 저장했습니다." in page
    assert "규칙 편집 (v2 불러옴)" in page and "v2 게시" in page


def test_saving_a_malformed_rule_saves_nothing(admin_client, policy):
    response = post(admin_client, policy, "save", {"all": []})

    assert response.status_code == 400
    assert "$.all: 조건이 하나 이상 든 목록이어야 합니다" in response.content.decode()
    assert PolicyRule.objects.count() == 1


def test_publishing_a_draft_that_fails_a_case_lists_the_failing_cases(admin_client, policy):
    draft = PolicyRule.objects.create(
        policy=policy, version=2, definition={"all": [{"fact": "age", "op": "gte", "value": 19}]}
    )

    response = admin_client.post(editor_url(policy), {"action": "publish", "rule_id": draft.pk})

    assert response.status_code == 400
    page = response.content.decode()
    assert "시험 사례 2건 중 1건이 통과하지 못해 v2을(를) 게시할 수 없습니다." in page
    assert "「만 45세」: 기대 비대상, 결과 대상" in page
    draft.refresh_from_db()
    assert draft.status == RuleStatus.DRAFT


def test_publishing_a_passing_draft_retires_the_old_version(admin_client, policy):
    draft = PolicyRule.objects.create(policy=policy, version=2, definition=YOUTH, note="문구 정리")

    response = admin_client.post(editor_url(policy), {"action": "publish", "rule_id": draft.pk}, follow=True)

    assert "자격 규칙 v2을(를) 게시했습니다." in response.content.decode()
    statuses = dict(PolicyRule.objects.values_list("version", "status"))
    assert statuses == {1: RuleStatus.RETIRED, 2: RuleStatus.PUBLISHED}


def test_publishing_an_unknown_version_is_a_404(admin_client, policy):
    assert admin_client.post(editor_url(policy), {"action": "publish", "rule_id": "abc"}).status_code == 404
    assert admin_client.post(editor_url(policy), {"action": "publish", "rule_id": 99999}).status_code == 404


def test_editor_of_an_unknown_policy_is_a_404(admin_client):
    assert admin_client.get(reverse("admin:catalog_policy_rules", args=[99999])).status_code == 404


def test_a_policy_without_a_rule_starts_from_its_own_fields(admin_client):
    policy = Policy.objects.bulk_create(
        [PolicyFactory.build(title="여성 안심", min_age=19, sex="F", district_id="11620")]
    )[0]

    response = admin_client.get(editor_url(policy))

    page = response.content.decode()
    assert "아직 게시된 규칙이 없습니다." in page
    starter = json.loads(response.context["form"]["definition"].value())
    assert starter == {
        "all": [
            {"fact": "age", "op": "gte", "value": 19},
            {"fact": "sex", "op": "eq", "value": "F"},
            {"fact": "district", "op": "eq", "value": "11620"},
        ]
    }
    assert "시험 사례가 없습니다." in page


# --- permissions -----------------------------------------------------------------------------


def test_staff_without_rule_permission_gets_403_and_no_link(staff, policy):
    client = staff("view_policy", "change_policy")

    assert client.get(editor_url(policy)).status_code == 403
    assert post(client, policy, "preview", YOUTH).status_code == 403
    change_page = client.get(reverse("admin:catalog_policy_change", args=[policy.pk])).content.decode()
    assert "자격 규칙 편집" not in change_page


def test_viewer_can_preview_but_not_save_or_publish(staff, policy):
    client = staff("view_policy", "view_policyrule")
    draft = PolicyRule.objects.create(policy=policy, version=2, definition=YOUTH)

    page = client.get(editor_url(policy)).content.decode()
    assert "검증·미리보기" in page and "초안 저장" not in page and "v2 게시" not in page
    assert post(client, policy, "preview", YOUTH).status_code == 200
    assert post(client, policy, "save", YOUTH).status_code == 403
    assert client.post(editor_url(policy), {"action": "publish", "rule_id": draft.pk}).status_code == 403
    assert PolicyRule.objects.count() == 2
    assert PolicyRule.objects.get(pk=draft.pk).status == RuleStatus.DRAFT


def test_editor_with_rule_permissions_saves_and_publishes(staff, policy):
    client = staff("view_policy", "view_policyrule", "add_policyrule", "change_policyrule")

    response = post(client, policy, "save", YOUTH, note="재확인")
    assert response.status_code == 302
    draft = PolicyRule.objects.get(version=2)
    response = client.post(editor_url(policy), {"action": "publish", "rule_id": draft.pk})

    assert response.status_code == 302
    assert PolicyRule.objects.get(pk=draft.pk).status == RuleStatus.PUBLISHED


# --- the rule and test case admins ----------------------------------------------------------


def test_rule_versions_are_listed_read_only_and_only_drafts_are_deleted(admin_client, policy):
    draft = PolicyRule.objects.create(policy=policy, version=2, definition=YOUTH)
    published = PolicyRule.objects.get(version=1)

    page = admin_client.get(reverse("admin:catalog_policyrule_changelist")).content.decode()
    assert "편집기에서 열기" in page and "작성 중" in page and "게시" in page
    assert "delete_selected" not in page
    assert admin_client.get(reverse("admin:catalog_policyrule_add")).status_code == 403
    assert admin_client.get(reverse("admin:catalog_policyrule_delete", args=[published.pk])).status_code == 403
    assert (
        admin_client.post(reverse("admin:catalog_policyrule_delete", args=[draft.pk]), {"post": "yes"}).status_code
        == 302
    )
    assert list(PolicyRule.objects.values_list("version", flat=True)) == [1]


def test_test_case_form_names_impossible_facts(admin_client, policy):
    data = {
        "policy": policy.pk,
        "name": "미래에 태어난 사람",
        "facts": '{"birth_date": "2999-01-01", "district": "99999"}',
        "reference_date": "2026-03-02",
        "expected": "INELIGIBLE",
    }

    response = admin_client.post(reverse("admin:catalog_ruletestcase_add"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "생년월일(birth_date): 미래의 날짜일 수 없습니다 (2999-01-01)." in page
    assert "거주 자치구(district): 서울시 25개 자치구 코드" in page
    assert RuleTestCase.objects.count() == 2


def test_test_case_added_from_the_editor_returns_to_it(admin_client, policy):
    add_url = f"{reverse('admin:catalog_ruletestcase_add')}?policy={policy.pk}&from_rules=1"
    form = admin_client.get(add_url)
    assert form.context["adminform"].form.initial["policy"] == str(policy.pk)

    response = admin_client.post(
        add_url,
        {
            "policy": policy.pk,
            "name": "서울 밖에 사는 청년",
            "facts": '{"birth_date": "1999-01-10", "registered_in_seoul": false}',
            "reference_date": "2026-03-02",
            "expected": "INELIGIBLE",
        },
    )

    assert response.status_code == 302 and response["Location"] == editor_url(policy)
    assert RuleTestCase.objects.get(name="서울 밖에 사는 청년").facts == {
        "birth_date": "1999-01-10",
        "registered_in_seoul": False,
    }


def test_test_case_list_shows_the_verdict_of_the_published_rule(admin_client, policy):
    page = admin_client.get(reverse("admin:catalog_ruletestcase_changelist")).content.decode()

    assert "통과 (대상, v1)" in page and "통과 (비대상, v1)" in page
