"""The 내 정보 form: name, phone and the notification choice (the facts are the questionnaire's own fields)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from anshim.accounts import profile_services


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("이름"), required=False, max_length=200)
    phone = forms.CharField(label=_("휴대전화"), required=False, max_length=40)
    notify_new_policies = forms.BooleanField(label=_("새로 맞는 지원제도 알림 받기"), required=False)

    def __init__(self, *args, has_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_email = has_email

    def clean_name(self):
        return profile_services.clean_name(self.cleaned_data.get("name"))

    def clean_phone(self):
        return profile_services.clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify_new_policies") and not cleaned.get("phone") and not self.has_email:
            raise ValidationError(_("알림을 받으려면 휴대전화 번호를 적거나 이메일을 등록해 주세요."))
        return cleaned
