"""Importing uptake: good files save every row, a file with any bad row saves nothing and says why."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from anshim.catalog.tests.factories import PolicyFactory
from anshim.operations import services
from anshim.operations.models import Uptake, UptakeSource

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
HEADERS = ("정책코드", "자치구", "연도", "이용자수")


def xlsx_bytes(rows, headers=HEADERS, title="이용자 수"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig"):
    lines = [",".join(headers)] + [",".join(f'"{value}"' for value in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def policies(db):
    return PolicyFactory(code="P-SEOUL-001"), PolicyFactory(code="P-SEOUL-002")


def saved():
    return {
        (u.policy.code, u.district_id, u.year): (u.count, u.source) for u in Uptake.objects.select_related("policy")
    }


def test_a_good_xlsx_saves_every_row_and_a_second_upload_replaces_counts(policies):
    data = xlsx_bytes(
        [
            ("P-SEOUL-001", "관악구", 2025, 1204),
            ("P-SEOUL-001", "11110", 2025.0, "35명"),  # a code, a float year and "명" are what Excel hands over
            ("P-SEOUL-002", "서울시 마포구", "2024년", "1,000"),
            (None, None, None, None),  # blank rows are skipped
        ]
    )
    result = services.import_uptake(data=data, filename="이용자수.xlsx", today=TODAY)
    assert result.ok and (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert result.summary() == "이용자 수를 저장했습니다: 새로 등록 3건, 수정 0건, 변경 없음 0건."
    assert saved() == {
        ("P-SEOUL-001", "11620", 2025): (1204, UptakeSource.IMPORTED),
        ("P-SEOUL-001", "11110", 2025): (35, UptakeSource.IMPORTED),
        ("P-SEOUL-002", "11440", 2024): (1000, UptakeSource.IMPORTED),
    }

    again = xlsx_bytes([("P-SEOUL-001", "관악구", 2025, 1300), ("P-SEOUL-001", "종로구", 2025, 35)])
    result = services.import_uptake(data=again, filename="again.XLSX", today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert saved()[("P-SEOUL-001", "11620", 2025)] == (1300, UptakeSource.IMPORTED)
    assert Uptake.objects.count() == 3


def test_platform_counts_are_left_alone(policies):
    Uptake.objects.create(policy=policies[0], district_id="11620", year=2025, count=7, source=UptakeSource.PLATFORM)
    services.import_uptake(data=csv_bytes([("P-SEOUL-001", "관악구", "2025", "9")]), filename="a.csv", today=TODAY)
    assert sorted(Uptake.objects.values_list("source", "count")) == [("IMPORTED", 9), ("PLATFORM", 7)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp949"])
def test_csv_in_either_korean_excel_encoding(policies, encoding):
    # Columns in any order, and "이용자 수" with a space, are found by their header.
    data = csv_bytes(
        [("2023", "12", "P-SEOUL-002", "강남구")],
        headers=("연도", "이용자 수", "정책코드", "자치구"),
        encoding=encoding,
    )
    result = services.import_uptake(data=data, filename="a.csv", today=TODAY)
    assert result.ok
    assert saved() == {("P-SEOUL-002", "11680", 2023): (12, UptakeSource.IMPORTED)}


def test_every_bad_cell_is_reported_and_nothing_is_saved(policies):
    data = xlsx_bytes(
        [
            ("P-SEOUL-001", "관악구", 2025, 10),
            ("P-NONE", "관악시", 2031, -3),
            ("", "", "", ""),
            ("P-SEOUL-001", "", "이천이십", 1.5),
            ("P-SEOUL-001", "관악구", 2025, 11),
            ("P-SEOUL-002", "종로구", 1999, 2_000_000),
        ]
    )
    result = services.import_uptake(data=data, filename="bad.xlsx", today=TODAY)
    assert not result.ok
    found = [(e.row, e.column, e.value, e.reason) for e in result.errors]
    assert found == [
        (3, "정책코드", "P-NONE", "등록된 지원제도의 정책코드가 아닙니다."),
        (3, "자치구", "관악시", "서울의 자치구 이름이 아닙니다 (예: 관악구, 서초구)."),
        (3, "연도", "2031", "연도는 2000년부터 2025년까지입니다."),
        (3, "이용자수", "-3", "이용자 수는 0부터 1,000,000까지입니다."),
        (5, "자치구", "", "자치구 이름을 적어 주세요 (예: 관악구)."),
        (5, "연도", "이천이십", "연도는 네 자리 숫자여야 합니다 (예: 2025)."),
        (5, "이용자수", "1.5", "이용자 수는 0 이상의 정수여야 합니다."),
        (6, "자치구", "관악구", "같은 정책코드·자치구·연도가 2행에 이미 있습니다. 한 행으로 합쳐 주세요."),
        (7, "연도", "1999", "연도는 2000년부터 2025년까지입니다."),
        (7, "이용자수", "2000000", "이용자 수는 0부터 1,000,000까지입니다."),
    ]
    assert result.summary() == "잘못된 행이 4개(오류 10건) 있어 아무것도 저장하지 않았습니다."
    assert [e.describe() for e in result.errors][0] == "3행 정책코드 'P-NONE': 등록된 지원제도의 정책코드가 아닙니다."
    assert not Uptake.objects.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"hello", "counts.txt", "엑셀(xlsx) 또는 CSV 파일만 올릴 수 있습니다. 올린 파일: counts.txt"),
        (b"not a zip", "counts.xlsx", "올바른 엑셀(xlsx) 파일이 아닙니다."),
        (b"\xd0\xcf\x11\xe0rest", "counts.xlsx", "예전 엑셀 형식(xls)이거나 암호가 걸린 파일입니다."),
        (b"PK\x03\x04zip", "counts.csv", "올바른 CSV 파일이 아닙니다."),
        (b"", "counts.csv", "파일이 비어 있습니다."),
        ("정책코드,연도\r\nP-SEOUL-001,2025\r\n".encode(), "counts.csv", "필요한 열이 없습니다: 자치구, 이용자수."),
        ("정책코드,자치구,연도,이용자수\r\n".encode(), "counts.csv", "제목 행 아래에 이용자 수가 한 행도 없습니다."),
    ],
)
def test_unreadable_files_are_refused_in_korean(policies, data, filename, message):
    result = services.import_uptake(data=data, filename=filename, today=TODAY)
    assert not result.ok
    assert message in " ".join(e.reason for e in result.errors)
    assert result.summary() == "파일을 가져올 수 없어 아무것도 저장하지 않았습니다."
    assert not Uptake.objects.exists()


def test_command_imports_a_file(policies, tmp_path, capsys):
    path = tmp_path / "이용자수.csv"
    path.write_bytes(csv_bytes([("P-SEOUL-001", "관악구", "2025", "5")]))
    call_command("import_uptake", str(path))
    assert "새로 등록 1건" in capsys.readouterr().out
    assert Uptake.objects.get().count == 5


def test_command_lists_bad_rows_and_saves_nothing(policies, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([("P-SEOUL-001", "관악구", "2025", "5"), ("P-SEOUL-001", "부산", "2025", "5")]))
    with pytest.raises(CommandError, match="잘못된 행이 1개\\(오류 1건\\) 있어 아무것도 저장하지 않았습니다."):
        call_command("import_uptake", str(path))
    assert "3행 자치구 '부산': 서울의 자치구 이름이 아닙니다" in capsys.readouterr().err
    assert not Uptake.objects.exists()
    with pytest.raises(CommandError, match="파일을 찾을 수 없습니다"):
        call_command("import_uptake", str(tmp_path / "none.csv"))
