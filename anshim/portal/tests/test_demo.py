"""The demo data: what a visitor of a freshly seeded portal sees, and that it is reproducible."""

import datetime
import hashlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from anshim.catalog.choices import Category, Sex
from anshim.catalog.models import Policy
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.models import Faq, Notice, NoticeAttachment, Tip
from anshim.geo.boundaries import district_at
from anshim.geo.districts import DISTRICTS
from anshim.portal.demo import loader
from anshim.portal.demo.companion import delete_companion_demo
from anshim.portal.demo.doorguard import delete_doorguard_demo
from anshim.portal.demo.people import demo_users, release_demo_catalogue
from anshim.portal.management.commands import seed_demo
from anshim.programs.models import Center, Program, ProgramKind, ProgramStatus

ANCHOR = datetime.date(2026, 11, 25)
NAMED_CITY_POLICIES = (
    "청년 월세지원",
    "역세권 청년주택",
    "서울형 주택바우처",
    "1인가구 도어지킴이",
    "안심마을 보안관",
    "여성1인가구 안심홈세트",
    "병원 안심동행",
    "AI·IoT 어르신 건강관리",
    "찾아가는 동주민센터 방문건강관리",
    "서울형 기초보장제",
    "서울형 긴급복지",
    "사회적관계망 지원",
    "마음상담",
    "이웃살피미",
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reindex_calls(monkeypatch):
    """Rebuilding the search index analyses every text; here we only check that it is asked for."""
    calls = []
    monkeypatch.setattr(loader, "rebuild_search_index", lambda: calls.append(True))
    return calls


@pytest.fixture(autouse=True)
def service_demos(request, monkeypatch):
    """The 도어지킴이 and 병원 안심동행 demos walk hundreds of cases through their services and have
    their own tests (doorguard test_city_views, companion test_demo_data). Here they are counted as
    asked for, except in the tests marked ``real_service_demos``, which run the whole command."""
    calls = []
    if request.node.get_closest_marker("real_service_demos"):
        return calls
    from anshim.portal.demo.companion import CompanionDemoSummary
    from anshim.portal.demo.doorguard import DoorguardSummary

    def doorguard(**kwargs):
        calls.append("doorguard")
        return DoorguardSummary(round_id=0, applications=0, statuses={}, subscriptions=0, citizen_subscribed=False)

    def companion(**kwargs):
        calls.append("companion")
        return CompanionDemoSummary(companions=0, bookings=0, completed=0, open_today=0, cancelled=0)

    monkeypatch.setattr(seed_demo, "load_doorguard_demo", doorguard)
    monkeypatch.setattr(seed_demo, "load_companion_demo", companion)
    return calls


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def export() -> dict[str, list[tuple]]:
    """Every demo row as plain values, without keys or timestamps the database assigns."""

    def rows(queryset, *fields):
        return [tuple(values) for values in queryset.values_list(*fields)]

    program_fields = [
        f.name for f in Program._meta.fields if f.name not in {"id", "created_at", "updated_at", "center", "policy"}
    ]
    policy_fields = [f.name for f in Policy._meta.fields if f.name not in {"id", "created_at", "updated_at"}]
    center_fields = [f.name for f in Center._meta.fields if f.name not in {"id", "updated_at"}]
    attachments = []
    for attachment in NoticeAttachment.objects.select_related("notice").order_by("notice__title", "name"):
        with attachment.file.open("rb") as handle:
            attachments.append((attachment.notice.title, attachment.name, hashlib.sha256(handle.read()).hexdigest()))
    return {
        "centers": rows(Center.objects.order_by("code"), *center_fields),
        "policies": rows(Policy.objects.order_by("code"), *policy_fields),
        "programs": rows(Program.objects.order_by("code"), *program_fields, "center__code", "policy__code"),
        "tips": rows(Tip.objects.order_by("title"), "title", "theme", "summary", "body", "published_at"),
        "notices": rows(Notice.objects.order_by("title"), "title", "kind", "body", "author", "pinned", "published_at"),
        "attachments": attachments,
        "faqs": rows(Faq.objects.order_by("topic", "order"), "topic", "question", "answer", "order"),
    }


def wipe() -> None:
    delete_companion_demo()
    delete_doorguard_demo()
    release_demo_catalogue()
    demo_users().delete()
    for model in (Program, Policy, Center, Tip, NoticeAttachment, Notice, Faq):
        model.objects.all().delete()


def test_seed_fills_every_part_of_the_portal(reindex_calls, service_demos):
    output = seed("--anchor", "2026-11-25")

    assert "시연용 데이터를 넣었습니다" in output
    assert "참여프로그램" in output and "모집중" in output
    assert reindex_calls == [True]
    assert service_demos == ["doorguard", "companion"]

    assert Center.objects.count() == 25
    assert sorted(Center.objects.values_list("district_id", flat=True)) == sorted(d.code for d in DISTRICTS)
    for center in Center.objects.select_related("district"):
        assert center.name == f"{center.district.name} 1인가구지원센터"
        assert center.code == f"C-{center.district_id}"
        assert re.fullmatch(r"02-\d{3,4}-\d{4}", center.phone)
        assert center.address.startswith(f"서울특별시 {center.district.name} ")
        assert center.opening_hours

    policies = Policy.objects.all()
    assert policies.count() >= 80
    assert set(policies.values_list("category", flat=True)) == set(Category.values)
    assert policies.filter(district__isnull=False).values("district").distinct().count() >= 12
    city_titles = set(policies.filter(district__isnull=True).values_list("title", flat=True))
    assert set(NAMED_CITY_POLICIES) <= city_titles
    assert 6 <= policies.filter(featured=True).count() <= 10

    programs = Program.objects.all()
    assert programs.count() >= 600
    assert programs.values("district").distinct().count() == 25
    assert set(programs.values_list("kind", flat=True)) == set(ProgramKind.values)
    assert set(programs.values_list("category", flat=True)) == set(Category.values)

    assert Tip.objects.count() >= 30
    assert set(Tip.objects.values_list("theme", flat=True)) == set(Tip.Theme.values)
    assert Notice.objects.count() >= 12
    assert set(Notice.objects.values_list("kind", flat=True)) == set(Notice.Kind.values)
    assert Notice.objects.filter(pinned=True).exists()
    assert Faq.objects.count() >= 12
    assert set(Faq.objects.values_list("topic", flat=True)) == set(Faq.Topic.values)


def test_every_centre_and_programme_lies_inside_its_district():
    seed("--anchor", "2026-11-25")

    for center in Center.objects.all():
        assert district_at(center.latitude, center.longitude) == center.district_id, center.name
    for program in Program.objects.all():
        assert district_at(program.latitude, program.longitude) == program.district_id, program.code


def test_default_anchor_shows_upcoming_open_and_closed_programmes():
    seed()

    today = timezone.localdate()
    statuses = {program.status_on(today) for program in Program.objects.all()}
    assert statuses == set(ProgramStatus)


def test_programme_dates_and_seats_are_consistent():
    seed("--anchor", "2026-11-25")

    earliest = ANCHOR - datetime.timedelta(days=245)
    latest_start = ANCHOR + datetime.timedelta(days=123)
    programs = list(Program.objects.select_related("center", "policy"))
    for p in programs:
        assert earliest <= p.recruit_start <= p.recruit_end < p.starts_on <= p.ends_on, p.code
        assert p.starts_on <= latest_start, p.code
        assert 8 <= p.capacity <= 40 and 0 <= p.enrolled <= p.capacity, p.code
        assert re.fullmatch(rf"G-{p.district_id}-\d{{4}}", p.code)
        assert p.title and p.summary and p.description and p.target and p.place and p.schedule and p.contact
        assert p.address.startswith("서울특별시 ")
        if p.center_id:
            assert p.center.district_id == p.district_id
        if p.policy_id:
            assert p.policy.district_id in (None, p.district_id)
    assert sum(1 for p in programs if p.center_id) > len(programs) * 0.7
    assert any(p.enrolled == p.capacity for p in programs)
    assert sum(1 for p in programs if p.fee == 0) > len(programs) * 0.8
    linked = {p.policy.title for p in programs if p.policy_id}
    assert {"사회적관계망 지원", "마음상담"} <= linked
    mentoring = {p.district_id for p in programs if p.title.startswith("성별·세대별 상담 멘토링")}
    assert mentoring and mentoring <= {"11230", "11590", "11440"}


def test_named_policies_carry_the_published_figures():
    seed("--anchor", "2026-11-25")

    doorguard = Policy.objects.get(title="1인가구 도어지킴이")
    text = " ".join((doorguard.summary, doorguard.target, doorguard.benefit))
    assert "1인가구 안전" in doorguard.summary
    for figure in ("만 18세 이상", "9,900원", "8,900원", "3,000가구"):
        assert figure in text
    assert doorguard.min_age == 18 and doorguard.district is None and doorguard.featured

    companion = Policy.objects.get(title="병원 안심동행")
    assert "시간당 5,000원" in companion.benefit and "07~20시" in companion.benefit
    assert Policy.objects.get(title="여성1인가구 안심홈세트").sex == Sex.FEMALE
    rent = Policy.objects.get(title="청년 월세지원")
    assert (rent.min_age, rent.max_age) == (19, 39)
    assert Policy.objects.get(title="AI·IoT 어르신 건강관리").min_age == 65

    for policy in Policy.objects.all():
        for field in ("department", "summary", "target", "benefit", "how_to_apply", "where_to_apply", "contact", "url"):
            assert getattr(policy, field), (policy.code, field)
        expected = r"P-SEOUL-\d{3}" if policy.district_id is None else rf"P-{policy.district_id}-\d{{3}}"
        assert re.fullmatch(expected, policy.code)
        if policy.apply_start is None:
            assert policy.apply_end is None and policy.period_note == "상시"
        else:
            assert policy.apply_start <= policy.apply_end


def test_tips_notices_and_attachments_are_real_content(media_root):
    seed("--anchor", "2026-11-25")

    for tip in Tip.objects.all():
        assert 4 <= len(tip.body.split("\n\n")) <= 8, tip.title
        assert tip.summary and tip.published_at.date() <= ANCHOR
    assert Tip.objects.filter(title="전세 계약 전 꼭 확인할 것").exists()
    assert Tip.objects.filter(title="혼자 아플 때 도움 받는 곳").exists()

    attachments = list(NoticeAttachment.objects.all())
    assert {Path(a.file.name).suffix for a in attachments} == {".xlsx", ".pdf"}
    for attachment in attachments:
        path = Path(attachment.file.path)
        assert path.is_relative_to(media_root) and path.stat().st_size > 0
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
            # Every cross-reference entry must point at the object it names.
            xref = int(re.search(rb"startxref\n(\d+)", data).group(1))
            entries = re.findall(rb"(\d{10}) 00000 n ", data[xref:])
            for number, offset in enumerate(entries, start=1):
                assert data[int(offset) :].startswith(b"%d 0 obj" % number)
        else:
            sheet = openpyxl.load_workbook(path).active
            assert any(isinstance(c.value, str) and re.search("[가-힣]", c.value) for c in sheet[3])
    schedule = NoticeAttachment.objects.get(name="참여프로그램 일정표.xlsx")
    sheet = openpyxl.load_workbook(schedule.file.path).active
    codes = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert codes and Program.objects.filter(code__in=codes).count() == len(codes)


def test_same_anchor_gives_identical_rows_in_two_empty_databases():
    seed("--anchor", "2026-11-25")
    first = export()
    wipe()
    assert not Program.objects.exists()
    seed("--anchor", "2026-11-25")

    assert export() == first


def build_digest() -> str:
    """A fingerprint of everything the generators build (rows and attachment bytes), without a database."""
    from anshim.portal.demo.centers import build_centers
    from anshim.portal.demo.content import build_notices, build_tips
    from anshim.portal.demo.policies import build_policies
    from anshim.portal.demo.programs import build_programs

    centers, policies = build_centers(5), build_policies(5)
    programs = build_programs(5, ANCHOR, centers, policies)
    digest = hashlib.sha256(repr((centers, policies, programs, build_tips(5, ANCHOR))).encode())
    for notice in build_notices(5, ANCHOR, centers, programs):
        digest.update(repr((notice.title, notice.body, notice.published_at)).encode())
        for attachment in notice.attachments:
            digest.update(attachment.content)
    return digest.hexdigest()


def test_generated_rows_do_not_depend_on_the_process_hash_seed():
    """Another interpreter, with its own hash seed, builds the same rows: no set or dict order leaks in."""
    root = Path(django_settings.BASE_DIR)
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "anshim.tests_settings",
    }
    script = (
        "import django; django.setup(); from anshim.portal.tests.test_demo import build_digest; print(build_digest())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True, timeout=120
    )

    assert result.stdout.strip() == build_digest()


def test_another_anchor_moves_the_dates():
    seed("--anchor", "2026-11-25")
    first = {p.code: p.recruit_start for p in Program.objects.all()}
    wipe()
    seed("--anchor", "2027-03-01")

    shifted = {p.code: p.recruit_start for p in Program.objects.all()}
    assert shifted.keys() == first.keys()
    assert min(shifted.values()) > min(first.values())


def add_official_policy(**fields) -> None:
    # Inserted without save signals, so the test does not wait for the search analyser.
    Policy.objects.bulk_create([PolicyFactory.build(**fields)])


def test_refuses_a_database_that_already_has_policies(reindex_calls):
    add_official_policy(title="담당자가 등록한 제도")

    output = seed("--anchor", "2026-11-25")

    assert "이미 지원제도" in output and "--replace" in output
    assert list(Policy.objects.values_list("title", flat=True)) == ["담당자가 등록한 제도"]
    assert not Program.objects.exists() and not Center.objects.exists()
    assert reindex_calls == []


def test_replace_reloads_the_demo_and_keeps_what_officials_added(django_capture_on_commit_callbacks):
    seed("--anchor", "2026-11-25")
    before = export()
    old_files = [Path(a.file.path) for a in NoticeAttachment.objects.all()]
    add_official_policy(code="P-OFFICIAL-0001", title="담당자가 등록한 제도")

    with django_capture_on_commit_callbacks(execute=True):
        output = seed("--anchor", "2026-11-25", "--replace")

    assert "시연용 데이터를 넣었습니다" in output
    assert Policy.objects.filter(code="P-OFFICIAL-0001").exists()
    after = export()
    after["policies"] = [row for row in after["policies"] if row[0] != "P-OFFICIAL-0001"]
    assert after == before
    assert not any(path.exists() for path in old_files)
    assert all(Path(a.file.path).exists() for a in NoticeAttachment.objects.all())


@pytest.mark.parametrize("value", ["2026-13-01", "어제", "1999-12-31"])
def test_bad_anchor_is_refused_in_korean(value):
    with pytest.raises(CommandError, match="기준일"):
        seed("--anchor", value)
    assert not Policy.objects.exists()


@pytest.mark.real_service_demos
def test_seed_creates_an_account_for_every_role_and_citizens_who_signed_up(client):
    from anshim.accounts.models import Role, StaffRole, User
    from anshim.portal.demo.people import DEMO_PASSWORD, demo_email
    from anshim.programs.models import ACTIVE_STATUSES, Signup

    output = seed("--anchor", timezone.localdate().isoformat())

    assert DEMO_PASSWORD in output and demo_email("city") in output
    assert re.search(r"도어지킴이: 신청 [1-9]\d*건", output)
    assert re.search(r"병원 안심동행: 동행매니저 [1-9]\d*명", output)
    assert set(StaffRole.objects.filter(user__in=demo_users()).values_list("role", flat=True)) == set(Role.values)
    citizen = User.objects.get(email=demo_email("citizen"))
    assert citizen.profile.facts["district"] == "11680"
    assert Signup.objects.filter(user=citizen, status__in=ACTIVE_STATUSES).exists()
    response = client.post("/accounts/login/", {"login": demo_email("gangnam"), "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    # Replacing the catalogue keeps one set of demo people and signs the citizens up again.
    seed("--anchor", timezone.localdate().isoformat(), "--replace")
    assert demo_users().count() == len(set(demo_users().values_list("username", flat=True)))
    assert Signup.objects.filter(user=citizen, status__in=ACTIVE_STATUSES).exists()
