"""Import uptake counts (정책코드, 자치구, 연도, 이용자수) from an xlsx or csv file: all rows or none."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from anshim.operations.services import import_uptake


class Command(BaseCommand):
    help = "정책·자치구·연도별 이용자 수 파일(xlsx 또는 csv)을 가져옵니다. 잘못된 행이 하나라도 있으면 아무것도 저장하지 않습니다."

    def add_arguments(self, parser):
        parser.add_argument("file", help="가져올 파일 경로 (.xlsx 또는 .csv)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"파일을 찾을 수 없습니다: {path}")
        limit = settings.ANSHIM_IMPORT_MAX_BYTES
        if path.stat().st_size > limit:
            raise CommandError(f"파일이 너무 큽니다. {limit:,}바이트 이하로 나누어 가져오세요: {path}")
        result = import_uptake(data=path.read_bytes(), filename=path.name)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error.describe())
            raise CommandError(result.summary())
        self.stdout.write(self.style.SUCCESS(result.summary()))
