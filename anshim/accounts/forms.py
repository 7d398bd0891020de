"""Forms for accounts: agreeing to consent texts, confirming withdrawal (탈퇴)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.accounts.models import ConsentText, User
from anshim.accounts.selectors import current_consent_texts

WITHDRAW_PHRASE = "탈퇴합니다"


class ConsentForm(forms.Form):
    """One required checkbox per consent text in force for ``purpose``, named ``consent_<text pk>``.

    Render it with ``{% include "accounts/_consent_fields.html" %}`` (context variable ``consent_form``)
    inside the page's own <form>; give ``accepted_text_ids()`` to ``services.give_consents``.
    """

    def __init__(self, *, purpose: str, data=None, prefix=None):
        super().__init__(data=data, prefix=prefix)
        self.purpose = purpose
        self._texts = current_consent_texts(purpose)
        for text in self._texts:
            self.fields[self.field_name(text)] = forms.BooleanField(
                label=gettext("[필수] %(title)s") % {"title": text.title},
                required=True,
                error_messages={"required": gettext("‘%(title)s’에 동의해야 합니다.") % {"title": text.title}},
            )

    @staticmethod
    def field_name(text: ConsentText) -> str:
        return f"consent_{text.pk}"

    @property
    def texts(self) -> list[ConsentText]:
        return self._texts

    def text_fields(self):
        """(text, bound field) pairs in the order the texts are shown."""
        return [(text, self[self.field_name(text)]) for text in self._texts]

    def accepted_text_ids(self) -> list[int]:
        """The texts ticked in a valid form (all of them, since each is required)."""
        if not self.is_valid():
            return []
        return [text.pk for text in self._texts if self.cleaned_data.get(self.field_name(text))]


class WithdrawForm(forms.Form):
    """탈퇴 확인: the password, or for an account signed up through Kakao or Naver, the typed phrase."""

    password = forms.CharField(
        label=_("비밀번호"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(label=_("확인 문구"), required=False, max_length=20)

    def __init__(self, *, user: User, data=None):
        super().__init__(data=data)
        self.user = user
        if self.uses_password:
            del self.fields["confirmation"]
        else:
            del self.fields["password"]

    @property
    def uses_password(self) -> bool:
        return self.user.has_usable_password()

    def clean_password(self):
        password = self.cleaned_data.get("password") or ""
        if not password:
            raise forms.ValidationError(gettext("탈퇴하려면 비밀번호를 입력해 주세요."))
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext("비밀번호가 맞지 않습니다."))
        return password

    def clean_confirmation(self):
        typed = (self.cleaned_data.get("confirmation") or "").strip()
        if typed != WITHDRAW_PHRASE:
            raise forms.ValidationError(gettext("‘%(phrase)s’를 그대로 입력해 주세요.") % {"phrase": WITHDRAW_PHRASE})
        return typed
