"""The 사각지대 pages over HTTP: who may do what, the table, the district view, export, recompute, upload."""

import html
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse

from anshim.catalog.tests.factories import PolicyFactory
from anshim.geo.districts import DISTRICTS
from anshim.operations import selectors
from anshim.operations.models import GapRun, Uptake, UptakeSource
from anshim.operations.tests.test_uptake_import import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GAP = reverse("operations:gap")
DISTRICTS_URL = reverse("operations:gap-districts")
EXPORT = reverse("operations:gap-export")
RECOMPUTE = reverse("operations:gap-recompute")
UPLOAD = reverse("operations:uptake-upload")
TEMPLATE = reverse("operations:uptake-template")
LOGIN = reverse("admin:login")


@pytest.fixture(autouse=True)
def _small_population(settings):
    settings.ANSHIM_GAP_POPULATION_SIZE = 2_000


def call(client, action):
    if action == "recompute":
        return client.post(RECOMPUTE)
    return client.get({"gap": GAP, "districts": DISTRICTS_URL, "export": EXPORT, "upload": UPLOAD}[action])


ACTIONS = ("gap", "districts", "export", "recompute", "upload")


@pytest.mark.parametrize("action", ACTIONS)
def test_signed_out_goes_to_the_back_office_login(client, small_run, action):
    response = call(client, action)
    assert response.status_code == 302
    back = (
        GAP
        if action == "recompute"
        else {"gap": GAP, "districts": DISTRICTS_URL, "export": EXPORT, "upload": UPLOAD}[action]
    )
    assert response.url == f"{LOGIN}?next={back}"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("staff_without_permissions", set()),
        ("not_staff_with_permissions", set()),
        ("staff_view_only", {"gap", "districts", "export"}),
        ("superuser", set(ACTIONS)),
    ],
)
def test_permission_matrix(client, small_run, make_staff, superuser, django_user_model, who, allowed):
    if who == "superuser":
        user = superuser
    elif who == "staff_view_only":
        user = make_staff("viewer", "view_gapcount")
    elif who == "not_staff_with_permissions":
        user = make_staff("outsider", "view_gapcount", "add_gaprun", "add_uptake")
        user.is_staff = False
        user.save()
    else:
        user = make_staff("clerk")
    client.force_login(user)
    for action in ACTIONS:
        response = call(client, action)
        if action in allowed:
            expected = 302 if action == "recompute" else 200
            assert response.status_code == expected, action
        else:
            assert response.status_code == 403, action
            assert "이 페이지를 볼 권한이 없습니다" in response.content.decode()


def test_recompute_needs_only_its_own_permission(client, small_run, make_staff):
    client.force_login(make_staff("analyst", "view_gapcount", "add_gaprun"))
    assert client.post(RECOMPUTE).status_code == 302
    assert client.get(UPLOAD).status_code == 403
    client.force_login(make_staff("loader", "add_uptake"))
    assert client.get(UPLOAD).status_code == 200
    assert client.get(GAP).status_code == 403


def text(response) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_gap_table_shows_each_policy_with_eligible_uptake_gap_and_rate(
    client, superuser, small_run, youth_rent, doorguard
):
    Uptake.objects.create(policy=youth_rent, district_id="11620", year=2025, count=100, source=UptakeSource.IMPORTED)
    client.force_login(superuser)
    response = client.get(GAP)
    assert response.status_code == 200
    table = selectors.gap_table(small_run)
    rent = table.figures(youth_rent.pk)
    door = table.figures(doorguard.pk)
    assert rent.uptake == 100 and door.gap > rent.gap
    page = text(response)
    assert "기준일 2025-06-01" in page and "가상 1인가구 20,000가구" in page
    assert "정책별 사각지대 (서울시 전체, 이용자 수 2025년)" in page
    assert (
        f"청년 월세지원 규칙 v3 주거 서울시 {rent.eligible:,} {rent.unknown:,} 100 {rent.gap:,} {rent.rate * 100:.1f}%"
        in page
    )
    # Largest gap first by default: 도어지킴이 (everyone 18+ living alone) before 청년 월세지원.
    assert page.index("1인가구 안전 도어지킴이") < page.index("청년 월세지원 규칙")
    assert "지금 다시 계산" in page and "엑셀로 내보내기" in page


def test_gap_table_for_one_district_and_category_in_the_url(client, superuser, small_run, youth_rent):
    client.force_login(superuser)
    response = client.get(GAP, {"district": "11620", "category": "HOUSING", "sort": "title"})
    page = text(response)
    gwanak = selectors.gap_table(small_run).figures(youth_rent.pk, "11620")
    assert "관악구 · 정책 1개" in page
    assert f"청년 월세지원 규칙 v3 주거 서울시 {gwanak.eligible:,}" in page
    assert "1인가구 안전 도어지킴이" not in page  # a 안전 policy, filtered out (the menu still says 도어지킴이)
    assert (
        'href="/operations/gap/export.xlsx?district=11620&amp;category=HOUSING&amp;sort=title"'
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"district": "부산"}, "알 수 없는 자치구입니다: '부산'"),
        ({"category": "X"}, "알 수 없는 분야입니다: 'X'"),
        ({"sort": "price"}, "정렬 기준을 알 수 없습니다: 'price'"),
    ],
)
@pytest.mark.parametrize("url", [GAP, EXPORT])
def test_bad_filters_are_a_korean_400(client, superuser, small_run, params, message, url):
    client.force_login(superuser)
    response = client.get(url, params)
    assert response.status_code == 400
    assert f"검색 조건을 확인해 주세요. {message}" in text(response)
    assert response["Content-Type"].startswith("text/html")


def test_without_a_run_the_pages_say_so(client, superuser, youth_rent):
    client.force_login(superuser)
    assert "아직 계산한 결과가 없습니다. ‘지금 다시 계산’을 누르면" in text(client.get(GAP))
    assert "아직 계산한 결과가 없습니다." in text(client.get(DISTRICTS_URL))
    response = client.get(EXPORT)
    assert response.status_code == 400
    assert "아직 계산한 결과가 없어 내보낼 것이 없습니다." in response.content.decode()


def read_workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_export_is_the_table_with_a_sheet_per_district(client, superuser, small_run, youth_rent, doorguard):
    Uptake.objects.create(policy=youth_rent, district_id="11110", year=2025, count=3, source=UptakeSource.IMPORTED)
    client.force_login(superuser)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "filename*=utf-8''%EC%82%AC%EA%B0%81%EC%A7%80%EB%8C%80_2025-06-01.xlsx" in response["Content-Disposition"]
    workbook = read_workbook(response)
    assert workbook.sheetnames == ["정책별 사각지대", *[d.name for d in DISTRICTS], "계산 정보"]
    main = list(workbook["정책별 사각지대"].iter_rows(values_only=True))
    assert main[0] == (
        "정책코드", "정책명", "분야", "제공", "규칙 버전", "대상자 수", "추가 확인 필요", "이용자 수", "사각지대", "사각지대 비율",
    )  # fmt: skip
    table = selectors.gap_table(small_run)
    rent = table.figures(youth_rent.pk)
    assert ("P-SEOUL-001", "청년 월세지원", "주거", "서울시", 3, rent.eligible, rent.unknown, 3, rent.gap) == main[2][
        :9
    ]
    assert main[2][9] == pytest.approx(rent.rate)
    assert main[1][0] == "P-SEOUL-002"  # the page's order: largest gap first
    jongno = list(workbook["종로구"].iter_rows(values_only=True))
    one = table.figures(youth_rent.pk, "11110")
    assert jongno[0][:4] == ("정책코드", "정책명", "분야", "대상자 수")
    assert ("P-SEOUL-001", "청년 월세지원", "주거", one.eligible, one.unknown, 3, one.gap) in [r[:7] for r in jongno]
    about = dict(workbook["계산 정보"].iter_rows(min_row=2, values_only=True))
    assert (about["기준일"], about["가상 인구(1인가구)"], about["난수 시드"], about["이용자 수 연도"]) == (
        "2025-06-01",
        20_000,
        7,
        2025,
    )


def test_export_of_one_district_has_that_district_only(client, superuser, small_run, youth_rent):
    client.force_login(superuser)
    response = client.get(EXPORT, {"district": "11620", "category": "HOUSING"})
    workbook = read_workbook(response)
    assert workbook.sheetnames == ["정책별 사각지대", "관악구", "계산 정보"]
    assert [r[0] for r in workbook["정책별 사각지대"].iter_rows(min_row=2, values_only=True)] == ["P-SEOUL-001"]
    assert "%EA%B4%80%EC%95%85%EA%B5%AC.xlsx" in response["Content-Disposition"]  # …_관악구.xlsx


def test_export_keeps_formula_like_titles_as_text(client, superuser, small_run, youth_rent):
    youth_rent.title = '=HYPERLINK("http://example.com")'
    youth_rent.save()
    client.force_login(superuser)
    sheet = read_workbook(client.get(EXPORT))["정책별 사각지대"]
    cell = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "P-SEOUL-001")
    assert cell.data_type == "s" and cell.value == youth_rent.title


def test_district_view_shows_the_largest_gap_policy_and_every_district(
    client, superuser, small_run, youth_rent, doorguard
):
    client.force_login(superuser)
    response = client.get(DISTRICTS_URL)
    assert response.status_code == 200
    page = text(response)
    assert "선택한 정책: 1인가구 안전 도어지킴이 (안전)" in page
    table = selectors.gap_table(small_run)
    gwanak = table.figures(doorguard.pk, "11620")
    assert f"관악구 {gwanak.eligible:,} 0 {gwanak.gap:,} 100.0%" in page
    config = json.loads(
        re.search(r'<script id="gap-config" type="application/json">(.*?)</script>', response.content.decode()).group(1)
    )
    assert config["selected"] == doorguard.pk
    assert [d["name"] for d in config["districts"]] == [d.name for d in DISTRICTS]
    assert config["policies"][str(youth_rent.pk)]["figures"][0][0] == table.figures(youth_rent.pk, "11110").eligible
    assert config["urls"]["geojson"] == "/api/districts/geojson"
    # No inline script: every script tag loads a file, except the json_script data block.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", response.content.decode()) == []

    chosen = client.get(DISTRICTS_URL, {"policy": youth_rent.pk})
    assert "선택한 정책: 청년 월세지원 (주거)" in text(chosen)


@pytest.mark.parametrize("value", ["abc", "0", "99999999"])
def test_district_view_refuses_an_unknown_policy(client, superuser, small_run, value):
    client.force_login(superuser)
    response = client.get(DISTRICTS_URL, {"policy": value})
    assert response.status_code == 400
    assert f"정책을 확인해 주세요. 최근 계산에 없는 정책입니다: '{value}'" in text(response)


def test_recompute_stores_a_new_run_and_says_so(client, superuser, small_run):
    client.force_login(superuser)
    response = client.post(RECOMPUTE, {"next": f"{GAP}?category=SAFETY"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{GAP}?category=SAFETY"
    page = text(response)
    assert "사각지대를 계산했습니다: 정책 2개 × 가상 1인가구 2,000가구" in page
    run = selectors.latest_run()
    assert run != small_run and run.created_by == superuser and run.population_size == 2_000
    assert "가상 1인가구 2,000가구" in page


def test_recompute_ignores_an_outside_next_and_explains_when_there_is_nothing_to_compute(client, superuser):
    client.force_login(superuser)
    response = client.post(RECOMPUTE, {"next": "https://evil.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == GAP
    assert "게시된 자격 규칙이 없어 계산할 정책이 없습니다" in text(response)
    assert not GapRun.objects.exists()
    assert client.get(RECOMPUTE).status_code == 405


def test_upload_saves_a_good_file_and_shows_what_is_on_file(client, superuser, youth_rent):
    client.force_login(superuser)
    upload = io.BytesIO(xlsx_bytes([("P-SEOUL-001", "관악구", 2025, 40), ("P-SEOUL-001", "종로구", 2024, 2)]))
    upload.name = "이용자수.xlsx"
    response = client.post(UPLOAD, {"file": upload}, follow=True)
    assert response.redirect_chain == [(UPLOAD, 302)]
    page = text(response)
    assert "이용자 수를 저장했습니다: 새로 등록 2건, 수정 0건, 변경 없음 0건." in page
    assert "2025 1 40 0" in page and "2024 1 2 0" in page
    assert Uptake.objects.count() == 2


def test_upload_with_bad_rows_lists_them_and_saves_nothing(client, superuser, youth_rent):
    client.force_login(superuser)
    upload = io.BytesIO(csv_bytes([("P-SEOUL-001", "관악구", "2025", "40"), ("P-SEOUL-009", "관악구", "2025", "x")]))
    upload.name = "bad.csv"
    response = client.post(UPLOAD, {"file": upload})
    assert response.status_code == 400
    page = text(response)
    assert "잘못된 행이 1개(오류 2건) 있어 아무것도 저장하지 않았습니다." in page
    assert "가져오지 못한 이유 행 열 값 사유 3 정책코드 P-SEOUL-009 등록된 지원제도의 정책코드가 아닙니다." in page
    assert "3 이용자수 x 이용자 수는 0 이상의 정수여야 합니다." in page
    assert not Uptake.objects.exists()


def test_upload_refuses_other_types_big_files_and_no_file(client, superuser, youth_rent, settings):
    client.force_login(superuser)
    other = io.BytesIO(b"%PDF-1.4")
    other.name = "counts.pdf"
    response = client.post(UPLOAD, {"file": other})
    assert response.status_code == 400
    assert "엑셀(xlsx) 또는 CSV 파일만 올릴 수 있습니다. 올린 파일: counts.pdf" in text(response)

    settings.ANSHIM_IMPORT_MAX_BYTES = 100
    big = io.BytesIO(b"x" * 101)
    big.name = "big.csv"
    response = client.post(UPLOAD, {"file": big})
    assert response.status_code == 400
    assert "파일이 너무 큽니다(101 바이트). 100 바이트 이하로 나누어 올려 주세요." in text(response)

    response = client.post(UPLOAD, {})
    assert response.status_code == 400
    assert "올릴 파일을 고르세요." in text(response)

    fake = io.BytesIO(b"not really excel")
    fake.name = "counts.xlsx"
    response = client.post(UPLOAD, {"file": fake})
    assert response.status_code == 400
    assert "올바른 엑셀(xlsx) 파일이 아닙니다." in text(response)
    assert not Uptake.objects.exists()


def test_upload_template_has_the_four_korean_headers(client, superuser):
    client.force_login(superuser)
    response = client.get(TEMPLATE)
    sheet = read_workbook(response).active
    assert [c.value for c in sheet[1]] == ["정책코드", "자치구", "연도", "이용자수"]
    assert sheet.max_row == 1


def test_policy_titles_are_escaped(client, superuser, small_run, youth_rent):
    youth_rent.title = "<img src=x onerror=alert(1)>"
    youth_rent.save()
    client.force_login(superuser)
    assert "<img src=x" not in client.get(GAP).content.decode()
    assert "<img src=x" not in client.get(DISTRICTS_URL).content.decode().split('id="gap-config"')[0]
    PolicyFactory()  # a policy outside the run does not appear
    assert len(client.get(GAP).context["rows"]) == 2


def test_sort_is_in_the_url_and_headers_flip_it(client, superuser, small_run, youth_rent, doorguard):
    client.force_login(superuser)
    response = client.get(GAP, {"sort": "gap"})
    content = response.content.decode()
    page = text(response)
    assert page.index("청년 월세지원 규칙") < page.index("1인가구 안전 도어지킴이")  # smallest gap first
    assert '<option value="gap" selected>사각지대 작은 순</option>' in content
    assert '<th scope="col" class="num" aria-sort="ascending"><a href="?">사각지대</a></th>' in content
    assert '<a href="?sort=-rate">사각지대 비율</a>' in content
    assert '<a href="?sort=title">정책명</a>' in content
