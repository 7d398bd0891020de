"""회원 탈퇴: after it nothing personal remains anywhere, the account cannot sign in, consents stay anonymous."""

import html
import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse

from anshim.accounts import selectors, services
from anshim.accounts.models import Consent, ConsentPurpose, PersonalDataAccess, Profile, Role, User
from anshim.accounts.profile_services import save_profile
from anshim.accounts.tests.factories import PASSWORD, UserFactory, grant
from anshim.notifications.models import Notification, Status
from anshim.programs import services as program_services
from anshim.programs.models import Signup
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

EMAIL = "leaving.person@example.kr"
NAME = "탈퇴예정"
PHONE = "010-2468-1357"
NEEDLES = (EMAIL, "leaving.person", NAME, PHONE, PHONE.replace("-", ""))
WITHDRAW = "/mypage/withdraw/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def rows_mentioning(needles) -> set[tuple[str, str, str]]:
    """(model, field, needle) for every text or JSON column of every table that contains a needle."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*(field.attname for field in fields)):
            for field, value in zip(fields, row, strict=True):
                as_text = (
                    value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
                )
                for needle in needles:
                    if needle.lower() in (as_text or "").lower():
                        found.add((model._meta.label, field.name, needle))
    return found


@pytest.fixture
def member(client, django_capture_on_commit_callbacks):
    """A citizen who signed up, failed a sign-in once, saved a profile, joined programmes and got messages."""
    client.post(reverse("account_login"), {"login": EMAIL, "password": "wrong"})
    client.post(reverse("account_signup"), {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    user = User.objects.get(email=EMAIL)
    user.first_name = NAME
    user.save()  # an audited change that records the name
    profile_texts = selectors.current_consent_texts(ConsentPurpose.PROFILE)
    save_profile(
        user=user,
        facts={"district": "11620"},
        name=NAME,
        phone=PHONE,
        notify_new_policies=True,
        consent_text_ids=[t.pk for t in profile_texts],
    )
    signup_texts = [t.pk for t in selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)]
    full = ProgramFactory(title="정원이 찬 모임", capacity=1, enrolled=0)
    open_program = ProgramFactory(title="함께 요리하는 저녁")
    with django_capture_on_commit_callbacks(execute=True):
        program_services.sign_up(user=user, program=full, name=NAME, phone=PHONE, consent_text_ids=signup_texts)
        program_services.sign_up(user=user, program=open_program, name=NAME, phone=PHONE, consent_text_ids=signup_texts)
    waiting = UserFactory()
    program_services.sign_up(
        user=waiting, program=full, name="대기자", phone="010-1111-2222", consent_text_ids=signup_texts
    )
    SocialAccount.objects.create(
        user=user, provider="kakao", uid="kakao-4242", extra_data={"kakao_account": {"email": EMAIL, "name": NAME}}
    )
    official = UserFactory()
    grant(official, Role.CITY_OFFICIAL)
    services.record_access(actor=official, subject=user, what="연락처", reason="참여 확인 전화")
    AdminLogEntry.objects.create(
        user=official,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=EMAIL,
        action_flag=CHANGE,
        change_message="[]",
    )
    user.refresh_from_db()
    return user


def test_the_scan_finds_the_member_before_withdrawal(member):
    # The scan used below sees what a withdrawal has to erase: if it found nothing, the test would prove nothing.
    tables = {model for model, _field, _needle in rows_mentioning(NEEDLES)}
    assert {
        "accounts.User",
        "account.EmailAddress",
        "socialaccount.SocialAccount",
        "programs.Signup",
        "notifications.Notification",
        "accounts.PersonalDataAccess",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "auditlog.LogEntry",
        "admin.LogEntry",
    } <= tables


def test_withdrawal_leaves_nothing_personal_and_keeps_consents_anonymised(client, member):
    consent_ids = set(Consent.objects.filter(user=member).values_list("pk", flat=True))
    assert len(consent_ids) == 3
    waiting_signup = Signup.objects.get(program__title="정원이 찬 모임", user__isnull=False, name="대기자")
    client.force_login(member)

    response = client.post(WITHDRAW, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/mypage/withdraw/done/"
    goodbye = text(client.get(response["Location"]))
    assert "탈퇴가 완료되었습니다" in goodbye
    assert "로그아웃되었습니다" in goodbye
    # Signed out: the header offers sign-in again and 마이페이지 asks for it.
    assert ">로그인<" in goodbye
    assert client.get("/mypage/").status_code == 302

    assert rows_mentioning(NEEDLES) == set()

    account = User.objects.get(pk=member.pk)
    assert account.username == f"withdrawn-{member.pk}"
    assert account.email is None and account.name == "" and account.phone == ""
    assert not account.is_active and not account.has_usable_password()
    assert account.date_joined == member.date_joined
    assert not Profile.objects.filter(user=member.pk).exists()
    assert not EmailAddress.objects.exists() or not EmailAddress.objects.filter(user=account).exists()
    assert not SocialAccount.objects.filter(user=account).exists()

    consents = Consent.objects.filter(pk__in=consent_ids)
    assert consents.count() == 3
    assert all(consent.user_id is None for consent in consents)
    assert {c.text.purpose for c in consents} == {ConsentPurpose.PROFILE, ConsentPurpose.PROGRAM_SIGNUP}

    access = PersonalDataAccess.objects.get()
    assert access.subject is None and access.subject_label == "탈퇴 회원"

    # Their places were given up: the waiting person moved up, the rows stay as anonymous counts.
    waiting_signup.refresh_from_db()
    assert waiting_signup.status == "CONFIRMED"
    assert not Signup.objects.filter(user=account).exists()
    assert Signup.objects.filter(user__isnull=True).count() == 2
    assert not Notification.objects.filter(recipient=account).exists()
    assert not Notification.objects.filter(status=Status.QUEUED, to__in=[EMAIL, PHONE.replace("-", "")]).exists()
    assert not LogEntry.objects.filter(object_pk=str(member.pk), content_type__model="user").exists()


def test_a_withdrawn_account_cannot_sign_in(client, member):
    client.force_login(member)
    client.post(WITHDRAW, {"password": PASSWORD})

    response = client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    assert "이메일 또는 비밀번호가 올바르지 않습니다" in text(response)
    assert not response.wsgi_request.user.is_authenticated


def test_the_same_email_can_sign_up_again(client, member):
    client.force_login(member)
    client.post(WITHDRAW, {"password": PASSWORD})
    client.post(reverse("account_signup"), {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    again = User.objects.get(email=EMAIL)
    assert again.pk != member.pk
    assert not Consent.objects.filter(user=again).exists()


def test_wrong_password_changes_nothing(client, member):
    client.force_login(member)
    response = client.post(WITHDRAW, {"password": "not-my-password"})
    assert response.status_code == 400
    assert "비밀번호가 맞지 않습니다." in text(response)
    response = client.post(WITHDRAW, {"password": ""})
    assert "탈퇴하려면 비밀번호를 입력해 주세요." in text(response)
    member.refresh_from_db()
    assert member.is_active and member.email == EMAIL
    assert Consent.objects.filter(user=member).count() == 3
    assert client.get("/mypage/").status_code == 200


def test_the_confirmation_page_explains_what_happens(client, member):
    client.force_login(member)
    body = text(client.get(WITHDRAW))
    assert '<h1 class="page-title">회원 탈퇴</h1>' in body
    assert "탈퇴는 되돌릴 수 없습니다" in body
    assert "대기 순번은 다음 대기자에게 넘어갑니다" in body
    assert "동의를 받았다는 증빙으로만 보관합니다" in body
    assert 'type="password"' in body
    assert "탈퇴합니다" not in body


def test_an_account_without_a_password_confirms_with_the_phrase(client):
    user = UserFactory(email="kakao.member@example.kr")
    user.set_unusable_password()
    user.name = "카카오회원"
    user.save()
    SocialAccount.objects.create(user=user, provider="kakao", uid="kakao-77", extra_data={"nickname": "카카오회원"})
    client.force_login(user)

    body = text(client.get(WITHDRAW))
    assert "확인 문구 ‘탈퇴합니다’ 입력" in body
    assert 'type="password"' not in body
    response = client.post(WITHDRAW, {"confirmation": "탈퇴"})
    assert response.status_code == 400
    assert "‘탈퇴합니다’를 그대로 입력해 주세요." in text(response)
    assert User.objects.get(pk=user.pk).is_active

    assert client.post(WITHDRAW, {"confirmation": " 탈퇴합니다 "}).status_code == 302
    assert not SocialAccount.objects.exists()
    assert rows_mentioning(("kakao.member", "카카오회원")) == set()


def test_signed_out_visitors_cannot_reach_withdrawal(client):
    assert client.get(WITHDRAW)["Location"].startswith("/accounts/login/")
    assert client.post(WITHDRAW, {"confirmation": "탈퇴합니다"}).status_code == 302
    assert User.objects.filter(is_active=False).count() == 0


def test_withdrawing_twice_is_refused():
    user = UserFactory()
    services.withdraw(user=user)
    with pytest.raises(Exception, match="이미 탈퇴했거나"):
        services.withdraw(user=User.objects.get(pk=user.pk))
