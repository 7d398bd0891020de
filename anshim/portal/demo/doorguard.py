"""Demo 도어지킴이: this year's round, its district quotas and a few hundred households in every state.

Everything is made by the real services (``anshim.doorguard.services``) — rounds, quotas, paper and
phone applications entered by officials, selection, visits booked and recorded by the demo security
company, cancellations — so quotas, history, subscriptions and notifications are what those clicks
would have made. The services read the clock, so the load runs on a demo clock that walks from the
round's opening to the anchor day: the same anchor and seed always give the same households, states
and dates. Run it after ``people.load_people`` (it needs the demo city official, district officials,
the security company "안심보안 주식회사" and its staff).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import transaction

from anshim.accounts.models import Consent, ConsentPurpose, Partner, User
from anshim.accounts.selectors import current_consent_texts
from anshim.catalog.models import Policy
from anshim.doorguard import services
from anshim.doorguard.consent_texts import ensure_consent_texts
from anshim.doorguard.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    Installation,
    Round,
    SelectionMethod,
    Settlement,
    Subscription,
)
from anshim.eligibility import Outcome, clean_facts, evaluate
from anshim.eligibility.examples import DOORGUARD_2021
from anshim.eligibility.rules import as_rule
from anshim.geo.models import District

S = ApplicationStatus
SEOUL = ZoneInfo("Asia/Seoul")
ROUND_NAME = "1인가구 안전 도어지킴이"
PARTNER_NAME = "안심보안 주식회사"
APPLICATIONS = 210
# Districts that choose by a selection committee (선정심의); the rest first come, first served.
COMMITTEE_DISTRICTS = ("11290", "11620", "11410")  # 성북구, 관악구, 서대문구
# (final state, weight). "SUB_CANCELLED"/"SUB_MOVED": installed, then the subscription ended early.
OUTCOMES = (
    ("SUBMITTED", 10),
    ("REVIEWING", 5),
    ("SELECTED", 12),
    ("SCHEDULED", 10),
    ("INSTALL_FAILED", 4),
    ("INSTALLED", 35),
    ("SUB_CANCELLED", 3),
    ("SUB_MOVED", 2),
    ("CANCELLED", 5),
    ("WAITLISTED", 7),
    ("REJECTED", 7),
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준", "서연", "지훈", "하은", "도윤", "수아", "예준", "지유", "현우", "채원", "준서", "다은", "은지",
    "성민", "영숙", "정희", "순자", "상철", "미경", "지영", "동현", "혜진", "재훈", "유진", "경수", "보람",
)  # fmt: skip
ROADS = ("안심로", "햇살길", "새싹로", "한마음길", "푸른로", "은행나무길", "문화로", "별빛길")
HOUSING = (("VILLA", 30), ("DETACHED", 18), ("OFFICETEL", 16), ("APARTMENT", 12), ("GOSIWON", 8),
           ("BASEMENT", 8), ("ROOFTOP", 4), ("OTHER", 4))  # fmt: skip
FAILURE_REASONS = (
    "현관문이 철제 방화문이라 카메라 고정 브래킷을 달 수 없음(다른 장비로 다시 방문 예정)",
    "약속 시간에 부재, 세 번 연락했으나 받지 않음",
    "집주인이 현관 설치를 허락하지 않아 보류",
)
CANCEL_REASONS = ("본인 사정으로 신청 취소", "다른 지원(안심홈세트)을 받기로 하여 취소")
REJECT_REASONS = (
    "주민등록상 가구원이 2명으로 확인되어 1인가구 요건에 맞지 않음",
    "같은 주소에 이미 설치된 장비가 있음",
)


@dataclass(frozen=True)
class DoorguardSummary:
    round_id: int
    applications: int
    statuses: dict[str, int]
    subscriptions: int
    citizen_subscribed: bool


class _Clock:
    """The demo's "now": the services and ``auto_now`` fields read it through ``timezone.now``."""

    def __init__(self, moment: datetime.datetime):
        self.moment = moment

    def __call__(self) -> datetime.datetime:
        return self.moment


def _send_to_members_only(send):
    """The made-up households have made-up phone numbers: no text is queued to them (the demo must
    never message a real number); members (the demo citizen) get their messages as usual."""

    def send_or_drop(*, user, phone, context, key):
        if user is not None:
            send(user=user, phone=phone, context=context, key=key)

    return send_or_drop


@contextmanager
def _demo_clock(start: datetime.datetime):
    clock = _Clock(start)
    with (
        mock.patch("django.utils.timezone.now", clock),
        mock.patch.object(services, "_send", _send_to_members_only(services._send)),
    ):
        yield clock


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SEOUL)


def _pick(rng: random.Random, weighted) -> str:
    return rng.choices([value for value, _w in weighted], weights=[w for _v, w in weighted])[0]


def demo_rounds():
    return Round.objects.filter(name=ROUND_NAME)


def delete_doorguard_demo() -> None:
    """Remove the demo rounds and everything made under them (for ``seed_demo --replace``)."""
    from anshim.notifications.models import Notification

    with transaction.atomic():
        applications = Application.objects.filter(round__in=demo_rounds())
        event_keys = [
            f"doorguard:{pk}"
            for pk in ApplicationEvent.objects.filter(application__in=applications).values_list("pk", flat=True)
        ]
        Notification.objects.filter(idempotency_key__in=event_keys).delete()
        citizens = list(applications.filter(user__isnull=False).values_list("user_id", flat=True))
        Settlement.objects.filter(round__in=demo_rounds()).delete()
        Subscription.objects.filter(application__in=applications).delete()
        Installation.objects.filter(application__in=applications).delete()
        applications.delete()
        demo_rounds().delete()
        Consent.objects.filter(user_id__in=citizens, text__purpose=ConsentPurpose.DOORGUARD).delete()


def _household(rng: random.Random, district: District, serial: int, anchor: datetime.date) -> dict:
    sex = rng.choice("FFFM")  # women living alone apply more often (the seed's priority)
    age = rng.choice((rng.randint(20, 39), rng.randint(20, 39), rng.randint(40, 64), rng.randint(65, 88)))
    birth = datetime.date(anchor.year - age - 1, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    return {
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "phone": f"010-{rng.randint(2000, 9899):04d}-{rng.randint(1000, 9999):04d}",
        "birth_date": birth,
        "sex": sex,
        "address": f"서울특별시 {district.name} {rng.choice(ROADS)} {rng.randint(1, 240)}, {serial % 9 + 1}0{serial % 4 + 1}호",
        "district": district,
        "housing_type": _pick(rng, HOUSING),
        "facts": {"lives_alone": True, "registered_in_seoul": True, "household_size": 1},
    }


def load_doorguard_demo(*, anchor: datetime.date, seed: int) -> DoorguardSummary:
    """The anchor year's round (the 2021 rule: Seoul, 18+, living alone; 3,000 households; 380M won),
    quotas split by single-person households, ``APPLICATIONS`` households in every state, contracted to
    "안심보안 주식회사"; the demo citizen gets an installed subscription when eligible. If the demo round
    of that year exists already, nothing changes."""
    existing = demo_rounds().filter(year=anchor.year).first()
    if existing is not None:
        return _summary(existing)
    ensure_consent_texts()
    rng = random.Random(f"doorguard:{seed}:{anchor.isoformat()}")
    city = User.objects.get(username="city")
    officials = {"11680": User.objects.get(username="gangnam"), "11290": User.objects.get(username="seongbuk")}
    installer = User.objects.get(username="security")
    partner = Partner.objects.get(name=PARTNER_NAME)
    opens_on = max(datetime.date(anchor.year, 1, 2), anchor - datetime.timedelta(days=240))
    opens_on = min(opens_on, anchor)
    start, end = _at(opens_on, 0, 5), _at(anchor, 8)
    span = end - start

    with _demo_clock(start) as clock, transaction.atomic():
        round_ = services.create_round(
            actor=city,
            year=anchor.year,
            name=ROUND_NAME,
            policy=Policy.objects.filter(title__contains="도어지킴이", district__isnull=True).first(),
            partner=partner,
            rule=DOORGUARD_2021.rule,
            default_method=SelectionMethod.FIRST_COME,
            early_cancel_fee=60_000,
            move_fee=30_000,
            opens_on=opens_on,
            closes_on=datetime.date(anchor.year, 12, 31),
        )
        services.set_district_quotas(
            actor=city, round=round_, methods={code: SelectionMethod.COMMITTEE for code in COMMITTEE_DISTRICTS}
        )
        districts = list(District.objects.order_by("code"))
        weights = [d.single_households or 1 for d in districts]
        plans = []
        seen = set()
        for serial in range(APPLICATIONS):
            district = rng.choices(districts, weights=weights)[0]
            household = _household(rng, district, serial, anchor)
            keys = {(household["name"], household["birth_date"]), household["address"]}
            if keys & seen:
                continue
            seen |= keys
            outcome = _pick(rng, OUTCOMES)
            # Recent applications are still waiting; the others came early enough to have moved on.
            share = rng.uniform(0.85, 0.99) if outcome in ("SUBMITTED", "REVIEWING") else rng.uniform(0.0, 0.8)
            plans.append((start + span * share, outcome, household))
        plans.sort(key=lambda plan: plan[0])

        entered = []
        for submitted, outcome, household in plans:
            clock.moment = submitted
            actor = officials.get(household["district"].code, city)
            channel = Channel.PHONE if rng.random() < 0.3 else Channel.PAPER
            application = services.enter_paper_application(
                actor=actor,
                round=round_,
                channel=channel,
                paper_consent_on=submitted.astimezone(SEOUL).date(),
                **household,
            )
            entered.append((application, outcome, actor))

        later = []
        for application, outcome, actor in entered:
            if outcome in ("WAITLISTED", "REJECTED"):
                later.append((application, outcome, actor))
            else:
                _walk(rng, clock, application, outcome, actor=actor, installer=installer, end=end, anchor=anchor)
        # After every cancellation, so no freed place promotes these off the waiting list.
        for application, outcome, actor in later:
            clock.moment = min(application.submitted_at + (end - application.submitted_at) / 4, end)
            if outcome == "WAITLISTED":
                services.waitlist(actor=actor, application=application, reason="정원 초과로 대기 등록")
            else:
                services.reject(actor=actor, application=application, reason=rng.choice(REJECT_REASONS))

        clock.moment = start + span * 0.5
        subscribed = _citizen_subscription(round_, clock, officials.get("11680", city), installer, end)
    return _summary(round_, citizen_subscribed=subscribed)


def _walk(rng, clock, application, outcome, *, actor, installer, end, anchor) -> None:
    """Take one household from 접수 to its demo state, a few days per step, never past the anchor."""
    submitted = application.submitted_at
    step = min(datetime.timedelta(days=rng.randint(2, 5)), (end - submitted) / 8)

    def at(k: float) -> datetime.datetime:
        return submitted + step * k

    if outcome == "SUBMITTED":
        return
    clock.moment = at(1)
    if outcome == "REVIEWING":
        services.start_review(actor=actor, application=application)
        return
    if outcome == "CANCELLED" and rng.random() < 0.5:
        services.cancel_application(actor=actor, application=application, reason=rng.choice(CANCEL_REASONS))
        return
    application = services.select(actor=actor, application=application, reason="선정")
    if outcome == "SELECTED":
        return
    if outcome == "CANCELLED":
        clock.moment = at(2)
        services.cancel_application(actor=actor, application=application, reason=rng.choice(CANCEL_REASONS))
        return
    clock.moment = at(2)
    if outcome == "SCHEDULED":
        # Booked for the days after the anchor: the company's upcoming visits.
        visit = _at(anchor + datetime.timedelta(days=rng.randint(1, 10)), rng.choice((10, 11, 14, 15, 16)))
        services.schedule_installation(actor=installer, application=application, scheduled_for=visit)
        return
    visit = _at(at(3).astimezone(SEOUL).date(), rng.choice((10, 11, 14, 15, 16)))
    if visit <= clock.moment or visit + datetime.timedelta(hours=1) > end:
        visit = at(3)
    services.schedule_installation(actor=installer, application=application, scheduled_for=visit)
    clock.moment = visit + datetime.timedelta(hours=1)
    if outcome == "INSTALL_FAILED":
        services.record_installation_failure(
            actor=installer, application=application, reason=rng.choice(FAILURE_REASONS)
        )
        return
    subscription = services.record_installation(
        actor=installer, application=application, installed_at=visit + datetime.timedelta(minutes=40)
    )
    if outcome in ("SUB_CANCELLED", "SUB_MOVED"):
        started = subscription.start_date
        last = min(anchor - datetime.timedelta(days=1), started + datetime.timedelta(days=rng.randint(20, 120)))
        last = max(last, started)
        clock.moment = max(clock.moment, _at(last, 18))
        if outcome == "SUB_CANCELLED":
            services.cancel_subscription(actor=actor, subscription=subscription, ended_on=last, reason="중도해지 요청")
        else:
            services.move_subscription(
                actor=actor, subscription=subscription, moved_on=last, reason="다른 시·도로 이사"
            )


def _citizen_subscription(round_, clock, official, installer, end) -> bool:
    """The demo citizen applies online and gets the service installed, if the round's rule lets them."""
    citizen = User.objects.filter(username="citizen").select_related("profile").first()
    if citizen is None or Application.objects.filter(user=citizen).exists():
        return False
    profile = getattr(citizen, "profile", None)
    facts = dict(profile.facts if profile else {})
    district = District.objects.filter(pk=facts.get("district")).first()
    if district is None or not facts.get("birth_date"):
        return False
    # The application form asks this; the demo citizen lives in Seoul.
    facts.setdefault("registered_in_seoul", True)
    today = clock.moment.astimezone(SEOUL).date()
    verdict = evaluate(as_rule(round_.rule), clean_facts(facts, today=today), today)
    if verdict.outcome is not Outcome.ELIGIBLE:
        return False
    application = services.apply(
        user=citizen,
        round=round_,
        name=citizen.name,
        phone=citizen.phone,
        birth_date=facts["birth_date"],
        sex=facts.get("sex", ""),
        address=f"서울특별시 {district.name} 안심로 21, 302호",
        district=district,
        housing_type="VILLA",
        facts={k: v for k, v in facts.items() if k not in ("birth_date", "district", "sex")},
        consent_text_ids=[text.pk for text in current_consent_texts(ConsentPurpose.DOORGUARD)],
    )
    step = (end - clock.moment) / 10
    clock.moment += step
    application = services.select(actor=official, application=application, reason="선정")
    clock.moment += step
    visit = clock.moment + step
    services.schedule_installation(actor=installer, application=application, scheduled_for=visit)
    clock.moment = visit + datetime.timedelta(hours=1)
    services.record_installation(actor=installer, application=application, installed_at=visit)
    return True


def _summary(round_: Round, *, citizen_subscribed: bool | None = None) -> DoorguardSummary:
    rows = Application.objects.filter(round=round_)
    if citizen_subscribed is None:
        citizen_subscribed = Subscription.objects.filter(
            application__round=round_, application__user__username="citizen"
        ).exists()
    return DoorguardSummary(
        round_id=round_.pk,
        applications=rows.count(),
        statuses=dict(Counter(rows.values_list("status", flat=True))),
        subscriptions=Subscription.objects.filter(application__round=round_).count(),
        citizen_subscribed=citizen_subscribed,
    )
