"""Reading programmes and centres: filters shared by the page, the API and the map.

Status is derived from dates and seats (see ``Program.status_on``); the same rule
is written here as query conditions so a status filter runs in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from anshim.accounts.models import Role, StaffRole
from anshim.accounts.scoping import scope_filter
from anshim.catalog.choices import Category
from anshim.catalog.models import SearchDocument
from anshim.catalog.search import ranked_ids
from anshim.catalog.selectors import InvalidFilter, parse_choice, parse_district, parse_keyword
from anshim.geo.models import District
from anshim.programs.models import (
    ACTIVE_STATUSES,
    Center,
    Program,
    ProgramKind,
    ProgramStatus,
    Signup,
    SignupStatus,
)


def status_condition(status: str, day: datetime.date) -> Q:
    """The database form of ``Program.status_on`` for one status."""
    has_seats = Q(enrolled__lt=F("capacity"))
    if status == ProgramStatus.UPCOMING:
        return Q(recruit_start__gt=day)
    if status == ProgramStatus.OPEN:
        return Q(recruit_start__lte=day, recruit_end__gte=day) & has_seats
    return Q(recruit_end__lt=day) | (Q(recruit_start__lte=day) & ~has_seats)


def parse_date(field: str, label: str, value: str | None) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(
            field, f"{label} '{value}'은(는) 올바른 날짜가 아닙니다. YYYY-MM-DD 형식으로 입력하세요."
        ) from None


@dataclass(frozen=True)
class ProgramFilters:
    district: District | None = None
    category: str | None = None
    kind: str | None = None
    status: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""

    @classmethod
    def parse(cls, params) -> ProgramFilters:
        district = parse_district(params.get("district"))
        if district is not None and not isinstance(district, District):
            # Programmes always take place in a district; "서울시 전체" means no filter here.
            district = None
        date_from = parse_date("date_from", "시작일", params.get("date_from"))
        date_to = parse_date("date_to", "종료일", params.get("date_to"))
        if date_from and date_to and date_from > date_to:
            raise InvalidFilter("date_to", "종료일은 시작일과 같거나 그 이후여야 합니다.")
        return cls(
            district=district,
            category=parse_choice("category", "분야", params.get("category"), Category),
            kind=parse_choice("kind", "유형", params.get("kind"), ProgramKind),
            status=parse_choice("status", "모집상태", params.get("status"), ProgramStatus),
            date_from=date_from,
            date_to=date_to,
            q=parse_keyword(params.get("q")),
        )


def programs(filters: ProgramFilters | None = None, day: datetime.date | None = None) -> QuerySet[Program]:
    """Published programmes matching the filters; the date range keeps those running in it."""
    filters = filters or ProgramFilters()
    day = day or timezone.localdate()
    qs = Program.objects.filter(is_published=True).select_related("district", "center")
    if filters.district:
        qs = qs.filter(district=filters.district)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status_condition(filters.status, day))
    if filters.date_from:
        qs = qs.filter(ends_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_on__lte=filters.date_to)
    if filters.q:
        # Korean-aware matching through the search index; the list keeps its own order.
        qs = qs.filter(pk__in=ranked_ids(filters.q, SearchDocument.Kind.PROGRAM))
    return qs


def open_for_signup(limit: int = 6, day: datetime.date | None = None) -> list[Program]:
    """Programmes taking sign-ups today, closing soonest first."""
    day = day or timezone.localdate()
    return list(
        programs(day=day).filter(status_condition(ProgramStatus.OPEN, day)).order_by("recruit_end", "pk")[:limit]
    )


def program_detail(pk: int) -> Program | None:
    return programs().select_related("policy").filter(pk=pk).first()


def related_programs(program: Program, limit: int = 4) -> list[Program]:
    return list(
        programs()
        .filter(district=program.district_id, category=program.category)
        .exclude(pk=program.pk)
        .order_by("-recruit_start")[:limit]
    )


def programs_for_policy(policy, limit: int = 6) -> list[Program]:
    """Programmes linked to a policy, else ones of the same field where the policy applies."""
    linked = list(programs().filter(policy=policy).order_by("-recruit_start")[:limit])
    if linked:
        return linked
    qs = programs().filter(category=policy.category)
    if policy.district_id:
        qs = qs.filter(district=policy.district_id)
    return list(qs.order_by("-recruit_start")[:limit])


def centers(district: District | None = None) -> QuerySet[Center]:
    qs = Center.objects.select_related("district")
    return qs.filter(district=district) if district else qs


# --- 신청 (sign-ups) -----------------------------------------------------------------------


def signups_for_user(user) -> list[Signup]:
    """A member's sign-ups, newest first, each with its programme, history and waiting position."""
    if not getattr(user, "is_authenticated", False):
        return []
    signups = list(
        Signup.objects.filter(user=user)
        .select_related("program", "program__district", "program__center")
        .prefetch_related("events")
        .order_by("-created_at", "-pk")
    )
    _attach_positions(signups)
    return signups


def active_signup(user, program: Program) -> Signup | None:
    """The person's current (not cancelled) sign-up for a programme, with its waiting position."""
    if not getattr(user, "is_authenticated", False):
        return None
    signup = Signup.objects.filter(user=user, program=program, status__in=ACTIVE_STATUSES).first()
    if signup is not None:
        _attach_positions([signup])
    return signup


def signups_for_program(program: Program) -> list[Signup]:
    """The programme's sign-ups for its staff: seated ones in sign-up order, then the waiting list in its
    order, then cancellations; each with ``position`` set for those waiting."""
    rank = {
        SignupStatus.CONFIRMED: 0,
        SignupStatus.ATTENDED: 0,
        SignupStatus.ABSENT: 0,
        SignupStatus.WAITLISTED: 1,
        SignupStatus.CANCELLED: 2,
    }
    signups = list(
        Signup.objects.filter(program=program)
        .select_related("user")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    _attach_positions(signups)
    signups.sort(key=lambda signup: rank[signup.status])
    return signups


def _attach_positions(signups: list[Signup]) -> None:
    """Set ``position`` (1-based place on the waiting list, else None) with one query per programme."""
    waiting_programs = {s.program_id for s in signups if s.status == SignupStatus.WAITLISTED}
    order: dict[int, dict[int, int]] = {}
    for program_id in waiting_programs:
        ids = Signup.objects.filter(program_id=program_id, status=SignupStatus.WAITLISTED).order_by("created_at", "pk")
        order[program_id] = {pk: index for index, pk in enumerate(ids.values_list("pk", flat=True), start=1)}
    for signup in signups:
        signup.position = order.get(signup.program_id, {}).get(signup.pk)


def is_program_staff(user) -> bool:
    """Whether the person works on programmes at all: superuser, city, district official or centre staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return StaffRole.objects.filter(
        user=user, role__in=(Role.CITY_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CENTER_STAFF)
    ).exists()


def programs_for_staff(user) -> QuerySet[Program]:
    """Programmes (published or not) a member of staff runs: city → all, district → its district, centre → its own.

    The list-side twin of the ``programs.manage_program`` rule.
    """
    if not is_program_staff(user):
        return Program.objects.none()
    # The back office's one scope rule, so this list and the admin's programme list always agree.
    return scope_filter(user, Program.objects.select_related("district", "center"))
