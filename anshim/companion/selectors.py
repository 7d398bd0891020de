"""Reads for 병원 안심동행: the rule version in force, a person's history, who sees which bookings,
dispatch proposals, receipts and the monthly settlement."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from anshim.accounts.models import Partner
from anshim.accounts.scoping import sees_everything
from anshim.companion import dispatch, fees
from anshim.companion import rules as booking_rules
from anshim.companion.models import (
    AgencyArea,
    Assignment,
    Booking,
    BookingStatus,
    CancelKind,
    Client,
    Companion,
    RuleSet,
    ServiceRecord,
)
from anshim.companion.permissions import coordinator_partner_ids

S = BookingStatus
OPEN_STATUSES = (S.RECEIVED, S.ASSIGNED, S.DEPARTED, S.ACCOMPANYING)


def rule_set_on(day: datetime.date) -> RuleSet | None:
    """The rule version in force on ``day`` (the latest whose 시행일 is on or before it)."""
    return RuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()


def rules_in_force(day: datetime.date | None = None) -> RuleSet | None:
    return rule_set_on(day or timezone.localdate())


def estimate_fee(rule_set: RuleSet, minutes: int) -> int:
    """The fee shown before booking, for the expected minutes (free uses are settled on the record)."""
    return fees.service_fee(rule_set.as_rule(), minutes)


def agency_for(district) -> Partner | None:
    """The agency serving ``district``: its ``AgencyArea``, else the one companion agency if there is just one."""
    area = AgencyArea.objects.filter(district=district).select_related("partner").first()
    if area is not None:
        return area.partner
    agencies = list(Partner.objects.filter(kind=Partner.Kind.COMPANION)[:2])
    return agencies[0] if len(agencies) == 1 else None


def client_history(client: Client) -> tuple[list[booking_rules.PastUse], list[booking_rules.LateCancellation]]:
    """The person's uses (bookings not cancelled; recorded minutes where done) and late cancellations."""
    uses, cancellations = [], []
    for booking in Booking.objects.filter(client=client).select_related("record"):
        if booking.status == S.CANCELLED:
            if booking.cancel_kind in (CancelKind.ON_SITE, CancelKind.SAME_DAY):
                cancellations.append(booking_rules.LateCancellation(at=booking.cancelled_at, kind=booking.cancel_kind))
            continue
        record = getattr(booking, "record", None)
        minutes = record.minutes if record is not None else booking.expected_minutes
        uses.append(
            booking_rules.PastUse(pickup_at=booking.pickup_at, minutes=minutes, free=bool(record and record.free))
        )
    return uses, cancellations


def bookings_for(user) -> QuerySet[Booking]:
    """Bookings ``user`` may see: the city all; coordinators their agency's; a companion only their own jobs;
    a resident their own bookings."""
    base = Booking.objects.select_related("client", "district", "partner")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if sees_everything(user):
        return base
    condition = Q(client__user=user) | Q(assignments__active=True, assignments__companion__user=user)
    partners = coordinator_partner_ids(user)
    if partners:
        condition |= Q(partner__in=partners)
    return base.filter(condition).distinct()


def jobs_for_companion(user, day: datetime.date | None = None) -> QuerySet[Booking]:
    """The companion's own active jobs (optionally of one day), in pick-up order."""
    jobs = Booking.objects.filter(assignments__active=True, assignments__companion__user=user).select_related(
        "client", "district"
    )
    if day is not None:
        jobs = jobs.filter(pickup_at__date=day)
    return jobs.order_by("pickup_at")


def companions_for(user) -> QuerySet[Companion]:
    if sees_everything(user):
        return Companion.objects.all()
    return Companion.objects.filter(partner__in=coordinator_partner_ids(user))


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return start, start + datetime.timedelta(days=1)


def _minute(when: datetime.datetime) -> int:
    local = timezone.localtime(when)
    return local.hour * 60 + local.minute


@dataclass
class Proposal:
    plan: dispatch.Plan
    pairs: list[tuple[Booking, Companion]] = field(default_factory=list)
    unassigned: list[Booking] = field(default_factory=list)
    baseline: dispatch.Plan | None = None


def propose_assignments(
    *, partner: Partner, day: datetime.date, now: datetime.datetime | None = None, time_limit: float = 1.5
) -> Proposal:
    """The optimiser's proposal for the agency's open (접수) bookings of ``day``; nothing is written.

    Companions come with where they are now (last reported location, else home base) and their
    already-assigned jobs of the day, which the proposal works around.
    """
    now = now or timezone.now()
    start, end = _day_bounds(day)
    open_bookings = list(
        Booking.objects.filter(partner=partner, status=S.RECEIVED, pickup_at__gte=max(start, now), pickup_at__lt=end)
        .select_related("client")
        .order_by("created_at", "pk")
    )
    companions = list(Companion.objects.filter(partner=partner, active=True))
    busy: dict[int, list[dispatch.Job]] = defaultdict(list)
    for assignment in Assignment.objects.filter(
        companion__in=companions, active=True, booking__pickup_at__gte=start, booking__pickup_at__lt=end
    ).select_related("booking"):
        booking = assignment.booking
        busy[assignment.companion_id].append(
            dispatch.Job(_minute(booking.pickup_at), booking.expected_minutes, booking.pickup_lat, booking.pickup_lon)
        )
    now_minute = _minute(now) if start <= now < end else (0 if now < start else 24 * 60)
    requests = [
        dispatch.Request(
            pickup=_minute(b.pickup_at),
            duration=b.expected_minutes,
            lat=b.pickup_lat,
            lon=b.pickup_lon,
            id=b.pk,
            needs=frozenset(b.needs or ()),
            order=index,
        )
        for index, b in enumerate(open_bookings)
    ]
    people = [
        dispatch.Companion(
            id=c.pk,
            lat=c.current_lat if c.current_lat is not None else c.home_lat,
            lon=c.current_lon if c.current_lon is not None else c.home_lon,
            shift_start=c.shift_start.hour * 60 + c.shift_start.minute,
            shift_end=c.shift_end.hour * 60 + c.shift_end.minute,
            available_from=now_minute,
            skills=frozenset(c.skills or ()),
            fixed=tuple(busy.get(c.pk, ())),
        )
        for c in companions
    ]
    plan = dispatch.propose(requests, people, time_limit=time_limit)
    by_booking = {b.pk: b for b in open_bookings}
    by_companion = {c.pk: c for c in companions}
    return Proposal(
        plan=plan,
        pairs=[(by_booking[bid], by_companion[cid]) for bid, cid in plan.assignments.items()],
        unassigned=[by_booking[bid] for bid in plan.unassigned],
        baseline=dispatch.fcfs(requests, people),
    )


def receipt(booking: Booking) -> dict:
    """영수증: what the resident is given after the use (or after a charged cancellation)."""
    record = getattr(booking, "record", None)
    data = {
        "booking_id": booking.pk,
        "name": booking.client.name,
        "hospital": booking.hospital_name,
        "date": timezone.localtime(booking.pickup_at).date(),
        "agency": booking.partner.name,
        "rule": booking.rule_set.name,
    }
    if record is not None:
        data |= {
            "receipt_number": record.receipt_number,
            "met_at": timezone.localtime(record.met_at),
            "returned_at": timezone.localtime(record.returned_at),
            "minutes": record.minutes,
            "companion": record.companion.name,
            "tasks": record.tasks,
            "fee": record.fee,
            "free": record.free,
            "fee_reason": record.fee_reason,
        }
    elif booking.status == S.CANCELLED and booking.cancel_fee:
        data |= {
            "receipt_number": f"AC{timezone.localtime(booking.cancelled_at):%Y%m%d}-{booking.pk:07d}",
            "fee": booking.cancel_fee,
            "fee_reason": str(CancelKind(booking.cancel_kind).label),
            "free": False,
        }
    return data


@dataclass
class SettlementRow:
    label: str
    uses: int = 0
    minutes: int = 0
    free_uses: int = 0
    fees: int = 0
    cancel_fees: int = 0
    cancellations: int = 0

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    @property
    def collected(self) -> int:
        return self.fees + self.cancel_fees


@dataclass
class Settlement:
    year: int
    month: int
    by_agency: list[SettlementRow]
    by_district: list[SettlementRow]
    total: SettlementRow
    demand_by_hour: dict[int, int]
    cost: int
    cost_year_to_date: int
    budget: int

    @property
    def budget_used_percent(self) -> float:
        return round(100 * self.cost_year_to_date / self.budget, 1) if self.budget else 0.0


def _cost(records, rule_cost_per_hour: dict[int, int]) -> int:
    """City's cost: service hours at the rule version's hourly cost, less the fees the people paid."""
    return sum(r.minutes * rule_cost_per_hour[r.booking.rule_set_id] / 60 - r.fee for r in records)


def monthly_settlement(*, year: int, month: int, partner: Partner | None = None) -> Settlement:
    """Uses, hours, fees and cost of one month per agency and per district (only ``partner``'s when given),
    the year's cost so far against the budget, and demand (bookings made, cancelled or not) by pick-up hour."""
    first = timezone.make_aware(datetime.datetime(year, month, 1))
    after = timezone.make_aware(datetime.datetime(year + (month == 12), month % 12 + 1, 1))
    year_start = timezone.make_aware(datetime.datetime(year, 1, 1))
    bookings = Booking.objects.filter(pickup_at__gte=first, pickup_at__lt=after)
    records = ServiceRecord.objects.filter(met_at__gte=first, met_at__lt=after).select_related(
        "booking__partner", "booking__district", "booking__rule_set"
    )
    year_records = ServiceRecord.objects.filter(met_at__gte=year_start, met_at__lt=after).select_related(
        "booking__rule_set"
    )
    if partner is not None:
        bookings = bookings.filter(partner=partner)
        records = records.filter(booking__partner=partner)
        year_records = year_records.filter(booking__partner=partner)
    cost_per_hour = dict(RuleSet.objects.values_list("pk", "cost_per_hour"))
    agencies: dict[str, SettlementRow] = {}
    districts: dict[str, SettlementRow] = {}
    total = SettlementRow("합계")
    for record in records:
        b = record.booking
        for row in (
            agencies.setdefault(b.partner.name, SettlementRow(b.partner.name)),
            districts.setdefault(b.district.name, SettlementRow(b.district.name)),
            total,
        ):
            row.uses += 1
            row.minutes += record.minutes
            row.free_uses += record.free
            row.fees += record.fee
    demand = dict.fromkeys(range(24), 0)
    for b in bookings.select_related("partner", "district"):
        demand[timezone.localtime(b.pickup_at).hour] += 1
        if b.status == S.CANCELLED:
            for row in (
                agencies.setdefault(b.partner.name, SettlementRow(b.partner.name)),
                districts.setdefault(b.district.name, SettlementRow(b.district.name)),
                total,
            ):
                row.cancellations += 1
                row.cancel_fees += b.cancel_fee
    rule = rule_set_on(first.date())
    return Settlement(
        year=year,
        month=month,
        by_agency=sorted(agencies.values(), key=lambda r: r.label),
        by_district=sorted(districts.values(), key=lambda r: r.label),
        total=total,
        demand_by_hour=demand,
        cost=round(_cost(records, cost_per_hour)),
        cost_year_to_date=round(_cost(year_records, cost_per_hour)),
        budget=rule.annual_budget if rule else 0,
    )


def own_bookings(user) -> QuerySet[Booking]:
    """The resident's own bookings (as the person accompanied), newest pick-up first."""
    if not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return (
        Booking.objects.filter(client__user=user)
        .select_related("client", "district", "partner", "rule_set")
        .order_by("-pickup_at", "-pk")
    )


def active_companion(booking: Booking) -> Companion | None:
    """The companion holding the booking now (None before assignment or after cancellation)."""
    assignment = booking.assignments.filter(active=True).select_related("companion").first()
    return assignment.companion if assignment is not None else None


@dataclass(frozen=True)
class CancellationPreview:
    """What cancelling now would cost the person, shown before they confirm."""

    kind: str
    fee: int
    on_site: bool


def cancellation_preview(booking: Booking, now: datetime.datetime | None = None) -> CancellationPreview:
    """The fee of the person cancelling ``booking`` now: once the companion has set out (출발) it is an
    on-site cancellation, otherwise late when the pick-up is within the rule's hours."""
    on_site = booking.status == S.DEPARTED
    kind, fee = fees.cancellation(
        booking.rule_set.as_rule(), pickup_at=booking.pickup_at, cancelled_at=now or timezone.now(), on_site=on_site
    )
    return CancellationPreview(kind=kind, fee=fee, on_site=on_site)
