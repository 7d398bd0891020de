"""The Korean back office: changelists, read-only reference data, attachments, import and export pages."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anshim.accounts.models import Role, StaffRole
from anshim.catalog import spreadsheets
from anshim.catalog.models import Policy, SearchDocument
from anshim.catalog.tests.factories import PolicyFactory
from anshim.catalog.tests.test_spreadsheets import center_row, csv_bytes, policy_row, table, xlsx_bytes
from anshim.content.models import Notice
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory
from anshim.programs.models import Center, Program
from anshim.programs.tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "catalog_policy",
    "catalog_searchdocument",
    "programs_program",
    "programs_center",
    "geo_district",
    "content_notice",
    "content_tip",
    "content_faq",
]


@pytest.fixture
def staff(django_user_model, client):
    """Log in a staff member holding only the given permissions (codenames)."""

    def login(*codenames):
        user = django_user_model.objects.create_user("official", "official@example.com", "pw-안심-2025", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        # A city-wide role (scope), but only the permissions this test names: not the role's group.
        StaffRole.objects.create(user=user, role=Role.CITY_OFFICIAL)
        user.groups.clear()
        client.force_login(user)
        return client

    return login


def policy_xlsx(rows, name="지원제도.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes({"지원제도": table(rows)}))


def import_url(model="catalog_policy"):
    return reverse(f"admin:{model}_import")


# --- Changelists and forms -----------------------------------------------------------------


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_opens_in_korean(admin_client, name):
    PolicyFactory()
    ProgramFactory()
    NoticeFactory()
    TipFactory()
    FaqFactory()

    response = admin_client.get(reverse(f"admin:{name}_changelist"))

    assert response.status_code == 200
    assert '<html lang="ko"' in response.content.decode()


def test_policy_changelist_columns_filters_and_spreadsheet_links(admin_client):
    PolicyFactory(title="청년 월세지원", district_id="11620", featured=True)

    page = admin_client.get(reverse("admin:catalog_policy_changelist")).content.decode()

    for text in ["청년 월세지원", "관악구", "분야", "제공", "주요 정책", "게시"]:
        assert text in page
    for heading in ["분야 (으)로", "제공 자치구 (으)로", "성별 (으)로", "주요 정책 (으)로"]:
        assert heading in page
    assert "일괄 가져오기" in page and import_url() in page
    assert "엑셀로 내보내기 (xlsx)" in page and "엑셀로 내보내기 (csv)" in page
    assert reverse("admin:catalog_policy_export", args=["csv"]) in page
    assert "선택한 지원제도 엑셀로 내보내기 (xlsx)" in page


def test_policy_search_finds_by_title(admin_client):
    PolicyFactory(title="청년 월세지원")
    # Not a name the admin's menu shows (병원 안심동행 is an app there), so only the search can show it.
    PolicyFactory(title="병원비 지원")

    page = admin_client.get(reverse("admin:catalog_policy_changelist"), {"q": "월세"}).content.decode()

    assert "청년 월세지원" in page and "병원비 지원" not in page


def test_program_changelist_shows_status_and_seats_left(admin_client):
    ProgramFactory(title="함께 밥상", capacity=20, enrolled=5)

    page = admin_client.get(reverse("admin:programs_program_changelist")).content.decode()

    assert "함께 밥상" in page and "모집중" in page and "15 / 20" in page
    assert '<nav class="toplinks">' in page  # date hierarchy by 모집 시작일
    assert "자치구 (으)로" in page and "유형 (으)로" in page and "분야 (으)로" in page


def test_policy_form_refuses_reversed_period_in_korean(admin_client):
    data = {
        "code": "P-1",
        "title": "청년 월세지원",
        "category": "HOUSING",
        "summary": "월세 지원",
        "target": "청년",
        "benefit": "월 20만 원",
        "how_to_apply": "온라인",
        "apply_start": "2025-03-31",
        "apply_end": "2025-03-01",
        "sex": "ALL",
        "is_published": "on",
    }

    response = admin_client.post(reverse("admin:catalog_policy_add"), data)

    assert response.status_code == 200
    assert "신청 마감일(2025-03-01)이 신청 시작일(2025-03-31)보다 빠릅니다." in response.content.decode()
    assert not Policy.objects.exists()


def test_center_form_refuses_coordinates_outside_its_district(admin_client):
    data = {
        "code": "C-1",
        "name": "관악구 1인가구지원센터",
        "district": "11620",
        "address": "서울특별시 관악구 관악로 145",
        "latitude": "37.4947",
        "longitude": "127.0642",
        "phone": "02-879-0000",
    }

    response = admin_client.post(reverse("admin:programs_center_add"), data)

    assert "좌표가 관악구가 아니라 강남구 안에 있습니다." in response.content.decode()
    assert not Center.objects.exists()


def test_districts_are_read_only_reference_data(admin_client):
    page = admin_client.get(reverse("admin:geo_district_changelist")).content.decode()
    assert "관악구" in page and reverse("admin:geo_district_add") not in page

    assert admin_client.get(reverse("admin:geo_district_add")).status_code == 403
    assert admin_client.get(reverse("admin:geo_district_delete", args=["11620"])).status_code == 403
    detail = admin_client.get(reverse("admin:geo_district_change", args=["11620"])).content.decode()
    assert 'name="_save"' not in detail
    response = admin_client.post(reverse("admin:geo_district_change", args=["11620"]), {"name": "바뀐구"})
    assert response.status_code == 403


def test_search_index_is_view_only(admin_client):
    document = SearchDocument.objects.create(kind="policy", object_id=1, title="청년 월세지원", url="/policies/1/")

    assert admin_client.get(reverse("admin:catalog_searchdocument_add")).status_code == 403
    detail = admin_client.get(reverse("admin:catalog_searchdocument_change", args=[document.pk])).content.decode()
    assert "청년 월세지원" in detail and 'name="_save"' not in detail
    assert admin_client.get(reverse("admin:catalog_searchdocument_delete", args=[document.pk])).status_code == 403


# --- Notice attachments: the model validators' Korean messages reach the form --------------


def notice_post(upload):
    return {
        "title": "2025년 1인가구 안심홈세트 신청 안내",
        "kind": Notice.Kind.NOTICE,
        "author": "1인가구특별대책추진단",
        "body": "신청 기간과 방법을 알려 드립니다.",
        "published_at_0": "2025-03-01",
        "published_at_1": "09:00:00",
        "is_published": "on",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "attachments-0-file": upload,
        "attachments-0-name": "신청서",
    }


def test_attachment_of_a_forbidden_type_is_refused_in_korean(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    response = admin_client.post(
        reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile("setup.exe", b"MZ\x90\x00"))
    )

    assert response.status_code == 400
    assert "허용되지 않는 파일 형식입니다." in response.content.decode()
    assert not Notice.objects.exists()


def test_oversized_attachment_is_refused_in_korean(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ANSHIM_ATTACHMENT_MAX_BYTES = 1024

    response = admin_client.post(
        reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile("신청서.pdf", b"%PDF" + b"0" * 2048))
    )

    page = response.content.decode()
    assert "첨부파일은" in page and "이하만 올릴 수 있습니다." in page
    assert not Notice.objects.exists()


def test_allowed_attachment_is_saved_and_the_limits_are_stated(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form_page = admin_client.get(reverse("admin:content_notice_add")).content.decode()
    assert "허용 형식: pdf, hwp" in form_page

    response = admin_client.post(
        reverse("admin:content_notice_add"), notice_post(SimpleUploadedFile("신청서.pdf", b"%PDF-1.7 test"))
    )

    assert response.status_code == 302
    assert Notice.objects.get().attachments.get().name == "신청서"


# --- Import page ---------------------------------------------------------------------------


def test_import_page_explains_the_columns(admin_client):
    page = admin_client.get(import_url()).content.decode()

    assert "지원제도 일괄 가져오기" in page
    assert "정책코드" in page and "목록 중 하나: 안전, 주거, 경제·일자리, 외로움, 질병" in page
    assert reverse("admin:catalog_policy_template") in page


def test_import_with_bad_rows_shows_the_error_table_and_saves_nothing(admin_client):
    rows = [
        policy_row(정책코드="A"),
        policy_row(정책코드="B", 분야="안정"),
        policy_row(정책코드="C", **{"최소 연령": "-1"}),
    ]

    response = admin_client.post(import_url(), {"file": policy_xlsx(rows)})

    assert response.status_code == 400
    page = response.content.decode()
    assert "잘못된 행이 2개(오류 2건) 있어 아무것도 저장하지 않았습니다." in page
    for cell in ['<th scope="col">행</th>', '<th scope="col">열</th>', '<th scope="col">값</th>', "사유"]:
        assert cell in page
    assert "<td>3</td>" in page and "<td>분야</td>" in page and "안정" in page
    assert "<td>4</td>" in page and "<td>최소 연령</td>" in page
    assert not Policy.objects.exists()


def test_good_import_redirects_with_counts(admin_client):
    PolicyFactory(code="A", title="예전 이름")
    rows = [policy_row(정책코드="A"), policy_row(정책코드="B")]

    response = admin_client.post(import_url(), {"file": policy_xlsx(rows)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:catalog_policy_changelist")
    page = response.content.decode()
    assert "가져오기를 마쳤습니다. 지원제도 새로 등록 1건, 수정 1건, 변경 없음 0건" in page
    assert Policy.objects.get(code="A").title == "여성1인가구 안심홈세트"


def test_dry_run_import_reports_and_saves_nothing(admin_client):
    response = admin_client.post(import_url(), {"file": policy_xlsx([policy_row()]), "dry_run": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == import_url()
    assert "검사만 했고 저장하지 않았습니다. 저장하면: 지원제도 새로 등록 1건" in response.content.decode()
    assert not Policy.objects.exists()


def test_centres_import_page_uses_its_own_sheet(admin_client):
    upload = SimpleUploadedFile("센터.csv", csv_bytes(table([center_row()])))

    response = admin_client.post(import_url("programs_center"), {"file": upload}, follow=True)

    assert "1인가구지원센터 새로 등록 1건" in response.content.decode()
    assert Center.objects.get().code == "GWANAK-C"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "가져올 파일을 골라 주세요."),
        (SimpleUploadedFile("사진.png", b"\x89PNG\r\n"), "xlsx 또는 csv 파일만 가져올 수 있습니다."),
        (SimpleUploadedFile("지원제도.xlsx", b"not a workbook"), "올바른 엑셀(xlsx) 파일이 아닙니다."),
        (SimpleUploadedFile("지원제도.csv", "\ufeff정책코드\n".encode()), "가져올 행이 없습니다."),
    ],
)
def test_refused_files_get_a_korean_message_and_400(admin_client, upload, message):
    response = admin_client.post(import_url(), {"file": upload} if upload else {})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_large_upload_is_refused(admin_client, settings):
    settings.ANSHIM_IMPORT_MAX_BYTES = 100
    response = admin_client.post(import_url(), {"file": policy_xlsx([policy_row()])})

    assert response.status_code == 400
    assert "파일이 너무 큽니다." in response.content.decode()


# --- Export --------------------------------------------------------------------------------


def test_export_link_downloads_everything_in_a_reimportable_file(admin_client):
    PolicyFactory.create_batch(3)

    response = admin_client.get(reverse("admin:catalog_policy_export", args=["xlsx"]))

    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.CONTENT_TYPES["xlsx"]
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    assert spreadsheets.import_file("policies", response.content, fmt="xlsx").unchanged == 3


def test_export_action_downloads_only_the_selection(admin_client):
    chosen = ProgramFactory(code="P-CHOSEN")
    ProgramFactory(code="P-OTHER")

    response = admin_client.post(
        reverse("admin:programs_program_changelist"),
        {"action": "export_selected_csv", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows] == ["프로그램코드", "P-CHOSEN"]


def test_blank_template_has_only_the_headers(admin_client):
    response = admin_client.get(reverse("admin:programs_center_template"))

    assert "_%EC%96%91%EC%8B%9D" in response["Content-Disposition"]  # "_양식" in the file name
    result = spreadsheets.import_file("centers", response.content, fmt="xlsx")
    assert "가져올 행이 없습니다" in result.errors[0].reason


def test_unknown_export_format_is_404(admin_client):
    assert admin_client.get(reverse("admin:catalog_policy_export", args=["pdf"])).status_code == 404


# --- Permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["catalog_policy", "programs_program", "programs_center"])
def test_staff_without_permissions_gets_403_on_import_and_export(staff, model):
    client = staff()

    assert client.get(reverse(f"admin:{model}_import")).status_code == 403
    assert client.post(reverse(f"admin:{model}_import"), {}).status_code == 403
    assert client.get(reverse(f"admin:{model}_export", args=["xlsx"])).status_code == 403
    assert client.get(reverse(f"admin:{model}_template")).status_code == 403


def test_view_permission_allows_export_but_not_import(staff):
    client = staff("view_policy")
    PolicyFactory()

    page = client.get(reverse("admin:catalog_policy_changelist")).content.decode()
    assert "엑셀로 내보내기 (xlsx)" in page and "일괄 가져오기" not in page
    assert client.get(reverse("admin:catalog_policy_export", args=["csv"])).status_code == 200
    assert client.get(import_url()).status_code == 403
    assert client.post(import_url(), {"file": policy_xlsx([policy_row()])}).status_code == 403
    assert Policy.objects.count() == 1


def test_add_without_change_permission_cannot_import(staff):
    client = staff("add_policy", "view_policy")

    assert client.get(import_url()).status_code == 403


def test_add_and_change_permission_may_import(staff):
    client = staff("add_center", "change_center")

    upload = SimpleUploadedFile("센터.csv", csv_bytes(table([center_row()])))
    response = client.post(import_url("programs_center"), {"file": upload})

    assert response.status_code == 302
    assert Program.objects.count() == 0 and Center.objects.count() == 1
