"""Consent notices (동의서): which version is in force, agreeing, refusing outdated versions, withdrawing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from anshim.accounts import selectors, services
from anshim.accounts.forms import ConsentForm
from anshim.accounts.models import Consent, ConsentKind, ConsentPurpose, ConsentText
from anshim.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUTDATED = "동의서가 새 버전으로 바뀌었습니다. 새 내용을 읽고 다시 동의해 주세요."


def new_version(old: ConsentText, *, effective_from=None, **changes) -> ConsentText:
    fields = {
        field: getattr(old, field)
        for field in ("purpose", "kind", "title", "body", "items", "purpose_detail", "retention", "recipients")
    }
    fields.update(changes)
    return ConsentText.objects.create(
        **fields,
        version=old.version + 1,
        effective_from=effective_from or timezone.now() - datetime.timedelta(minutes=1),
    )


def signup_texts():
    return selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)


def test_seeded_texts_say_what_pipa_requires():
    texts = signup_texts()
    assert [(t.kind, t.version) for t in texts] == [(ConsentKind.COLLECTION_USE, 1), (ConsentKind.THIRD_PARTY, 1)]
    collection, third_party = texts
    assert collection.items == "이름, 휴대전화, 이메일"
    assert "1년" in collection.retention
    assert collection.recipients == ""
    assert "자치구 1인가구지원센터 위탁 운영기관" in third_party.recipients
    assert third_party.items == "이름, 휴대전화"
    for text in [*texts, *selectors.current_consent_texts(ConsentPurpose.PROFILE)]:
        assert "동의를 거부할 권리" in text.body
        assert "보유·이용 기간" in text.body


def test_the_latest_version_in_force_is_current_and_a_future_one_waits():
    old = signup_texts()[0]
    future = new_version(old, effective_from=timezone.now() + datetime.timedelta(days=3), title="다음 판")
    assert signup_texts()[0] == old
    ConsentText.objects.filter(pk=future.pk).update(effective_from=timezone.now() - datetime.timedelta(seconds=1))
    assert signup_texts()[0] == future
    assert signup_texts()[0].title == "다음 판"


def test_without_a_text_in_force_nobody_has_consented_and_nobody_can():
    user = UserFactory()
    ConsentText.objects.filter(purpose=ConsentPurpose.COMPANION).delete()
    assert selectors.current_consent_texts(ConsentPurpose.COMPANION) == []
    assert not selectors.has_current_consent(user, ConsentPurpose.COMPANION)
    with pytest.raises(ValidationError) as refused:
        services.give_consents(user=user, purpose=ConsentPurpose.COMPANION, text_ids=[])
    assert refused.value.messages == ["이 서비스의 동의서가 아직 준비되지 않았습니다. 잠시 후 다시 시도해 주세요."]


def test_giving_consent_to_every_current_text():
    user = UserFactory()
    assert not selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    consents = services.give_consents(
        user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in signup_texts()]
    )
    assert len(consents) == 2
    assert selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    assert not selectors.has_current_consent(user, ConsentPurpose.PROFILE)
    assert not selectors.has_current_consent(UserFactory(), ConsentPurpose.PROGRAM_SIGNUP)


def test_agreeing_again_does_not_duplicate():
    user = UserFactory()
    ids = [t.pk for t in signup_texts()]
    first = services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=ids)
    again = services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[str(i) for i in ids])
    assert [c.pk for c in again] == [c.pk for c in first]
    assert Consent.objects.filter(user=user).count() == 2


def test_an_outdated_version_is_refused_with_a_korean_message():
    user = UserFactory()
    old_ids = [t.pk for t in signup_texts()]
    services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=old_ids)
    new_version(signup_texts()[1], items="이름, 휴대전화, 참여 일자")
    # The person agreed to version 1; version 2 of the third-party text now applies.
    assert not selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    with pytest.raises(ValidationError) as refused:
        services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=old_ids)
    assert refused.value.messages == [OUTDATED]
    assert Consent.objects.filter(user=user).count() == 2

    services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in signup_texts()])
    assert selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    # The collection text did not change, so its first consent still counts: three rows, not four.
    assert Consent.objects.filter(user=user).count() == 3


def test_a_missing_text_or_a_text_of_another_purpose_is_refused():
    user = UserFactory()
    collection, third_party = signup_texts()
    with pytest.raises(ValidationError) as missing:
        services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[collection.pk])
    assert missing.value.messages == [f"‘{third_party.title}’에 동의해야 합니다."]
    profile_text = selectors.current_consent_texts(ConsentPurpose.PROFILE)[0]
    with pytest.raises(ValidationError):
        services.give_consents(
            user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[collection.pk, third_party.pk, profile_text.pk]
        )
    with pytest.raises(ValidationError):
        services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=["x"])
    assert not Consent.objects.exists()


def test_withdrawing_a_consent_ends_it_and_only_the_owner_may():
    user, other = UserFactory(), UserFactory()
    consents = services.give_consents(
        user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in signup_texts()]
    )
    with pytest.raises(PermissionDenied):
        services.withdraw_consent(user=other, consent=consents[1])
    assert selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)

    withdrawn = services.withdraw_consent(user=user, consent=consents[1])
    assert withdrawn.withdrawn_at is not None
    assert not selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    # Withdrawing again keeps the first date.
    assert services.withdraw_consent(user=user, consent=consents[1]).withdrawn_at == withdrawn.withdrawn_at
    # Agreeing again makes a new consent; the withdrawn one stays as history.
    services.give_consents(user=user, purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=[t.pk for t in signup_texts()])
    assert selectors.has_current_consent(user, ConsentPurpose.PROGRAM_SIGNUP)
    assert [c.withdrawn_at is None for c in selectors.consents_for_user(user)].count(False) == 1
    assert selectors.consents_for_user(user).count() == 3


def test_withdrawing_the_profile_consent_destroys_the_saved_facts_at_once():
    from anshim.accounts.models import Profile

    user = UserFactory(name="홍길동", phone="01012345678")
    [consent] = services.give_consents(
        user=user,
        purpose=ConsentPurpose.PROFILE,
        text_ids=[t.pk for t in selectors.current_consent_texts(ConsentPurpose.PROFILE)],
    )
    Profile.objects.create(user=user, facts={"district": "11680"}, notify_new_policies=True)

    services.withdraw_consent(user=user, consent=consent)

    assert not Profile.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert (user.name, user.phone) == ("홍길동", "01012345678")


def test_form_requires_every_text_with_a_korean_message():
    form = ConsentForm(purpose=ConsentPurpose.PROGRAM_SIGNUP, data={})
    collection, third_party = form.texts
    assert not form.is_valid()
    assert form.errors == {
        f"consent_{collection.pk}": [f"‘{collection.title}’에 동의해야 합니다."],
        f"consent_{third_party.pk}": [f"‘{third_party.title}’에 동의해야 합니다."],
    }
    assert form.accepted_text_ids() == []

    form = ConsentForm(
        purpose=ConsentPurpose.PROGRAM_SIGNUP,
        data={f"consent_{collection.pk}": "on", f"consent_{third_party.pk}": "on"},
    )
    assert form.is_valid()
    assert form.accepted_text_ids() == [collection.pk, third_party.pk]
    consents = services.give_consents(
        user=UserFactory(), purpose=ConsentPurpose.PROGRAM_SIGNUP, text_ids=form.accepted_text_ids()
    )
    assert len(consents) == 2


def test_included_fields_show_each_text_with_its_checkbox_and_errors():
    form = ConsentForm(purpose=ConsentPurpose.PROGRAM_SIGNUP, data={})
    form.is_valid()
    html = render_to_string("accounts/_consent_fields.html", {"consent_form": form})
    collection, third_party = form.texts
    assert "<legend" in html and "개인정보 동의" in html
    assert html.count("<details") == 2
    for text in form.texts:
        assert f'name="consent_{text.pk}"' in html
        assert f'<label for="id_consent_{text.pk}">[필수] {text.title}</label>' in html
        assert text.items in html and text.retention in html
        assert f"‘{text.title}’에 동의해야 합니다." in html
    assert "받는 자" in html and third_party.recipients in html
    assert 'aria-invalid="true"' in html
