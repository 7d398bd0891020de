"""마이페이지: a person sees only their own sign-ups, notifications and consents, and can withdraw a consent."""

import datetime
import html

import pytest
from django.utils import timezone

from anshim.accounts import selectors, services
from anshim.accounts.models import Consent, ConsentPurpose
from anshim.accounts.tests.factories import UserFactory
from anshim.notifications.models import Channel, Notification, Status

pytestmark = pytest.mark.django_db

URL = "/mypage/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def agree(user, purpose=ConsentPurpose.PROGRAM_SIGNUP) -> list[Consent]:
    texts = selectors.current_consent_texts(purpose)
    return services.give_consents(user=user, purpose=purpose, text_ids=[t.pk for t in texts])


def notification(user, number: int, **fields) -> Notification:
    defaults = {
        "recipient": user,
        "to": user.email,
        "to_masked": "c***@example.kr",
        "channel": Channel.EMAIL,
        "template": "program_signup_confirmed",
        "subject": f"[안심] 알림 {number:02d}",
        "body": "본문",
        "status": Status.SENT,
        "idempotency_key": f"test:{user.pk}:{number}",
    }
    defaults.update(fields)
    row = Notification.objects.create(**defaults)
    # Spread the rows over days so "newest first" is visible.
    Notification.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=30 - number))
    return row


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/mypage/")


def test_sections_show_the_persons_own_notifications_and_consents(client):
    me, other = UserFactory(), UserFactory()
    agree(me)
    agree(other, ConsentPurpose.PROFILE)
    notification(me, 1, channel=Channel.SMS, status=Status.FAILED, subject="[안심] 대기 순번 안내")
    notification(other, 2, subject="[안심] 남의 알림")
    client.force_login(me)

    body = text(client.get(URL))
    assert '<h1 class="page-title">마이페이지</h1>' in body
    for heading in ("참여프로그램 신청 내역", "받은 알림", "동의 내역", "회원 탈퇴"):
        assert heading in body
    assert "[안심] 대기 순번 안내" in body and "문자" in body and "발송 실패" in body
    assert "남의 알림" not in body
    for consent_text in selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP):
        assert consent_text.title in body
    assert "맞춤 지원제도 안내를 위한" not in body  # the other person's consent
    assert "(1판)" in body
    assert body.count(">동의 철회<") == 2
    assert "철회하면 그 목적으로는 개인정보를 더 이상 새로 수집·이용하거나 제공하지 않고" in body
    assert 'href="/mypage/withdraw/"' in body
    assert 'href="/mypage/profile/"' in body


def test_empty_sections_say_so(client):
    client.force_login(UserFactory())
    body = text(client.get(URL))
    assert "받은 알림이 없습니다." in body
    assert "동의한 내역이 없습니다." in body


def test_notifications_are_newest_first_and_paged(client):
    me = UserFactory()
    for number in range(1, 13):
        notification(me, number)
    client.force_login(me)

    first = text(client.get(URL))
    assert first.index("알림 12") < first.index("알림 03")
    assert "알림 02" not in first and "알림 01" not in first
    assert 'href="/mypage/?page=2"' in first
    second = text(client.get(URL, {"page": 2}))
    assert "알림 02" in second and "알림 01" in second and "알림 12" not in second

    bad = client.get(URL, {"page": "둘"})
    assert bad.status_code == 400
    assert "페이지 번호가 올바르지 않습니다" in text(bad)
    assert client.get(URL, {"page": 9}).status_code == 404


def test_signups_section_lists_the_persons_programme_sign_ups(client):
    from anshim.programs import services as program_services
    from anshim.programs.tests.factories import ProgramFactory

    me = UserFactory()
    texts = selectors.current_consent_texts(ConsentPurpose.PROGRAM_SIGNUP)
    program = ProgramFactory(title="함께 요리하는 저녁")
    program_services.sign_up(
        user=me, program=program, name="김서울", phone="010-1234-5678", consent_text_ids=[t.pk for t in texts]
    )
    ProgramFactory(title="남이 신청한 모임")
    client.force_login(me)
    body = text(client.get(URL))
    assert "함께 요리하는 저녁" in body
    assert "남이 신청한 모임" not in body


def test_withdrawing_ones_own_consent(client):
    me = UserFactory()
    collection, third_party = agree(me)
    client.force_login(me)

    response = client.post(f"/mypage/consents/{third_party.pk}/withdraw/")
    assert response.status_code == 302
    assert response["Location"] == "/mypage/#consents"
    third_party.refresh_from_db()
    assert third_party.withdrawn_at is not None
    assert not selectors.has_current_consent(me, ConsentPurpose.PROGRAM_SIGNUP)

    body = text(client.get(URL))
    assert f"‘{third_party.text.title}’ 동의를 철회했습니다." in body
    assert "철회함" in body
    assert body.count(">동의 철회<") == 1

    # Posting again (a double click) changes nothing.
    withdrawn_at = third_party.withdrawn_at
    client.post(f"/mypage/consents/{third_party.pk}/withdraw/")
    third_party.refresh_from_db()
    assert third_party.withdrawn_at == withdrawn_at


def test_another_persons_consent_cannot_be_withdrawn(client):
    me, other = UserFactory(), UserFactory()
    agree(me)
    theirs = agree(other)[0]
    client.force_login(me)
    assert client.post(f"/mypage/consents/{theirs.pk}/withdraw/").status_code == 404
    assert client.post("/mypage/consents/999999/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_withdrawing_a_consent_needs_a_post_and_a_signed_in_person(client):
    me = UserFactory()
    mine = agree(me)[0]
    assert client.post(f"/mypage/consents/{mine.pk}/withdraw/").status_code == 302
    mine.refresh_from_db()
    assert mine.withdrawn_at is None  # the anonymous post went to the sign-in page
    client.force_login(me)
    assert client.get(f"/mypage/consents/{mine.pk}/withdraw/").status_code == 405
