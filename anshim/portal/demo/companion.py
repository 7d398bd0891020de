"""병원 안심동행 of the demo: the agency's areas, its companions with their accounts, and a month of bookings.

Runs after ``people.load_people`` (which makes the agency "서울동행돌봄 협동조합" and its coordinator
``companion@demo.anshim.kr``). Every booking goes through the real services — phone booking by the
coordinator, assignment, departure, start, service record, cancellation — so limits, fees, history
and notifications are what the back office would have made. Days before the anchor are done (a few
cancelled); the anchor day and the next have open requests for the dispatch board; the first demo
companion (``companion-1``) always has a job on the anchor day. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from anshim.accounts.models import Partner, User
from anshim.companion import photos, services
from anshim.companion.models import (
    AgencyArea,
    Assignment,
    Booking,
    BookingChannel,
    BookingStatus,
    Client,
    Companion,
    IncomeCheck,
    ServiceRecord,
    Skill,
    Task,
)
from anshim.companion.seeds import ensure_seeds
from anshim.geo.districts import DISTRICTS
from anshim.geo.models import District
from anshim.portal.demo.people import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, demo_email
from anshim.portal.demo.places import lot_address, spot_in

AGENCY = "서울동행돌봄 협동조합"
COORDINATOR = "companion"
COMPANIONS = 12
CLIENT_PHONE_PREFIX = "0107700"  # demo clients: 010-7700-0001 …

# Where the demo's people live: the agency's busiest districts (south-west and north-east of Seoul).
HOME_DISTRICTS = ("11620", "11590", "11440", "11680", "11290", "11350", "11710", "11380")

HOSPITALS = (
    ("서울대학교병원", "서울특별시 종로구 대학로 101"),
    ("세브란스병원", "서울특별시 서대문구 연세로 50-1"),
    ("서울아산병원", "서울특별시 송파구 올림픽로43길 88"),
    ("삼성서울병원", "서울특별시 강남구 일원로 81"),
    ("서울성모병원", "서울특별시 서초구 반포대로 222"),
    ("보라매병원", "서울특별시 동작구 보라매로5길 20"),
    ("고려대학교 안암병원", "서울특별시 성북구 고려대로 73"),
    ("서울의료원", "서울특별시 중랑구 신내로 156"),
    ("국립중앙의료원", "서울특별시 중구 을지로 245"),
    ("강북삼성병원", "서울특별시 종로구 새문안로 29"),
)

COMPANION_NAMES = (
    "정미숙", "김영순", "박정희", "이순자", "최은주", "한경숙", "윤미경", "장혜진", "오선영", "신동호", "배재훈", "조현정",
)  # fmt: skip
QUALIFICATIONS = ("요양보호사 1급", "간호조무사", "사회복지사 2급", "병원동행매니저 양성과정 수료")
SHIFTS = ((7, 16), (8, 17), (9, 18), (10, 19), (11, 20), (9, 18))
SKILL_SETS = (
    [Skill.WHEELCHAIR],
    [],
    [Skill.SIGN_LANGUAGE],
    [Skill.WHEELCHAIR, Skill.ENGLISH],
    [],
    [Skill.CHINESE],
    [Skill.WHEELCHAIR],
    [],
    [Skill.VIETNAMESE],
    [Skill.WHEELCHAIR, Skill.SIGN_LANGUAGE],
    [],
    [Skill.ENGLISH],
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("순자", "영자", "정숙", "옥순", "말순", "영철", "상철", "복순", "명자", "춘자", "경호", "병수", "기순", "동길")
# Pick-up hours weighted towards 09–18, the peak the city planned for.
HOUR_WEIGHTS = {7: 1, 8: 3, 9: 7, 10: 9, 11: 8, 12: 4, 13: 6, 14: 8, 15: 7, 16: 5, 17: 3, 18: 1}
CLIENTS = 48


@dataclass(frozen=True)
class CompanionDemoSummary:
    companions: int
    bookings: int
    completed: int
    open_today: int
    cancelled: int


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _account(username: str, name: str, password_hash: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        # One hash of the published demo password for all twelve: argon2 takes a second per hash.
        user = User.objects.create(username=username, email=demo_email(username), name=name, password=password_hash)
    return user


def _companions(agency: Partner, rng: random.Random) -> list[Companion]:
    made = []
    password_hash = make_password(DEMO_PASSWORD)
    for number in range(1, COMPANIONS + 1):
        name = COMPANION_NAMES[number - 1]
        user = _account(f"companion-{number}", name, password_hash)
        home = spot_in(HOME_DISTRICTS[(number - 1) % len(HOME_DISTRICTS)], rng)
        shift = SHIFTS[(number - 1) % len(SHIFTS)]
        companion, _created = Companion.objects.get_or_create(
            user=user,
            defaults={
                "partner": agency,
                "name": name,
                "qualification": QUALIFICATIONS[(number - 1) % len(QUALIFICATIONS)],
                "skills": list(SKILL_SETS[number - 1]),
                "shift_start": datetime.time(shift[0]),
                "shift_end": datetime.time(shift[1]),
                "home_lat": round(home.latitude, 6),
                "home_lon": round(home.longitude, 6),
            },
        )
        if not companion.photo:
            # A drawn silhouette, not a real face: the demo shows the photo card without anyone's picture.
            companion.photo.save("demo.jpg", ContentFile(photos.placeholder_portrait(number)), save=True)
        made.append(companion)
    # companion-1 works the whole service day, so their job on the anchor day always fits.
    Companion.objects.filter(pk=made[0].pk).update(shift_start=datetime.time(7), shift_end=datetime.time(20))
    made[0].refresh_from_db()
    return made


@dataclass
class _Person:
    name: str
    phone: str
    code: str
    address: str
    lat: float
    lon: float


def _people(rng: random.Random) -> list[_Person]:
    people = []
    for index in range(CLIENTS):
        code = HOME_DISTRICTS[index % len(HOME_DISTRICTS)] if index % 5 else rng.choice(DISTRICTS).code
        spot = spot_in(code, rng)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        people.append(
            _Person(
                name=name,
                phone=f"{CLIENT_PHONE_PREFIX}{index + 1:04d}",
                code=code,
                address=lot_address(code, spot.dong, rng),
                lat=spot.latitude,
                lon=spot.longitude,
            )
        )
    return people


def _hour(rng: random.Random) -> int:
    hours, weights = zip(*HOUR_WEIGHTS.items(), strict=True)
    return rng.choices(hours, weights)[0]


def _book(coordinator, person: _Person, rng: random.Random, pickup_at: datetime.datetime) -> Booking | None:
    hospital, hospital_address = rng.choice(HOSPITALS)
    roll = rng.random()
    needs = [Skill.WHEELCHAIR] if roll < 0.15 else [Skill.SIGN_LANGUAGE] if roll < 0.19 else []
    minutes = rng.choice((120, 150, 180, 180, 210))
    while minutes > 60 and (pickup_at + datetime.timedelta(minutes=minutes)).time() > datetime.time(
        18 if pickup_at.weekday() >= 5 else 20
    ):
        minutes -= 30
    try:
        return services.book(
            actor=coordinator,
            channel=BookingChannel.PHONE,
            client_name=person.name,
            client_phone=person.phone,
            pickup_address=person.address,
            pickup_lat=person.lat,
            pickup_lon=person.lon,
            hospital_name=hospital,
            hospital_address=hospital_address,
            appointment_at=pickup_at + datetime.timedelta(minutes=rng.choice((40, 50, 60))),
            pickup_at=pickup_at,
            expected_minutes=minutes,
            needs=needs,
            notes=rng.choice(
                ("", "", "계단이 있는 집입니다. 초인종 대신 전화 주세요.", "보청기를 씁니다. 천천히 말씀해 주세요.")
            ),
            lives_alone=True,
            verbal_consent=True,
            now=pickup_at - datetime.timedelta(days=1, hours=2),
        )
    except ValidationError:
        return None  # over a limit for this person; a real call-centre would have said no too


def _assign(coordinator, booking: Booking, companions: list[Companion], rng: random.Random) -> Companion | None:
    start, end = timezone.localtime(booking.pickup_at).time(), timezone.localtime(booking.expected_end).time()
    # Only those with the skills and the shift are tried; ``assign`` still checks everything (and overlaps).
    order = [
        c for c in companions if set(booking.needs) <= set(c.skills) and c.shift_start <= start and end <= c.shift_end
    ]
    rng.shuffle(order)
    for companion in order:
        try:
            services.assign(actor=coordinator, booking=booking, companion=companion, proposed=True)
        except ValidationError:
            continue
        return companion
    return None


def _complete(booking: Booking, companion: Companion, rng: random.Random) -> None:
    user = companion.user
    services.depart(actor=user, booking=booking)
    services.start_accompanying(actor=user, booking=booking)
    met = booking.pickup_at + datetime.timedelta(minutes=rng.choice((0, 0, 5, 10)))
    minutes = max(60, booking.expected_minutes + rng.choice((-40, -25, -10, 0, 5, 15)))
    tasks = [Task.RECEPTION, Task.CONSULTATION, Task.PAYMENT]
    if rng.random() < 0.6:
        tasks.append(Task.PHARMACY)
    services.record_service(
        actor=user,
        booking=booking,
        met_at=met,
        hospital_arrived_at=met + datetime.timedelta(minutes=rng.choice((25, 35, 45))),
        returned_at=met + datetime.timedelta(minutes=minutes),
        tasks=tasks,
        notes=rng.choice(("", "", "진료 후 약국 들러 귀가했습니다.", "다음 진료 예약(2주 뒤)을 함께 잡았습니다.")),
    )


def load_companion_demo(*, anchor: datetime.date, seed: int) -> CompanionDemoSummary:
    """The agency's areas, 12 companions with accounts, and bookings over ``anchor``'s month. Idempotent:
    when the agency already has bookings nothing more is made."""
    rng = random.Random(f"companion-{seed}")
    ensure_seeds()
    now = timezone.now()
    with transaction.atomic():
        agency = Partner.objects.get(name=AGENCY)
        coordinator = User.objects.get(username=COORDINATOR)
        taken = set(AgencyArea.objects.exclude(partner=agency).values_list("district_id", flat=True))
        for district in District.objects.exclude(pk__in=taken):
            AgencyArea.objects.get_or_create(district=district, defaults={"partner": agency})
        companions = _companions(agency, rng)
        if Booking.objects.filter(partner=agency).exists():
            return _summary(agency, anchor)
        people = _people(rng)
        first = anchor.replace(day=1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        cancelled_people: set[str] = set()
        # Free uses: staff checked the income proof of a few people (at or under 100% of 기준 중위소득).
        for person in people[::6]:
            client = Client.objects.filter(phone=person.phone).first() or Client.objects.create(
                name=person.name, phone=person.phone
            )
            try:
                services.check_income(
                    actor=coordinator,
                    client=client,
                    partner=agency,
                    year=anchor.year,
                    household_size=1,
                    monthly_income=rng.choice((900_000, 1_300_000, 1_800_000)),
                )
            except ValidationError:
                break  # no 기준 중위소득 for that year: no free uses in this demo
        day = first
        while day <= last:
            weekend = day.weekday() >= 5
            if day < anchor:
                count = rng.randint(1, 2) if weekend else rng.randint(2, 4)
            elif day == anchor:
                count = 0  # below: the anchor day's own set
            elif day <= anchor + datetime.timedelta(days=6):
                count = 0 if weekend else rng.randint(2, 4)
            else:
                count = 0
            for _n in range(count):
                hour = _hour(rng)
                if weekend:
                    hour = min(max(hour, 9), 15)
                pickup = _aware(day, hour, rng.choice((0, 0, 15, 30, 45)))
                person = rng.choice(people)
                booking = _book(coordinator, person, rng, pickup)
                if booking is None:
                    continue
                if day < anchor and rng.random() < 0.06 and person.phone not in cancelled_people:
                    cancelled_people.add(person.phone)
                    services.cancel(
                        actor=coordinator,
                        booking=booking,
                        reason="이용자 요청(병원 예약 변경)",
                        client_request=True,
                        now=pickup - datetime.timedelta(hours=2),
                    )
                    continue
                companion = _assign(coordinator, booking, companions, rng)
                if companion is None:
                    services.cancel(
                        actor=coordinator, booking=booking, reason="배정 가능한 동행매니저 없음", client_request=False
                    )
                    continue
                if day < anchor and booking.expected_end < now:
                    _complete(booking, companion, rng)
            day += datetime.timedelta(days=1)
        _anchor_day(coordinator, companions, people, rng, anchor)
        return _summary(agency, anchor)


def _anchor_day(coordinator, companions, people, rng, anchor: datetime.date) -> None:
    """The dispatch board's day: companion-1's jobs, a few assigned, the rest open; the next day open too."""
    pickups = [(10, 0), (14, 0), (9, 30), (11, 0), (13, 30), (15, 0), (16, 0), (10, 30), (12, 0)]
    for index, (hour, minute) in enumerate(pickups):
        person = people[(index * 7) % len(people)]
        booking = _book(coordinator, person, rng, _aware(anchor, hour, minute))
        if booking is None:
            continue
        if index == 0:
            services.assign(actor=coordinator, booking=booking, companion=companions[0], proposed=True)
        elif index == 1:
            try:
                services.assign(actor=coordinator, booking=booking, companion=companions[0], proposed=True)
            except ValidationError:
                _assign(coordinator, booking, companions[1:], rng)
        elif index < 4:
            _assign(coordinator, booking, companions[1:], rng)
    tomorrow = anchor + datetime.timedelta(days=1)
    if tomorrow.weekday() < 5:
        for index, (hour, minute) in enumerate(((9, 0), (10, 0), (11, 30), (14, 0), (15, 30))):
            _book(coordinator, people[(index * 11 + 3) % len(people)], rng, _aware(tomorrow, hour, minute))


def _summary(agency: Partner, anchor: datetime.date) -> CompanionDemoSummary:
    bookings = Booking.objects.filter(partner=agency)
    return CompanionDemoSummary(
        companions=Companion.objects.filter(partner=agency).count(),
        bookings=bookings.count(),
        completed=bookings.filter(status=BookingStatus.COMPLETED).count(),
        open_today=bookings.filter(status=BookingStatus.RECEIVED, pickup_at__date=anchor).count(),
        cancelled=bookings.filter(status=BookingStatus.CANCELLED).count(),
    )


def delete_companion_demo() -> None:
    """Remove what ``load_companion_demo`` made (for ``seed_demo --replace``); real agencies' rows stay."""
    with transaction.atomic():
        agency = Partner.objects.filter(name=AGENCY).first()
        if agency is not None:
            bookings = Booking.objects.filter(partner=agency)
            ServiceRecord.objects.filter(booking__in=bookings).delete()
            Assignment.objects.filter(booking__in=bookings).delete()
            bookings.delete()
            AgencyArea.objects.filter(partner=agency).delete()
            companions = Companion.objects.filter(partner=agency)
            stored = [c.photo for c in companions if c.photo]
            companions.delete()
            for photo in stored:
                # Only once the rows are surely gone: a rolled-back reset keeps its photos.
                transaction.on_commit(partial(photo.storage.delete, photo.name))
        # Checks the demo coordinator made protect that account: they go with the demo.
        IncomeCheck.objects.filter(checked_by__email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
        demo_clients = Client.objects.filter(phone__startswith=CLIENT_PHONE_PREFIX, bookings__isnull=True)
        IncomeCheck.objects.filter(client__in=demo_clients).delete()
        demo_clients.delete()
        User.objects.filter(username__startswith="companion-", email__endswith=f"@{DEMO_EMAIL_DOMAIN}").delete()
