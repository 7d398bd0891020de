"""Who may open which resident or call-centre page of 병원 안심동행, as one table.

Every role against every page and POST: signed out → the login page (302); a resident's own
booking pages → 200 for that resident and 404 for everybody else (no hint it exists); the phone
booking → the city and the companion agencies' coordinators only (403 for the rest), and a
coordinator of another agency may neither book in this agency's district (403) nor read its
booking (404). The test objects live in 관악구 (11620), served by ``agency``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import ConsentPurpose, User
from anshim.accounts.selectors import current_consent_texts
from anshim.accounts.tests.factories import PASSWORD, UserFactory
from anshim.accounts.tests.matrix import wrong_answers
from anshim.companion import services
from anshim.companion.models import Booking, BookingStatus

from .conftest import RESIDENT_TABLE_ROLES, at, book_by_phone, book_online, make_companion, people_of_other_roles

pytestmark = pytest.mark.django_db

OWN, OTHER = "11620", "11680"
ROLES = RESIDENT_TABLE_ROLES
SIGNED_IN = set(ROLES) - {"anonymous"}
OWNER = {"owner"}
PHONE_STAFF = {"city", "superuser", "coordinator", "coordinator_other"}
PHONE_OWN_AGENCY = {"city", "superuser", "coordinator"}


def next_weekday(days_ahead: int = 2) -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


@dataclass
class World:
    users: dict[str, User | None]
    open_booking: Booking
    done_booking: Booking
    phone_booking: Booking


@pytest.fixture
def world(agency, other_agency, coordinator, other_coordinator) -> World:
    users: dict[str, User | None] = {"anonymous": None, "owner": UserFactory(), **people_of_other_roles()}
    users["superuser"] = User.objects.create_superuser("root", "root@example.kr", PASSWORD)
    users["coordinator"], users["coordinator_other"] = coordinator, other_coordinator
    owner = users["owner"]
    day = next_weekday()
    open_booking = book_online(owner, pickup_at=at(day.year, day.month, day.day, 10), now=timezone.now())
    past = timezone.localdate() - datetime.timedelta(days=3)
    while past.weekday() >= 5:
        past -= datetime.timedelta(days=1)
    pickup = at(past.year, past.month, past.day, 10)
    done_booking = book_online(owner, pickup_at=pickup, now=pickup - datetime.timedelta(days=1))
    worker = UserFactory(username="manager")
    services.assign(actor=coordinator, booking=done_booking, companion=make_companion(agency, user=worker))
    services.depart(actor=worker, booking=done_booking)
    services.start_accompanying(actor=worker, booking=done_booking)
    services.record_service(
        actor=worker, booking=done_booking, met_at=pickup, returned_at=pickup + datetime.timedelta(minutes=90)
    )
    phone_booking = book_by_phone(coordinator, pickup_at=at(day.year, day.month, day.day, 14), now=timezone.now())
    return World(users=users, open_booking=open_booking, done_booking=done_booking, phone_booking=phone_booking)


def booking_form(day: datetime.date, **extra) -> dict:
    data = {
        "client_name": "김동행",
        "client_phone": "010-2222-3333",
        "district": OWN,
        "pickup_address": "서울특별시 관악구 관악로 1",
        "hospital_name": "서울대학교병원",
        "service_date": day.isoformat(),
        "pickup_time": "11:00",
        "appointment_time": "11:45",
        "expected_minutes": "120",
    }
    for text in current_consent_texts(ConsentPurpose.COMPANION):
        data[f"consent_{text.pk}"] = "on"
    return {**data, **extra}


# (name, url maker, roles allowed, status for the others when signed in)
PAGES = [
    ("home", lambda w: reverse("companion:home"), set(ROLES), None),
    ("book", lambda w: reverse("companion:book"), SIGNED_IN, None),
    ("fee-estimate", lambda w: reverse("companion:fee-estimate") + "?expected_minutes=90", set(ROLES), None),
    ("my-bookings", lambda w: reverse("companion:my-bookings"), SIGNED_IN, None),
    ("booking-status", lambda w: reverse("companion:booking-status", args=[w.open_booking.pk]), OWNER, 404),
    ("booking-live", lambda w: reverse("companion:booking-live", args=[w.open_booking.pk]), OWNER, 404),
    ("booking-cancel", lambda w: reverse("companion:booking-cancel", args=[w.open_booking.pk]), OWNER, 404),
    ("booking-receipt", lambda w: reverse("companion:booking-receipt", args=[w.done_booking.pk]), OWNER, 404),
    ("phone-book", lambda w: reverse("companion:phone-book"), PHONE_STAFF, 403),
]
PHONE_BOOKED_REFUSED = {role: 404 if role == "coordinator_other" else 403 for role in SIGNED_IN - PHONE_OWN_AGENCY}


def _client_for(client, world: World, role: str):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def expected_answer(role: str, allowed: set[str], refused: int | None):
    if role in allowed:
        return 200
    return "login" if role == "anonymous" else refused


def answer(response):
    if response.status_code == 302 and "/login/" in response["Location"]:
        return "login"
    return response.status_code


# A GET changes nothing, so one world serves every role of a page: the table is compared whole,
# and a failure shows each role whose answer differs.
@pytest.mark.parametrize(("name", "url", "allowed", "refused"), PAGES, ids=[p[0] for p in PAGES])
def test_pages(client, world, name, url, allowed, refused):
    answers = {}
    for role in ROLES:
        client.logout()
        answers[role] = answer(_client_for(client, world, role).get(url(world)))

    assert answers == {role: expected_answer(role, allowed, refused) for role in ROLES}


def test_phone_booked_page(client, world):
    url = reverse("companion:phone-booked", args=[world.phone_booking.pk])
    wrong = []
    for role in ROLES:
        client.logout()
        response = _client_for(client, world, role).get(url)
        if role in PHONE_OWN_AGENCY:
            ok = response.status_code == 200 and str(world.phone_booking.pk) in response.content.decode()
        elif role == "anonymous":
            ok = response.status_code == 302
        else:
            ok = response.status_code == PHONE_BOOKED_REFUSED[role]
        if not ok:
            wrong.append(f"{role}: {response.status_code}")
    assert not wrong, wrong


def post_as_every_role(client, world, check) -> list[str]:
    return wrong_answers(client, ROLES, lambda client, role: _client_for(client, world, role), check)


def test_cancel_post(client, world):
    def check(client, role):
        response = client.post(reverse("companion:booking-cancel", args=[world.open_booking.pk]), {"reason": "시험"})
        world.open_booking.refresh_from_db()
        status = world.open_booking.status
        if role in OWNER:
            ok = response.status_code == 302 and status == BookingStatus.CANCELLED
        else:
            refused = 302 if role == "anonymous" else 404
            ok = response.status_code == refused and status == BookingStatus.RECEIVED
        return None if ok else f"{response.status_code}, booking {status}"

    assert not post_as_every_role(client, world, check)


def test_book_post(client, world):
    def check(client, role):
        before = Booking.objects.count()
        response = client.post(reverse("companion:book"), booking_form(next_weekday(3)))
        if role == "anonymous":
            ok = response.status_code == 302 and "/login/" in response["Location"] and Booking.objects.count() == before
        else:
            ok = (
                response.status_code == 302
                and Booking.objects.count() == before + 1
                and Booking.objects.latest("pk").client.user == world.users[role]
            )
        return None if ok else f"{response.status_code}, {Booking.objects.count() - before} new bookings"

    assert not post_as_every_role(client, world, check)


def test_phone_book_post(client, world):
    data = {k: v for k, v in booking_form(next_weekday(3), verbal_consent="on").items() if "consent_" not in k}
    data["client_name"] = "박전화"

    def check(client, role):
        before = Booking.objects.count()
        response = client.post(reverse("companion:phone-book"), data)
        if role in PHONE_OWN_AGENCY:
            ok = (
                response.status_code == 302
                and Booking.objects.count() == before + 1
                and Booking.objects.latest("pk").entered_by == world.users[role]
            )
        elif role == "anonymous":
            ok = response.status_code == 302 and "/login/" in response["Location"] and Booking.objects.count() == before
        else:
            ok = response.status_code == 403 and Booking.objects.count() == before
        return None if ok else f"{response.status_code}, {Booking.objects.count() - before} new bookings"

    assert not post_as_every_role(client, world, check)
