"""Bulk import/export of the catalogue: good files upsert, any bad row refuses the whole file."""

import csv
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from anshim.catalog import spreadsheets
from anshim.catalog.choices import Category, Sex
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory
from anshim.programs.models import Center, Program, ProgramKind
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs" / "catalog-format.md"
GWANAK = (37.4784, 126.9516)
GANGNAM = (37.4947, 127.0642)


# --- Building files the way an official would --------------------------------------------


def policy_row(**changes):
    row = {
        "정책코드": "SEOUL-SAFE-001",
        "정책명": "여성1인가구 안심홈세트",
        "분야": "안전",
        "자치구": "관악구",
        "담당부서": "가족정책과",
        "한 줄 요약": "현관 CCTV와 문열림 센서 설치",
        "지원대상": "관악구 거주 여성 1인가구",
        "지원내용": "안심홈세트 4종 무료 설치",
        "신청방법": "구청 누리집 온라인 신청",
        "신청처": "관악구청",
        "신청 시작일": "2025-03-01",
        "신청 마감일": "2025-03-31",
        "신청기간 안내": "예산 소진 시 마감",
        "문의처": "02-879-0000",
        "관련 누리집": "https://www.gwanak.go.kr",
        "최소 연령": "19",
        "최대 연령": "64",
        "성별": "여성",
        "주요 정책": "예",
        "게시": "예",
    }
    row.update(changes)
    return row


def program_row(**changes):
    row = {
        "프로그램코드": "GWANAK-2025-001",
        "프로그램명": "함께 밥상",
        "유형": "소모임",
        "분야": "외로움",
        "자치구": "관악구",
        "운영센터(센터코드)": "",
        "관련 지원제도(정책코드)": "",
        "한 줄 소개": "함께 요리하고 식사하는 모임",
        "상세 내용": "1인가구가 모여 요리를 배웁니다.",
        "참여대상": "관악구 거주 1인가구",
        "장소": "관악구 1인가구지원센터",
        "주소": "서울특별시 관악구 관악로 145",
        "위도": str(GWANAK[0]),
        "경도": str(GWANAK[1]),
        "운영 시작일": "2025-04-01",
        "운영 종료일": "2025-05-31",
        "일정": "매주 화요일 19:00~21:00",
        "모집 시작일": "2025-03-01",
        "모집 마감일": "2025-03-20",
        "정원": "20",
        "신청 인원": "5",
        "참가비(원)": "10,000",
        "문의처": "02-879-0000",
        "게시": "예",
    }
    row.update(changes)
    return row


def center_row(**changes):
    row = {
        "센터코드": "GWANAK-C",
        "센터명": "관악구 1인가구지원센터",
        "자치구": "관악구",
        "주소": "서울특별시 관악구 관악로 145",
        "위도": str(GWANAK[0]),
        "경도": str(GWANAK[1]),
        "전화번호": "02-879-0000",
        "운영시간": "평일 09:00~18:00",
        "누리집": "https://www.gwanak.go.kr",
    }
    row.update(changes)
    return row


def table(rows, headers=None):
    headers = headers or list(rows[0])
    return [headers, *[[row.get(h, "") for h in headers] for row in rows]]


def xlsx_bytes(sheets):
    """``sheets`` maps a sheet title to a list of rows (the first is the header)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for values in rows:
            worksheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(kind, rows, fmt):
    title = spreadsheets.SHEETS[kind].title
    data = xlsx_bytes({title: rows}) if fmt == "xlsx" else csv_bytes(rows)
    return SimpleUploadedFile(f"{title}.{fmt}", data)


def only_error(result):
    assert not result.ok
    assert len(result.errors) == 1, [e.describe() for e in result.errors]
    return result.errors[0]


# --- Good files ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_good_policy_file_creates_then_updates_by_code(fmt):
    rows = table([policy_row(), policy_row(정책코드="SEOUL-HOUSE-002", 정책명="청년 월세지원", 분야="주거", 자치구="")])

    result = spreadsheets.import_file("policies", upload("policies", rows, fmt))

    assert result.ok, [e.describe() for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    home_set = Policy.objects.get(code="SEOUL-SAFE-001")
    assert home_set.category == Category.SAFETY
    assert home_set.district.name == "관악구"
    assert home_set.sex == Sex.FEMALE
    assert (home_set.min_age, home_set.max_age) == (19, 64)
    assert home_set.apply_start == datetime.date(2025, 3, 1)
    assert home_set.featured and home_set.is_published
    assert Policy.objects.get(code="SEOUL-HOUSE-002").provider_name == "서울시"

    renamed = table(
        [
            policy_row(정책명="안심홈세트 2025"),
            policy_row(정책코드="SEOUL-HOUSE-002", 정책명="청년 월세지원", 분야="주거", 자치구=""),
        ]
    )
    again = spreadsheets.import_file("policies", upload("policies", renamed, fmt))

    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    assert Policy.objects.count() == 2
    assert Policy.objects.get(code="SEOUL-SAFE-001").title == "안심홈세트 2025"
    assert "새로 등록 0건, 수정 1건, 변경 없음 1건" in again.summary()


def test_program_file_links_existing_centre_and_policy_and_reads_commas():
    CenterFactory(code="GWANAK-C")
    PolicyFactory(code="SEOUL-LONELY-001")
    rows = table(
        [
            program_row(
                **{
                    "운영센터(센터코드)": "GWANAK-C",
                    "관련 지원제도(정책코드)": "SEOUL-LONELY-001",
                    "취소 기한(시작 며칠 전)": "3",
                }
            )
        ]
    )

    result = spreadsheets.import_file("programs", upload("programs", rows, "xlsx"))

    assert result.ok, [e.describe() for e in result.errors]
    program = Program.objects.get(code="GWANAK-2025-001")
    assert program.cancel_deadline == datetime.date(2025, 3, 29)
    assert program.kind == ProgramKind.GROUP
    assert program.center.code == "GWANAK-C"
    assert program.policy.code == "SEOUL-LONELY-001"
    assert program.fee == 10_000
    assert program.seats_left == 15


def test_xlsx_native_cells_numbers_dates_and_booleans_are_read():
    row = center_row()
    values = [[*row], [*row.values()]]
    values[1][4], values[1][5] = GWANAK  # real number cells, as Excel stores them
    program = program_row()
    program_values = [[*program], [*program.values()]]
    headers = program_values[0]
    program_values[1][headers.index("운영 시작일")] = datetime.datetime(2025, 4, 1)
    program_values[1][headers.index("정원")] = 20.0
    program_values[1][headers.index("게시")] = True
    data = xlsx_bytes({"1인가구지원센터": values, "참여프로그램": program_values})

    result = spreadsheets.import_file("all", SimpleUploadedFile("목록.xlsx", data))

    assert result.ok, [e.describe() for e in result.errors]
    program = Program.objects.get()
    assert program.cancel_days_before == 1  # the column left out: the model's default
    assert program.starts_on == datetime.date(2025, 4, 1)
    assert program.capacity == 20
    assert Center.objects.get().latitude == GWANAK[0]


def test_workbook_may_refer_to_centres_and_policies_on_its_own_earlier_sheets():
    data = xlsx_bytes(
        {
            "참여프로그램": table(
                [program_row(**{"운영센터(센터코드)": "GWANAK-C", "관련 지원제도(정책코드)": "SEOUL-SAFE-001"})]
            ),
            "지원제도": table([policy_row()]),
            "1인가구지원센터": table([center_row()]),
        }
    )

    result = spreadsheets.import_file("all", SimpleUploadedFile("안심_목록.xlsx", data))

    assert result.ok, [e.describe() for e in result.errors]
    program = Program.objects.get()
    assert (program.center.code, program.policy.code) == ("GWANAK-C", "SEOUL-SAFE-001")
    assert [c.title for c in result.counts] == ["1인가구지원센터", "지원제도", "참여프로그램"]


def test_csv_saved_by_korean_excel_in_cp949_is_accepted():
    data = csv_bytes(table([center_row()]), encoding="cp949")

    result = spreadsheets.import_file("centers", SimpleUploadedFile("센터.csv", data))

    assert result.ok, [e.describe() for e in result.errors]
    assert Center.objects.get().name == "관악구 1인가구지원센터"


def test_optional_columns_left_out_keep_their_stored_values():
    PolicyFactory(code="SEOUL-SAFE-001", featured=True, contact="02-120", min_age=19)
    headers = ["정책코드", "정책명", "분야", "한 줄 요약", "지원대상", "지원내용", "신청방법"]

    result = spreadsheets.import_file(
        "policies", upload("policies", table([policy_row(정책명="새 이름")], headers), "csv")
    )

    assert result.ok, [e.describe() for e in result.errors]
    policy = Policy.objects.get(code="SEOUL-SAFE-001")
    assert policy.title == "새 이름"
    assert policy.featured and policy.contact == "02-120" and policy.min_age == 19


def test_dry_run_reports_counts_and_writes_nothing():
    result = spreadsheets.import_file("centers", upload("centers", table([center_row()]), "csv"), dry_run=True)

    assert result.ok and result.created == 1
    assert "저장하지 않았습니다" in result.summary()
    assert not Center.objects.exists()


# --- Bad rows: each reported with row, column, value and reason; nothing written ----------

BAD_POLICY_CELLS = [
    ("분야", "안정", "허용되지 않는 값입니다. 다음 중 하나로 적어 주세요: 안전, 주거, 경제·일자리, 외로움, 질병"),
    ("자치구", "강남시", "서울의 자치구 이름이 아닙니다"),
    ("성별", "여자", "허용되지 않는 값입니다"),
    ("신청 시작일", "3월 1일", "YYYY-MM-DD"),
    ("신청 시작일", "2025-02-30", "없는 날짜입니다"),
    ("최소 연령", "스무 살", "정수로 적어 주세요"),
    ("최소 연령", "200", "0 이상 150 이하"),
    ("주요 정책", "네", "'예' 또는 '아니오'"),
    ("정책명", "", "필수 항목입니다"),
    ("정책명", "가" * 201, "200자까지 쓸 수 있습니다 (지금 201자)"),
    ("관련 누리집", "www 관악구청", "올바른 누리집 주소가 아닙니다"),
    ("신청 마감일", "2025-02-01", "신청 마감일(2025-02-01)이 신청 시작일(2025-03-01)보다 빠릅니다"),
    ("최대 연령", "18", "최대 연령(18세)이 최소 연령(19세)보다 낮습니다"),
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(("header", "value", "reason"), BAD_POLICY_CELLS)
def test_bad_policy_cell_is_reported_and_nothing_is_written(fmt, header, value, reason):
    good = policy_row(정책코드="GOOD-001")
    bad = policy_row(정책코드="BAD-002", **{header: value})

    result = spreadsheets.import_file("policies", upload("policies", table([good, bad]), fmt))

    error = only_error(result)
    assert (error.row, error.column) == (3, header)
    assert error.value == (value if len(value) <= 60 else value[:59] + "…")
    assert reason in error.reason
    assert not Policy.objects.exists()


BAD_PROGRAM_CELLS = [
    ("유형", "동아리", "허용되지 않는 값입니다. 다음 중 하나로 적어 주세요: 프로그램, 행사, 상담, 소모임"),
    ("자치구", "서울시", "자치구 이름을 적어 주세요"),
    ("신청 인원", "25", "신청 인원(25명)이 정원(20명)보다 많습니다"),
    ("운영 종료일", "2025-03-31", "운영 종료일(2025-03-31)이 운영 시작일(2025-04-01)보다 빠릅니다"),
    ("모집 마감일", "2025-02-01", "모집 마감일(2025-02-01)이 모집 시작일(2025-03-01)보다 빠릅니다"),
    ("참가비(원)", "1,00", "정수로 적어 주세요"),
    ("위도", str(GANGNAM[0]), "좌표가 관악구가 아니라"),
    ("위도", "35.1796", "서울 밖입니다"),
    ("경도", "동경 127도", "숫자로 적어 주세요"),
    ("운영센터(센터코드)", "NO-SUCH-C", "등록되지 않은 센터코드입니다"),
    ("관련 지원제도(정책코드)", "NO-SUCH-P", "등록되지 않은 정책코드입니다"),
]


@pytest.mark.parametrize(("header", "value", "reason"), BAD_PROGRAM_CELLS)
def test_bad_program_cell_is_reported_and_nothing_is_written(header, value, reason):
    changes = {header: value}
    if header == "위도" and value == str(GANGNAM[0]):
        changes["경도"] = str(GANGNAM[1])
    rows = table([program_row(프로그램코드="GOOD-1"), program_row(프로그램코드="BAD-2", **changes)])

    result = spreadsheets.import_file("programs", upload("programs", rows, "xlsx"))

    error = only_error(result)
    assert (error.row, error.column, error.value) == (3, header, value)
    assert reason in error.reason
    assert not Program.objects.exists()


def test_swapped_coordinates_get_a_hint():
    rows = table([center_row(위도=str(GWANAK[1]), 경도=str(GWANAK[0]))])

    error = only_error(spreadsheets.import_file("centers", upload("centers", rows, "csv")))

    assert error.column == "위도"
    assert "위도와 경도가 서로 바뀐 것 같습니다" in error.reason


def test_every_bad_row_and_cell_is_reported_in_sheet_order():
    rows = table(
        [
            center_row(센터코드="A", 자치구="관악시"),
            center_row(센터코드="B"),
            center_row(센터코드="A", 전화번호=""),
            center_row(센터코드="C", 위도="북위", 센터명="센" * 101),
        ]
    )

    result = spreadsheets.import_file("centers", upload("centers", rows, "xlsx"))

    assert [(e.row, e.column) for e in result.errors] == [
        (2, "자치구"),
        (4, "센터코드"),
        (4, "전화번호"),
        (5, "센터명"),
        (5, "위도"),
    ]
    assert "이 파일의 2행과 센터코드가 같습니다" in result.errors[1].reason
    assert result.bad_rows == 3
    assert not Center.objects.exists()


def test_a_bad_row_leaves_existing_rows_untouched():
    PolicyFactory(code="GOOD-001", title="원래 이름")
    rows = table([policy_row(정책코드="GOOD-001", 정책명="바뀐 이름"), policy_row(정책코드="BAD-002", 분야="")])

    result = spreadsheets.import_file("policies", upload("policies", rows, "csv"))

    assert not result.ok
    assert Policy.objects.get(code="GOOD-001").title == "원래 이름"
    assert Policy.objects.count() == 1


def test_unknown_duplicate_and_missing_headers_are_reported_on_row_one():
    row = center_row()
    headers = [h for h in row if h != "전화번호"] + ["팩스", "센터명"]

    result = spreadsheets.import_file("centers", upload("centers", table([row], headers), "csv"))

    reported = {(e.row, e.column): e.reason for e in result.errors}
    assert "알 수 없는 열입니다" in reported[(1, "팩스")]
    assert "같은 이름의 열이 두 번 있습니다" in reported[(1, "센터명")]
    assert "필수 열이 없습니다" in reported[(1, "전화번호")]
    assert not Center.objects.exists()


def test_value_under_a_column_without_header_is_reported():
    rows = table([center_row()])
    rows[0].append("")
    rows[1].append("메모")

    error = only_error(spreadsheets.import_file("centers", upload("centers", rows, "xlsx")))

    assert (error.row, error.value) == (2, "메모")
    assert "열 이름이 없는 칸에 값이 있습니다" in error.reason


# --- Files refused as a whole --------------------------------------------------------------


def file_error(result):
    error = only_error(result)
    assert error.row is None
    return error.reason


def test_file_over_the_size_limit_is_refused(settings):
    settings.ANSHIM_IMPORT_MAX_BYTES = 1024
    data = csv_bytes(table([center_row(센터코드=f"C-{i}") for i in range(40)]))
    assert len(data) > 1024

    reason = file_error(spreadsheets.import_file("centers", SimpleUploadedFile("센터.csv", data)))

    assert "파일이 너무 큽니다" in reason and "1.0" in reason


def test_more_than_20000_rows_is_refused():
    rows = [["센터코드"], *([f"C-{i}"] for i in range(spreadsheets.MAX_ROWS + 1))]

    reason = file_error(spreadsheets.import_file("centers", SimpleUploadedFile("센터.csv", csv_bytes(rows))))

    assert "20,000행까지만" in reason


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("센터.pdf", b"%PDF-1.7 ...", "xlsx 또는 csv 파일만"),
        ("센터.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "예전 엑셀 형식(xls)"),
        ("센터.xlsx", "센터코드,센터명\n".encode(), "올바른 엑셀(xlsx) 파일이 아닙니다"),
        ("센터.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "암호가 걸린 파일"),
        ("센터.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "올바른 CSV 파일이 아닙니다"),
        ("센터.csv", b"", "빈 파일입니다"),
        ("센터.csv", "\ufeff센터코드,센터명\n".encode(), "가져올 행이 없습니다"),
    ],
)
def test_wrong_or_empty_files_are_refused(name, data, reason):
    assert reason in file_error(spreadsheets.import_file("centers", SimpleUploadedFile(name, data)))


def test_docx_renamed_to_xlsx_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    reason = file_error(spreadsheets.import_file("centers", SimpleUploadedFile("센터.xlsx", buffer.getvalue())))

    assert "올바른 엑셀(xlsx) 파일이 아닙니다" in reason


def test_workbook_without_the_kinds_sheet_is_refused():
    data = xlsx_bytes({"지원제도": table([policy_row()]), "메모": [["안녕"]]})

    reason = file_error(spreadsheets.import_file("centers", SimpleUploadedFile("목록.xlsx", data)))

    assert "'1인가구지원센터' 시트가 없습니다" in reason


# --- Export and round trip -----------------------------------------------------------------


def snapshot(model):
    skip = {"id", "created_at", "updated_at"}
    return sorted(
        (
            {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if f.attname not in skip}
            for obj in model.objects.all()
        ),
        key=lambda row: row["code"],
    )


def make_catalogue():
    center = CenterFactory(code="GWANAK-C", url="https://www.gwanak.go.kr", opening_hours="평일 09:00~18:00")
    PolicyFactory(code="CITY-001", title="=청년 월세지원", summary="-월 20만 원", min_age=19, max_age=39)
    policy = PolicyFactory(
        code="GWANAK-001",
        district_id="11620",
        sex=Sex.FEMALE,
        featured=True,
        apply_start=datetime.date(2025, 3, 1),
        apply_end=datetime.date(2025, 3, 31),
        url="https://www.gwanak.go.kr",
        target="여성 1인가구\n관악구 거주",
    )
    ProgramFactory(code="P-1", center=center, policy=policy, fee=12_500, enrolled=0, latitude=37.46474)
    ProgramFactory(code="P-2", kind=ProgramKind.EVENT, category=Category.HEALTH, is_published=False)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(("kind", "model"), [("policies", Policy), ("programs", Program), ("centers", Center)])
def test_export_reimports_unchanged(kind, model, fmt):
    make_catalogue()
    before = snapshot(model)
    data = spreadsheets.export(kind, fmt)

    same = spreadsheets.import_file(kind, data, fmt=fmt)
    assert same.ok, [e.describe() for e in same.errors]
    assert (same.created, same.updated, same.unchanged) == (0, 0, len(before))

    if model is not Center:  # programmes keep their centre; a centre cannot be deleted under them
        model.objects.all().delete()
        fresh = spreadsheets.import_file(kind, data, fmt=fmt)
        assert fresh.created == len(before)
        assert snapshot(model) == before


def test_export_writes_korean_labels_and_guards_formulas():
    make_catalogue()

    text = spreadsheets.export("policies", "csv").decode("utf-8")

    assert text.startswith("\ufeff정책코드,정책명,분야,자치구")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    city = next(r for r in rows if r[0] == "CITY-001")
    assert city[1:4] == ["'=청년 월세지원", "안전", "서울시"]
    gwanak = next(r for r in rows if r[0] == "GWANAK-001")
    assert gwanak[3] == "관악구" and "여성" in gwanak and "예" in gwanak

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheets.export("policies", "xlsx")))
    sheet = workbook["지원제도"]
    title_cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "CITY-001")
    assert title_cell.value == "=청년 월세지원" and title_cell.data_type == "s"


def test_export_of_a_selection_and_an_all_kinds_workbook():
    make_catalogue()

    selected = spreadsheets.export("programs", "csv", Program.objects.filter(code="P-2")).decode("utf-8-sig")
    assert [r[0] for r in csv.reader(io.StringIO(selected))] == ["프로그램코드", "P-2"]

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheets.export("all", "xlsx")))
    assert workbook.sheetnames == ["1인가구지원센터", "지원제도", "참여프로그램"]
    assert spreadsheets.import_file("all", spreadsheets.export("all", "xlsx"), fmt="xlsx").unchanged == 5


# --- Management commands -------------------------------------------------------------------


# The real command line closes database connections when it exits, so this test cannot run
# inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_import_command_prints_every_bad_row_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "센터.csv"
    path.write_bytes(csv_bytes(table([center_row(자치구="관악시"), center_row(센터코드="B", 전화번호="")])))

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_catalog", "--kind", "centers", str(path)])

    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "2행 자치구: 값 '관악시' — 서울의 자치구 이름이 아닙니다" in err
    assert "3행 전화번호: 값 없음 — 필수 항목입니다" in err
    assert "아무것도 저장하지 않았습니다" in err
    assert not Center.objects.exists()


def test_import_command_saves_a_good_file_and_dry_run_does_not(tmp_path):
    path = tmp_path / "센터.xlsx"
    path.write_bytes(xlsx_bytes({"1인가구지원센터": table([center_row()])}))
    out = io.StringIO()

    call_command("import_catalog", "--kind", "centers", str(path), "--dry-run", stdout=out)
    assert "검사만 했고 저장하지 않았습니다" in out.getvalue()
    assert not Center.objects.exists()

    call_command("import_catalog", "--kind", "centers", str(path), stdout=out)
    assert "1인가구지원센터 새로 등록 1건" in out.getvalue()
    assert Center.objects.get().code == "GWANAK-C"


def test_import_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="가져오지 못했습니다"):
        call_command("import_catalog", "--kind", "centers", str(tmp_path / "없는파일.csv"), stderr=io.StringIO())


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_command_writes_a_file_that_imports_back(tmp_path, fmt):
    make_catalogue()
    path = tmp_path / f"프로그램.{fmt}"
    out = io.StringIO()

    call_command("export_catalog", "--kind", "programs", "--format", fmt, "-o", str(path), stdout=out)

    assert "참여프로그램 2건" in out.getvalue()
    assert spreadsheets.import_file("programs", path).unchanged == 2


# --- The documented format matches the code ------------------------------------------------


def test_format_document_lists_every_sheet_and_column():
    text = DOCS.read_text(encoding="utf-8")
    for sheet in spreadsheets.SHEETS.values():
        assert f"## {sheet.title}" in text
        for column in sheet.columns:
            assert f"| {column.header} |" in text, column.header
