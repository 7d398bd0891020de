"""The companion card link sent by 알림톡: a signed, expiring token naming one booking's assignment.

The message goes to the booking's phone, which may belong to no account (phone bookings), so the
link carries its own proof: ``django.core.signing`` with a salt of its own, so a token made for
another purpose never opens a card. It names the booking and the assignment; ids cannot be guessed
into a valid token, and a reassigned booking's old link says so instead of showing the new person.

How long it works: until the end of the day after the appointment (Asia/Seoul). The card is for
recognising the companion at the door and on the way home; a fixed 7 days from sending could end
before an appointment booked 7 days ahead and a few hours, and would leave a staff member's photo
reachable for days after the visit. One spare day covers an appointment that runs past midnight.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from anshim.companion.models import Assignment, Booking

SALT = "anshim.companion.card"


def make_token(assignment: Assignment) -> str:
    # No timestamp in it (the expiry follows the appointment), so an assignment's link stays the same
    # address: the status page's polling does not fetch the photo anew every time.
    return signing.Signer(salt=SALT).sign_object([assignment.booking_id, assignment.pk])


def card_path(assignment: Assignment) -> str:
    return reverse("companion:companion-card", args=[make_token(assignment)])


def photo_path(assignment: Assignment) -> str:
    return reverse("companion:companion-card-photo", args=[make_token(assignment)])


def expires_at(booking: Booking) -> datetime.datetime:
    """The first moment the card no longer opens: midnight after the day following the appointment."""
    day = timezone.localtime(booking.appointment_at).date() + datetime.timedelta(days=2)
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Card:
    booking: Booking
    assignment: Assignment
    # The assignment in the token is no longer the booking's (reassigned, or cancelled).
    changed: bool


def read_token(token: str, *, now: datetime.datetime | None = None) -> Card | None:
    """The card a token opens, or None when it is forged, altered, unknown or expired."""
    try:
        booking_id, assignment_id = signing.Signer(salt=SALT).unsign_object(token)
        booking_id, assignment_id = int(booking_id), int(assignment_id)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    assignment = (
        Assignment.objects.select_related("booking", "companion")
        .filter(pk=assignment_id, booking_id=booking_id)
        .first()
    )
    if assignment is None:
        return None
    booking = assignment.booking
    if (now or timezone.now()) >= expires_at(booking):
        return None
    return Card(booking=booking, assignment=assignment, changed=not assignment.active)


def active_assignment(booking: Booking) -> Assignment | None:
    """The assignment holding the booking now, with its companion (None before assignment or after cancellation)."""
    return booking.assignments.filter(active=True).select_related("companion").first()
