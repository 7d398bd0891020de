"""Changes to the 사각지대 data: a new gap run over the synthetic population, and imported uptake.

A run is computed entirely in memory first, then stored with its counts in one transaction, so
the pages never see half a run; a failure is recorded as a FAILED run with its reason.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anshim.catalog.models import Policy
from anshim.catalog.rule_selectors import published_rules
from anshim.eligibility import evaluate_population, tally_by_district
from anshim.eligibility.population import DEFAULT_SEED, SEOUL_SINGLE_HOUSEHOLDS, generate_population
from anshim.eligibility.rules import Outcome
from anshim.geo.districts import DISTRICTS
from anshim.operations import spreadsheets
from anshim.operations.models import GapCount, GapRun, GapRunStatus, Uptake, UptakeSource

MAX_POPULATION = 5_000_000


class GapError(ValueError):
    """The gap cannot be computed as asked; the message is Korean."""


@dataclass(frozen=True)
class GapComputation:
    """A stored run and where its time went."""

    run: GapRun
    policies: int
    generate_seconds: float
    evaluate_seconds: float
    store_seconds: float

    def summary(self) -> str:
        return _(
            "사각지대를 계산했습니다: 정책 %(policies)s개 × 가상 1인가구 %(size)s가구, "
            "기준일 %(date)s, %(seconds)s초 걸림 (인구 생성 %(generate)s초, 판정 %(evaluate)s초, 저장 %(store)s초)."
        ) % {
            "policies": f"{self.policies:,}",
            "size": f"{self.run.population_size:,}",
            "date": self.run.reference_date.isoformat(),
            "seconds": f"{self.run.duration_ms / 1000:.1f}",
            "generate": f"{self.generate_seconds:.1f}",
            "evaluate": f"{self.evaluate_seconds:.1f}",
            "store": f"{self.store_seconds:.1f}",
        }


def compute_gap(
    *,
    reference_date: datetime.date | None = None,
    size: int = SEOUL_SINGLE_HOUSEHOLDS,
    seed: int = DEFAULT_SEED,
    created_by=None,
) -> GapComputation:
    """Evaluate every published rule over a synthetic population as of `reference_date` (today by
    default) and store eligible/undecided counts per policy and district as a new run."""
    if not 1 <= size <= MAX_POPULATION:
        raise GapError(_("가상 인구는 1가구부터 %(max)s가구까지입니다.") % {"max": f"{MAX_POPULATION:,}"})
    reference_date = reference_date or timezone.localdate()
    rules = published_rules()
    if not rules:
        raise GapError(_("게시된 자격 규칙이 없어 계산할 정책이 없습니다. 지원제도의 자격 규칙을 먼저 게시하세요."))
    started_at = timezone.now()
    clock = time.perf_counter()
    try:
        population = generate_population(size, seed=seed, as_of=reference_date)
        generated = time.perf_counter()
        outcomes = evaluate_population({pk: r.rule for pk, r in rules.items()}, population, reference_date)
        tallies = {pk: tally_by_district(outcome, population) for pk, outcome in outcomes.items()}
        del outcomes, population
        evaluated = time.perf_counter()
    except ValueError as exc:  # a parameter with no value at the date, and the like: the engine says why
        _record_failure(reference_date, size, seed, started_at, clock, created_by, str(exc))
        raise GapError(_("사각지대를 계산하지 못했습니다: %(reason)s") % {"reason": exc}) from exc

    with transaction.atomic():
        finished_at = timezone.now()
        run = GapRun.objects.create(
            reference_date=reference_date,
            population_size=size,
            seed=seed,
            started_at=started_at,
            finished_at=finished_at,
            duration_ms=0,
            created_by=created_by,
            status=GapRunStatus.DONE,
        )
        GapCount.objects.bulk_create(_count_rows(run, rules, tallies), batch_size=1000)
        run.duration_ms = round((time.perf_counter() - clock) * 1000)
        run.save(update_fields=["duration_ms"])
    stored = time.perf_counter()
    return GapComputation(
        run=run,
        policies=len(rules),
        generate_seconds=generated - clock,
        evaluate_seconds=evaluated - generated,
        store_seconds=stored - evaluated,
    )


def _count_rows(run: GapRun, rules, tallies) -> list[GapCount]:
    rows = []
    for policy_id, tally in tallies.items():
        version = rules[policy_id].version
        for index, district in enumerate(DISTRICTS):
            rows.append(
                GapCount(
                    run=run,
                    policy_id=policy_id,
                    district_id=district.code,
                    eligible=int(tally[index, Outcome.ELIGIBLE]),
                    unknown=int(tally[index, Outcome.UNKNOWN]),
                    rule_version=version,
                )
            )
        unplaced = tally[len(DISTRICTS)]
        # The synthetic population always has a district; the row appears only when some do not.
        if unplaced.sum():
            rows.append(
                GapCount(
                    run=run,
                    policy_id=policy_id,
                    district_id=None,
                    eligible=int(unplaced[Outcome.ELIGIBLE]),
                    unknown=int(unplaced[Outcome.UNKNOWN]),
                    rule_version=version,
                )
            )
    return rows


def _record_failure(reference_date, size, seed, started_at, clock, created_by, reason: str) -> None:
    GapRun.objects.create(
        reference_date=reference_date,
        population_size=size,
        seed=seed,
        started_at=started_at,
        finished_at=timezone.now(),
        duration_ms=round((time.perf_counter() - clock) * 1000),
        created_by=created_by,
        status=GapRunStatus.FAILED,
        error=reason[:2000],
    )


@dataclass(frozen=True)
class UptakeImport:
    """What an upload did: nothing and why (errors), or how many cells were new or changed."""

    errors: list[spreadsheets.RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({error.row for error in self.errors if error.row is not None})

    def summary(self) -> str:
        if self.ok:
            return _(
                "이용자 수를 저장했습니다: 새로 등록 %(created)s건, 수정 %(updated)s건, 변경 없음 %(unchanged)s건."
            ) % {
                "created": f"{self.created:,}",
                "updated": f"{self.updated:,}",
                "unchanged": f"{self.unchanged:,}",
            }
        if self.bad_rows:
            return _("잘못된 행이 %(rows)s개(오류 %(errors)s건) 있어 아무것도 저장하지 않았습니다.") % {
                "rows": f"{self.bad_rows:,}",
                "errors": f"{len(self.errors):,}",
            }
        return _("파일을 가져올 수 없어 아무것도 저장하지 않았습니다.")


def import_uptake(*, data: bytes, filename: str, today: datetime.date | None = None) -> UptakeImport:
    """Read an uptake file and, only if every row is valid, save its counts as imported uptake
    (a row for the same policy, district and year replaces the earlier imported count)."""
    today = today or timezone.localdate()
    try:
        table = spreadsheets.read_table(data, filename)
    except spreadsheets.FileRefused as exc:
        return UptakeImport(errors=[spreadsheets.RowError(None, "", "", str(exc))])
    # The catalogue has hundreds of policies, not millions: one query for every code is cheapest.
    known = dict(Policy.objects.values_list("code", "pk"))
    rows, errors = spreadsheets.parse_uptake(table, known_codes=known, today=today)
    if errors:
        return UptakeImport(errors=errors)

    try:
        return _save_uptake(rows, known)
    except IntegrityError:
        # Another upload saved the same cells between our read and our write; this one saved nothing.
        return UptakeImport(
            errors=[spreadsheets.RowError(None, "", "", _("다른 업로드와 겹쳐 저장하지 못했습니다. 다시 올려 주세요."))]
        )


def _save_uptake(rows: list[spreadsheets.UptakeRow], known: dict[str, int]) -> UptakeImport:
    unchanged = 0
    with transaction.atomic():
        existing = {
            (u.policy_id, u.district_id, u.year): u
            for u in Uptake.objects.select_for_update().filter(
                source=UptakeSource.IMPORTED,
                policy_id__in={known[row.policy_code] for row in rows},
                year__in={row.year for row in rows},
            )
        }
        fresh, changed = [], []
        for row in rows:
            key = (known[row.policy_code], row.district_code, row.year)
            current = existing.get(key)
            if current is None:
                fresh.append(
                    Uptake(
                        policy_id=key[0],
                        district_id=key[1],
                        year=key[2],
                        count=row.count,
                        source=UptakeSource.IMPORTED,
                    )
                )
            elif current.count != row.count:
                current.count = row.count
                current.updated_at = timezone.now()
                changed.append(current)
            else:
                unchanged += 1
        Uptake.objects.bulk_create(fresh, batch_size=1000)
        Uptake.objects.bulk_update(changed, ["count", "updated_at"], batch_size=1000)
        created, updated = len(fresh), len(changed)
    return UptakeImport(created=created, updated=updated, unchanged=unchanged)
