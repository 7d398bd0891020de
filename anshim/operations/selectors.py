"""Reading the 사각지대: the latest run's counts joined with uptake, per policy and per district.

Gap is worked out per district (eligible − uptake, never below 0) and summed for Seoul, so a
district that reached more people than the model expects cannot hide another district's gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from anshim.catalog.choices import Category
from anshim.catalog.models import Policy
from anshim.geo.districts import BY_CODE, DISTRICTS
from anshim.operations.models import GapCount, GapRun, GapRunStatus, Uptake, UptakeSource

UNPLACED = None  # the district key of households whose district is unknown


@dataclass(frozen=True)
class Figures:
    """Eligible, undecided and reached people of one cell, and the gap between them."""

    eligible: int = 0
    unknown: int = 0
    uptake: int = 0
    gap: int = 0

    @classmethod
    def of(cls, eligible: int, unknown: int, uptake: int) -> Figures:
        return cls(eligible, unknown, uptake, max(eligible - uptake, 0))

    @property
    def rate(self) -> float | None:
        """Share of the eligible who are not reached; None when nobody is eligible."""
        return self.gap / self.eligible if self.eligible else None

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.eligible + other.eligible,
            self.unknown + other.unknown,
            self.uptake + other.uptake,
            self.gap + other.gap,
        )


@dataclass(frozen=True)
class PolicyGap:
    policy: Policy
    rule_version: int
    figures: Figures


@dataclass
class GapTable:
    """Every cell of one run: figures per policy and district code (None = 거주지 미상)."""

    run: GapRun
    policies: list[Policy]
    versions: dict[int, int]
    cells: dict[int, dict[str | None, Figures]] = field(default_factory=dict)

    @property
    def has_unplaced(self) -> bool:
        return any(UNPLACED in by_district for by_district in self.cells.values())

    def figures(self, policy_id: int, district_code: str | None = None) -> Figures:
        """One district's figures, or Seoul's (every district summed) when no district is given."""
        by_district = self.cells.get(policy_id, {})
        if district_code is not None:
            return by_district.get(district_code, Figures())
        return sum(by_district.values(), Figures())

    def by_district(self, policy_id: int) -> list[tuple[str | None, Figures]]:
        """The 25 districts in code order, then 거주지 미상 when the run has such households."""
        by_district = self.cells.get(policy_id, {})
        rows = [(d.code, by_district.get(d.code, Figures())) for d in DISTRICTS]
        if self.has_unplaced:
            rows.append((UNPLACED, by_district.get(UNPLACED, Figures())))
        return rows


class InvalidGapFilter(ValueError):
    """A filter value the 사각지대 pages cannot use; the message is Korean."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


SORT_FIELDS = ("gap", "rate", "eligible", "uptake", "title")
DEFAULT_SORT = "-gap"


def sort_labels() -> dict[str, str]:
    return {
        "gap": _("사각지대"),
        "rate": _("사각지대 비율"),
        "eligible": _("대상자 수"),
        "uptake": _("이용자 수"),
        "title": _("정책명"),
    }


@dataclass(frozen=True)
class GapFilters:
    district: str = ""
    category: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> GapFilters:
        district = (params.get("district") or "").strip()
        category = (params.get("category") or "").strip()
        sort = (params.get("sort") or "").strip() or DEFAULT_SORT
        if district and district not in BY_CODE:
            raise InvalidGapFilter(
                "district",
                _("알 수 없는 자치구입니다: '%(value)s'. 목록에서 자치구를 고르세요.") % {"value": district[:40]},
            )
        if category and category not in Category.values:
            raise InvalidGapFilter(
                "category",
                _("알 수 없는 분야입니다: '%(value)s'. 안전, 주거, 경제·일자리, 외로움, 질병 중에서 고르세요.")
                % {"value": category[:40]},
            )
        if sort.removeprefix("-") not in SORT_FIELDS:
            raise InvalidGapFilter(
                "sort",
                _("정렬 기준을 알 수 없습니다: '%(value)s'. %(choices)s 중에서 고르세요.")
                % {"value": sort[:40], "choices": ", ".join(sort_labels().values())},
            )
        return cls(district, category, sort)

    def query(self, **changes: str) -> dict[str, str]:
        """These filters as URL parameters (defaults left out), with some values replaced."""
        values = {"district": self.district, "category": self.category, "sort": self.sort, **changes}
        if values["sort"] == DEFAULT_SORT:
            values["sort"] = ""
        return {key: value for key, value in values.items() if value}


def latest_run() -> GapRun | None:
    return GapRun.objects.filter(status=GapRunStatus.DONE).order_by("-finished_at", "-pk").first()


def uptake_totals(year: int, policy_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    """People reached per (policy, district) in a year: platform applications and imported counts together."""
    rows = (
        Uptake.objects.filter(year=year, policy_id__in=list(policy_ids))
        .values("policy_id", "district_id")
        .annotate(total=Sum("count"))
    )
    return {(row["policy_id"], row["district_id"]): row["total"] for row in rows}


def gap_table(run: GapRun) -> GapTable:
    """The run's counts with the uptake of its reference year, for every policy it evaluated."""
    counts = list(
        GapCount.objects.filter(run=run).values_list("policy_id", "district_id", "eligible", "unknown", "rule_version")
    )
    policy_ids = {row[0] for row in counts}
    policies = sorted(Policy.objects.filter(pk__in=policy_ids).select_related("district"), key=lambda p: (p.code, p.pk))
    uptake = uptake_totals(run.reference_date.year, policy_ids)
    cells: dict[int, dict[str | None, Figures]] = defaultdict(dict)
    versions: dict[int, int] = {}
    for policy_id, district_id, eligible, unknown, version in counts:
        reached = uptake.get((policy_id, district_id), 0) if district_id else 0
        cells[policy_id][district_id] = Figures.of(eligible, unknown, reached)
        versions[policy_id] = version
    return GapTable(run=run, policies=policies, versions=versions, cells=dict(cells))


def policy_rows(table: GapTable, filters: GapFilters, *, unplaced: bool = False) -> list[PolicyGap]:
    """One row per policy of the run in the chosen category, with Seoul's or one district's figures
    (or, with `unplaced`, those of the households whose district is unknown)."""

    def figures(policy_id: int) -> Figures:
        if unplaced:
            return table.cells.get(policy_id, {}).get(UNPLACED, Figures())
        return table.figures(policy_id, filters.district or None)

    rows = [
        PolicyGap(policy, table.versions[policy.pk], figures(policy.pk))
        for policy in table.policies
        if not filters.category or policy.category == filters.category
    ]
    descending = filters.sort.startswith("-")
    field_name = filters.sort.removeprefix("-")
    rows.sort(key=lambda row: row.policy.code)  # ties keep code order whichever way the sort goes
    if field_name == "rate":
        # Policies nobody is eligible for have no rate; they go last in either direction.
        sign = -1 if descending else 1
        rows.sort(key=lambda row: (row.figures.rate is None, sign * (row.figures.rate or 0.0)))
    elif field_name == "title":
        rows.sort(key=lambda row: row.policy.title, reverse=descending)
    else:
        rows.sort(key=lambda row: getattr(row.figures, field_name), reverse=descending)
    return rows


def district_name(code: str | None) -> str:
    return BY_CODE[code].name if code else _("거주지 미상")


def policy_for_districts(table: GapTable, raw: str | None) -> Policy:
    """The policy the district view shows: the one asked for, else the one with the largest gap."""
    by_id = {policy.pk: policy for policy in table.policies}
    value = (raw or "").strip()
    if not value:
        return max(table.policies, key=lambda p: (table.figures(p.pk).gap, -p.pk))
    if not (value.isascii() and value.isdigit()) or int(value) not in by_id:
        raise InvalidGapFilter(
            "policy",
            _("최근 계산에 없는 정책입니다: '%(value)s'. 목록에서 정책을 고르세요.") % {"value": value[:40]},
        )
    return by_id[int(value)]


@dataclass(frozen=True)
class UptakeYear:
    year: int
    imported_rows: int
    imported_total: int
    platform_total: int


def uptake_years() -> list[UptakeYear]:
    """What uptake is on file, newest year first: imported cells and people, and platform people."""
    summary: dict[int, dict[str, int]] = defaultdict(lambda: {"rows": 0, "imported": 0, "platform": 0})
    for row in Uptake.objects.values("year", "source").annotate(rows=Count("id"), total=Sum("count")):
        entry = summary[row["year"]]
        if row["source"] == UptakeSource.IMPORTED:
            entry["rows"] += row["rows"]
            entry["imported"] += row["total"]
        else:
            entry["platform"] += row["total"]
    return [
        UptakeYear(year, entry["rows"], entry["imported"], entry["platform"])
        for year, entry in sorted(summary.items(), reverse=True)
    ]
