"""``manage.py seed_demo``: fill an empty installation with the Korean demo data.

The anchor date (default: today in Seoul) decides which programmes are recruiting;
the same anchor and seed always give the same rows.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from django.utils import timezone

from anshim.doorguard.models import ApplicationStatus
from anshim.portal.demo.companion import delete_companion_demo, load_companion_demo
from anshim.portal.demo.doorguard import delete_doorguard_demo, load_doorguard_demo
from anshim.portal.demo.loader import DEFAULT_SEED, DemoDataExists, has_catalogue_data, load_demo
from anshim.portal.demo.people import DEMO_PASSWORD, STAFF, demo_email, load_people


def parse_anchor(value: str | None) -> datetime.date:
    if value is None:
        return timezone.localdate()
    try:
        anchor = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"기준일은 YYYY-MM-DD 형식으로 입력해 주세요 (입력값: {value}).") from None
    if not 2000 <= anchor.year <= 2099:
        raise CommandError("기준일은 2000년부터 2099년 사이의 날짜여야 합니다.")
    return anchor


class Command(BaseCommand):
    help = "빈 데이터베이스에 시연용 데이터(지원센터, 지원제도, 참여프로그램, 알쓸1잡, 알림마당, FAQ)를 넣습니다."

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor", help="기준일(YYYY-MM-DD). 모집 상태가 이 날짜를 기준으로 정해집니다. 기본값은 오늘."
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"난수 시드(기본값 {DEFAULT_SEED}).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="이전에 넣은 시연용 데이터를 지우고 다시 넣습니다. 담당자가 직접 등록한 데이터는 남깁니다.",
        )

    def handle(self, *args, **options):
        anchor = parse_anchor(options["anchor"])
        if options["replace"] and has_catalogue_data():
            # The services' demo rows go first: they point at demo people and the demo catalogue.
            delete_companion_demo()
            delete_doorguard_demo()
        try:
            summary = load_demo(anchor=anchor, seed=options["seed"], replace=options["replace"])
        except DemoDataExists:
            self.stdout.write(
                "이미 지원제도, 참여프로그램 또는 지원센터가 있어 시연용 데이터를 넣지 않았습니다. "
                "이전 시연용 데이터를 바꾸려면 --replace 옵션을 붙여 다시 실행하세요."
            )
            return
        except ProtectedError:
            raise CommandError(
                "시연용 데이터를 참조하는 신청 등 다른 데이터가 있어 교체할 수 없습니다. 아무것도 바뀌지 않았습니다."
            ) from None

        statuses = ", ".join(f"{label} {count}" for label, count in summary.statuses.items())
        self.stdout.write(
            self.style.SUCCESS(f"시연용 데이터를 넣었습니다 (기준일 {summary.anchor:%Y-%m-%d}, 시드 {summary.seed}).")
        )
        self.stdout.write(f"- 1인가구지원센터 {summary.centers}곳")
        self.stdout.write(
            f"- 지원제도 {summary.city_policies + summary.district_policies}건 "
            f"(서울시 {summary.city_policies}, 자치구 {summary.district_policies})"
        )
        self.stdout.write(f"- 참여프로그램 {summary.programs}건 ({statuses})")
        self.stdout.write(
            f"- 알쓸1잡 {summary.tips}건, 알림마당 {summary.notices}건(첨부파일 {summary.attachments}개), "
            f"자주 묻는 질문 {summary.faqs}건"
        )
        self.stdout.write("- 검색 색인을 다시 만들었습니다.")
        people = load_people(today=timezone.localdate())
        self.stdout.write(
            f"- 시연용 계정: 담당자 {people.staff}명, 시민 {people.citizens}명(참여프로그램 신청 {people.signups}건). "
            f"비밀번호는 모두 {DEMO_PASSWORD}"
        )
        doorguard = load_doorguard_demo(anchor=anchor, seed=options["seed"])
        self.stdout.write(
            f"- 도어지킴이: 신청 {doorguard.applications}건, 이용 중·종료 구독 {doorguard.subscriptions}건 "
            f"({', '.join(f'{ApplicationStatus(code).label} {count}' for code, count in doorguard.statuses.items())})"
        )
        companion = load_companion_demo(anchor=anchor, seed=options["seed"])
        self.stdout.write(
            f"- 병원 안심동행: 동행매니저 {companion.companions}명(계정 {demo_email('companion-1')} 등), "
            f"예약 {companion.bookings}건(완료 {companion.completed}, 오늘 접수 {companion.open_today}, "
            f"취소 {companion.cancelled})"
        )
        for spec in STAFF:
            self.stdout.write(f"    {demo_email(spec.username)}")
        self.stdout.write(f"    {demo_email('citizen')} (시민)")
