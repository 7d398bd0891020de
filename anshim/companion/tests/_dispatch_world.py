"""A small agency world for the dispatch, phone-page and settlement tests (plain helpers, no fixtures)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from anshim.accounts.tests.factories import UserFactory
from anshim.companion import services
from anshim.companion.models import Booking, Companion
from anshim.companion.tests.conftest import GWANAK_POINT, book_by_phone, make_companion


def next_weekday(day: datetime.date | None = None) -> datetime.date:
    """The next Monday–Friday after ``day`` (today by default): the 07–20 hours of both rule versions."""
    day = (day or timezone.localdate()) + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def at_local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def book_on(staff, day: datetime.date, hour: int, minute: int = 0, **overrides) -> Booking:
    """A phone booking for ``day`` taken the day before (so every day, past or future, can be booked)."""
    pickup = at_local(day, hour, minute)
    return book_by_phone(staff, pickup_at=pickup, now=pickup - datetime.timedelta(days=1), **overrides)


@dataclass
class Workers:
    ahn: Companion  # has a login
    bae: Companion  # has a login
    cho: Companion  # no login


def workers(agency) -> Workers:
    return Workers(
        ahn=make_companion(agency, name="안동행", skills=["wheelchair"], user=UserFactory(username="ahn")),
        bae=make_companion(agency, name="배동행", user=UserFactory(username="bae")),
        cho=make_companion(agency, name="조동행", point=(37.49, 126.93)),
    )


def done_job(coordinator, companion: Companion, day: datetime.date, hour: int = 10, **overrides) -> Booking:
    """A job assigned to ``companion`` and walked to 동행 중 (ready for the record)."""
    booking = book_on(coordinator, day, hour, **overrides)
    services.assign(actor=coordinator, booking=booking, companion=companion)
    services.depart(actor=companion.user, booking=booking)
    services.start_accompanying(actor=companion.user, booking=booking)
    return booking


__all__ = ["GWANAK_POINT", "Workers", "at_local", "book_on", "done_job", "next_weekday", "workers"]
