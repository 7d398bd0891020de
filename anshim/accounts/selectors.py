"""Reads for accounts: the consent texts in force and what a person has agreed to."""

from django.db.models import QuerySet
from django.utils import timezone

from anshim.accounts.models import Consent, ConsentKind, ConsentText, User


def current_consent_texts(purpose: str) -> list[ConsentText]:
    """The texts a person must agree to now for ``purpose``: the latest version in force of each kind."""
    latest: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(purpose=purpose, effective_from__lte=timezone.now()).order_by(
        "kind", "-version"
    ):
        latest.setdefault(text.kind, text)
    kind_order = list(ConsentKind.values)
    return sorted(latest.values(), key=lambda text: kind_order.index(text.kind))


def has_current_consent(user: User, purpose: str) -> bool:
    """Whether ``user`` agreed to every current text for ``purpose`` and withdrew none of those agreements.

    False when no text is in force: nothing can be collected without a notice to agree to.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    texts = current_consent_texts(purpose)
    if not texts:
        return False
    agreed = set(
        Consent.objects.filter(user=user, text__in=texts, withdrawn_at__isnull=True).values_list("text_id", flat=True)
    )
    return all(text.pk in agreed for text in texts)


def consents_for_user(user: User) -> QuerySet[Consent]:
    """Every consent the person gave, newest first, withdrawn ones included (동의 내역)."""
    return Consent.objects.filter(user=user).select_related("text").order_by("-given_at", "-pk")


def notifications_for_user(user: User):
    """받은 알림: the messages sent (or to be sent) to the person, newest first."""
    from anshim.notifications.models import Notification

    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")
