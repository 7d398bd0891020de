"""Import policies, programmes or centres from a Korean xlsx/csv file (all rows or none)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anshim.catalog import spreadsheets


class Command(BaseCommand):
    help = (
        "지원제도·참여프로그램·1인가구지원센터를 xlsx/csv 파일에서 가져옵니다. "
        "잘못된 행이 하나라도 있으면 모든 오류를 출력하고 아무것도 저장하지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            required=True,
            choices=[*spreadsheets.KINDS, spreadsheets.ALL],
            help="가져올 종류 (all: 세 시트를 담은 xlsx 통합 문서)",
        )
        parser.add_argument("file", help="가져올 xlsx 또는 csv 파일")
        parser.add_argument("--format", choices=spreadsheets.FORMATS, help="파일 확장자 대신 쓸 형식")
        parser.add_argument("--dry-run", action="store_true", help="검사만 하고 저장하지 않습니다")

    def handle(self, *args, **options):
        result = spreadsheets.import_file(
            options["kind"], options["file"], fmt=options["format"], dry_run=options["dry_run"]
        )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(error.describe())
            if result.row_errors:
                raise CommandError(
                    _("가져오지 못했습니다: 잘못된 행 %(rows)d개, 오류 %(errors)d건. 아무것도 저장하지 않았습니다.")
                    % {"rows": result.bad_rows, "errors": len(result.row_errors)}
                )
            raise CommandError(_("가져오지 못했습니다. 아무것도 저장하지 않았습니다."))
        self.stdout.write(self.style.SUCCESS(result.summary()))
