"""Bulk import and export of policies, programmes and centres as Korean xlsx/csv files.

Each kind's columns are declared once (``SHEETS``); reading, validation, export, the admin
pages, the management commands and the format document all follow that one table. An import
is all-or-nothing: every row is checked first, and a file with any bad row writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from anshim.catalog import indexing
from anshim.catalog.choices import Category, Sex
from anshim.catalog.models import Policy
from anshim.geo.boundaries import district_at, normalise_district_name
from anshim.geo.districts import BY_CODE, BY_NAME
from anshim.geo.models import District
from anshim.portal.tabular import FileRefused, is_blank, is_blank_row, open_workbook, read_csv, read_worksheet
from anshim.programs.models import Center, Program, ProgramKind

POLICIES, PROGRAMS, CENTERS = "policies", "programs", "centers"
ALL = "all"
KINDS = (POLICIES, PROGRAMS, CENTERS)
XLSX, CSV = "xlsx", "csv"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
MAX_ROWS = 20_000
# A 5 MB xlsx that inflates past this is a zip bomb, not a catalogue.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
CITY_NAMES = ("서울시", "서울특별시")
YES, NO = "예", "아니오"
_YES_WORDS = {YES}
_NO_WORDS = {NO, "아니요"}
# Spreadsheet programs run a cell that starts with one of these as a formula; CSV
# export guards such text with a leading apostrophe and import removes it again.
_FORMULA_START = ("=", "+", "-", "@")
_DATE_RE = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?")
_INT_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)")


class ColumnType:
    TEXT = "text"
    URL = "url"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    DISTRICT = "district"
    CITY_OR_DISTRICT = "city_or_district"
    REF = "ref"


T = ColumnType


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its Korean header and the model field it fills."""

    header: str
    field: str
    type: str = T.TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None
    ref_kind: str | None = None
    min_value: int | None = None
    max_value: int | None = None
    example: str = ""

    def allowed_labels(self) -> list[str]:
        if self.type == T.CHOICE:
            return [str(label) for label in self.choices.labels]
        if self.type == T.BOOL:
            return [YES, NO]
        if self.type == T.DISTRICT:
            return list(BY_NAME)
        if self.type == T.CITY_OR_DISTRICT:
            return [CITY_NAMES[0], *BY_NAME]
        return []

    def describe_type(self) -> str:
        """The value rule shown in the admin import page and the format document."""
        if self.type == T.INT:
            low = self.min_value if self.min_value is not None else 0
            high = f"{self.max_value:,}" if self.max_value is not None else ""
            return _("정수 %(low)s~%(high)s (쉼표 허용)") % {"low": low, "high": high}
        return {
            T.TEXT: _("글자"),
            T.URL: _("누리집 주소 (https://…)"),
            T.FLOAT: _("숫자 (소수)"),
            T.DATE: _("날짜 YYYY-MM-DD"),
            T.BOOL: _("예 / 아니오"),
            T.CHOICE: _("목록 중 하나: %(values)s") % {"values": ", ".join(self.allowed_labels())},
            T.DISTRICT: _("자치구 이름 (예: 관악구)"),
            T.CITY_OR_DISTRICT: _("자치구 이름, 또는 비우거나 서울시 (서울시 사업)"),
            T.REF: _("%(title)s의 코드") % {"title": SHEETS[self.ref_kind].title if self.ref_kind else ""},
        }[self.type]


@dataclass(frozen=True)
class Sheet:
    """One kind of catalogue row: its sheet name, model, columns and cross-column checks."""

    kind: str
    title: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    check: Callable[[dict[str, Any]], list[tuple[str, str]]]
    related: tuple[str, ...] = ()

    @property
    def code_column(self) -> Column:
        return self.columns[0]

    def column_for(self, field_name: str) -> Column | None:
        return next((c for c in self.columns if c.field == field_name), None)

    def max_length(self, column: Column) -> int | None:
        return getattr(self.model._meta.get_field(column.field), "max_length", None)

    def describe(self, column: Column) -> str:
        """The column's value rule with its length limit, as the import page and the document show it."""
        text = column.describe_type()
        limit = self.max_length(column) if column.type in (T.TEXT, T.URL) else None
        return _("%(text)s, %(limit)d자 이내") % {"text": text, "limit": limit} if limit else text

    def field_default(self, column: Column) -> Any:
        model_field = self.model._meta.get_field(column.field)
        return None if model_field.null else model_field.get_default()


# --- Cross-column rules, shared with the admin forms --------------------------------


def location_problem(latitude: float | None, longitude: float | None, district: District | None) -> str | None:
    """Why a point cannot belong to ``district`` (None when it does or cannot be judged)."""
    if latitude is None or longitude is None or district is None:
        return None
    found = district_at(latitude, longitude)
    if found == district.code:
        return None
    if found is None:
        if district_at(longitude, latitude) is not None:
            return _("좌표가 서울 밖입니다. 위도와 경도가 서로 바뀐 것 같습니다.")
        return _("좌표(위도 %(lat)s, 경도 %(lon)s)가 서울 밖입니다.") % {"lat": latitude, "lon": longitude}
    return _("좌표가 %(expected)s가 아니라 %(found)s 안에 있습니다.") % {
        "expected": district.name,
        "found": BY_CODE[found].name,
    }


def _order_problem(values, start: str, end: str, message, report_on: str | None = None) -> list[tuple[str, str]]:
    first, last = values.get(start), values.get(end)
    if first is not None and last is not None and first > last:
        return [(report_on or end, message % {"start": _cell_display(first), "end": _cell_display(last)})]
    return []


def policy_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules across a policy's fields, as (field, Korean reason) pairs."""
    problems = _order_problem(
        values, "apply_start", "apply_end", gettext_lazy("신청 마감일(%(end)s)이 신청 시작일(%(start)s)보다 빠릅니다.")
    )
    problems += _order_problem(
        values, "min_age", "max_age", gettext_lazy("최대 연령(%(end)s세)이 최소 연령(%(start)s세)보다 낮습니다.")
    )
    return problems


def program_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules across a programme's fields, as (field, Korean reason) pairs."""
    problems = _order_problem(
        values, "starts_on", "ends_on", gettext_lazy("운영 종료일(%(end)s)이 운영 시작일(%(start)s)보다 빠릅니다.")
    )
    problems += _order_problem(
        values,
        "recruit_start",
        "recruit_end",
        gettext_lazy("모집 마감일(%(end)s)이 모집 시작일(%(start)s)보다 빠릅니다."),
    )
    problems += _order_problem(
        values,
        "enrolled",
        "capacity",
        gettext_lazy("신청 인원(%(start)s명)이 정원(%(end)s명)보다 많습니다."),
        report_on="enrolled",
    )
    return problems + center_problems(values)


def center_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """A centre's (or programme's) coordinates must lie inside its district."""
    reason = location_problem(values.get("latitude"), values.get("longitude"), values.get("district"))
    return [("latitude", reason)] if reason else []


SHEETS: dict[str, Sheet] = {
    POLICIES: Sheet(
        kind=POLICIES,
        title="지원제도",
        model=Policy,
        related=("district",),
        check=policy_problems,
        columns=(
            Column("정책코드", "code", required=True, example="SEOUL-SAFE-001"),
            Column("정책명", "title", required=True, example="1인가구 안심홈세트"),
            Column("분야", "category", T.CHOICE, required=True, choices=Category, example="안전"),
            Column("자치구", "district", T.CITY_OR_DISTRICT, example="관악구"),
            Column("담당부서", "department", example="가족정책과"),
            Column("한 줄 요약", "summary", required=True, example="현관 CCTV·문열림 센서 설치 지원"),
            Column("지원대상", "target", required=True, example="관악구 거주 여성 1인가구"),
            Column("지원내용", "benefit", required=True, example="안심홈세트 4종 무료 설치"),
            Column("신청방법", "how_to_apply", required=True, example="구청 누리집 온라인 신청"),
            Column("신청처", "where_to_apply", example="관악구청 가족정책과"),
            Column("신청 시작일", "apply_start", T.DATE, example="2025-03-01"),
            Column("신청 마감일", "apply_end", T.DATE, example="2025-03-31"),
            Column("신청기간 안내", "period_note", example="예산 소진 시 마감"),
            Column("문의처", "contact", example="02-879-0000"),
            Column("관련 누리집", "url", T.URL, example="https://www.gwanak.go.kr"),
            Column("최소 연령", "min_age", T.INT, min_value=0, max_value=150, example="19"),
            Column("최대 연령", "max_age", T.INT, min_value=0, max_value=150, example="64"),
            Column("성별", "sex", T.CHOICE, choices=Sex, example="여성"),
            Column("주요 정책", "featured", T.BOOL, example=NO),
            Column("게시", "is_published", T.BOOL, example=YES),
        ),
    ),
    PROGRAMS: Sheet(
        kind=PROGRAMS,
        title="참여프로그램",
        model=Program,
        related=("district", "center", "policy"),
        check=program_problems,
        columns=(
            Column("프로그램코드", "code", required=True, example="GWANAK-2025-001"),
            Column("프로그램명", "title", required=True, example="함께 밥상"),
            Column("유형", "kind", T.CHOICE, required=True, choices=ProgramKind, example="소모임"),
            Column("분야", "category", T.CHOICE, required=True, choices=Category, example="외로움"),
            Column("자치구", "district", T.DISTRICT, required=True, example="관악구"),
            Column("운영센터(센터코드)", "center", T.REF, ref_kind=CENTERS, example="GWANAK-C"),
            Column("관련 지원제도(정책코드)", "policy", T.REF, ref_kind=POLICIES, example="SEOUL-SAFE-001"),
            Column("한 줄 소개", "summary", required=True, example="함께 요리하고 식사하는 모임"),
            Column("상세 내용", "description", required=True, example="1인가구가 모여 요리를 배웁니다."),
            Column("참여대상", "target", required=True, example="관악구 거주 1인가구"),
            Column("장소", "place", required=True, example="관악구 1인가구지원센터"),
            Column("주소", "address", required=True, example="서울특별시 관악구 관악로 145"),
            Column("위도", "latitude", T.FLOAT, required=True, example="37.4784"),
            Column("경도", "longitude", T.FLOAT, required=True, example="126.9516"),
            Column("운영 시작일", "starts_on", T.DATE, required=True, example="2025-04-01"),
            Column("운영 종료일", "ends_on", T.DATE, required=True, example="2025-05-31"),
            Column("일정", "schedule", required=True, example="매주 화요일 19:00~21:00"),
            Column("모집 시작일", "recruit_start", T.DATE, required=True, example="2025-03-01"),
            Column("모집 마감일", "recruit_end", T.DATE, required=True, example="2025-03-20"),
            Column("정원", "capacity", T.INT, required=True, min_value=0, max_value=100_000, example="20"),
            Column("신청 인원", "enrolled", T.INT, min_value=0, max_value=100_000, example="5"),
            Column("취소 기한(시작 며칠 전)", "cancel_days_before", T.INT, min_value=0, max_value=90, example="1"),
            Column("참가비(원)", "fee", T.INT, min_value=0, max_value=100_000_000, example="10,000"),
            Column("문의처", "contact", example="02-879-0000"),
            Column("게시", "is_published", T.BOOL, example=YES),
        ),
    ),
    CENTERS: Sheet(
        kind=CENTERS,
        title="1인가구지원센터",
        model=Center,
        related=("district",),
        check=center_problems,
        columns=(
            Column("센터코드", "code", required=True, example="GWANAK-C"),
            Column("센터명", "name", required=True, example="관악구 1인가구지원센터"),
            Column("자치구", "district", T.DISTRICT, required=True, example="관악구"),
            Column("주소", "address", required=True, example="서울특별시 관악구 관악로 145"),
            Column("위도", "latitude", T.FLOAT, required=True, example="37.4784"),
            Column("경도", "longitude", T.FLOAT, required=True, example="126.9516"),
            Column("전화번호", "phone", required=True, example="02-879-0000"),
            Column("운영시간", "opening_hours", example="평일 09:00~18:00"),
            Column("누리집", "url", T.URL, example="https://www.gwanak.go.kr"),
        ),
    ),
}
# Sheets that others point at come first, so a workbook's later sheets may use their codes.
IMPORT_ORDER = (CENTERS, POLICIES, PROGRAMS)


# --- Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    """One refusal: the Excel row number (None for the whole file), column header, value and reason."""

    row: int | None
    column: str
    value: str
    reason: str
    sheet: str = ""

    def describe(self) -> str:
        if self.row is None:
            return self.reason
        where = f"[{self.sheet}] " if self.sheet else ""
        column = f" {self.column}" if self.column else ""
        value = _("값 '%(value)s'") % {"value": self.value} if self.value else _("값 없음")
        return _("%(where)s%(row)d행%(column)s: %(value)s — %(reason)s") % {
            "where": where,
            "row": self.row,
            "column": column,
            "value": value,
            "reason": self.reason,
        }


@dataclass
class SheetCounts:
    title: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    counts: list[SheetCounts] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def file_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is None]

    @property
    def row_errors(self) -> list[RowError]:
        return [e for e in self.errors if e.row is not None]

    @property
    def bad_rows(self) -> int:
        return len({(e.sheet, e.row) for e in self.row_errors})

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts)

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts)

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.counts)

    def summary(self) -> str:
        """A one-line Korean account of what was (or, on a dry run, would be) written."""
        parts = [
            _("%(title)s 새로 등록 %(created)d건, 수정 %(updated)d건, 변경 없음 %(unchanged)d건")
            % {"title": c.title, "created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for c in self.counts
        ]
        text = "; ".join(parts)
        if self.dry_run:
            return _("검사만 했고 저장하지 않았습니다. 저장하면: %(text)s") % {"text": text}
        return text


class _BadCell(Exception):
    """One cell's value is unusable; carries the Korean reason."""


# --- Public API -------------------------------------------------------------------------


def import_file(kind: str, source, fmt: str | None = None, *, dry_run: bool = False) -> ImportResult:
    """Validate every row of ``source`` and, only if all are good, upsert them by code in one transaction.

    ``source`` is an uploaded file, an open binary file, a path or bytes; ``fmt`` ("xlsx"/"csv")
    defaults to the file name's suffix. ``kind`` is one of ``KINDS``, or ``"all"`` for an xlsx
    workbook holding any of the three sheets (centres and policies before the programmes that
    use their codes). Nothing is written on a dry run or when any error is reported.
    """
    if kind not in (*KINDS, ALL):
        raise ValueError(f"unknown kind: {kind}")
    result = ImportResult(kind=kind, dry_run=dry_run)
    with translation.override("ko"):
        try:
            data, name = _read_source(source)
            fmt = _detect_format(fmt, name)
            tables = _read_tables(kind, data, fmt)
        except FileRefused as refusal:
            result.errors.append(RowError(row=None, column="", value="", reason=str(refusal)))
            return result
        plans: dict[str, list[_RowPlan]] = {}
        pending: dict[str, set[str]] = {}
        for sheet_kind in IMPORT_ORDER:
            if sheet_kind not in tables:
                continue
            sheet = SHEETS[sheet_kind]
            multi = len(tables) > 1
            sheet_plans, errors = _plan_sheet(sheet, tables[sheet_kind], pending, sheet.title if multi else "")
            plans[sheet_kind] = sheet_plans
            pending[sheet_kind] = {plan.code for plan in sheet_plans}
            result.errors.extend(errors)
        if result.errors:
            return result
        try:
            result.counts = _write(plans, dry_run=dry_run)
        except IntegrityError:
            # Typically another official saved the same code between our check and our write.
            result.errors.append(
                RowError(
                    None,
                    "",
                    "",
                    _("다른 사용자가 같은 코드를 동시에 저장해 아무것도 저장하지 않았습니다. 다시 가져와 주세요."),
                )
            )
    return result


def export(kind: str, fmt: str, queryset: models.QuerySet | None = None) -> bytes:
    """The rows of ``queryset`` (default: all) as an xlsx or csv file that imports back unchanged.

    ``kind="all"`` writes one xlsx workbook with a sheet for each kind.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format: {fmt}")
    kinds = IMPORT_ORDER if kind == ALL else (kind,)
    if kind == ALL and (fmt != XLSX or queryset is not None):
        raise ValueError("kind 'all' exports every row to one xlsx workbook")
    with translation.override("ko"):
        tables = []
        for each in kinds:
            sheet = SHEETS[each]
            rows = queryset if queryset is not None else sheet.model.objects.all()
            rows = rows.select_related(*sheet.related).order_by("code")
            tables.append((sheet, [[_export_value(sheet, c, obj) for c in sheet.columns] for obj in rows]))
        return _write_xlsx(tables) if fmt == XLSX else _write_csv(*tables[0])


def export_filename(kind: str, fmt: str) -> str:
    title = "안심_목록" if kind == ALL else SHEETS[kind].title
    return f"{title}_{timezone.localdate():%Y%m%d}.{fmt}"


# --- Reading files ----------------------------------------------------------------------


def _read_source(source) -> tuple[bytes, str]:
    limit = settings.ANSHIM_IMPORT_MAX_BYTES
    too_big = FileRefused(
        _("파일이 너무 큽니다. %(limit)s 이하의 파일만 가져올 수 있습니다.") % {"limit": filesizeformat(limit)}
    )
    if isinstance(source, bytes):
        data, name = source, ""
    elif isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise FileRefused(_("파일을 찾을 수 없습니다: %(path)s") % {"path": path})
        if path.stat().st_size > limit:
            raise too_big
        data, name = path.read_bytes(), path.name
    else:
        if getattr(source, "size", None) is not None and source.size > limit:
            raise too_big
        if hasattr(source, "seek"):
            source.seek(0)
        data, name = source.read(limit + 1), getattr(source, "name", "") or ""
    if len(data) > limit:
        raise too_big
    if not data:
        raise FileRefused(_("빈 파일입니다."))
    return data, str(name)


def _detect_format(fmt: str | None, name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if fmt is None:
        fmt = suffix
    if fmt == "xls":
        raise FileRefused(_("예전 엑셀 형식(xls)은 가져올 수 없습니다. 엑셀에서 xlsx로 저장한 뒤 올려 주세요."))
    if fmt not in FORMATS:
        raise FileRefused(_("xlsx 또는 csv 파일만 가져올 수 있습니다."))
    return fmt


def _read_tables(kind: str, data: bytes, fmt: str) -> dict[str, list[tuple[int, tuple]]]:
    """The rows of each sheet to import, numbered as the spreadsheet shows them."""
    if fmt == CSV:
        if kind == ALL:
            raise FileRefused(_("CSV 파일에는 한 종류만 담을 수 있습니다. 종류를 골라 주세요."))
        tables = {kind: read_csv(data, max_rows=MAX_ROWS)}
    else:
        tables = _read_xlsx(kind, data)
    total = sum(_count_filled(rows[1:]) for rows in tables.values())
    if total > MAX_ROWS:
        raise FileRefused(
            _("한 번에 %(max)s행까지만 가져올 수 있습니다 (이 파일은 %(count)s행). 파일을 나눠 주세요.")
            % {"max": f"{MAX_ROWS:,}", "count": f"{total:,}"}
        )
    if total == 0:
        raise FileRefused(_("가져올 행이 없습니다. 첫 행에 열 이름을, 둘째 행부터 내용을 적어 주세요."))
    return tables


def _count_filled(rows) -> int:
    return sum(1 for _number, values in rows if not is_blank_row(values))


def _read_xlsx(kind: str, data: bytes) -> dict[str, list[tuple[int, tuple]]]:
    with open_workbook(data, max_unpacked_bytes=MAX_XLSX_UNPACKED_BYTES) as workbook:
        titles = {ws.title.strip(): ws for ws in workbook.worksheets}
        known = {SHEETS[k].title: k for k in KINDS}
        if kind == ALL:
            chosen = {known[t]: ws for t, ws in titles.items() if t in known}
            if not chosen:
                raise FileRefused(
                    _("가져올 시트가 없습니다. 시트 이름을 %(names)s 중 하나로 해 주세요.")
                    % {"names": ", ".join(known)}
                )
        else:
            title = SHEETS[kind].title
            if title in titles:
                chosen = {kind: titles[title]}
            elif len(titles) == 1 and next(iter(titles)) not in known:
                chosen = {kind: workbook.worksheets[0]}
            else:
                raise FileRefused(
                    _("'%(title)s' 시트가 없습니다. 이 파일의 시트: %(found)s")
                    % {"title": title, "found": ", ".join(titles)}
                )
        return {sheet_kind: read_worksheet(worksheet, max_rows=MAX_ROWS) for sheet_kind, worksheet in chosen.items()}


# --- Validation -------------------------------------------------------------------------


@dataclass
class _RowPlan:
    row: int
    code: str
    instance: models.Model
    created: bool
    changed: bool
    # Related rows by field: an existing object, or (kind, code) of a row earlier in this file.
    refs: dict[str, models.Model | tuple[str, str] | None]


def _normalise_header(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _plan_sheet(sheet: Sheet, rows, pending: dict[str, set[str]], sheet_label: str):
    errors: list[RowError] = []

    def error(row, column, value, reason):
        errors.append(RowError(row, column, _cell_display(value), reason, sheet_label))

    header_values = rows[0][1] if rows else ()
    by_header = {_normalise_header(c.header): c for c in sheet.columns}
    positions: dict[int, Column] = {}
    blank_positions: list[int] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(header_values):
        if is_blank(raw):
            blank_positions.append(index)
            continue
        column = by_header.get(_normalise_header(raw))
        if column is None:
            error(1, str(raw).strip(), raw, _("알 수 없는 열입니다. 허용되는 열 이름은 문서를 확인해 주세요."))
        elif column.header in seen:
            error(1, column.header, raw, _("같은 이름의 열이 두 번 있습니다."))
        else:
            seen[column.header] = index
            positions[index] = column
    for column in sheet.columns:
        if column.required and column.header not in seen:
            error(1, column.header, "", _("필수 열이 없습니다. 첫 행에 이 열 이름을 추가해 주세요."))
    if errors:
        return [], errors

    districts = {d.code: d for d in District.objects.all()}
    parsed_rows: list[tuple[int, dict[str, Any], dict[str, Any], set[str]]] = []
    first_row_of_code: dict[str, int] = {}
    for number, values in rows[1:]:
        if is_blank_row(values):
            continue
        parsed: dict[str, Any] = {}
        raws: dict[str, Any] = {}
        failed: set[str] = set()
        for index in blank_positions:
            if index < len(values) and not is_blank(values[index]):
                error(number, _("(이름 없는 열)"), values[index], _("열 이름이 없는 칸에 값이 있습니다."))
        for index, column in positions.items():
            raw = values[index] if index < len(values) else None
            raws[column.field] = raw
            try:
                parsed[column.field] = _parse(sheet, column, raw, districts)
            except _BadCell as bad:
                failed.add(column.field)
                error(number, column.header, raw, str(bad))
        code = parsed.get("code")
        if code:
            if code in first_row_of_code:
                error(
                    number,
                    sheet.code_column.header,
                    code,
                    _("이 파일의 %(row)d행과 %(header)s가 같습니다.")
                    % {"row": first_row_of_code[code], "header": sheet.code_column.header},
                )
                failed.add("code")
            else:
                first_row_of_code[code] = number
        parsed_rows.append((number, parsed, raws, failed))

    existing = sheet.model.objects.in_bulk(list(first_row_of_code), field_name="code")
    ref_columns = [c for c in positions.values() if c.type == T.REF]
    known_refs = {
        c.field: SHEETS[c.ref_kind].model.objects.in_bulk(
            [p[c.field] for _n, p, _r, _f in parsed_rows if p.get(c.field)], field_name="code"
        )
        for c in ref_columns
    }

    plans: list[_RowPlan] = []
    for number, parsed, raws, failed in parsed_rows:
        code = parsed.get("code")
        instance = existing.get(code) if code and "code" not in failed else None
        created = instance is None
        if created:
            instance = sheet.model()
        refs: dict[str, Any] = {}
        for column in ref_columns:
            target_code = parsed.get(column.field)
            if column.field in failed or not target_code:
                refs[column.field] = None
            elif target_code in known_refs[column.field]:
                refs[column.field] = known_refs[column.field][target_code]
            elif target_code in pending.get(column.ref_kind, ()):
                refs[column.field] = (column.ref_kind, target_code)
            else:
                failed.add(column.field)
                ref_sheet = SHEETS[column.ref_kind]
                error(
                    number,
                    column.header,
                    target_code,
                    _("등록되지 않은 %(code)s입니다. %(title)s에 먼저 등록해 주세요.")
                    % {"code": ref_sheet.code_column.header, "title": ref_sheet.title},
                )

        effective = {c.field: _current_value(sheet, c, instance, districts, created) for c in sheet.columns}
        effective.update({f: v for f, v in parsed.items() if f not in failed})
        for failed_field in failed:
            effective.pop(failed_field, None)
        for field_name, reason in sheet.check(effective):
            column = sheet.column_for(field_name)
            shown = raws.get(field_name, effective.get(field_name))
            failed.add(field_name)
            error(number, column.header, shown, reason)

        scalar_fields = [f for f in parsed if f not in failed and sheet.column_for(f).type != T.REF]
        before = {f: _field_state(instance, f) for f in scalar_fields}
        for f in scalar_fields:
            setattr(instance, f, parsed[f])
        changed = created or any(_field_state(instance, f) != before[f] for f in scalar_fields)
        changed = changed or any(_ref_changed(instance, f, target) for f, target in refs.items())
        if not failed:
            model_fields_excluded = {
                c.field for c in sheet.columns if c.type in (T.REF, T.DISTRICT, T.CITY_OR_DISTRICT)
            }
            try:
                instance.full_clean(exclude=model_fields_excluded, validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for field_name, messages in exc.message_dict.items():
                    column = sheet.column_for(field_name) if field_name != NON_FIELD_ERRORS else None
                    header = column.header if column else ""
                    for message in messages:
                        failed.add(field_name)
                        error(number, header, raws.get(field_name), message)
        if not failed:
            plans.append(_RowPlan(number, code, instance, created, changed, refs))
    errors.sort(key=lambda e: (e.row, _column_index(sheet, e.column)))
    return plans, errors


def _column_index(sheet: Sheet, header: str) -> int:
    return next((i for i, c in enumerate(sheet.columns) if c.header == header), len(sheet.columns))


def _current_value(sheet: Sheet, column: Column, instance, districts, created: bool):
    """What a column holds before the row is applied: the stored value, or the model default."""
    if column.type == T.REF:
        return None
    if column.type in (T.DISTRICT, T.CITY_OR_DISTRICT):
        return districts.get(instance.district_id)
    if created:
        return sheet.field_default(column)
    return getattr(instance, column.field)


def _field_state(instance, field_name: str):
    if field_name == "district":
        return instance.district_id
    return getattr(instance, field_name)


def _ref_changed(instance, field_name: str, target) -> bool:
    current_id = getattr(instance, f"{field_name}_id")
    if isinstance(target, tuple):
        return True
    return current_id != (target.pk if target is not None else None)


def _parse(sheet: Sheet, column: Column, raw, districts: dict[str, District]):
    """The model value of one cell, or ``_BadCell`` with a Korean reason."""
    if is_blank(raw):
        if column.required:
            raise _BadCell(_("필수 항목입니다. 값을 적어 주세요."))
        return sheet.field_default(column) if column.type not in (T.REF, T.CITY_OR_DISTRICT) else None
    parser = {
        T.TEXT: _parse_text,
        T.URL: _parse_url,
        T.INT: _parse_int,
        T.FLOAT: _parse_float,
        T.DATE: _parse_date,
        T.BOOL: _parse_bool,
        T.CHOICE: _parse_choice,
        T.DISTRICT: _parse_district,
        T.CITY_OR_DISTRICT: _parse_district,
        T.REF: _parse_text,
    }[column.type]
    value = parser(column, raw, districts)
    limit = sheet.max_length(column) if isinstance(value, str) else None
    if limit and len(value) > limit:
        raise _BadCell(
            _("%(limit)d자까지 쓸 수 있습니다 (지금 %(length)d자).") % {"limit": limit, "length": len(value)}
        )
    return value


def _as_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def _parse_text(column, raw, districts) -> str:
    text = _as_text(raw).replace("\r\n", "\n")
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]
    return text


def _parse_url(column, raw, districts) -> str:
    text = _parse_text(column, raw, districts)
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError as exc:
        raise _BadCell(_("올바른 누리집 주소가 아닙니다. https://로 시작하는 주소를 적어 주세요.")) from exc
    return text


def _parse_int(column, raw, districts) -> int:
    if isinstance(raw, bool):
        raise _BadCell(_("숫자로 적어 주세요."))
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise _BadCell(_("소수가 아닌 정수로 적어 주세요."))
        number = int(raw)
    else:
        text = str(raw).strip()
        if not _INT_RE.fullmatch(text):
            raise _BadCell(_("정수로 적어 주세요 (예: 10000 또는 10,000)."))
        number = int(text.replace(",", ""))
    low = column.min_value if column.min_value is not None else 0
    if number < low or (column.max_value is not None and number > column.max_value):
        raise _BadCell(
            _("%(low)s 이상 %(high)s 이하로 적어 주세요.") % {"low": f"{low:,}", "high": f"{column.max_value:,}"}
        )
    return number


def _parse_float(column, raw, districts) -> float:
    if isinstance(raw, bool):
        raise _BadCell(_("숫자로 적어 주세요."))
    try:
        number = float(raw) if isinstance(raw, int | float) else float(str(raw).strip())
    except ValueError as exc:
        raise _BadCell(_("숫자로 적어 주세요 (예: 37.4784).")) from exc
    if not math.isfinite(number):
        raise _BadCell(_("숫자로 적어 주세요 (예: 37.4784)."))
    return number


def _parse_date(column, raw, districts) -> dt.date:
    if isinstance(raw, dt.datetime):
        if raw.time() != dt.time():
            raise _BadCell(_("시간 없이 날짜만 적어 주세요 (YYYY-MM-DD)."))
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    match = _DATE_RE.fullmatch(str(raw).strip())
    if not match:
        raise _BadCell(_("날짜는 YYYY-MM-DD 형식으로 적어 주세요 (예: 2025-03-01)."))
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise _BadCell(_("없는 날짜입니다.")) from exc


def _parse_bool(column, raw, districts) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text in _YES_WORDS:
        return True
    if text in _NO_WORDS:
        return False
    raise _BadCell(_("'예' 또는 '아니오'로 적어 주세요."))


def _parse_choice(column, raw, districts) -> str:
    value = _choice_values(column.choices).get(_normalise_header(raw))
    if value is None:
        raise _BadCell(
            _("허용되지 않는 값입니다. 다음 중 하나로 적어 주세요: %(values)s")
            % {"values": ", ".join(column.allowed_labels())}
        )
    return value


@functools.cache
def _choice_values(choices: type[models.TextChoices]) -> dict[str, str]:
    """Korean label (spaces ignored) → stored value, built once rather than per cell."""
    with translation.override("ko"):
        return {_normalise_header(label): value for value, label in choices.choices}


def _parse_district(column, raw, districts) -> District | None:
    text = str(raw).strip()
    name = normalise_district_name(text)
    if not name:
        if column.type == T.CITY_OR_DISTRICT:
            return None
        raise _BadCell(_("자치구 이름을 적어 주세요 (서울시 전체는 지원제도에만 쓸 수 있습니다)."))
    info = BY_NAME.get(name)
    if info is None or info.code not in districts:
        raise _BadCell(_("서울의 자치구 이름이 아닙니다 (예: 관악구)."))
    return districts[info.code]


def _cell_display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, District):
        return value.name
    text = _as_text(value)
    return text if len(text) <= 60 else text[:59] + "…"


# --- Writing to the database ------------------------------------------------------------


def _write(plans: dict[str, list[_RowPlan]], *, dry_run: bool) -> list[SheetCounts]:
    counts = []
    saved: dict[str, dict[str, models.Model]] = {}
    # Rows are indexed for search together once the whole file is written.
    with indexing.deferred(), transaction.atomic():
        for kind in IMPORT_ORDER:
            if kind not in plans:
                continue
            tally = SheetCounts(SHEETS[kind].title)
            saved[kind] = {}
            for plan in plans[kind]:
                if plan.created:
                    tally.created += 1
                elif plan.changed:
                    tally.updated += 1
                else:
                    tally.unchanged += 1
                saved[kind][plan.code] = plan.instance
                if dry_run or not plan.changed:
                    continue
                for field_name, target in plan.refs.items():
                    if isinstance(target, tuple):
                        target = saved[target[0]][target[1]]
                    setattr(plan.instance, field_name, target)
                plan.instance.save()
            counts.append(tally)
    return counts


# --- Export -----------------------------------------------------------------------------


def _export_value(sheet: Sheet, column: Column, obj):
    value = getattr(obj, column.field)
    if column.type == T.CITY_OR_DISTRICT:
        return value.name if value is not None else CITY_NAMES[0]
    if column.type == T.DISTRICT:
        return value.name
    if column.type == T.REF:
        return value.code if value is not None else ""
    if column.type == T.CHOICE:
        return str(column.choices(value).label)
    if column.type == T.BOOL:
        return YES if value else NO
    if value is None:
        return ""
    return value


def _write_xlsx(tables) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    for sheet, rows in tables:
        ws = workbook.create_sheet(sheet.title)
        ws.append([c.header for c in sheet.columns])
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center")
            if column.required:
                cell.fill = required_fill
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, min(40, len(column.header) * 2 + 4))
            labels = column.allowed_labels()
            if labels:
                # Excel draws a drop-down from this list, so officials pick rather than type.
                validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
                validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
                ws.add_data_validation(validation)
        for row_number, values in enumerate(rows, start=2):
            for index, (column, value) in enumerate(zip(sheet.columns, values, strict=True), start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = ws.cell(row_number, index, value)
                if isinstance(value, str):
                    # Text such as "=..." stays text: never a formula in an exported file.
                    cell.data_type = "s"
                elif column.type == T.DATE:
                    cell.number_format = "yyyy-mm-dd"
                elif column.type == T.INT:
                    cell.number_format = "#,##0"
        ws.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_csv(sheet: Sheet, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in sheet.columns])
    for values in rows:
        writer.writerow([_csv_cell(column, value) for column, value in zip(sheet.columns, values, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(column: Column, value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if column.type in (T.TEXT, T.URL) and text.startswith(_FORMULA_START):
        return "'" + text
    return text
