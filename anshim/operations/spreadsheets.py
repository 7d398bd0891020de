"""Uptake files in (정책코드, 자치구, 연도, 이용자수; xlsx or csv) and the 사각지대 workbook out.

Reading checks every row before anything is saved and reports each bad cell with its row, column,
value and a Korean reason. Writing forces text cells to stay text, so a policy title that starts
with "=" can never run as a formula in the official's spreadsheet program.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from anshim.catalog.choices import Category
from anshim.geo.boundaries import normalise_district_name
from anshim.geo.districts import BY_CODE, BY_NAME, DISTRICTS
from anshim.operations import selectors
from anshim.portal.tabular import FileRefused, is_blank, is_blank_row, open_workbook, read_csv, read_worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 50_000
MAX_COUNT = 1_000_000
FIRST_YEAR = 2000
# A few MB of xlsx that inflates past this is a zip bomb, not a table of counts.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
_INT_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)")


@dataclass(frozen=True)
class UptakeColumn:
    key: str
    header: str


POLICY = UptakeColumn("policy", "정책코드")
DISTRICT = UptakeColumn("district", "자치구")
YEAR = UptakeColumn("year", "연도")
COUNT = UptakeColumn("count", "이용자수")
COLUMNS = (POLICY, DISTRICT, YEAR, COUNT)


@dataclass(frozen=True)
class RowError:
    """A reason an upload is refused: a whole-file problem (row None) or one bad cell."""

    row: int | None
    column: str
    value: str
    reason: str

    def describe(self) -> str:
        if self.row is None:
            return self.reason
        return _("%(row)s행 %(column)s '%(value)s': %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class UptakeRow:
    row: int
    policy_code: str
    district_code: str
    year: int
    count: int


# --- reading ----------------------------------------------------------------------------------


def read_table(data: bytes, filename: str) -> list[tuple[int, tuple]]:
    """Rows of the first sheet (xlsx) or of the file (csv), numbered as the spreadsheet shows them."""
    extension = PurePath(filename or "").suffix.lower().lstrip(".")
    if extension == "xlsx":
        with open_workbook(data, max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES) as workbook:
            return read_worksheet(workbook.worksheets[0], max_rows=MAX_ROWS)
    if extension == "csv":
        return read_csv(data, max_rows=MAX_ROWS)
    raise FileRefused(
        _("엑셀(xlsx) 또는 CSV 파일만 올릴 수 있습니다. 올린 파일: %(name)s") % {"name": (filename or "")[:80]}
    )


def _header_key(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def display(value) -> str:
    """A cell as the official typed it, short enough for an error table."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.isoformat()
    return str(value).strip()[:60]


def parse_uptake(table: list[tuple[int, tuple]], *, known_codes: Iterable[str], today: dt.date):
    """(rows, errors) of an uptake table; a file-level problem is an error with row None."""
    filled = [(number, values) for number, values in table if not is_blank_row(values)]
    if not filled:
        return [], [
            RowError(None, "", "", _("파일이 비어 있습니다. 첫 행에 정책코드, 자치구, 연도, 이용자수를 적어 주세요."))
        ]
    header = filled[0][1]
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        key = _header_key(text)
        for column in COLUMNS:
            if key == column.header and column.key not in positions:
                positions[column.key] = index
    missing = [column.header for column in COLUMNS if column.key not in positions]
    if missing:
        return [], [
            RowError(
                None,
                "",
                "",
                _("필요한 열이 없습니다: %(missing)s. 첫 행에 정책코드, 자치구, 연도, 이용자수를 적어 주세요.")
                % {"missing": ", ".join(missing)},
            )
        ]
    data_rows = filled[1:]
    if not data_rows:
        return [], [RowError(None, "", "", _("제목 행 아래에 이용자 수가 한 행도 없습니다."))]
    if len(data_rows) > MAX_ROWS:
        return [], [
            RowError(
                None,
                "",
                "",
                _("한 번에 %(limit)s행까지 올릴 수 있습니다. 파일을 나누어 올려 주세요.") % {"limit": f"{MAX_ROWS:,}"},
            )
        ]

    codes = set(known_codes)
    rows: list[UptakeRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, values in data_rows:
        cells = {
            column.key: (values[positions[column.key]] if positions[column.key] < len(values) else None)
            for column in COLUMNS
        }
        row_errors: list[RowError] = []

        def bad(column: UptakeColumn, reason: str, _number=number, _cells=cells, _errors=row_errors) -> None:
            _errors.append(RowError(_number, column.header, display(_cells[column.key]), reason))

        policy_code = display(cells["policy"])
        if not policy_code:
            bad(POLICY, _("정책코드를 적어 주세요."))
        elif policy_code not in codes:
            bad(POLICY, _("등록된 지원제도의 정책코드가 아닙니다."))

        district_code = _district_code(cells["district"])
        if is_blank(cells["district"]):
            bad(DISTRICT, _("자치구 이름을 적어 주세요 (예: 관악구)."))
        elif district_code is None:
            bad(DISTRICT, _("서울의 자치구 이름이 아닙니다 (예: 관악구, 서초구)."))

        year = _integer(cells["year"], suffix="년")
        if is_blank(cells["year"]):
            bad(YEAR, _("연도를 적어 주세요 (예: %(year)s).") % {"year": today.year})
        elif year is None:
            bad(YEAR, _("연도는 네 자리 숫자여야 합니다 (예: %(year)s).") % {"year": today.year})
        elif not FIRST_YEAR <= year <= today.year:
            bad(YEAR, _("연도는 %(first)s년부터 %(last)s년까지입니다.") % {"first": FIRST_YEAR, "last": today.year})

        count = _integer(cells["count"], suffix="명")
        if is_blank(cells["count"]):
            bad(COUNT, _("이용자 수를 적어 주세요. 없으면 0을 적습니다."))
        elif count is None:
            bad(COUNT, _("이용자 수는 0 이상의 정수여야 합니다."))
        elif not 0 <= count <= MAX_COUNT:
            bad(COUNT, _("이용자 수는 0부터 %(max)s까지입니다.") % {"max": f"{MAX_COUNT:,}"})

        if not row_errors:
            key = (policy_code, district_code, year)
            if key in seen:
                bad(
                    DISTRICT,
                    _("같은 정책코드·자치구·연도가 %(row)s행에 이미 있습니다. 한 행으로 합쳐 주세요.")
                    % {"row": seen[key]},
                )
            else:
                seen[key] = number
                rows.append(UptakeRow(number, policy_code, district_code, year, count))
        errors.extend(row_errors)
    return rows, errors


def _district_code(raw) -> str | None:
    text = display(raw)
    if text in BY_CODE:
        return text
    found = BY_NAME.get(normalise_district_name(text))
    return found.code if found else None


def _integer(raw, *, suffix: str) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    text = display(raw).removesuffix(suffix).strip()
    if not _INT_RE.fullmatch(text):
        return None
    return int(text.replace(",", ""))


# --- writing ----------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F7")
PERCENT = "0.0%"
THOUSANDS = "#,##0"


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the export: its title, Korean headers, rows, and which columns hold what."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence]
    widths: Sequence[int]
    percent_columns: frozenset[int] = frozenset()
    number_columns: frozenset[int] = frozenset()


def workbook_bytes(sheets: Sequence[SheetSpec]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        sheet.append(list(spec.headers))
        for cell in sheet[1]:
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        for values in spec.rows:
            sheet.append([_safe(value) for value in values])
            row = sheet.max_row
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=index)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif index in spec.percent_columns:
                    cell.number_format = PERCENT
                elif index in spec.number_columns:
                    cell.number_format = THOUSANDS
        for index, width in enumerate(spec.widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def template_bytes() -> bytes:
    """An empty uptake table with the four headers, for officials to fill in."""
    return workbook_bytes(
        [
            SheetSpec(
                title=_("이용자 수"),
                headers=[column.header for column in COLUMNS],
                rows=[],
                widths=(18, 12, 8, 12),
            )
        ]
    )


def gap_workbook(table, filters) -> bytes:
    """The 사각지대 table as the page shows it, a sheet per district, and how it was computed."""
    categories = dict(Category.choices)
    policy_headers = [_("정책코드"), _("정책명"), _("분야")]
    figure_headers = [_("대상자 수"), _("추가 확인 필요"), _("이용자 수"), _("사각지대"), _("사각지대 비율")]

    def figures(row) -> list:
        f = row.figures
        return [f.eligible, f.unknown, f.uptake, f.gap, f.rate]

    def policy_cells(row) -> list:
        return [row.policy.code, row.policy.title, str(categories.get(row.policy.category, row.policy.category))]

    main_rows = [
        [*policy_cells(row), row.policy.provider_name, row.rule_version, *figures(row)]
        for row in selectors.policy_rows(table, filters)
    ]
    sheets = [
        SheetSpec(
            title=_("정책별 사각지대"),
            headers=[*policy_headers, _("제공"), _("규칙 버전"), *figure_headers],
            rows=main_rows,
            widths=(16, 36, 12, 10, 10, 12, 14, 12, 12, 14),
            percent_columns=frozenset({10}),
            number_columns=frozenset({6, 7, 8, 9}),
        )
    ]
    districts = [filters.district] if filters.district else [d.code for d in DISTRICTS]
    scopes = [(code, False) for code in districts]
    if table.has_unplaced and not filters.district:
        scopes.append((None, True))
    for code, unplaced in scopes:
        scoped = replace(filters, district=code or "")
        sheets.append(
            SheetSpec(
                title=selectors.district_name(code),
                headers=[*policy_headers, *figure_headers],
                rows=[
                    [*policy_cells(row), *figures(row)]
                    for row in selectors.policy_rows(table, scoped, unplaced=unplaced)
                ],
                widths=(16, 36, 12, 12, 14, 12, 12, 14),
                percent_columns=frozenset({8}),
                number_columns=frozenset({4, 5, 6, 7}),
            )
        )
    run = table.run
    about = [
        [_("기준일"), run.reference_date.isoformat()],
        [_("가상 인구(1인가구)"), run.population_size],
        [_("난수 시드"), run.seed],
        [_("계산 완료 시각"), timezone.localtime(run.finished_at).strftime("%Y-%m-%d %H:%M")],
        [_("이용자 수 연도"), run.reference_date.year],
        [_("자치구"), selectors.district_name(filters.district) if filters.district else _("서울시 전체")],
        [_("분야"), str(categories[filters.category]) if filters.category else _("전체")],
        [
            _("계산 방법"),
            _(
                "대상자 수는 게시된 자격 규칙을 가상 1인가구 전체에 적용한 결과입니다. "
                "사각지대 = 대상자 수 − 이용자 수(자치구마다 계산하고 0보다 작으면 0), 서울시 합계는 자치구 값의 합입니다. "
                "사각지대 비율 = 사각지대 ÷ 대상자 수."
            ),
        ],
    ]
    sheets.append(
        SheetSpec(
            title=_("계산 정보"),
            headers=[_("항목"), _("값")],
            rows=about,
            widths=(20, 90),
            number_columns=frozenset({2}),
        )
    )
    return workbook_bytes(sheets)
