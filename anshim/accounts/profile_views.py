"""내 정보 (/mypage/profile/): the facts the eligibility engine uses, name, phone and new-policy alerts.

The facts are asked with the questionnaire's own questions (``anshim.catalog.match``: labels, help,
parsing and validation); a POST either saves everything, or nothing and answers 400 with messages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from anshim.accounts import profile_services
from anshim.accounts.forms import ConsentForm
from anshim.accounts.models import ConsentPurpose, Profile
from anshim.accounts.profile_forms import ProfileForm
from anshim.accounts.ratelimits import limit_submits
from anshim.accounts.selectors import consents_for_user, has_current_consent
from anshim.catalog import match as questionnaire
from anshim.catalog.rule_selectors import check_person
from anshim.eligibility import FactError, Outcome
from anshim.eligibility.facts import BASE_FACTS

# Every fact a person can enter, in questionnaire order.
QUESTIONS = list(BASE_FACTS)


def _stored_profile(user) -> Profile | None:
    return Profile.objects.filter(user=user).first()


def _matches(profile: Profile | None, today):
    """(대상 policies, 확인 필요 count) for the saved facts, with the /policies/match/ evaluation."""
    if profile is None or not profile.facts:
        return [], 0
    try:
        facts = questionnaire.facts_from_answers(profile.facts, today)
    except FactError:
        return [], 0
    groups = {group.outcome: group for group in questionnaire.group_results(check_person(facts, today))}
    return groups[Outcome.ELIGIBLE].items, groups[Outcome.UNKNOWN].count


def _render(request, *, profile, form, consent_form, values, errors, error="", status=200):
    today = timezone.localdate()
    fields = questionnaire.build_fields(QUESTIONS, values=values, errors=errors, deciding={}, today=today)
    eligible, unknown = _matches(profile, today)
    consent = None
    if consent_form is None:
        consent = next(
            (c for c in consents_for_user(request.user) if c.text.purpose == ConsentPurpose.PROFILE and c.is_active),
            None,
        )
    context = {
        "profile": profile,
        "form": form,
        "consent_form": consent_form,
        "consent": consent,
        "fields": fields,
        "field_errors": [f for f in fields if f.error],
        "error": error,
        "eligible": eligible,
        "unknown_count": unknown,
    }
    return render(request, "accounts/profile.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@limit_submits
def profile(request):
    user = request.user
    stored = _stored_profile(user)
    needs_consent = not has_current_consent(user, ConsentPurpose.PROFILE)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            return _delete(request)
        return _save(request, stored, needs_consent)
    answers = stored.facts if stored else {}
    form = ProfileForm(
        has_email=bool(user.email),
        initial={
            "name": user.name,
            "phone": user.phone,
            "notify_new_policies": stored.notify_new_policies if stored else False,
        },
    )
    return _render(
        request,
        profile=stored,
        form=form,
        consent_form=ConsentForm(purpose=ConsentPurpose.PROFILE) if needs_consent else None,
        values={name: questionnaire.stored_text(name, answers, answers) for name in QUESTIONS},
        errors={},
    )


def _save(request, stored, needs_consent):
    today = timezone.localdate()
    user = request.user
    form = ProfileForm(request.POST, has_email=bool(user.email))
    consent_form = ConsentForm(purpose=ConsentPurpose.PROFILE, data=request.POST) if needs_consent else None
    values = {name: request.POST.get(name, "") for name in QUESTIONS}
    errors: dict[str, str] = {}
    answers: dict = {}
    try:
        answers = questionnaire.apply_step({}, QUESTIONS, request.POST, today)
    except questionnaire.StepError as exc:
        errors = exc.errors
    form_ok = form.is_valid()
    consent_ok = consent_form is None or consent_form.is_valid()
    error = ""
    if not consent_ok:
        error = _(
            "내 정보를 저장하려면 개인정보 수집·이용에 동의해 주세요. 동의하지 않으면 아무것도 저장하지 않습니다."
        )
    if not errors and form_ok and consent_ok:
        try:
            profile_services.save_profile(
                user=user,
                facts=answers,
                name=form.cleaned_data["name"],
                phone=form.cleaned_data["phone"],
                notify_new_policies=form.cleaned_data["notify_new_policies"],
                consent_text_ids=consent_form.accepted_text_ids() if consent_form is not None else None,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("내 정보를 저장했습니다."))
            return redirect("accounts:profile")
    elif not error:
        error = _("입력한 내용을 확인해 주세요. 아무것도 저장하지 않았습니다.")
    return _render(
        request,
        profile=stored,
        form=form,
        consent_form=consent_form,
        values=values,
        errors=errors,
        error=error,
        status=400,
    )


def _delete(request):
    if profile_services.clear_profile(user=request.user):
        messages.success(request, _("저장한 조건을 모두 지웠습니다. 새 지원제도 알림도 더 이상 보내지 않습니다."))
    else:
        messages.info(request, _("지울 조건이 없습니다."))
    return redirect("accounts:profile")
