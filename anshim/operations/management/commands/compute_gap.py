"""Compute the 사각지대: every published rule over the synthetic population, stored as a new run."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from anshim.eligibility.population import DEFAULT_SEED, SEOUL_SINGLE_HOUSEHOLDS
from anshim.operations.services import GapError, compute_gap


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"기준일은 YYYY-MM-DD 형식이어야 합니다: '{value}'") from exc


class Command(BaseCommand):
    help = "게시된 자격 규칙을 가상 1인가구 전체에 적용해 정책·자치구별 대상자 수를 계산하고 저장합니다."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"난수 시드 (기본 {DEFAULT_SEED})")
        parser.add_argument(
            "--size",
            type=int,
            default=SEOUL_SINGLE_HOUSEHOLDS,
            help=f"가상 1인가구 수 (기본 {SEOUL_SINGLE_HOUSEHOLDS:,})",
        )
        parser.add_argument("--date", help="기준일 YYYY-MM-DD (기본: 오늘)")

    def handle(self, *args, **options):
        reference_date = _date(options["date"]) if options["date"] else None
        try:
            done = compute_gap(reference_date=reference_date, size=options["size"], seed=options["seed"])
        except GapError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(done.summary()))
