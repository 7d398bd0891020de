"""The 안심동행 demo: the agency's areas, twelve companions who can sign in, and a month of bookings made
through the services, the same for the same seed, and removable."""

import datetime

import pytest

from anshim.accounts.models import Partner, Role, StaffRole, User
from anshim.companion import selectors
from anshim.companion.models import AgencyArea, Booking, BookingStatus, Client, Companion, ServiceRecord
from anshim.portal.demo.companion import delete_companion_demo, load_companion_demo
from anshim.portal.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 3, 18)  # a Wednesday in the past: the days before it can be completed


@pytest.fixture
def agency():
    """What ``people.load_people`` makes for the demo's agency: the partner and its coordinator."""
    partner = Partner.objects.create(name="서울동행돌봄 협동조합", kind=Partner.Kind.COMPANION)
    user = User.objects.create_user("companion", "companion@demo.anshim.kr", DEMO_PASSWORD, name="한동행")
    StaffRole.objects.create(user=user, role=Role.PARTNER_STAFF, partner=partner)
    return partner


def snapshot(partner):
    return list(
        Booking.objects.filter(partner=partner)
        .order_by("pickup_at", "hospital_name", "status")
        .values_list("pickup_at", "hospital_name", "status", "district_id")
    )


def test_demo_makes_companions_and_a_month_of_bookings(agency):
    summary = load_companion_demo(anchor=ANCHOR, seed=2026)
    assert summary.companions == 12
    assert AgencyArea.objects.filter(partner=agency).count() == 25
    first = Companion.objects.get(user__username="companion-1")
    assert first.user.email == "companion-1@demo.anshim.kr"
    assert first.user.check_password(DEMO_PASSWORD)
    assert all(c.qualification for c in Companion.objects.filter(partner=agency))
    # Every demo companion has a drawn portrait, stored privately, so the card and status pages show one.
    portraits = [c.photo for c in Companion.objects.filter(partner=agency)]
    assert all(portraits) and all(p.storage.exists(p.name) for p in portraits)
    bookings = Booking.objects.filter(partner=agency)
    assert bookings.count() == summary.bookings >= 40
    assert {b.pickup_at.month for b in bookings} == {3}
    statuses = set(bookings.values_list("status", flat=True))
    assert {BookingStatus.COMPLETED, BookingStatus.ASSIGNED, BookingStatus.RECEIVED} <= statuses
    assert ServiceRecord.objects.filter(booking__partner=agency).count() == summary.completed >= 20
    assert summary.open_today >= 3
    assert selectors.jobs_for_companion(first.user, ANCHOR).exists()  # the first companion works on the anchor day
    settlement = selectors.monthly_settlement(year=2026, month=3, partner=agency)
    assert settlement.total.uses == summary.completed and settlement.total.fees > 0
    peak = sum(settlement.demand_by_hour[h] for h in range(9, 18))
    assert peak > sum(settlement.demand_by_hour.values()) / 2


def test_same_seed_same_demo_and_it_can_be_replaced(agency, django_capture_on_commit_callbacks):
    load_companion_demo(anchor=ANCHOR, seed=7)
    before = snapshot(agency)
    again = load_companion_demo(anchor=ANCHOR, seed=7)  # a second run adds nothing
    assert snapshot(agency) == before and again.bookings == len(before)
    photos = [c.photo for c in Companion.objects.filter(partner=agency)]
    with django_capture_on_commit_callbacks(execute=True):
        delete_companion_demo()
    assert not any(p.storage.exists(p.name) for p in photos)  # the portraits go with their rows
    assert not Booking.objects.filter(partner=agency).exists()
    assert not Companion.objects.filter(partner=agency).exists()
    assert not User.objects.filter(username__startswith="companion-").exists()
    assert not Client.objects.exists()
    assert User.objects.filter(username="companion").exists()  # the coordinator belongs to people.py
    load_companion_demo(anchor=ANCHOR, seed=7)
    assert snapshot(agency) == before
