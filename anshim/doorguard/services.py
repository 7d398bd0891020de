"""도어지킴이 state changes: one enum (``ApplicationStatus``), one transition table, one service per move.

Every service takes keyword-only arguments, checks the actor's permission (``doorguard/rules.py``),
runs in one transaction, writes an ``ApplicationEvent`` for each move and queues the resident's
notification once the transaction commits. Bad input raises a Korean ``ValidationError`` and
writes nothing.

Places: a district's places are counted in ``DistrictQuota.filled``, changed only while that row
is locked (``select_for_update``). Every service that moves an application locks the quota row
of its round and district first and the application rows after it — one lock order everywhere,
so parallel officials queue instead of deadlocking, and selections never exceed the quota (a
check constraint guards the same line in the database). A freed place goes at once to the first
household on the district's waiting list.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from anshim.accounts.models import ConsentPurpose
from anshim.accounts.phones import normalise_mobile
from anshim.accounts.selectors import has_current_consent
from anshim.accounts.services import give_consents
from anshim.doorguard import addresses, quota, selection, settlement
from anshim.doorguard.models import (
    ACTIVE_STATUSES,
    PENDING_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    DistrictQuota,
    HousingType,
    Installation,
    InstallationStatus,
    Round,
    SelectionMethod,
    Settlement,
    Sex,
    Subscription,
    SubscriptionStatus,
)
from anshim.eligibility import FactError, Outcome, RuleError, clean_facts, evaluate
from anshim.eligibility.rules import as_rule
from anshim.geo.models import District

logger = logging.getLogger(__name__)

S = ApplicationStatus
# from-status ("" for a new application) → the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    "": frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.REVIEWING, S.SELECTED, S.WAITLISTED, S.REJECTED, S.CANCELLED}),
    S.REVIEWING: frozenset({S.SELECTED, S.WAITLISTED, S.REJECTED, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.SELECTED, S.REJECTED, S.CANCELLED}),
    S.SELECTED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.SCHEDULED, S.INSTALLED, S.INSTALL_FAILED, S.CANCELLED}),
    S.INSTALL_FAILED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.INSTALLED: frozenset({S.ENDED}),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
    S.ENDED: frozenset(),
}
SUBJECT_LABEL = "안전 도어지킴이 신청"
MIN_AGE = 18


# --- helpers ---------------------------------------------------------------------------------


def _require(actor, perm: str, obj, message: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.has_perm(perm, obj):
        raise PermissionDenied(message)


def _actor_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def _move(application: Application, to_status: str, *, actor, reason: str = "") -> ApplicationEvent:
    """Apply one allowed transition, record it and queue the notification; callers hold the locks."""
    from_status = application.status or ""
    if to_status not in TRANSITIONS[from_status]:
        raise ValidationError(
            _("‘%(from)s’ 상태의 신청은 ‘%(to)s’(으)로 바꿀 수 없습니다.")
            % {"from": S(from_status).label if from_status else "-", "to": S(to_status).label}
        )
    application.status = to_status
    application.reason = (reason or "")[:500]
    if from_status:
        application.save(update_fields=["status", "reason", "partner", "waitlist_position", "score", "updated_at"])
    else:
        application.save()
    event = ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=_actor_or_none(actor),
        reason=application.reason,
    )
    _notify_after_commit(application, event)
    return event


def _notify_after_commit(application: Application, event: ApplicationEvent) -> None:
    context = {
        "subject_label": SUBJECT_LABEL,
        "status_label": str(S(event.to_status).label),
        "name": application.name,
        "reason": event.reason,
    }
    transaction.on_commit(
        partial(_send, user=application.user, phone=application.phone, context=context, key=f"doorguard:{event.pk}")
    )


def _resident_message(*, user, phone: str, context: dict, key: str):
    from anshim.notifications.models import Channel as NotifyChannel
    from anshim.notifications.services import Message

    # Email where the resident has an account with one; else a text to the phone on the application.
    by_email = user is not None and bool(user.email)
    return Message(
        user=user,
        channel=NotifyChannel.EMAIL if by_email else NotifyChannel.SMS,
        to=None if by_email else phone,
        template="status_changed",
        context=context,
        key=key,
    )


def _send(*, user, phone: str, context: dict, key: str) -> None:
    from anshim.notifications.services import notify

    message = _resident_message(user=user, phone=phone, context=context, key=key)
    try:
        notify(**vars(message))
    except ValueError:
        # A missing or broken contact never undoes a decision already committed.
        logger.warning("도어지킴이 notification %s not queued", key, exc_info=True)


def _lock_quota(round_id: int, district_id: str) -> DistrictQuota:
    try:
        return (
            DistrictQuota.objects.select_for_update(of=("self",))
            .select_related("round", "district")
            .get(round_id=round_id, district_id=district_id)
        )
    except DistrictQuota.DoesNotExist:
        raise ValidationError(_("이 자치구는 이번 차수의 정원이 정해지지 않았습니다.")) from None


def _lock(application: Application) -> tuple[DistrictQuota, Application]:
    """Lock the quota row of the application's district, then the application (the one lock order)."""
    quota_row = _lock_quota(application.round_id, application.district_id)
    locked = Application.objects.select_for_update(of=("self",)).select_related("round", "user").get(pk=application.pk)
    return quota_row, locked


def _take_place(quota_row: DistrictQuota) -> None:
    if quota_row.filled >= quota_row.quota:
        raise ValidationError(
            _("%(district)s의 정원 %(quota)d명이 모두 찼습니다. 대기자로 등록하거나 자리가 나기를 기다려 주세요.")
            % {"district": quota_row.district.name, "quota": quota_row.quota}
        )
    DistrictQuota.objects.filter(pk=quota_row.pk).update(filled=F("filled") + 1)
    quota_row.filled += 1


def _free_place(quota_row: DistrictQuota, *, actor) -> Application | None:
    """Give back one place and hand it to the first on the waiting list (returns who got it)."""
    DistrictQuota.objects.filter(pk=quota_row.pk).update(filled=F("filled") - 1)
    quota_row.filled -= 1
    return _promote_next(quota_row, actor=actor)


def _promote_next(quota_row: DistrictQuota, *, actor) -> Application | None:
    if quota_row.filled >= quota_row.quota:
        return None
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .filter(round_id=quota_row.round_id, district_id=quota_row.district_id, status=S.WAITLISTED)
        .order_by("waitlist_position", "pk")
        .first()
    )
    if waiting is None:
        return None
    _select_locked(quota_row, waiting, actor=actor, reason=_("대기 순번에 따라 선정되었습니다."))
    return waiting


def _select_locked(quota_row: DistrictQuota, application: Application, *, actor, reason: str = "") -> None:
    if application.status not in (*PENDING_STATUSES, S.WAITLISTED):
        raise ValidationError(
            _("‘%(status)s’ 상태의 신청은 선정할 수 없습니다.") % {"status": application.get_status_display()}
        )
    if quota_row.round.partner_id is None:
        raise ValidationError(_("이 차수의 협약 보안업체가 정해지지 않아 선정할 수 없습니다. 서울시에 문의해 주세요."))
    _take_place(quota_row)
    application.partner_id = quota_row.round.partner_id
    application.waitlist_position = None
    _move(application, S.SELECTED, actor=actor, reason=reason)


def _waitlist_locked(quota_row: DistrictQuota, application: Application, *, actor, reason: str = "") -> None:
    # The last position is read once per lock holder and counted on from there (a batch adds many).
    last = getattr(quota_row, "_last_waitlist_position", None)
    if last is None:
        last = (
            Application.objects.filter(
                round_id=quota_row.round_id, district_id=quota_row.district_id, waitlist_position__isnull=False
            ).aggregate(last=Max("waitlist_position"))["last"]
            or 0
        )
    application.waitlist_position = quota_row._last_waitlist_position = last + 1
    _move(application, S.WAITLISTED, actor=actor, reason=reason)


# --- rounds and quotas (서울시) ------------------------------------------------------------------


def create_round(*, actor, **fields: Any) -> Round:
    """차수 등록: a round as the city sets it (rule, prices, shares, fees, budget, quota, dates)."""
    _require(actor, "doorguard.manage_round", None, _("서울시 담당자만 사업 차수를 만들 수 있습니다."))
    round_ = Round(**fields)
    round_.full_clean()
    with transaction.atomic():
        round_.save()
    return round_


def set_district_quotas(
    *,
    actor,
    round: Round,
    quotas: Mapping[str, int] | None = None,
    method: str | None = None,
    methods: Mapping[str, str] | None = None,
) -> list[DistrictQuota]:
    """정원 배분: split the city quota by single-person households (``quotas`` None) or as entered by hand.

    Existing rows keep their method unless ``method`` (every district) or ``methods`` (per district
    code, wins over ``method``) is given; a district's quota can never go below the places it has
    already filled.
    """
    _require(actor, "doorguard.manage_round", None, _("서울시 담당자만 자치구 정원을 정할 수 있습니다."))
    methods = dict(methods or {})
    if any(value not in SelectionMethod.values for value in [*methods.values(), *([method] if method else [])]):
        raise ValidationError(_("알 수 없는 선정 방식입니다."))
    try:
        shares = (
            quota.split_by_single_households(round.city_quota)
            if quotas is None
            else quota.check_manual(round.city_quota, quotas)
        )
    except quota.QuotaError as exc:
        raise ValidationError(str(exc)) from None
    districts = {district.pk: district for district in District.objects.filter(pk__in=shares)}
    rows = []
    with transaction.atomic():
        existing = {
            row.district_id: row for row in DistrictQuota.objects.select_for_update(of=("self",)).filter(round=round)
        }
        for code, places in sorted(shares.items()):
            row = existing.get(code)
            if row is None:
                row = DistrictQuota(round=round, district=districts[code], filled=0)
                row.method = methods.get(code) or method or round.default_method
            elif methods.get(code) or method is not None:
                row.method = methods.get(code) or method
            if places < row.filled:
                raise ValidationError(
                    _("%(district)s은(는) 이미 %(filled)d명을 선정해 정원을 %(quota)d명으로 줄일 수 없습니다.")
                    % {"district": districts[code].name, "filled": row.filled, "quota": places}
                )
            row.quota = places
            row.save()
            rows.append(row)
    return rows


# Fields the city may still change once a round has applications: none of them alters what an
# applicant was judged on (rule, period start), what a household pays or is owed (prices, shares,
# months, fees) or how the places were split (quota). The fees are fixed too: the agreement's
# amounts are what households were told when they applied.
ROUND_FIELDS_EDITABLE_WITH_APPLICATIONS = ("name", "policy", "priority_weights", "market_price", "budget", "closes_on")


def round_locked_fields(round: Round) -> set[str]:
    """The fields of ``round`` that can no longer change (empty while it has no applications).

    The partner stays changeable until the first household is selected for it."""
    if round.pk is None or not round.applications.exists():
        return set()
    editable = set(ROUND_FIELDS_EDITABLE_WITH_APPLICATIONS)
    if not round.applications.filter(partner__isnull=False).exists():
        editable.add("partner")
    return {f.name for f in Round._meta.concrete_fields if f.editable and not f.primary_key} - editable


def update_round(*, actor, round: Round, **fields: Any) -> Round:
    """차수 수정: change a round; once it has applications only the fields in
    ``ROUND_FIELDS_EDITABLE_WITH_APPLICATIONS`` (and the partner until a selection) may change."""
    _require(actor, "doorguard.manage_round", None, _("서울시 담당자만 사업 차수를 고칠 수 있습니다."))
    with transaction.atomic():
        locked_row = Round.objects.select_for_update().get(pk=round.pk)
        frozen = round_locked_fields(locked_row)
        changed = [name for name, value in fields.items() if name in frozen and getattr(locked_row, name) != value]
        if changed:
            labels = ", ".join(str(Round._meta.get_field(name).verbose_name) for name in changed)
            raise ValidationError(
                _("신청이 접수된 차수는 다음 항목을 바꿀 수 없습니다: %(fields)s") % {"fields": labels}
            )
        for name, value in fields.items():
            setattr(locked_row, name, value)
        locked_row.full_clean()
        locked_row.save()
    return locked_row


# --- applying ------------------------------------------------------------------------------


def _clean_inputs(
    *,
    round: Round,
    name: str,
    phone: str,
    birth_date,
    sex: str,
    address: str,
    district: District,
    housing_type: str,
    facts: Mapping[str, Any] | None,
    latitude: float | None,
    longitude: float | None,
    today: datetime.date,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("이름을 입력해 주세요.")]
    try:
        phone = normalise_mobile(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    if not isinstance(birth_date, datetime.date):
        try:
            birth_date = datetime.date.fromisoformat(str(birth_date or "").strip())
        except ValueError:
            errors["birth_date"] = [_("생년월일을 YYYY-MM-DD 형식으로 입력해 주세요.")]
            birth_date = None
    if sex and sex not in Sex.values:
        errors["sex"] = [_("성별을 다시 선택해 주세요.")]
    if housing_type not in HousingType.values:
        errors["housing_type"] = [_("주택 유형을 선택해 주세요.")]
    if not isinstance(district, District):
        errors["district"] = [_("서울시 25개 자치구 중 거주 자치구를 선택해 주세요.")]
    else:
        problem = addresses.seoul_address_problem(address, district.name)
        if problem:
            errors["address"] = [problem]
        if latitude is not None and longitude is not None:
            from anshim.geo.boundaries import district_at, outside_seoul_message

            found = district_at(float(latitude), float(longitude))
            if found is None:
                errors.setdefault("address", []).append(outside_seoul_message(latitude, longitude))
            elif found != district.pk:
                errors.setdefault("address", []).append(_("주소의 위치가 선택한 자치구 밖에 있습니다."))
    if errors:
        raise ValidationError(errors)
    if birth_date > today:
        raise ValidationError({"birth_date": [_("생년월일이 오늘보다 뒤일 수 없습니다.")]})
    from anshim.eligibility.facts import age_at

    age = age_at(birth_date, today)
    if age < MIN_AGE:
        raise ValidationError(
            {"birth_date": [_("만 18세 이상만 신청할 수 있습니다 (현재 만 %(age)d세).") % {"age": age}]}
        )
    raw = dict(facts or {})
    # The person's own fields win over anything the facts say about them.
    raw.update({"birth_date": birth_date.isoformat(), "district": district.pk})
    if sex:
        raw["sex"] = sex
    try:
        clean = clean_facts(raw, today=today)
    except FactError as exc:
        raise ValidationError([error["message"] for error in exc.errors]) from None
    try:
        result = evaluate(as_rule(round.rule), clean, today)
    except RuleError:
        logger.exception("Round %s has an invalid rule", round.pk)
        raise ValidationError(
            _("이 차수의 신청 자격 규칙에 오류가 있어 접수할 수 없습니다. 담당자에게 문의해 주세요.")
        ) from None
    if result.outcome is Outcome.INELIGIBLE:
        failed = [c.sentence for c in result.criteria if c.state is False]
        raise ValidationError([_("신청 자격이 되지 않습니다."), *failed])
    if result.outcome is Outcome.UNKNOWN:
        raise ValidationError(
            _("자격을 확인하려면 다음 항목을 입력해 주세요: %(facts)s")
            % {"facts": ", ".join(result.missing_fact_labels)}
        )
    return {
        "name": name,
        "phone": phone,
        "birth_date": birth_date,
        "sex": sex or "",
        "address": address.strip(),
        "district": district,
        "housing_type": housing_type,
        "facts": clean.as_dict(),
        "eligibility": {"outcome": result.outcome.name, "sentences": result.sentences, "checked_on": today.isoformat()},
        "person_key": addresses.person_key(name, birth_date.isoformat()),
        "address_key": addresses.address_key(address),
    }


def _check_open(round: Round, today: datetime.date) -> None:
    if today < round.opens_on:
        raise ValidationError(_("아직 신청 기간이 아닙니다. %(day)s부터 신청할 수 있습니다.") % {"day": round.opens_on})
    if today > round.closes_on:
        raise ValidationError(_("신청 기간이 끝났습니다 (마감 %(day)s).") % {"day": round.closes_on})


def _duplicate(person_key: str, address_key: str) -> ValidationError | None:
    active = Application.objects.filter(status__in=ACTIVE_STATUSES)
    same_person = active.filter(person_key=person_key).first()
    if same_person is not None:
        return ValidationError(
            _("이미 도어지킴이를 신청했거나 이용 중입니다(현재 상태: %(status)s). 한 사람은 하나만 신청할 수 있습니다.")
            % {"status": same_person.get_status_display()}
        )
    if active.filter(address_key=address_key).exists():
        return ValidationError(
            _("이 주소로 이미 도어지킴이를 신청했거나 이용 중입니다. 한 주소에는 하나만 설치할 수 있습니다.")
        )
    return None


def _create(*, round: Round, user, entered_by, channel: str, cleaned: dict, paper_consent_on=None, consents=()):
    duplicate = _duplicate(cleaned["person_key"], cleaned["address_key"])
    if duplicate is not None:
        raise duplicate
    application = Application(
        round=round,
        user=user,
        entered_by=entered_by,
        channel=channel,
        status="",
        submitted_at=timezone.now(),
        paper_consent_on=paper_consent_on,
        high_risk_area=False,
        **cleaned,
    )
    try:
        with transaction.atomic():
            _move(application, S.SUBMITTED, actor=entered_by or user, reason="")
    except IntegrityError:
        # Two submissions at the same moment: the partial unique indexes let only one through.
        raise ValidationError(_("이미 도어지킴이를 신청했거나 이 주소로 신청이 접수되어 있습니다.")) from None
    if consents:
        application.consents.set(consents)
    return application


def apply(
    *,
    user,
    round: Round,
    name: str,
    phone: str,
    birth_date,
    sex: str,
    address: str,
    district: District,
    housing_type: str,
    facts: Mapping[str, Any] | None,
    consent_text_ids: Iterable[int],
    latitude: float | None = None,
    longitude: float | None = None,
) -> Application:
    """신청 (online): a signed-in resident applies for the round.

    Refused with a Korean ``ValidationError`` and nothing stored: outside the application period,
    under 18, an address outside Seoul or in another district than the one chosen, not eligible by
    the round's rule (the failed criteria are listed), a district without a quota, a person or an
    address that already has an active application or subscription, or without agreeing to both
    current consent texts (수집·이용, 제3자 제공 to the security company).
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("로그인한 회원만 신청할 수 있습니다."))
    today = timezone.localdate()
    _check_open(round, today)
    cleaned = _clean_inputs(
        round=round,
        name=name,
        phone=phone,
        birth_date=birth_date,
        sex=sex,
        address=address,
        district=district,
        housing_type=housing_type,
        facts=facts,
        latitude=latitude,
        longitude=longitude,
        today=today,
    )
    consent_text_ids = list(consent_text_ids or [])
    with transaction.atomic():
        if not DistrictQuota.objects.filter(round=round, district=district).exists():
            raise ValidationError(_("이 자치구는 이번 차수의 정원이 정해지지 않았습니다."))
        # An account is one person, whatever name or birth date is typed on the form.
        own = Application.objects.filter(user=user, status__in=ACTIVE_STATUSES).first()
        if own is not None:
            raise ValidationError(
                _(
                    "이미 도어지킴이를 신청했거나 이용 중입니다(현재 상태: %(status)s). 한 사람은 하나만 신청할 수 있습니다."
                )
                % {"status": own.get_status_display()}
            )
        consents = []
        if consent_text_ids:
            consents = give_consents(user=user, purpose=ConsentPurpose.DOORGUARD, text_ids=consent_text_ids)
        if not has_current_consent(user, ConsentPurpose.DOORGUARD):
            raise ValidationError(
                _("개인정보 수집·이용과 보안업체 제3자 제공에 모두 동의해야 도어지킴이를 신청할 수 있습니다.")
            )
        return _create(
            round=round, user=user, entered_by=None, channel=Channel.ONLINE, cleaned=cleaned, consents=consents
        )


def enter_paper_application(
    *,
    actor,
    round: Round,
    channel: str = Channel.PAPER,
    name: str,
    phone: str,
    birth_date,
    sex: str,
    address: str,
    district: District,
    housing_type: str,
    facts: Mapping[str, Any] | None,
    paper_consent_on: datetime.date | None,
    user=None,
) -> Application:
    """방문·전화 접수: a 자치구 담당자 enters an application taken on paper or by phone.

    The same checks as ``apply``; consent is the signed paper form, whose date is required.
    """
    if not isinstance(district, District):
        raise ValidationError({"district": [_("서울시 25개 자치구 중 거주 자치구를 선택해 주세요.")]})
    _require(
        actor,
        "doorguard.review_application",
        district_holder(district),
        _("담당 자치구의 신청만 대신 입력할 수 있습니다."),
    )
    if channel not in (Channel.PAPER, Channel.PHONE):
        raise ValidationError(_("대리 입력은 방문(서면) 또는 전화 접수만 할 수 있습니다."))
    today = timezone.localdate()
    if paper_consent_on is None:
        raise ValidationError(
            {"paper_consent_on": [_("개인정보 수집·이용과 제3자 제공 서면 동의서를 받은 날짜를 입력해 주세요.")]}
        )
    if paper_consent_on > today:
        raise ValidationError({"paper_consent_on": [_("서면 동의일은 오늘보다 뒤일 수 없습니다.")]})
    _check_open(round, today)
    cleaned = _clean_inputs(
        round=round,
        name=name,
        phone=phone,
        birth_date=birth_date,
        sex=sex,
        address=address,
        district=district,
        housing_type=housing_type,
        facts=facts,
        latitude=None,
        longitude=None,
        today=today,
    )
    with transaction.atomic():
        if not DistrictQuota.objects.filter(round=round, district=district).exists():
            raise ValidationError(_("이 자치구는 이번 차수의 정원이 정해지지 않았습니다."))
        return _create(
            round=round,
            user=user,
            entered_by=actor,
            channel=channel,
            cleaned=cleaned,
            paper_consent_on=paper_consent_on,
        )


@dataclass(frozen=True)
class _DistrictHolder:
    district_id: str


def district_holder(district: District) -> _DistrictHolder:
    """Something in ``district`` for the permission rules, before any application row exists."""
    return _DistrictHolder(district.pk)


# --- district review -------------------------------------------------------------------------


def _review_denied() -> str:
    return _("담당 자치구의 신청만 처리할 수 있습니다.")


def start_review(*, actor, application: Application) -> Application:
    """검토 시작: the district official takes the application up (documents, eligibility)."""
    _require(actor, "doorguard.review_application", application, _review_denied())
    with transaction.atomic():
        _quota, locked = _lock(application)
        _move(locked, S.REVIEWING, actor=actor)
    return locked


def set_priority_facts(
    *, actor, application: Application, committee_score=None, high_risk_area: bool | None = None
) -> Application:
    """선정심의 점수 (0–100) and 범죄 취약지역 as the district records them before selection."""
    _require(actor, "doorguard.review_application", application, _review_denied())
    if committee_score is not None:
        try:
            committee_score = Decimal(str(committee_score))
        except InvalidOperation:
            raise ValidationError({"committee_score": [_("선정심의 점수는 숫자여야 합니다.")]}) from None
        if not Decimal(0) <= committee_score <= Decimal(100):
            raise ValidationError({"committee_score": [_("선정심의 점수는 0~100점이어야 합니다.")]})
    with transaction.atomic():
        _quota, locked = _lock(application)
        if locked.status not in (*PENDING_STATUSES, S.WAITLISTED):
            raise ValidationError(_("선정 전의 신청에만 점수를 매길 수 있습니다."))
        if committee_score is not None:
            locked.committee_score = committee_score
        if high_risk_area is not None:
            locked.high_risk_area = high_risk_area
        locked.save(update_fields=["committee_score", "high_risk_area", "updated_at"])
    return locked


def select(*, actor, application: Application, reason: str = "") -> Application:
    """선정: take one of the district's places; refused when the quota is full."""
    _require(actor, "doorguard.review_application", application, _review_denied())
    with transaction.atomic():
        quota_row, locked = _lock(application)
        _select_locked(quota_row, locked, actor=actor, reason=reason)
    return locked


def waitlist(*, actor, application: Application, reason: str = "") -> Application:
    """대기: put the application at the end of the district's waiting list."""
    _require(actor, "doorguard.review_application", application, _review_denied())
    with transaction.atomic():
        quota_row, locked = _lock(application)
        _waitlist_locked(quota_row, locked, actor=actor, reason=reason)
    return locked


def reject(*, actor, application: Application, reason: str) -> Application:
    """미선정: refuse with a reason the resident is told."""
    _require(actor, "doorguard.review_application", application, _review_denied())
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("미선정 사유를 입력해 주세요. 신청인에게 안내됩니다.")]})
    with transaction.atomic():
        _quota, locked = _lock(application)
        _move(locked, S.REJECTED, actor=actor, reason=reason)
    return locked


@dataclass
class BulkResult:
    selected: list[Application] = field(default_factory=list)
    # (application id, Korean reason) for those left as they were.
    skipped: list[tuple[int, str]] = field(default_factory=list)


def bulk_select(*, actor, round: Round, district: District, application_ids: Iterable[int]) -> BulkResult:
    """일괄 선정: select the given applications in the order given, as far as the district's places go.

    The quota row is locked for the whole batch, so officials approving at the same time queue
    and the places are never over-filled; applications beyond the places (or no longer pending)
    are left unchanged and reported back in ``skipped``.
    """
    _require(actor, "doorguard.review_application", district_holder(district), _review_denied())
    ids = list(dict.fromkeys(int(pk) for pk in application_ids))
    result = BulkResult()
    with transaction.atomic():
        quota_row = _lock_quota(round.pk, district.pk)
        rows = {
            row.pk: row
            for row in Application.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk__in=ids, round=round, district=district)
            .order_by("pk")
        }
        for pk in ids:
            application = rows.get(pk)
            if application is None:
                result.skipped.append((pk, _("이 자치구·차수의 신청이 아닙니다.")))
            elif application.status not in (*PENDING_STATUSES, S.WAITLISTED):
                result.skipped.append(
                    (pk, _("이미 처리된 신청입니다(%(s)s).") % {"s": application.get_status_display()})
                )
            elif quota_row.filled >= quota_row.quota:
                result.skipped.append((pk, _("정원이 모두 찼습니다.")))
            else:
                _select_locked(quota_row, application, actor=actor)
                result.selected.append(application)
    return result


@dataclass
class SelectionRun:
    selected: list[Application] = field(default_factory=list)
    waitlisted: list[Application] = field(default_factory=list)


def run_selection(*, actor, round: Round, district: District) -> SelectionRun:
    """대상자 선정: rank every pending application by the district's method and priorities, select up to
    the places left and put the rest on the waiting list in ranking order (after those already on it).

    A district can hold thousands of applications, so the moves are written in bulk: one counter
    update for the places, ``bulk_update`` of the applications, ``bulk_create`` of their history
    rows, and every resident's notification queued in one go once the transaction commits. The
    quota row stays locked throughout, and no more are selected than the places left.
    """
    _require(actor, "doorguard.review_application", district_holder(district), _review_denied())
    run = SelectionRun()
    with transaction.atomic():
        quota_row = _lock_quota(round.pk, district.pk)
        pending = {
            row.pk: row
            for row in Application.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(round=round, district=district, status__in=PENDING_STATUSES)
            .order_by("pk")
        }
        reference = timezone.localdate()
        from anshim.eligibility.facts import age_at

        candidates = [
            selection.Candidate(
                id=row.pk,
                submitted_at=row.submitted_at,
                female=row.sex == Sex.F,
                age=age_at(row.birth_date, reference),
                housing_type=row.housing_type,
                high_risk_area=row.high_risk_area,
                committee_score=float(row.committee_score) if row.committee_score is not None else None,
            )
            for row in pending.values()
        ]
        choice = selection.choose(
            candidates, places=quota_row.places_left, method=quota_row.method, weights=quota_row.weights()
        )
        if not choice.selected and not choice.waitlisted:
            return run
        if choice.selected and quota_row.round.partner_id is None:
            raise ValidationError(
                _("이 차수의 협약 보안업체가 정해지지 않아 선정할 수 없습니다. 서울시에 문의해 주세요.")
            )
        if len(choice.selected) > quota_row.places_left:  # choose() never does this; the database would refuse it too
            raise ValidationError(_("남은 정원보다 많이 선정할 수 없습니다."))
        last = (
            Application.objects.filter(
                round_id=quota_row.round_id, district_id=quota_row.district_id, waitlist_position__isnull=False
            ).aggregate(last=Max("waitlist_position"))["last"]
            or 0
        )
        now = timezone.now()
        actor_row = _actor_or_none(actor)
        moved: list[Application] = []
        events: list[ApplicationEvent] = []

        def move(ranked, to_status: str) -> Application:
            application = pending[ranked.candidate.id]
            if to_status not in TRANSITIONS[application.status]:
                raise ValidationError(
                    _("‘%(from)s’ 상태의 신청은 ‘%(to)s’(으)로 바꿀 수 없습니다.")
                    % {"from": S(application.status).label, "to": S(to_status).label}
                )
            events.append(
                ApplicationEvent(
                    application=application,
                    from_status=application.status,
                    to_status=to_status,
                    actor=actor_row,
                    reason=_("우선순위 %(rank)d위") % {"rank": ranked.rank},
                )
            )
            application.status = to_status
            application.reason = events[-1].reason
            application.score = ranked.score
            application.updated_at = now
            moved.append(application)
            return application

        for ranked in choice.selected:
            application = move(ranked, S.SELECTED)
            application.partner_id = quota_row.round.partner_id
            application.waitlist_position = None
            run.selected.append(application)
        for ranked in choice.waitlisted:
            application = move(ranked, S.WAITLISTED)
            last += 1
            application.waitlist_position = last
            run.waitlisted.append(application)
        if run.selected:
            DistrictQuota.objects.filter(pk=quota_row.pk).update(filled=F("filled") + len(run.selected))
            quota_row.filled += len(run.selected)
        _bulk_write_moves(moved)
        ApplicationEvent.objects.bulk_create(events, batch_size=500)
        transaction.on_commit(partial(_send_all, [_message_for(a, e) for a, e in zip(moved, events, strict=True)]))
    return run


_MOVE_FIELDS = ("status", "reason", "partner", "waitlist_position", "score", "updated_at")


def _bulk_write_moves(applications: list[Application]) -> None:
    """Write the moved applications' status fields with one prepared UPDATE run for every row.

    ``bulk_update`` builds a CASE expression per field and row, which takes seconds for a few
    thousand rows; ``executemany`` of one parametrised statement is the same writes, fast on
    SQLite and PostgreSQL alike. Values go through each field's own database preparation.
    """
    from django.db import connection

    meta = Application._meta
    fields = [meta.get_field(name) for name in _MOVE_FIELDS]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Only model metadata (table and column names, quoted) goes into the text; values are parameters.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(application, field.attname), connection) for field in fields] + [application.pk]
        for application in applications
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _message_for(application: Application, event: ApplicationEvent) -> dict:
    # Without a primary key back from the database (old SQLite), the key still names one move only once.
    key = (
        f"doorguard:{event.pk}"
        if event.pk
        else f"doorguard:{application.pk}:{event.to_status}:{application.updated_at:%s%f}"
    )
    return {
        "user": application.user,
        "phone": application.phone,
        "key": key,
        "context": {
            "subject_label": SUBJECT_LABEL,
            "status_label": str(S(event.to_status).label),
            "name": application.name,
            "reason": event.reason,
        },
    }


def _send_all(messages: list[dict]) -> None:
    """Queue many residents' notifications with one bulk insert and batched delivery tasks."""
    from anshim.notifications.services import notify_many

    result = notify_many([_resident_message(**message) for message in messages])
    for key, reason in result.refused.items():
        # A missing or broken contact never undoes a decision already committed.
        logger.warning("도어지킴이 notification %s not queued: %s", key, reason)


def cancel_application(*, actor, application: Application, reason: str = "") -> Application:
    """신청 취소 before installation, by the resident or the district; a held place goes to the waiting list."""
    _require(actor, "doorguard.act_as_resident", application, _("본인이나 담당 자치구만 신청을 취소할 수 있습니다."))
    with transaction.atomic():
        quota_row, locked = _lock(application)
        held = locked.holds_place
        _move(locked, S.CANCELLED, actor=actor, reason=reason or _("신청 취소"))
        Installation.objects.filter(application=locked, status=InstallationStatus.SCHEDULED).update(
            status=InstallationStatus.CANCELLED
        )
        if held:
            _free_place(quota_row, actor=actor)
    return locked


# --- the security company ----------------------------------------------------------------------


def _install_denied() -> str:
    return _("선정된 가구 중 우리 업체에 배정된 가구만 처리할 수 있습니다.")


def schedule_installation(*, actor, application: Application, scheduled_for: datetime.datetime) -> Installation:
    """방문 예약 (or a new date): the company books the visit; a previous booking is replaced."""
    _require(actor, "doorguard.install", application, _install_denied())
    if timezone.is_naive(scheduled_for):
        scheduled_for = timezone.make_aware(scheduled_for)
    if scheduled_for < timezone.now():
        raise ValidationError({"scheduled_for": [_("방문 일시는 지금 이후여야 합니다.")]})
    with transaction.atomic():
        _quota, locked = _lock(application)
        if locked.status not in (S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED):
            raise ValidationError(
                _("‘%(status)s’ 상태의 가구는 방문을 예약할 수 없습니다.") % {"status": locked.get_status_display()}
            )
        Installation.objects.filter(application=locked, status=InstallationStatus.SCHEDULED).update(
            status=InstallationStatus.CANCELLED
        )
        installation = Installation.objects.create(
            application=locked,
            partner_id=locked.partner_id,
            status=InstallationStatus.SCHEDULED,
            scheduled_for=scheduled_for,
            recorded_by=actor,
        )
        local = timezone.localtime(scheduled_for)
        _move(locked, S.SCHEDULED, actor=actor, reason=_("방문 예정: %(when)s") % {"when": f"{local:%Y-%m-%d %H:%M}"})
    return installation


def _open_installation(application: Application) -> Installation:
    installation = (
        Installation.objects.select_for_update(of=("self",))
        .filter(application=application, status=InstallationStatus.SCHEDULED)
        .first()
    )
    if installation is None:
        raise ValidationError(_("예약된 방문이 없습니다. 먼저 방문을 예약해 주세요."))
    return installation


def record_installation(*, actor, application: Application, installed_at: datetime.datetime) -> Subscription:
    """설치 완료: the visit is recorded and the subscription starts on the installation day."""
    _require(actor, "doorguard.install", application, _install_denied())
    if timezone.is_naive(installed_at):
        installed_at = timezone.make_aware(installed_at)
    if installed_at > timezone.now():
        raise ValidationError({"installed_at": [_("설치일시는 미래일 수 없습니다.")]})
    with transaction.atomic():
        _quota, locked = _lock(application)
        installation = _open_installation(locked)
        if timezone.localdate(installed_at) < timezone.localdate(locked.submitted_at):
            raise ValidationError({"installed_at": [_("설치일이 신청일보다 앞설 수 없습니다.")]})
        installation.status = InstallationStatus.INSTALLED
        installation.installed_at = installed_at
        installation.recorded_by = actor
        installation.save(update_fields=["status", "installed_at", "recorded_by"])
        _move(locked, S.INSTALLED, actor=actor)
        return _start_subscription(locked, start_date=timezone.localdate(installed_at))


def record_installation_failure(*, actor, application: Application, reason: str) -> Installation:
    """설치 실패 with its reason; the company may book again, or the district may cancel."""
    _require(actor, "doorguard.install", application, _install_denied())
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("설치하지 못한 사유를 입력해 주세요.")]})
    with transaction.atomic():
        _quota, locked = _lock(application)
        installation = _open_installation(locked)
        installation.status = InstallationStatus.FAILED
        installation.failure_reason = reason[:500]
        installation.recorded_by = actor
        installation.save(update_fields=["status", "failure_reason", "recorded_by"])
        _move(locked, S.INSTALL_FAILED, actor=actor, reason=reason)
    return installation


def _start_subscription(application: Application, *, start_date: datetime.date) -> Subscription:
    round_ = application.round
    return Subscription.objects.create(
        application=application,
        district_id=application.district_id,
        partner_id=application.partner_id,
        person_key=application.person_key,
        address_key=application.address_key,
        status=SubscriptionStatus.ACTIVE,
        start_date=start_date,
        term_end=settlement.term_last_day(start_date, round_.term_months),
        monthly_price=round_.monthly_price,
        city_share=round_.city_share,
        resident_share=round_.resident_share,
        subsidy_months=round_.subsidy_months,
    )


# --- subscriptions -------------------------------------------------------------------------


def _end_subscription(
    *, actor, subscription: Subscription, status: str, last_day: datetime.date, fee: int, reason: str
) -> Subscription:
    application = subscription.application
    quota_row, locked_app = _lock(application)
    locked = Subscription.objects.select_for_update(of=("self",)).get(pk=subscription.pk)
    if locked.status != SubscriptionStatus.ACTIVE:
        raise ValidationError(_("이미 끝난 이용입니다(%(s)s).") % {"s": locked.get_status_display()})
    if last_day < locked.start_date:
        raise ValidationError(
            {"ended_on": [_("이용 마지막 날은 이용 시작일(%(d)s) 이후여야 합니다.") % {"d": locked.start_date}]}
        )
    if last_day > locked.term_end:
        raise ValidationError(
            {"ended_on": [_("이용 마지막 날은 약정 종료일(%(d)s) 이전이어야 합니다.") % {"d": locked.term_end}]}
        )
    locked.status = status
    locked.ended_on = last_day
    locked.fee = fee
    locked.end_reason = reason[:500]
    locked.save(update_fields=["status", "ended_on", "fee", "end_reason"])
    _move(locked_app, S.ENDED, actor=actor, reason=reason)
    _free_place(quota_row, actor=actor)
    return locked


def cancel_subscription(
    *, actor, subscription: Subscription, ended_on: datetime.date, reason: str = ""
) -> Subscription:
    """중도해지: the service ends on ``ended_on``; the agreement's early-cancellation fee applies before
    the term's end. The place goes to the next on the waiting list."""
    _require(actor, "doorguard.act_as_resident", subscription, _("본인이나 담당 자치구만 해지할 수 있습니다."))
    with transaction.atomic():
        round_ = subscription.application.round
        fee = round_.early_cancel_fee if ended_on < subscription.term_end else 0
        return _end_subscription(
            actor=actor,
            subscription=subscription,
            status=SubscriptionStatus.CANCELLED,
            last_day=ended_on,
            fee=fee,
            reason=reason or _("중도해지"),
        )


def move_subscription(*, actor, subscription: Subscription, moved_on: datetime.date, reason: str = "") -> Subscription:
    """주소이전: the household moved out on ``moved_on``; the agreement's moving fee applies and the
    place is freed. Service at a new address is a new application (in the new district's round)."""
    _require(
        actor, "doorguard.act_as_resident", subscription, _("본인이나 담당 자치구만 주소이전을 처리할 수 있습니다.")
    )
    with transaction.atomic():
        round_ = subscription.application.round
        return _end_subscription(
            actor=actor,
            subscription=subscription,
            status=SubscriptionStatus.MOVED,
            last_day=moved_on,
            fee=round_.move_fee,
            reason=reason or _("주소이전"),
        )


def end_finished_subscriptions(*, today: datetime.date | None = None) -> int:
    """약정 종료: close every subscription whose term ended before ``today`` (a daily batch job)."""
    today = today or timezone.localdate()
    ended = 0
    for subscription in Subscription.objects.filter(
        status=SubscriptionStatus.ACTIVE, term_end__lt=today
    ).select_related("application"):
        with transaction.atomic():
            _end_subscription(
                actor=None,
                subscription=subscription,
                status=SubscriptionStatus.ENDED,
                last_day=subscription.term_end,
                fee=0,
                reason=_("약정 기간 종료"),
            )
        ended += 1
    return ended


# --- settlement ----------------------------------------------------------------------------


def confirm_settlement(*, actor, round: Round, district: District, year: int, month: int) -> Settlement:
    """정산 확정: freeze the district's figures for a finished month (what it sends to the city)."""
    from anshim.doorguard.selectors import settlement_for

    _require(actor, "doorguard.settle", district_holder(district), _("담당 자치구의 정산만 확정할 수 있습니다."))
    if not 1 <= month <= 12:
        raise ValidationError(_("정산월이 올바르지 않습니다."))
    first, last = settlement.month_bounds(year, month)
    if last >= timezone.localdate():
        raise ValidationError(_("끝나지 않은 달은 정산을 확정할 수 없습니다."))
    figures = settlement_for(round, year, month, districts=[district.pk]).districts[district.pk]
    try:
        with transaction.atomic():
            return Settlement.objects.create(
                round=round,
                district=district,
                month=first,
                active_subscriptions=figures.active_subscriptions,
                subsidised_subscriptions=figures.subsidised_subscriptions,
                billed=figures.billed,
                subsidy=figures.subsidy,
                resident_share=figures.resident_share,
                fees=figures.fees,
                confirmed_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("%(month)s 정산은 이미 확정되었습니다.") % {"month": f"{year}년 {month}월"}) from None
