import io

import openpyxl
import pytest

from anshim.portal.tabular import FileRefused, open_workbook, read_csv, read_worksheet

LIMIT = 10 * 1024 * 1024


def test_cp949_csv_from_korean_excel_is_read():
    data = "정책코드,자치구\nSEOUL-1,관악구\n".encode("cp949")

    assert read_csv(data, max_rows=10) == [(1, ("정책코드", "자치구")), (2, ("SEOUL-1", "관악구"))]


def test_utf8_csv_with_bom_keeps_the_first_header_clean():
    data = "\ufeff센터코드,센터명\nC-1,관악구 1인가구지원센터\n".encode()

    rows = read_csv(data, max_rows=10)

    assert rows[0] == (1, ("센터코드", "센터명"))
    assert rows[1] == (2, ("C-1", "관악구 1인가구지원센터"))


def test_xlsx_uploaded_as_csv_is_refused():
    with pytest.raises(FileRefused, match="올바른 CSV 파일이 아닙니다"):
        read_csv(b"PK\x03\x04not really a table", max_rows=10)


def test_text_renamed_to_xlsx_is_refused():
    with (
        pytest.raises(FileRefused, match="올바른 엑셀\\(xlsx\\) 파일이 아닙니다"),
        open_workbook("정책코드,자치구\n".encode(), max_unpacked_bytes=LIMIT),
    ):
        pass


def test_old_xls_or_password_file_is_refused_with_its_own_reason():
    with (
        pytest.raises(FileRefused, match="예전 엑셀 형식\\(xls\\)이거나 암호가 걸린 파일"),
        open_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, max_unpacked_bytes=LIMIT),
    ):
        pass


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_workbook_that_inflates_past_the_cap_is_refused():
    data = _xlsx([["정책코드"], ["SEOUL-1"]])

    with (
        pytest.raises(FileRefused, match="올바른 엑셀\\(xlsx\\) 파일이 아닙니다"),
        open_workbook(data, max_unpacked_bytes=100),
    ):
        pass


def test_reading_stops_one_row_past_the_limit():
    data = _xlsx([["코드"], *([f"C-{i}"] for i in range(50))])

    with open_workbook(data, max_unpacked_bytes=LIMIT) as workbook:
        rows = read_worksheet(workbook.worksheets[0], max_rows=5)

    # Header, five rows, and one more to show the file is over the limit.
    assert [number for number, _values in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[-1] == (7, ("C-5",))


def test_blank_rows_do_not_count_towards_the_limit():
    data = "코드\n\n,\nA\n\nB\n".encode()

    rows = read_csv(data, max_rows=2)

    assert [values for _number, values in rows][-1] == ("B",)
    assert rows[-1][0] == 6
