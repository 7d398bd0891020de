"""The companion's phone page: only their own jobs, 출발 → 동행 시작 → the record, and the fee from the record."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.companion import services
from anshim.companion.models import BookingStatus, ServiceRecord
from anshim.companion.tests._dispatch_world import book_on, done_job, next_weekday, workers

pytestmark = pytest.mark.django_db

WORK = reverse("companion:work")


@pytest.fixture
def team(agency):
    return workers(agency)


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def record_url(booking):
    return reverse("companion:work-record", args=[booking.pk])


def test_a_companion_sees_only_their_own_jobs(client, coordinator, team):
    day = next_weekday()
    mine = book_on(coordinator, day, 10, hospital_name="서울대학교병원")
    theirs = book_on(coordinator, day, 14, hospital_name="세브란스병원")
    services.assign(actor=coordinator, booking=mine, companion=team.ahn)
    services.assign(actor=coordinator, booking=theirs, companion=team.bae)
    client.force_login(team.ahn.user)
    body = client.get(WORK).content.decode()
    assert "서울대학교병원" in body and "세브란스병원" not in body
    assert "서울특별시 관악구 남부순환로 1" in body  # the address to go to
    for url in (
        reverse("companion:work-depart", args=[theirs.pk]),
        reverse("companion:work-start", args=[theirs.pk]),
    ):
        assert client.post(url).status_code == 404
    assert client.get(record_url(theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == BookingStatus.ASSIGNED


def test_depart_then_start_then_the_record_form(client, coordinator, team):
    booking = book_on(coordinator, yesterday(), 10)
    services.assign(actor=coordinator, booking=booking, companion=team.ahn)
    client.force_login(team.ahn.user)
    assert "마치지 않은 동행" in client.get(WORK).content.decode()
    response = client.post(reverse("companion:work-depart", args=[booking.pk]), follow=True)
    assert "출발을 알렸습니다" in response.content.decode()
    assert "동행 시작" in response.content.decode()
    client.post(reverse("companion:work-start", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCOMPANYING
    assert "서비스 기록하기" in client.get(WORK).content.decode()
    # Pressing 출발 again is refused with the state machine's Korean message.
    response = client.post(reverse("companion:work-depart", args=[booking.pk]), follow=True)
    assert "‘동행 중’ 상태의 예약은 ‘출발’(으)로 바꿀 수 없습니다" in response.content.decode()


def test_record_with_the_end_before_the_start_is_400(client, coordinator, team):
    booking = done_job(coordinator, team.ahn, yesterday())
    client.force_login(team.ahn.user)
    response = client.post(record_url(booking), {"met_at": "12:00", "returned_at": "10:00", "tasks": ["reception"]})
    assert response.status_code == 400
    assert "귀가 시각은 만난 시각보다 늦어야 합니다" in response.content.decode()
    response = client.post(record_url(booking), {"met_at": "", "returned_at": "10:00"})
    assert response.status_code == 400
    assert "필수 항목" in response.content.decode()
    response = client.post(record_url(booking), {"met_at": "10:00", "returned_at": "12:00", "tasks": ["dancing"]})
    assert response.status_code == 400
    assert not ServiceRecord.objects.exists()


def test_the_fee_comes_from_the_record(client, coordinator, team):
    # 2025 rule: 5,000 for the first hour, then 2,500 per started 30 minutes.
    # 10:05 → 11:46 is 101 minutes: 5,000 + ceil(41 / 30) × 2,500 = 10,000.
    booking = done_job(coordinator, team.ahn, yesterday())
    client.force_login(team.ahn.user)
    response = client.post(
        record_url(booking),
        {
            "met_at": "10:05",
            "hospital_arrived_at": "10:40",
            "returned_at": "11:46",
            "hospital": "서울대학교병원",
            "tasks": ["reception", "payment", "pharmacy"],
            "notes": "다음 진료는 2주 뒤",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "이용료는 10,000원입니다" in body and "이용료 10,000원" in body
    record = ServiceRecord.objects.get(booking=booking)
    assert (record.minutes, record.fee) == (101, 10_000)
    assert record.tasks == ["reception", "payment", "pharmacy"]
    assert "수납" in body and "약국" in body
    assert client.post(record_url(booking), {"met_at": "10:00", "returned_at": "11:00"}).status_code == 400


def test_a_hospital_changed_on_the_day_goes_into_the_notes(client, coordinator, team):
    booking = done_job(coordinator, team.ahn, yesterday())
    client.force_login(team.ahn.user)
    client.post(record_url(booking), {"met_at": "10:00", "returned_at": "11:00", "hospital": "보라매병원 응급실"})
    record = ServiceRecord.objects.get(booking=booking)
    assert record.notes.startswith("방문 병원: 보라매병원 응급실")
    assert record.fee == 5_000


def test_location_update(client, team):
    client.force_login(team.ahn.user)
    url = reverse("companion:work-location")
    assert client.post(url, {"lat": "37.40", "lon": "127.10"}).status_code == 400  # outside Seoul
    assert client.post(url, {"lat": "37.5663", "lon": "126.9019"}).status_code == 200
    team.ahn.refresh_from_db()
    assert team.ahn.current_lat == pytest.approx(37.5663)
