"""Forms for 참여프로그램 신청 and for centre staff acting on sign-ups."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anshim.accounts.phones import normalise_mobile


class SignupForm(forms.Form):
    name = forms.CharField(
        label=_("이름"),
        max_length=50,
        error_messages={"required": _("이름을 입력해 주세요."), "max_length": _("이름은 50자까지 입력할 수 있습니다.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("휴대전화"),
        max_length=20,
        error_messages={
            "required": _("휴대전화 번호를 입력해 주세요."),
            "max_length": _("휴대전화 번호를 010-1234-5678 형식으로 입력해 주세요."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self):
        try:
            return normalise_mobile(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ReasonForm(forms.Form):
    """A stated reason: for unmasking personal data, exporting it, or cancelling someone's sign-up."""

    reason = forms.CharField(
        label=_("사유"),
        max_length=500,
        error_messages={
            "required": _("사유를 입력해 주세요."),
            "max_length": _("사유는 500자까지 입력할 수 있습니다."),
        },
    )
