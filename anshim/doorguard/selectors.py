"""도어지킴이 reads, each held to the reader's scope.

Who sees which applications: 서울시 담당자 and superusers every one; a 자치구 담당자 those of
their district; security-company staff only households selected for their company (from
selection on, never the queue); a resident their own. Anyone else sees nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from anshim.accounts.scoping import sees_everything
from anshim.doorguard import settlement
from anshim.doorguard.models import (
    PARTNER_STATUSES,
    PENDING_STATUSES,
    PLACE_STATUSES,
    Application,
    ApplicationStatus,
    DistrictQuota,
    Installation,
    Round,
    Subscription,
    SubscriptionStatus,
)
from anshim.doorguard.rules import official_district_codes, staff_partner_ids

S = ApplicationStatus


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def application_scope(user) -> Q:
    """The condition for the applications ``user`` may see (see the module docstring)."""
    if sees_everything(user):
        return Q()
    condition = Q(pk__in=[])
    codes = official_district_codes(user)
    if codes:
        condition |= Q(district_id__in=codes)
    partners = staff_partner_ids(user)
    if partners:
        condition |= Q(partner_id__in=partners, status__in=PARTNER_STATUSES)
    return condition


def visible_applications(user) -> QuerySet[Application]:
    if not _signed_in(user):
        return Application.objects.none()
    return Application.objects.filter(application_scope(user)).select_related("round", "district", "partner")


def visible_subscriptions(user) -> QuerySet[Subscription]:
    if not _signed_in(user):
        return Subscription.objects.none()
    if sees_everything(user):
        return Subscription.objects.select_related("application", "district", "partner")
    condition = Q(pk__in=[])
    codes = official_district_codes(user)
    if codes:
        condition |= Q(district_id__in=codes)
    partners = staff_partner_ids(user)
    if partners:
        condition |= Q(partner_id__in=partners)
    return Subscription.objects.filter(condition).select_related("application", "district", "partner")


def visible_installations(user) -> QuerySet[Installation]:
    if not _signed_in(user):
        return Installation.objects.none()
    if sees_everything(user):
        return Installation.objects.select_related("application", "partner")
    condition = Q(pk__in=[])
    codes = official_district_codes(user)
    if codes:
        condition |= Q(application__district_id__in=codes)
    partners = staff_partner_ids(user)
    if partners:
        condition |= Q(partner_id__in=partners)
    return Installation.objects.filter(condition).select_related("application", "partner")


def visible_quotas(user) -> QuerySet[DistrictQuota]:
    if not _signed_in(user):
        return DistrictQuota.objects.none()
    rows = DistrictQuota.objects.select_related("round", "district")
    if sees_everything(user):
        return rows
    return rows.filter(district_id__in=official_district_codes(user))


def my_applications(user) -> QuerySet[Application]:
    """The resident's own applications, newest first (신청 현황)."""
    if not _signed_in(user):
        return Application.objects.none()
    return Application.objects.filter(user=user).select_related("round", "district").order_by("-submitted_at")


def district_queue(
    user, *, round: Round, district_code: str | None = None, statuses: Iterable[str] | None = None
) -> QuerySet[Application]:
    """The review queue: the round's applications the official may see, oldest first."""
    rows = visible_applications(user).filter(round=round)
    if district_code:
        rows = rows.filter(district_id=district_code)
    return rows.filter(status__in=list(statuses or PENDING_STATUSES)).order_by("submitted_at", "pk")


def waiting_list(user, *, round: Round, district_code: str) -> QuerySet[Application]:
    """대기자 명단 in promotion order."""
    return (
        visible_applications(user)
        .filter(round=round, district_id=district_code, status=S.WAITLISTED)
        .order_by("waitlist_position", "pk")
    )


def partner_worklist(user) -> QuerySet[Application]:
    """The security company's households still to install (selected, booked, failed), oldest selection first."""
    partners = staff_partner_ids(user)
    if not partners and not sees_everything(user):
        return Application.objects.none()
    rows = visible_applications(user).filter(status__in=[S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED])
    if partners:
        rows = rows.filter(partner_id__in=partners)
    return rows.order_by("updated_at", "pk")


def round_dashboard(user, *, round: Round, year: int, month: int) -> list[dict]:
    """Per district the user may see: quota, applied, selected, installed, active, cancelled, subsidy owed.

    ``subsidy_paid`` is the subsidy owed from the round's first month through ``year``-``month``.
    """
    quotas = {row.district_id: row for row in visible_quotas(user).filter(round=round)}
    counts = (
        Application.objects.filter(round=round, district_id__in=quotas)
        .values("district_id")
        .annotate(
            applied=Count("pk"),
            selected=Count("pk", filter=Q(status__in=PLACE_STATUSES)),
            waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
            installed=Count("installations", filter=Q(installations__status="INSTALLED"), distinct=True),
        )
    )
    by_district = {row["district_id"]: row for row in counts}
    subs = (
        Subscription.objects.filter(application__round=round, district_id__in=quotas)
        .values("district_id")
        .annotate(
            active=Count("pk", filter=Q(status=SubscriptionStatus.ACTIVE)),
            cancelled=Count("pk", filter=Q(status__in=[SubscriptionStatus.CANCELLED, SubscriptionStatus.MOVED])),
        )
    )
    subs_by = {row["district_id"]: row for row in subs}
    money = settlement_for(round, year, month, districts=list(quotas))
    paid = {code: 0 for code in quotas}
    for terms in _terms(round, districts=list(quotas)):
        paid[terms.district] = paid.get(terms.district, 0) + settlement.subsidy_through(terms, year, month)
    rows = []
    for code, quota_row in sorted(quotas.items()):
        counted = by_district.get(code, {})
        subscribed = subs_by.get(code, {})
        rows.append(
            {
                "district": quota_row.district,
                "quota": quota_row.quota,
                "method": quota_row.get_method_display(),
                "applied": counted.get("applied", 0),
                "selected": counted.get("selected", 0),
                "waitlisted": counted.get("waitlisted", 0),
                "installed": counted.get("installed", 0),
                "active": subscribed.get("active", 0),
                "cancelled": subscribed.get("cancelled", 0),
                "subsidy_month": money.districts[code].subsidy,
                "subsidy_paid": paid[code],
            }
        )
    return rows


def _terms(round: Round, *, districts: Iterable[str] | None = None) -> list[settlement.SubscriptionTerms]:
    rows = Subscription.objects.filter(application__round=round)
    if districts is not None:
        rows = rows.filter(district_id__in=list(districts))
    return [row.terms() for row in rows.only(*_TERMS_FIELDS)]


_TERMS_FIELDS = (
    "id",
    "district_id",
    "start_date",
    "term_end",
    "ended_on",
    "monthly_price",
    "city_share",
    "subsidy_months",
    "fee",
)


def settlement_for(
    round: Round, year: int, month: int, *, districts: Iterable[str] | None = None
) -> settlement.MonthlySettlement:
    """The month's settlement of ``round`` per district (computed from subscriptions, see ``settlement.py``).

    ``budget_used`` covers the districts asked for; pass none to get the whole city against the round's budget.
    """
    codes = list(districts) if districts is not None else list(round.quotas.values_list("district_id", flat=True))
    return settlement.settle(
        _terms(round, districts=None if districts is None else codes), year, month, districts=codes, budget=round.budget
    )


def current_round(today=None) -> Round | None:
    """The round residents see: the one open now (the latest opened), else the next to open, else the last one."""
    from django.utils import timezone

    today = today or timezone.localdate()
    open_now = Round.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("-opens_on", "-pk").first()
    if open_now is not None:
        return open_now
    upcoming = Round.objects.filter(opens_on__gt=today).order_by("opens_on", "pk").first()
    if upcoming is not None:
        return upcoming
    return Round.objects.order_by("-closes_on", "-pk").first()


def my_applications_detail(user) -> QuerySet[Application]:
    """The resident's own applications with their history, visits and subscription, for 신청 현황."""
    from django.db.models import Prefetch

    from anshim.doorguard.models import ApplicationEvent

    return (
        my_applications(user)
        .select_related("subscription", "partner")
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("at", "pk")),
            Prefetch("installations", queryset=Installation.objects.order_by("scheduled_for", "pk")),
        )
    )
