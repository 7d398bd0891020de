"""Reading policies: the portal's filters, shared by the page and the API.

Filters arrive as raw strings (from a URL or an API query) and are parsed once in
``PolicyFilters.parse`` so the page and the API refuse the same bad values with the
same Korean messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from anshim.catalog.choices import AGE_GROUP_BOUNDS, CITY_WIDE, AgeGroup, Category, Sex
from anshim.catalog.models import Policy, SearchDocument
from anshim.catalog.search import ranked_ids
from anshim.geo.models import District
from anshim.geo.selectors import UnknownDistrict, resolve_district_filter

MAX_KEYWORD_LENGTH = 100


class InvalidFilter(ValueError):
    """A filter value the portal does not offer; the message is Korean and names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


def parse_choice(field: str, label: str, value: str | None, choices: type) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value not in choices.values:
        allowed = ", ".join(f"{c.value}({c.label})" for c in choices)
        raise InvalidFilter(field, f"{label} 값 '{value}'은(는) 선택할 수 없습니다. 가능한 값: {allowed}")
    return value


def parse_keyword(value: str | None) -> str:
    keyword = " ".join((value or "").split())
    if not keyword.isprintable():
        raise InvalidFilter("q", "검색어에 쓸 수 없는 제어 문자가 들어 있습니다.")
    if len(keyword) > MAX_KEYWORD_LENGTH:
        raise InvalidFilter("q", f"검색어는 {MAX_KEYWORD_LENGTH}자 이내로 입력하세요.")
    return keyword


def parse_district(value: str | None) -> District | str | None:
    try:
        return resolve_district_filter(value)
    except UnknownDistrict as exc:
        raise InvalidFilter("district", str(exc)) from exc


@dataclass(frozen=True)
class PolicyFilters:
    district: District | str | None = None
    age_group: str | None = None
    sex: str | None = None
    category: str | None = None
    q: str = ""

    @classmethod
    def parse(cls, params) -> PolicyFilters:
        """Build filters from a QueryDict-like mapping; raises ``InvalidFilter``."""
        return cls(
            district=parse_district(params.get("district")),
            age_group=parse_choice("age", "연령대", params.get("age"), AgeGroup),
            sex=parse_choice("sex", "성별", params.get("sex"), Sex),
            category=parse_choice("category", "분야", params.get("category"), Category),
            q=parse_keyword(params.get("q")),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.district or self.age_group or self.sex or self.category or self.q)


def policies(filters: PolicyFilters | None = None) -> QuerySet[Policy]:
    """Published policies matching the filters, city ones included for any district."""
    filters = filters or PolicyFilters()
    qs = Policy.objects.filter(is_published=True).select_related("district")
    if filters.district == CITY_WIDE:
        qs = qs.filter(district__isnull=True)
    elif isinstance(filters.district, District):
        # A resident of a district can use the city's policies and their district's own.
        qs = qs.filter(Q(district__isnull=True) | Q(district=filters.district))
    if filters.age_group:
        low, high = AGE_GROUP_BOUNDS[filters.age_group]
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=high)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=low)
        )
    if filters.sex and filters.sex != Sex.ALL:
        qs = qs.filter(sex__in=[Sex.ALL, filters.sex])
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.q:
        # Korean-aware matching through the search index, best match first.
        ids = ranked_ids(filters.q, SearchDocument.Kind.POLICY)
        rank = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
        qs = qs.filter(pk__in=ids).order_by(rank) if ids else qs.none()
    return qs


def featured_policies(limit: int = 6) -> list[Policy]:
    return list(policies().filter(featured=True)[:limit])


def policy_detail(pk: int) -> Policy | None:
    return policies().filter(pk=pk).first()
