"""Forms of the security company's pages: the work-list filters and the three visit records."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.doorguard.models import ApplicationStatus
from anshim.geo.selectors import all_districts

S = ApplicationStatus
WORK_STATUSES = (S.SELECTED, S.SCHEDULED, S.INSTALL_FAILED)
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class AccessibleMixin:
    """Inputs carry the page's input class, and a field with an error points at it (aria-describedby)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "dg-input")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                described = [f"{bound.auto_id}-error"]
                if self.fields[name].help_text:
                    described.insert(0, f"{bound.auto_id}-help")
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": " ".join(described)})


class AccessibleForm(AccessibleMixin, forms.Form):
    pass


class WorklistFilterForm(forms.Form):
    district = forms.ChoiceField(label=_("자치구"), required=False)
    status = forms.ChoiceField(
        label=_("상태"),
        required=False,
        choices=[("", _("전체"))] + [(s.value, s.label) for s in WORK_STATUSES],
        error_messages={"invalid_choice": _("상태를 목록에서 골라 주세요.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("전체"))] + [(d.code, d.name) for d in all_districts()]
        self.fields["district"].error_messages["invalid_choice"] = _("자치구를 목록에서 골라 주세요.")


def _visit_field(label, required_message):
    return forms.DateTimeField(
        label=label,
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": required_message,
            "invalid": _("날짜와 시각을 YYYY-MM-DD HH:MM 형식으로 입력해 주세요."),
        },
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ScheduleForm(AccessibleForm):
    scheduled_for = _visit_field(_("방문 예정일시"), _("방문 예정일시를 입력해 주세요."))

    def clean_scheduled_for(self):
        value = self.cleaned_data["scheduled_for"]
        if value < timezone.now():
            raise forms.ValidationError(_("방문 일시는 지금 이후여야 합니다. 지난 시각으로는 예약할 수 없습니다."))
        return value


class InstalledForm(AccessibleForm):
    installed_at = _visit_field(_("설치일시"), _("설치한 날짜와 시각을 입력해 주세요."))

    def clean_installed_at(self):
        value = self.cleaned_data["installed_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("설치일시는 미래일 수 없습니다."))
        return value


class FailureForm(AccessibleForm):
    reason = forms.CharField(
        label=_("설치하지 못한 사유"),
        max_length=500,
        error_messages={
            "required": _("설치하지 못한 사유를 입력해 주세요."),
            "max_length": _("사유는 500자까지 입력할 수 있습니다."),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
