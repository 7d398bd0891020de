"""The security company's pages: its own households only, contact details under consent, visits recorded by the services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import PersonalDataAccess
from anshim.doorguard import services
from anshim.doorguard.models import ApplicationStatus, Installation, Subscription
from anshim.doorguard.tests.conftest import MAPO, apply_as_citizen, make_round
from anshim.geo.models import District
from anshim.notifications.models import Notification

S = ApplicationStatus
pytestmark = pytest.mark.django_db
WORKLIST = reverse("doorguard:partner-worklist")


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def households(round_, other_partner, gwanak_official, mapo_official):
    """Ours: a selected 관악 household and a scheduled 마포 one; a pending one; another company's selected one."""
    selected = services.select(actor=gwanak_official, application=apply_as_citizen(round_, name="박선정"))
    mapo = services.select(
        actor=mapo_official,
        application=apply_as_citizen(
            round_, name="이마포", district=District.objects.get(pk=MAPO), address="서울 마포구 양화로 45, 2층"
        ),
    )
    pending = apply_as_citizen(round_, name="최대기")
    other_round = make_round(partner=other_partner)
    elsewhere = services.select(actor=gwanak_official, application=apply_as_citizen(other_round, name="정다른"))
    return {"selected": selected, "mapo": mapo, "pending": pending, "elsewhere": elsewhere}


def test_the_worklist_shows_our_households_with_address_and_phone_and_logs_the_view(client, installer, households):
    client.force_login(installer)
    response = client.get(WORKLIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "박선정" in text and "이마포" in text
    assert households["selected"].address in text
    assert 'href="tel:010-1234-5678"' in text
    assert "최대기" not in text, "a household still in the queue is not the company's"
    assert "정다른" not in text, "another company's household"
    assert PersonalDataAccess.objects.filter(actor=installer).count() == 2


def test_the_worklist_filters_by_district_and_status(client, installer, households):
    client.force_login(installer)
    text = client.get(WORKLIST, {"district": MAPO}).content.decode()
    assert "이마포" in text and "박선정" not in text
    text = client.get(WORKLIST, {"status": S.SCHEDULED}).content.decode()
    assert "조건에 맞는 설치 대기 가구가 없습니다" in text
    response = client.get(WORKLIST, {"status": "NONSENSE"})
    assert response.status_code == 400
    assert "상태를 목록에서 골라 주세요" in response.content.decode()


def test_without_a_third_party_consent_the_contact_is_masked(client, installer, households):
    households["selected"].consents.clear()
    client.force_login(installer)
    text = client.get(WORKLIST).content.decode()
    assert households["selected"].address not in text
    assert "박*정" in text
    assert "제3자 제공 동의가 확인되지 않아" in text


def test_another_company_sees_nothing_and_gets_404_on_our_ids(client, other_installer, households):
    client.force_login(other_installer)
    text = client.get(WORKLIST).content.decode()
    assert "박선정" not in text and "이마포" not in text
    assert "정다른" in text
    url = reverse("doorguard:partner-installation", args=[households["selected"].pk])
    assert client.get(url).status_code == 404
    future = local_input(timezone.now() + datetime.timedelta(days=2))
    response = client.post(url, {"action": "schedule", "schedule-scheduled_for": future})
    assert response.status_code == 404
    assert not Installation.objects.filter(application=households["selected"]).exists()


def test_a_pending_household_of_our_round_is_not_found(client, installer, households):
    client.force_login(installer)
    assert client.get(reverse("doorguard:partner-installation", args=[households["pending"].pk])).status_code == 404


def test_district_officials_are_refused(client, gwanak_official, households):
    client.force_login(gwanak_official)
    assert client.get(WORKLIST).status_code == 403
    assert client.get(reverse("doorguard:partner-installation", args=[households["selected"].pk])).status_code == 403


def test_a_visit_in_the_past_is_refused_in_korean_and_nothing_is_booked(client, installer, households):
    client.force_login(installer)
    url = reverse("doorguard:partner-installation", args=[households["selected"].pk])
    past = local_input(timezone.now() - datetime.timedelta(hours=3))
    response = client.post(url, {"action": "schedule", "schedule-scheduled_for": past})
    assert response.status_code == 400
    assert "지난 시각으로는 예약할 수 없습니다" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    households["selected"].refresh_from_db()
    assert households["selected"].status == S.SELECTED
    assert not Installation.objects.exists()


def test_schedule_then_install_starts_the_subscription_and_tells_the_resident(
    client, installer, households, django_capture_on_commit_callbacks
):
    client.force_login(installer)
    application = households["selected"]
    url = reverse("doorguard:partner-installation", args=[application.pk])
    soon = timezone.now() + datetime.timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "schedule", "schedule-scheduled_for": local_input(soon)}, follow=True)
    assert "방문을 예약했습니다" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SCHEDULED
    assert Notification.objects.filter(recipient=application.user, subject__contains="설치 예약").exists()

    installed = local_input(timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "installed", "installed-installed_at": installed})
    assert response.status_code == 302 and response.url == WORKLIST
    application.refresh_from_db()
    assert application.status == S.INSTALLED
    subscription = Subscription.objects.get(application=application)
    assert subscription.start_date == timezone.localdate()
    assert Notification.objects.filter(recipient=application.user, subject__contains="설치 완료").exists()
    assert "박선정" not in client.get(WORKLIST).content.decode()


def test_a_failed_visit_needs_a_reason_and_is_recorded(client, installer, households):
    client.force_login(installer)
    application = households["selected"]
    services.schedule_installation(
        actor=installer, application=application, scheduled_for=timezone.now() + datetime.timedelta(hours=1)
    )
    url = reverse("doorguard:partner-installation", args=[application.pk])
    response = client.post(url, {"action": "failed", "failed-reason": "  "})
    assert response.status_code == 400
    assert "설치하지 못한 사유를 입력해 주세요" in response.content.decode()
    response = client.post(url, {"action": "failed", "failed-reason": "부재중, 세 번 연락했으나 받지 않음"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.INSTALL_FAILED
    assert Installation.objects.get(application=application).failure_reason.startswith("부재중")


def test_recording_an_installation_without_a_booking_is_refused(client, installer, households):
    client.force_login(installer)
    url = reverse("doorguard:partner-installation", args=[households["selected"].pk])
    installed = local_input(timezone.now() - datetime.timedelta(minutes=5))
    response = client.post(url, {"action": "installed", "installed-installed_at": installed})
    assert response.status_code == 400
    households["selected"].refresh_from_db()
    assert households["selected"].status == S.SELECTED
    assert not Subscription.objects.exists()


def test_an_unknown_action_is_refused(client, installer, households):
    client.force_login(installer)
    url = reverse("doorguard:partner-installation", args=[households["selected"].pk])
    response = client.post(url, {"action": "delete"})
    assert response.status_code == 400
    assert "처리할 일을 다시 골라 주세요" in response.content.decode()
