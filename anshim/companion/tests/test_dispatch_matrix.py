"""Who may use the 안심동행 back office: every role against every page and POST of the dispatch board,
the booking page, the companion's phone page and the settlement, as one table.

Expected answers: "ok" (200, or a redirect back to the page after a POST that worked), "login" (sent to
sign in), 403 (no such role) or 404 (the role, but another agency's or companion's object).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from anshim.accounts.models import Partner, User
from anshim.companion import services
from anshim.companion.models import Booking
from anshim.companion.tests._dispatch_world import book_on, done_job, next_weekday, workers
from anshim.companion.tests.conftest import people_of_other_roles

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "citizen",
    "city",
    "district",
    "district_other",
    "center",
    "coordinator",
    "coordinator_other",
    "partner_security",
    "judge",
    "guard",
    "mentor",
    "companion",
    "companion_other",
    "superuser",
]
BACK_OFFICE = {"city", "superuser", "coordinator"}


@dataclass
class World:
    users: dict[str, User | None]
    booking: Booking  # the agency's, open, tomorrow or the next weekday
    job: Booking  # companion's job, yesterday, 동행 중
    agency: Partner


@pytest.fixture
def world(agency, other_agency, coordinator, other_coordinator, city_official) -> World:
    team = workers(agency)
    users: dict[str, User | None] = {
        "anonymous": None,
        "city": city_official,
        "coordinator": coordinator,
        "coordinator_other": other_coordinator,
        "companion": team.ahn.user,
        "companion_other": team.bae.user,
        "superuser": User.objects.create_superuser("root", "root@example.kr", "pw-root-2026"),
        **people_of_other_roles(city=False),
    }
    booking = book_on(coordinator, next_weekday(), 10)
    job = done_job(coordinator, team.ahn, timezone.localdate() - datetime.timedelta(days=1))
    # partner_security is PARTNER_STAFF of a security company: a coordinator of no companion agency.
    assert services.coordinator_partner_ids(users["partner_security"]) == set()
    return World(users=users, booking=booking, job=job, agency=agency)


def roles(default, **answers):
    return {role: answers.get(role, default) for role in ROLES}


def back_office(ok="ok", other="ok"):
    """City, superuser and the agency's coordinator may; another agency's coordinator: ``other``."""
    return roles(403, anonymous="login", city=ok, superuser=ok, coordinator=ok, coordinator_other=other)


def worker(ok="ok"):
    return roles(403, anonymous="login", companion=ok, companion_other=404)


DAY = lambda w: {"day": w.booking.pickup_at.date().isoformat()}  # noqa: E731


# (label, method, url, data, answers)
ENDPOINTS = [
    ("board", "get", lambda w: reverse("companion:dispatch-board"), None, back_office()),
    (
        "board of the agency",
        "get",
        lambda w: reverse("companion:dispatch-board"),
        lambda w: {"agency": w.agency.pk},
        back_office(other=404),
    ),
    (
        "propose",
        "post",
        lambda w: reverse("companion:dispatch-propose"),
        lambda w: {**DAY(w), "agency": w.agency.pk},
        back_office(other=404),
    ),
    (
        "confirm",
        "post",
        lambda w: reverse("companion:dispatch-confirm"),
        lambda w: {
            **DAY(w),
            "agency": w.agency.pk,
            "booking": [w.booking.pk],
            f"companion_{w.booking.pk}": w.job.assignments.get().companion_id,
        },
        back_office(other=404),
    ),
    (
        "booking page",
        "get",
        lambda w: reverse("companion:dispatch-client", args=[w.booking.pk]),
        None,
        back_office(other=404),
    ),
    (
        "cancel",
        "post",
        lambda w: reverse("companion:dispatch-cancel", args=[w.booking.pk]),
        lambda w: {"cancel-reason": "운영기관 사정"},
        back_office(other=404),
    ),
    (
        "income check",
        "post",
        lambda w: reverse("companion:dispatch-income", args=[w.booking.pk]),
        lambda w: {"income-year": 2026, "income-household_size": 1, "income-monthly_income": 1_000_000},
        back_office(other=404),
    ),
    (
        "phone page",
        "get",
        lambda w: reverse("companion:work"),
        None,
        roles(403, anonymous="login", companion="ok", companion_other="ok"),
    ),
    ("record form", "get", lambda w: reverse("companion:work-record", args=[w.job.pk]), None, worker()),
    (
        "record",
        "post",
        lambda w: reverse("companion:work-record", args=[w.job.pk]),
        lambda w: {"met_at": "10:00", "returned_at": "11:00"},
        worker(),
    ),
    (
        "depart",
        "post",
        lambda w: reverse("companion:work-depart", args=[w.booking.pk]),
        lambda w: {},
        roles(403, anonymous="login", companion=404, companion_other=404),
    ),
    ("start", "post", lambda w: reverse("companion:work-start", args=[w.job.pk]), lambda w: {}, worker()),
    (
        "location",
        "post",
        lambda w: reverse("companion:work-location"),
        lambda w: {"lat": "37.5663", "lon": "126.9019"},
        roles(403, anonymous="login", companion="ok", companion_other="ok"),
    ),
    ("settlement", "get", lambda w: reverse("companion:settlement"), None, back_office()),
    ("settlement xlsx", "get", lambda w: reverse("companion:settlement-xlsx"), None, back_office()),
    (
        "settlement of the agency",
        "get",
        lambda w: reverse("companion:settlement"),
        lambda w: {"agency": w.agency.pk},
        back_office(other=404),
    ),
]


def outcome(response) -> str | int:
    status = response.status_code
    if status == 200:
        return "ok"
    if status == 302:
        return "login" if "login" in response.url else "ok"
    return status


@pytest.mark.parametrize(("label", "method", "url", "data", "answers"), ENDPOINTS, ids=[row[0] for row in ENDPOINTS])
def test_endpoint_access(client, world, label, method, url, data, answers):
    wrong = {}
    for role in ROLES:
        # A POST that worked changes the world (a cancelled booking cannot be cancelled twice):
        # each role gets the request against a fresh copy of the same state.
        sid = transaction_savepoint()
        user = world.users[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        payload = data(world) if data else None
        response = (
            getattr(client, method)(url(world), payload) if payload is not None else getattr(client, method)(url(world))
        )
        got = outcome(response)
        if method == "post" and got == "ok" and response.status_code == 400:
            got = 400
        if got != answers[role]:
            wrong[role] = f"got {got}, expected {answers[role]}"
        transaction_rollback(sid)
    assert not wrong, f"{label}: {wrong}"


def transaction_savepoint():
    from django.db import transaction

    return transaction.savepoint()


def transaction_rollback(sid):
    from django.db import transaction

    transaction.savepoint_rollback(sid)
