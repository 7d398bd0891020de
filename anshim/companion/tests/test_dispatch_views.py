"""The agency's dispatch board: requests and companions, the optimiser's proposal, confirm or override,
cancellation with the fee rule, and the income check; another agency's ids answer 404."""

import re

import pytest
from django.urls import reverse

from anshim.companion.models import Assignment, Booking, BookingStatus, IncomeCheck
from anshim.companion.tests._dispatch_world import book_on, next_weekday, workers
from anshim.companion.tests.conftest import MAPO_POINT

pytestmark = pytest.mark.django_db

BOARD = reverse("companion:dispatch-board")


@pytest.fixture
def day():
    return next_weekday()


@pytest.fixture
def team(agency):
    return workers(agency)


def test_board_lists_the_days_requests_and_companions(client, coordinator, team, day):
    book_on(coordinator, day, 10, needs=["wheelchair"])
    book_on(coordinator, day, 14, point=MAPO_POINT)
    client.force_login(coordinator)
    response = client.get(BOARD, {"day": day.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "요청 2건" in body and "배정 전 2건" in body
    assert "관악구" in body and "마포구" in body and "휠체어 이동 지원" in body
    for name in ("안동행", "배동행", "조동행"):
        assert name in body
    assert "박전화" not in body  # the person's name is not on the board


def test_propose_then_confirm_creates_the_assignments(client, coordinator, team, day):
    wheel = book_on(coordinator, day, 10, needs=["wheelchair"])
    plain = book_on(coordinator, day, 10, 30)
    client.force_login(coordinator)
    response = client.post(reverse("companion:dispatch-propose"), {"day": day.isoformat()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "2 / 2건" in body  # both served on time
    assert Assignment.objects.count() == 0  # a proposal writes nothing
    chosen = dict(re.findall(r'name="proposed_(\d+)" value="(\d+)"', body))
    assert chosen[str(wheel.pk)] == str(team.ahn.pk)  # only 안동행 pushes a wheelchair
    data = {"day": day.isoformat(), "booking": [wheel.pk, plain.pk]}
    for booking_id, companion_id in chosen.items():
        data[f"proposed_{booking_id}"] = companion_id
        data[f"companion_{booking_id}"] = companion_id
    response = client.post(reverse("companion:dispatch-confirm"), data, follow=True)
    assert "2건을 배정했습니다" in response.content.decode()
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.ASSIGNED}
    assert Assignment.objects.filter(active=True, proposed=True).count() == 2


def test_unassigned_request_comes_with_a_reason(client, coordinator, team, day):
    book_on(coordinator, day, 10, needs=["sign_language"])
    client.force_login(coordinator)
    body = client.post(reverse("companion:dispatch-propose"), {"day": day.isoformat()}).content.decode()
    assert "0 / 1건" in body
    assert "필요한 지원(수어)을 할 수 있는 동행매니저가 없습니다" in body


def test_override_to_a_busy_companion_is_refused_per_row(client, coordinator, team, day):
    first = book_on(coordinator, day, 10)
    second = book_on(coordinator, day, 10, 30)
    client.force_login(coordinator)
    client.post(
        reverse("companion:dispatch-confirm"),
        {"day": day.isoformat(), "booking": [first.pk], f"companion_{first.pk}": team.bae.pk},
    )
    response = client.post(
        reverse("companion:dispatch-confirm"),
        {
            "day": day.isoformat(),
            "booking": [second.pk],
            f"proposed_{second.pk}": team.cho.pk,
            f"companion_{second.pk}": team.bae.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "배동행 동행매니저는" in body and "겹쳐 배정할 수 없습니다" in body
    assert Booking.objects.get(pk=second.pk).status == BookingStatus.RECEIVED
    # One row done, one refused: 200 with the refused row shown again.
    third = book_on(coordinator, day, 15)
    response = client.post(
        reverse("companion:dispatch-confirm"),
        {
            "day": day.isoformat(),
            "booking": [second.pk, third.pk],
            f"companion_{second.pk}": team.bae.pk,
            f"companion_{third.pk}": team.bae.pk,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "1건을 배정했습니다" in body and f'id="confirm-row-{second.pk}"' in body


def test_confirm_without_any_choice_is_400(client, coordinator, team, day):
    booking = book_on(coordinator, day, 10)
    client.force_login(coordinator)
    response = client.post(
        reverse("companion:dispatch-confirm"),
        {"day": day.isoformat(), "booking": [booking.pk], f"companion_{booking.pk}": ""},
    )
    assert response.status_code == 400
    assert "한 명 이상 골라 주세요" in response.content.decode()


def test_another_agencys_booking_or_companion_is_404(client, coordinator, other_coordinator, team, day, other_agency):
    from anshim.companion.tests.conftest import make_companion

    foreign = make_companion(other_agency, name="남의매니저")
    booking = book_on(coordinator, day, 10)
    client.force_login(other_coordinator)
    assert client.get(reverse("companion:dispatch-client", args=[booking.pk])).status_code == 404
    response = client.post(
        reverse("companion:dispatch-confirm"),
        {"day": day.isoformat(), "booking": [booking.pk], f"companion_{booking.pk}": foreign.pk},
    )
    assert response.status_code == 404
    client.force_login(coordinator)
    response = client.post(
        reverse("companion:dispatch-confirm"),
        {"day": day.isoformat(), "booking": [booking.pk], f"companion_{booking.pk}": foreign.pk},
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_client_page_masks_the_person_and_states_the_fee_rule(client, coordinator, team, day):
    booking = book_on(coordinator, day, 10, client_name="박전화")
    client.force_login(coordinator)
    body = client.get(reverse("companion:dispatch-client", args=[booking.pk])).content.decode()
    assert "박*화" in body and "박전화" not in body
    assert "출발 5시간 이내이거나 현장 취소이면 취소 수수료 13,000원" in body


def test_cancel_by_the_agency_for_the_person(client, coordinator, team, day):
    booking = book_on(coordinator, day, 10)
    client.force_login(coordinator)
    url = reverse("companion:dispatch-cancel", args=[booking.pk])
    response = client.post(url, {"cancel-reason": ""})
    assert response.status_code == 400
    assert "필수 항목" in response.content.decode()
    response = client.post(url, {"cancel-reason": "이용자 요청", "cancel-client_request": "on"}, follow=True)
    assert "취소 수수료는 없습니다" in response.content.decode()  # more than 5 hours ahead
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.cancel_fee == 0 and booking.cancelled_by == coordinator
    response = client.post(url, {"cancel-reason": "다시"})
    assert response.status_code == 400
    assert "‘취소’ 상태의 예약은 취소할 수 없습니다" in response.content.decode()


def test_income_check_gives_free_uses(client, coordinator, team, day):
    booking = book_on(coordinator, day, 10)
    client.force_login(coordinator)
    url = reverse("companion:dispatch-income", args=[booking.pk])
    response = client.post(url, {"income-year": day.year, "income-household_size": 1, "income-monthly_income": "만원"})
    assert response.status_code == 400
    response = client.post(
        url, {"income-year": day.year, "income-household_size": 1, "income-monthly_income": 1_000_000}, follow=True
    )
    assert "무료 이용 대상입니다" in response.content.decode()
    assert IncomeCheck.objects.get(client=booking.client).household_size == 1
