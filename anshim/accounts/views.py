"""마이페이지 for citizens: their sign-ups, notifications and consents, and 회원 탈퇴."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anshim.accounts import selectors, services
from anshim.accounts.forms import WITHDRAW_PHRASE, WithdrawForm
from anshim.accounts.models import Consent
from anshim.accounts.ratelimits import limit_submits
from anshim.portal.paging import BadPage, paginate
from anshim.programs.selectors import signups_for_user

NOTIFICATIONS_PER_PAGE = 10


@require_GET
@login_required
def mypage(request):
    context = {
        "signups": signups_for_user(request.user),
        "consents": selectors.consents_for_user(request.user),
        "error": "",
    }
    try:
        context["page_obj"] = paginate(request, selectors.notifications_for_user(request.user), NOTIFICATIONS_PER_PAGE)
    except BadPage as exc:
        context.update(error=str(exc), page_obj=None)
        return render(request, "accounts/mypage.html", context, status=400)
    return render(request, "accounts/mypage.html", context)


@require_POST
@login_required
@limit_submits
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(Consent.objects.select_related("text"), pk=pk, user=request.user)
    if consent.withdrawn_at is None:
        services.withdraw_consent(user=request.user, consent=consent)
        messages.success(request, _("‘%(title)s’ 동의를 철회했습니다.") % {"title": consent.text.title})
    return redirect(reverse("accounts:mypage") + "#consents")


@require_http_methods(["GET", "POST"])
@login_required
@limit_submits
def withdraw(request):
    """회원 탈퇴: confirm with the password (or the typed phrase for Kakao/Naver accounts), then erase and sign out."""
    form = WithdrawForm(user=request.user, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            return redirect("accounts:withdrawn")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/withdraw.html", {"form": form, "phrase": WITHDRAW_PHRASE}, status=status)


@require_GET
def withdrawn(request):
    if request.user.is_authenticated:
        return redirect("accounts:mypage")
    return render(request, "accounts/withdrawn.html")
