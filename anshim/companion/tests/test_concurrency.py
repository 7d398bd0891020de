"""A companion is never double-booked, however many coordinators press 배정 at the same moment.

Each thread has its own database connection, as each request would. On PostgreSQL (CI,
``scripts/with-postgres``) the assignments really overlap and the companion row lock serialises
them. The suite's SQLite database lives in shared-cache memory, which answers a second writer
with "table is locked" instead of waiting as the file database (IMMEDIATE transactions, a busy
timeout) does; there the threads take turns through a lock standing in for SQLite's own write
lock, in whatever order they reach it, and the same invariants are checked.
"""

import pytest
from django.core.exceptions import ValidationError

from anshim.companion import services
from anshim.companion.models import Assignment, Booking, BookingStatus
from anshim.concurrency_testing import run_together

from .conftest import at, book_by_phone, make_companion

pytestmark = pytest.mark.django_db(transaction=True)

NOW = at(2025, 3, 3, 8)


def test_eight_overlapping_bookings_one_companion(agency, coordinator):
    bookings = [book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10, 5 * i), now=NOW, minutes=120) for i in range(8)]
    companion = make_companion(agency, name="단독")
    results = run_together(
        [lambda b=b: services.assign(actor=coordinator, booking=b, companion=companion) for b in bookings]
    )
    won = [r for r in results if isinstance(r, Assignment)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1, results
    assert len(refused) == 7
    assert all("겹쳐 배정할 수 없습니다" in r.messages[0] for r in refused)
    assert Assignment.objects.filter(companion=companion, active=True).count() == 1
    assert Booking.objects.filter(status=BookingStatus.ASSIGNED).count() == 1
    assert Booking.objects.filter(status=BookingStatus.RECEIVED).count() == 7


def test_one_booking_given_to_six_companions_at_once_keeps_one_active_assignment(agency, coordinator):
    booking = book_by_phone(coordinator, pickup_at=at(2025, 3, 4, 10), now=NOW)
    companions = [make_companion(agency, name=f"동시{i}") for i in range(6)]
    results = run_together(
        [lambda c=c: services.assign(actor=coordinator, booking=booking, companion=c) for c in companions]
    )
    assert [r for r in results if not isinstance(r, Assignment | ValidationError)] == []
    assert Assignment.objects.filter(booking=booking, active=True).count() == 1
    for companion in companions:
        assert Assignment.objects.filter(companion=companion, active=True).count() <= 1
