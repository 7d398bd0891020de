"""내 정보 (/mypage/profile/): saving eligibility facts with consent, seeing what fits, and deleting them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Consent, ConsentPurpose, Profile, User
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.services import give_consents
from anshim.accounts.tests.factories import UserFactory
from anshim.catalog import rule_services
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory

pytestmark = pytest.mark.django_db

URL = "/mypage/profile/"
YOUTH = {
    "all": [
        {"fact": "age", "op": "between", "value": [19, 39]},
        {"fact": "district", "op": "eq", "value": "11620"},
    ]
}


def born(age: int) -> str:
    return rule_services._born(timezone.localdate(), age)


@pytest.fixture
def citizen(client):
    user = UserFactory(email="hong@example.kr")
    client.force_login(user)
    return user


@pytest.fixture
def youth_policy(django_user_model):
    official = django_user_model.objects.create_user("p-official", "p@example.com", "pw-안심-2026", is_staff=True)
    official.user_permissions.set(Permission.objects.filter(codename__in=["add_policyrule", "change_policyrule"]))
    official = django_user_model.objects.get(pk=official.pk)
    policy = Policy.objects.bulk_create([PolicyFactory.build(title="관악 청년 월세 지원")])[0]
    when = timezone.localdate()
    for name, facts, expected in (
        ("관악 청년", {"birth_date": born(27), "district": "11620"}, "ELIGIBLE"),
        ("강남 청년", {"birth_date": born(27), "district": "11680"}, "INELIGIBLE"),
    ):
        rule_services.add_test_case(policy=policy, name=name, facts=facts, reference_date=when, expected=expected)
    draft = rule_services.save_draft(policy=policy, definition=YOUTH, note="", actor=official)
    rule_services.publish(rule=draft, actor=official)
    return policy


def consent_fields() -> dict:
    return {f"consent_{text.pk}": "on" for text in current_consent_texts(ConsentPurpose.PROFILE)}


def answers(**overrides) -> dict:
    data = {
        "name": "홍길동",
        "phone": "010-2345-6789",
        "notify_new_policies": "on",
        "birth_date": born(27),
        "district": "11620",
        "lives_alone": "yes",
        "monthly_income": "200만",
    }
    data.update(overrides)
    return data


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_page_asks_the_questionnaire_questions_with_their_help(client, citizen):
    body = client.get(URL).content.decode()
    assert "내 정보" in body
    assert "생년월일" in body
    assert "만 나이를 계산하는 데만 씁니다" in body  # the questionnaire's help text
    assert 'name="monthly_income"' in body
    assert "새로 맞는 지원제도 알림 받기" in body
    assert "개인정보 수집·이용" in body  # the consent to agree to before saving
    assert "조건을 저장하면 받을 수 있는 지원제도를 여기에 보여 드립니다" in body


def test_saving_with_consent_stores_clean_facts_and_shows_matching_policies(client, citizen, youth_policy):
    response = client.post(URL, {**answers(), **consent_fields()})
    assert response.status_code == 302

    profile = Profile.objects.get(user=citizen)
    assert profile.facts["district"] == "11620"
    assert profile.facts["monthly_income"] == 2_000_000
    assert profile.facts["lives_alone"] is True
    assert profile.facts["household_size"] == 1  # living alone is a household of one, as on /policies/match/
    assert profile.notify_new_policies is True
    citizen.refresh_from_db()
    assert (citizen.name, citizen.phone) == ("홍길동", "010-2345-6789")
    assert Consent.objects.filter(user=citizen, withdrawn_at__isnull=True).exists()

    page = client.get(URL)
    body = page.content.decode()
    assert "내 정보를 저장했습니다" in body
    assert "지금 나에게 맞는 지원제도" in body
    assert f'href="{youth_policy.get_absolute_url()}"' in body
    assert "관악 청년 월세 지원" in body
    assert 'value="200만"' not in body and 'value="2,000,000"' in body  # stored amounts shown back


def test_saving_without_consent_is_refused_and_saves_nothing(client, citizen):
    response = client.post(URL, answers())
    assert response.status_code == 400
    assert "개인정보 수집·이용에 동의해 주세요" in response.content.decode()
    assert not Profile.objects.filter(user=citizen).exists()
    citizen.refresh_from_db()
    assert (citizen.name, citizen.phone) == ("", "")
    assert not Consent.objects.filter(user=citizen).exists()


def test_impossible_answers_are_refused_in_korean_with_nothing_saved(client, citizen):
    response = client.post(URL, {**answers(birth_date="2999-01-01", household_size="3"), **consent_fields()})
    body = response.content.decode()
    assert response.status_code == 400
    assert "아무것도 저장하지 않았습니다" in body
    assert 'href="#q-birth_date"' in body
    assert not Profile.objects.filter(user=citizen).exists()
    assert not Consent.objects.filter(user=citizen).exists()


def test_a_bad_phone_number_is_refused(client, citizen):
    response = client.post(URL, {**answers(phone="02-120"), **consent_fields()})
    assert response.status_code == 400
    assert "010-1234-5678 형식으로 입력해 주세요" in response.content.decode()
    assert not Profile.objects.filter(user=citizen).exists()


def test_once_agreed_the_consent_is_not_asked_again(client, citizen):
    give_consents(user=citizen, purpose=ConsentPurpose.PROFILE, text_ids=list(consent_fields_ids()))
    body = client.get(URL).content.decode()
    assert "에 동의하셨습니다" in body
    response = client.post(URL, answers(notify_new_policies=""))
    assert response.status_code == 302
    assert Profile.objects.get(user=citizen).notify_new_policies is False


def consent_fields_ids():
    return (text.pk for text in current_consent_texts(ConsentPurpose.PROFILE))


def test_withdrawn_consent_must_be_given_again_before_saving(client, citizen):
    (consent,) = give_consents(user=citizen, purpose=ConsentPurpose.PROFILE, text_ids=list(consent_fields_ids()))
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    response = client.post(URL, answers())
    assert response.status_code == 400
    assert not Profile.objects.filter(user=citizen).exists()


def test_a_blank_answer_removes_an_earlier_one(client, citizen):
    client.post(URL, {**answers(), **consent_fields()})
    client.post(URL, answers(monthly_income=""))
    assert "monthly_income" not in Profile.objects.get(user=citizen).facts


def test_deleting_removes_the_facts_and_the_alerts(client, citizen):
    client.post(URL, {**answers(), **consent_fields()})
    response = client.post(URL, {"action": "delete"}, follow=True)
    assert not Profile.objects.filter(user=citizen).exists()
    body = response.content.decode()
    assert "저장한 조건을 모두 지웠습니다" in body
    assert 'value="11620" selected' not in body


def test_alerts_need_somewhere_to_send_them(client):
    user = User.objects.create_user("no-email", None, "pw-안심-2026")
    client.force_login(user)
    response = client.post(URL, {**answers(phone=""), **consent_fields()})
    assert response.status_code == 400
    assert "휴대전화 번호를 적거나 이메일을 등록해 주세요" in response.content.decode()
    assert not Profile.objects.filter(user=user).exists()


def test_other_methods_are_refused(client, citizen):
    assert client.put(URL).status_code == 405
