"""Export policies, programmes or centres to the Korean xlsx/csv format that import_catalog reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from anshim.catalog import spreadsheets


class Command(BaseCommand):
    help = "지원제도·참여프로그램·1인가구지원센터를 가져오기와 같은 형식의 xlsx/csv 파일로 내보냅니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--kind",
            required=True,
            choices=[*spreadsheets.KINDS, spreadsheets.ALL],
            help="내보낼 종류 (all: 세 시트를 담은 xlsx 통합 문서)",
        )
        parser.add_argument("--format", choices=spreadsheets.FORMATS, help="기본값: 출력 파일의 확장자")
        parser.add_argument("-o", "--output", required=True, help="저장할 파일 경로")

    def handle(self, *args, **options):
        path = Path(options["output"])
        fmt = options["format"] or path.suffix.lower().lstrip(".")
        if fmt not in spreadsheets.FORMATS:
            raise CommandError(_("형식을 알 수 없습니다. --format xlsx 또는 --format csv를 지정해 주세요."))
        kind = options["kind"]
        if kind == spreadsheets.ALL and fmt != spreadsheets.XLSX:
            raise CommandError(_("세 종류를 한 파일로 내보내려면 xlsx 형식이어야 합니다."))
        if not path.parent.is_dir():
            raise CommandError(_("저장할 폴더가 없습니다: %(folder)s") % {"folder": path.parent})
        path.write_bytes(spreadsheets.export(kind, fmt))
        kinds = spreadsheets.IMPORT_ORDER if kind == spreadsheets.ALL else (kind,)
        counts = ", ".join(
            _("%(title)s %(count)d건")
            % {"title": spreadsheets.SHEETS[k].title, "count": spreadsheets.SHEETS[k].model.objects.count()}
            for k in kinds
        )
        self.stdout.write(
            self.style.SUCCESS(_("%(counts)s을 %(path)s에 내보냈습니다.") % {"counts": counts, "path": path})
        )
