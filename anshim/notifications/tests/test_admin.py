"""Back office: notifications and the development outbox open in Korean, read-only, addresses masked."""

import pytest
from django.urls import reverse

from anshim.notifications import services
from anshim.notifications.models import Channel, Notification, OutboxMessage, Status
from anshim.notifications.tasks import deliver_notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_tasks")]


@pytest.fixture
def sent(citizen):
    notification = services.notify(
        user=citizen,
        to="010-1234-5678",
        channel=Channel.SMS,
        template="program_signup_confirmed",
        context={"program_title": "함께 요리하는 저녁"},
        key="admin:1",
    )
    deliver_notification.call(notification.pk)
    notification.refresh_from_db()
    return notification


def test_notification_list_shows_korean_columns_and_masked_numbers(admin_client, sent):
    page = admin_client.get(reverse("admin:notifications_notification_changelist")).content.decode()

    assert '<html lang="ko"' in page
    for text in ("받는 주소(가림)", "참여프로그램 신청 확정", "발송 완료", "010-****-5678", "문자"):
        assert text in page
    assert "01012345678" not in page
    assert reverse("admin:notifications_notification_add") not in page


def test_notification_detail_is_read_only_and_hides_the_full_number(admin_client, sent):
    response = admin_client.get(reverse("admin:notifications_notification_change", args=[sent.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "[안심] 함께 요리하는 저녁 신청이 확정되었습니다" in page
    assert "010-****-5678" in page
    assert "01012345678" not in page
    assert 'name="subject"' not in page
    assert admin_client.post(reverse("admin:notifications_notification_change", args=[sent.pk])).status_code == 403
    assert admin_client.get(reverse("admin:notifications_notification_add")).status_code == 403


def test_outbox_pages_show_what_the_development_backend_sent(admin_client, sent):
    message = OutboxMessage.objects.get()

    listing = admin_client.get(reverse("admin:notifications_outboxmessage_changelist")).content.decode()
    detail = admin_client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))

    assert "개발용 발송함" in listing
    assert "010-****-5678" in listing and "01012345678" not in listing
    assert detail.status_code == 200
    assert "참여프로그램 신청이 확정되었습니다." in detail.content.decode()
    assert admin_client.get(reverse("admin:notifications_outboxmessage_delete", args=[message.pk])).status_code == 403


def test_cancel_action_stops_only_queued_messages(admin_client, sent):
    queued = services.notify(
        to="01099998888",
        channel=Channel.SMS,
        template="program_signup_cancelled",
        context={"program_title": "마음 산책"},
        key="admin:2",
    )

    response = admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "cancel_queued", "_selected_action": [sent.pk, queued.pk]},
        follow=True,
    )

    assert "알림 1건의 발송을 취소했습니다." in response.content.decode()
    assert Notification.objects.get(pk=queued.pk).status == Status.CANCELLED
    assert Notification.objects.get(pk=sent.pk).status == Status.SENT


def test_staff_without_permission_cannot_see_notifications(client, django_user_model, sent):
    staff = django_user_model.objects.create_user("clerk", "clerk@example.com", "pw-안심-2025", is_staff=True)
    client.force_login(staff)

    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
    assert client.get(reverse("admin:notifications_outboxmessage_changelist")).status_code == 403
