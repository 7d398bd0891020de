"""내 정보: saving and clearing a citizen's eligibility facts, and telling them when a policy now fits.

The facts are the questionnaire's (``anshim.catalog.match``): the same questions, the same parsing
and the same validation, stored as the JSON of ``Facts.as_dict``. Nothing is stored without the
current PROFILE consent, and a person who withdrew it or opted out is never written to.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from anshim.accounts.models import Consent, ConsentPurpose, Profile, User
from anshim.accounts.phones import normalise_mobile
from anshim.accounts.selectors import current_consent_texts, has_current_consent
from anshim.accounts.services import give_consents
from anshim.catalog import match as questionnaire
from anshim.catalog.models import Policy, PolicyRule, RuleStatus
from anshim.eligibility import FactError, Facts, Outcome, Population, Rule, RuleError, evaluate_population
from anshim.notifications.exceptions import NotificationError
from anshim.notifications.models import Channel
from anshim.notifications.services import notify

logger = logging.getLogger(__name__)

NAME_MAX_CHARS = User._meta.get_field("name").max_length
# Profiles are evaluated this many at a time: one NumPy pass per batch keeps memory flat.
BATCH_SIZE = 2_000


# --- saving and clearing ---------------------------------------------------------------------


def clean_name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if len(name) > NAME_MAX_CHARS:
        raise ValidationError(_("이름은 %(max)s자 이하로 적어 주세요.") % {"max": NAME_MAX_CHARS}, code="too_long")
    return name


def clean_phone(value: Any) -> str:
    """A mobile number as stored everywhere (010-1234-5678), or "" when none is given."""
    text = str(value or "").strip()
    return normalise_mobile(text) if text else ""


def save_profile(
    *,
    user: User,
    facts: Mapping[str, Any],
    name: str,
    phone: str,
    notify_new_policies: bool,
    consent_text_ids: list[int] | None = None,
) -> Profile:
    """Store the person's facts, name, phone and notification choice, in one transaction.

    ``facts`` are raw answers (validated again here with ``clean_facts``); ``consent_text_ids`` are
    the PROFILE consent texts ticked on the page. Without the current PROFILE consent nothing is saved.
    """
    today = timezone.localdate()
    try:
        cleaned = questionnaire.facts_from_answers(facts, today).as_dict()
    except FactError as exc:
        raise ValidationError([error["message"] for error in exc.errors], code="invalid_facts") from None
    name, phone = clean_name(name), clean_phone(phone)
    with transaction.atomic():
        if consent_text_ids:
            give_consents(user=user, purpose=ConsentPurpose.PROFILE, text_ids=consent_text_ids)
        if not has_current_consent(user, ConsentPurpose.PROFILE):
            raise ValidationError(
                _(
                    "내 정보를 저장하려면 개인정보 수집·이용에 동의해 주세요. 동의하지 않으면 아무것도 저장하지 않습니다."
                ),
                code="consent_required",
            )
        User.objects.filter(pk=user.pk).update(name=name, phone=phone)
        user.name, user.phone = name, phone
        profile, _created = Profile.objects.update_or_create(
            user=user, defaults={"facts": cleaned, "notify_new_policies": bool(notify_new_policies)}
        )
    return profile


def clear_profile(*, user: User) -> bool:
    """삭제: forget the person's facts and their notification choice. True when there was something to delete."""
    with transaction.atomic():
        deleted, _rows = Profile.objects.filter(user=user).delete()
    return bool(deleted)


# --- who may be told ---------------------------------------------------------------------------


def notifiable_profiles():
    """Profiles that asked for new-policy messages, of active people holding the current PROFILE consent.

    The same rule as ``selectors.has_current_consent``, as one query: every current text agreed, none withdrawn.
    """
    texts = current_consent_texts(ConsentPurpose.PROFILE)
    if not texts:
        return Profile.objects.none()
    consenting = (
        Consent.objects.filter(text__in=texts, withdrawn_at__isnull=True, user__isnull=False)
        .values("user_id")
        .annotate(agreed=Count("text_id", distinct=True))
        .filter(agreed=len(texts))
        .values("user_id")
    )
    return (
        Profile.objects.filter(notify_new_policies=True, user__is_active=True, user_id__in=consenting)
        .exclude(facts={})
        .select_related("user")
        .order_by("pk")
    )


def channel_for(user: User) -> str | None:
    """문자 when a phone is set, else email; None when the person left neither."""
    if user.phone:
        return Channel.SMS
    if user.email:
        return Channel.EMAIL
    return None


# --- a policy now fits --------------------------------------------------------------------------


@dataclass(frozen=True)
class FitsRun:
    """What one run of the policy-fits check did."""

    checked: int = 0
    newly_eligible: int = 0
    notified: int = 0


def _batches(profiles, today: datetime.date) -> Iterator[list[tuple[Profile, Facts]]]:
    batch: list[tuple[Profile, Facts]] = []
    for profile in profiles.iterator(chunk_size=BATCH_SIZE):
        try:
            facts = questionnaire.facts_from_answers(profile.facts, today)
        except FactError:
            # Stored facts are validated on save; a birth date that later became impossible is skipped.
            logger.warning("Profile %s has facts that no longer validate", profile.pk)
            continue
        batch.append((profile, facts))
        if len(batch) >= BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _period(policy: Policy) -> str:
    if policy.apply_start or policy.apply_end:
        start, end = (
            f"{day.year}. {day.month}. {day.day}." if day else "" for day in (policy.apply_start, policy.apply_end)
        )
        period = f"{start} ~ {end}".strip()
        return f"{period} ({policy.period_note})" if policy.period_note else period
    return policy.period_note or _("상시")


def previous_rule(rule: PolicyRule) -> PolicyRule | None:
    """The version that was in force before ``rule``: the newest earlier version that was ever published."""
    return (
        PolicyRule.objects.filter(policy_id=rule.policy_id, version__lt=rule.version, published_at__isnull=False)
        .order_by("-version")
        .first()
    )


def notify_policy_fits(*, rule_id: int, policy_is_new: bool = False, today: datetime.date | None = None) -> FitsRun:
    """Tell every opted-in, consenting person whom a newly published rule makes 대상 and the previous
    version did not (everyone it makes 대상 when the policy itself is new), once per person and version.

    All profiles are evaluated with the NumPy population evaluator, both versions in one pass per
    batch of ``BATCH_SIZE``: one sweep over columns instead of a Python call per person and rule, so
    the cost stays flat when tens of thousands of people have opted in. Running it again sends nothing
    more: each message's key is ``policy-fits:<user>:<rule>``.
    """
    today = today or timezone.localdate()
    rule = PolicyRule.objects.select_related("policy").filter(pk=rule_id).first()
    if rule is None or rule.status != RuleStatus.PUBLISHED or not rule.policy.is_published:
        # Retired again, or the policy is hidden: nobody should hear about it now.
        return FitsRun()
    rules: dict[str, Rule] = {}
    try:
        rules["now"] = Rule(rule.definition)
        before = None if policy_is_new else previous_rule(rule)
        if before is not None:
            rules["before"] = Rule(before.definition)
    except RuleError:
        logger.exception("Published rule %s does not validate", rule.pk)
        return FitsRun()

    policy = rule.policy
    context = {
        "policy_title": policy.title,
        "summary": policy.summary,
        "period": _period(policy),
        "url": policy.get_absolute_url(),
    }
    checked = newly = sent = 0
    for batch in _batches(notifiable_profiles(), today):
        checked += len(batch)
        outcomes = evaluate_population(rules, Population.from_facts([facts for _, facts in batch]), today)
        fits = outcomes["now"] == Outcome.ELIGIBLE
        if "before" in outcomes:
            fits &= outcomes["before"] != Outcome.ELIGIBLE
        for row in np.flatnonzero(fits):
            newly += 1
            user = batch[row][0].user
            if _send(user, rule, context):
                sent += 1
    return FitsRun(checked=checked, newly_eligible=newly, notified=sent)


def _send(user: User, rule: PolicyRule, context: dict[str, str]) -> bool:
    channel = channel_for(user)
    if channel is None:
        return False
    try:
        with transaction.atomic():
            notify(
                user=user,
                channel=channel,
                template="policy_fits",
                context={**context, "name": user.name},
                key=f"policy-fits:{user.pk}:{rule.pk}",
            )
    except NotificationError:
        # One unusable address must not keep the message from everyone else.
        logger.warning("Could not queue policy-fits message for user %s", user.pk, exc_info=True)
        return False
    return True


def enqueue_policy_fits(*, rule_id: int, policy_is_new: bool = False) -> None:
    """Queue the policy-fits check to run once the current transaction commits (a rolled-back
    publication tells nobody)."""
    # Imported here: the task module imports this one.
    from anshim.accounts.tasks import notify_policy_fits_task

    transaction.on_commit(partial(notify_policy_fits_task.enqueue, rule_id, policy_is_new))
