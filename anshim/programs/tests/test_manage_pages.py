"""Centre staff pages: who sees which programme, masked lists, logged unmasking and export, attendance."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from anshim.accounts.models import PersonalDataAccess
from anshim.accounts.tests.factories import UserFactory
from anshim.programs.models import Signup, SignupStatus
from anshim.programs.tests.factories import CenterFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_up(program, sign_up):
    first = sign_up(program, name="홍길동", phone="010-1234-5678")
    second = sign_up(program, name="김영희", phone="010-2222-3333")
    waiting = sign_up(program, name="남궁민수", phone="010-4444-5555")
    return first, second, waiting


@pytest.fixture
def mapo_program(db):
    return ProgramFactory(
        title="마포 호신술",
        district_id="11440",
        center=CenterFactory(district_id="11440"),
        latitude=37.5663,
        longitude=126.9019,
        address="서울특별시 마포구 월드컵로 212",
    )


def as_user(client, user):
    client.force_login(user)
    return client


LIST_ACCESS = {
    "city": 200,
    "district_same": 200,
    "district_other": 200,
    "center_same": 200,
    "center_other": 200,
    "partner": 403,
    "citizen": 403,
}
# The Gwanak programme: in scope for the city, Gwanak's officials and the centre that runs it.
PROGRAM_ACCESS = {
    "city": 200,
    "district_same": 200,
    "district_other": 404,
    "center_same": 200,
    "center_other": 404,
    "partner": 403,
    "citizen": 403,
}


@pytest.mark.parametrize(("who", "status"), LIST_ACCESS.items())
def test_programme_list_by_role(client, people, program, mapo_program, who, status):
    response = as_user(client, people[who]).get(reverse("programs:manage-list"))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        sees_gwanak = PROGRAM_ACCESS[who] == 200
        assert ("집밥 쿠킹클래스" in html) == sees_gwanak
        # 마포 호신술 is run by a third centre, so the other centre's staff see neither programme.
        assert ("마포 호신술" in html) == (who in ("city", "district_other"))
        if who == "center_other":
            assert "담당 범위에 참여프로그램이 없습니다" in html


@pytest.mark.parametrize(("who", "status"), PROGRAM_ACCESS.items())
def test_programme_page_by_role(client, people, program, signed_up, who, status):
    response = as_user(client, people[who]).get(reverse("programs:manage-program", args=[program.pk]))
    assert response.status_code == status
    if status == 404:
        assert "홍*동" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, program):
    for url in (reverse("programs:manage-list"), reverse("programs:manage-program", args=[program.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(reverse("programs:manage-reveal", args=[program.pk]), {"reveal-reason": "확인"})
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.exists()


def test_list_is_masked_and_waiting_list_in_order(client, people, program, signed_up):
    html = as_user(client, people["center_same"]).get(reverse("programs:manage-program", args=[program.pk])).content
    html = html.decode()
    assert "홍*동" in html and "010-****-5678" in html and "남**수" in html
    assert "홍길동" not in html and "010-1234-5678" not in html
    assert "확정 2명 / 정원 2명 · 대기 1명" in html
    assert html.index("김*희") < html.index("남**수")


def test_reveal_needs_a_reason_and_logs_each_person(client, people, program, signed_up):
    staff = people["district_same"]
    url = reverse("programs:manage-reveal", args=[program.pk])
    refused = as_user(client, staff).post(url, {"reveal-reason": "  "})
    assert refused.status_code == 400
    assert "사유를 입력해 주세요" in refused.content.decode()
    assert not PersonalDataAccess.objects.exists()

    response = client.post(url, {"reveal-reason": "일정 변경 전화 안내"})
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "홍길동" in html and "010-1234-5678" in html and "남궁민수" in html
    logs = PersonalDataAccess.objects.filter(actor=staff)
    assert logs.count() == 3
    assert {log.subject for log in logs} == {s.user for s in signed_up}
    assert all(log.reason == "일정 변경 전화 안내" and "집밥 쿠킹클래스" in log.what for log in logs)


def test_reveal_of_another_districts_programme_is_404_and_not_logged(client, people, program, signed_up):
    response = as_user(client, people["district_other"]).post(
        reverse("programs:manage-reveal", args=[program.pk]), {"reveal-reason": "확인"}
    )
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_export_needs_a_reason(client, people, program, signed_up):
    response = as_user(client, people["center_same"]).post(
        reverse("programs:manage-export", args=[program.pk]), {"export-reason": ""}
    )
    assert response.status_code == 400
    assert "사유를 입력해 주세요" in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_export_is_a_korean_spreadsheet_and_logged(client, people, program, signed_up, sign_up):
    cancelled = sign_up(program, name="취소자")
    from anshim.programs import services

    services.cancel(signup=cancelled, actor=cancelled.user)
    staff = people["center_same"]
    response = as_user(client, staff).post(
        reverse("programs:manage-export", args=[program.pk]), {"export-reason": "참석자 명단 출력"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("순번", "이름", "휴대전화", "상태", "대기 순번", "신청일시", "출석 기록일시")
    assert [row[1:5] for row in rows[1:]] == [
        ("홍길동", "010-1234-5678", "신청 확정", None),
        ("김영희", "010-2222-3333", "신청 확정", None),
        ("남궁민수", "010-4444-5555", "대기", 1),
    ]
    logs = PersonalDataAccess.objects.filter(actor=staff)
    assert logs.count() == 3
    assert all("엑셀" in log.what and log.reason == "참석자 명단 출력" for log in logs)


def test_staff_cancel_with_reason_promotes_the_waiting(client, people, program, signed_up):
    first, _second, waiting = signed_up
    url = reverse("programs:manage-cancel", args=[program.pk, first.pk])
    client = as_user(client, people["center_same"])
    refused = client.post(url, {f"cancel-{first.pk}-reason": ""})
    assert refused.status_code == 400 and "사유를 입력해 주세요" in refused.content.decode()
    response = client.post(url, {f"cancel-{first.pk}-reason": "중복 신청 정리"}, follow=True)
    assert "신청을 취소했습니다: 홍*동" in response.content.decode()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == SignupStatus.CANCELLED and waiting.status == SignupStatus.CONFIRMED
    assert first.events.last().reason == "중복 신청 정리"


def test_a_sign_up_of_another_programme_is_404(client, people, program, mapo_program, sign_up):
    elsewhere = sign_up(mapo_program)
    response = as_user(client, people["center_same"]).post(
        reverse("programs:manage-cancel", args=[program.pk, elsewhere.pk]), {f"cancel-{elsewhere.pk}-reason": "x"}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == SignupStatus.CONFIRMED


@pytest.fixture
def started(center, today):
    return ProgramFactory(title="오늘 시작", enrolled=0, center=center, starts_on=today, recruit_end=today)


def test_attendance_buttons_and_marking(client, people, started, sign_up):
    signup = sign_up(started, name="박출석")
    client = as_user(client, people["center_same"])
    page = client.get(reverse("programs:manage-program", args=[started.pk])).content.decode()
    assert reverse("programs:manage-attendance", args=[started.pk, signup.pk]) in page
    response = client.post(reverse("programs:manage-attendance", args=[started.pk, signup.pk]), {"attended": "1"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignupStatus.ATTENDED
    bad = client.post(reverse("programs:manage-attendance", args=[started.pk, signup.pk]), {"attended": "maybe"})
    assert bad.status_code == 400 and "참석 또는 불참을 선택해 주세요" in bad.content.decode()


def test_attendance_before_the_start_day_is_a_korean_400(client, people, program, signed_up):
    first = signed_up[0]
    client = as_user(client, people["center_same"])
    page = client.get(reverse("programs:manage-program", args=[program.pk])).content.decode()
    assert reverse("programs:manage-attendance", args=[program.pk, first.pk]) not in page
    response = client.post(reverse("programs:manage-attendance", args=[program.pk, first.pk]), {"attended": "1"})
    assert response.status_code == 400 and "시작일" in response.content.decode()


def test_district_official_sees_but_may_not_mark_attendance(client, people, started, sign_up):
    signup = sign_up(started)
    client = as_user(client, people["district_same"])
    page = client.get(reverse("programs:manage-program", args=[started.pk])).content.decode()
    assert reverse("programs:manage-attendance", args=[started.pk, signup.pk]) not in page
    response = client.post(reverse("programs:manage-attendance", args=[started.pk, signup.pk]), {"attended": "1"})
    assert response.status_code == 403
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED


def test_manage_posts_are_post_only(client, people, program):
    client = as_user(client, people["city"])
    assert client.get(reverse("programs:manage-export", args=[program.pk])).status_code == 405


def test_signup_admin_is_masked_read_only_and_scoped(client, people, program, mapo_program, sign_up):
    from django.contrib.auth.models import Permission

    mine = sign_up(program, name="홍길동", phone="010-1234-5678")
    theirs = sign_up(mapo_program, name="이마포")
    staff = people["center_same"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_signup"))
    client.force_login(staff)
    response = client.get(reverse("admin:programs_signup_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "홍*동" in html and "010-****-5678" in html and "홍길동" not in html
    assert "이*포" not in html
    assert client.get(reverse("admin:programs_signup_change", args=[mine.pk])).status_code == 200
    assert client.get(reverse("admin:programs_signup_change", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("admin:programs_signup_add")).status_code == 403
    assert Signup.objects.count() == 2
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert "이*포" in client.get(reverse("admin:programs_signup_changelist")).content.decode()
