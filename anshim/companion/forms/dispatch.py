"""Forms for the agency's coordinators, the companions' phone page and the settlement (병원 안심동행)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.companion.models import Task

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class DayForm(forms.Form):
    """The dispatch board's day (and, for the city, which agency)."""

    day = forms.DateField(label=_("날짜"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    agency = forms.IntegerField(label=_("운영기관"), required=False, min_value=1)

    def clean_day(self):
        return self.cleaned_data.get("day") or timezone.localdate()


class MonthForm(forms.Form):
    month = forms.CharField(label=_("정산 월"), required=False, max_length=7)
    agency = forms.IntegerField(label=_("운영기관"), required=False, min_value=1)

    def clean_month(self) -> tuple[int, int]:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            today = timezone.localdate()
            return today.year, today.month
        match = _MONTH.match(raw)
        if not match or not 1 <= int(match.group(2)) <= 12 or not 2021 <= int(match.group(1)) <= 2100:
            raise ValidationError(_("정산 월을 2026-05처럼 입력해 주세요."))
        return int(match.group(1)), int(match.group(2))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("취소 사유"), max_length=500)
    client_request = forms.BooleanField(label=_("이용자가 취소를 요청했습니다"), required=False)
    on_site = forms.BooleanField(label=_("현장 취소(동행매니저가 출발한 뒤)"), required=False)


class IncomeForm(forms.Form):
    year = forms.IntegerField(label=_("적용 연도"), min_value=2021, max_value=2100)
    household_size = forms.IntegerField(label=_("가구원 수"), min_value=1, max_value=10)
    monthly_income = forms.IntegerField(label=_("월 소득인정액(원)"), min_value=0, max_value=100_000_000)


class RecordForm(forms.Form):
    """The companion's service record; times are on the booking's day (a use never crosses midnight: 07–20)."""

    met_at = forms.TimeField(label=_("만난 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hospital_arrived_at = forms.TimeField(
        label=_("병원 도착 시각"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    returned_at = forms.TimeField(label=_("귀가 시각"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    hospital = forms.CharField(label=_("방문한 병원"), max_length=100, required=False)
    tasks = forms.MultipleChoiceField(
        label=_("한 일"), choices=Task.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("특이 사항"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, day: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.day = day

    def at(self, name: str) -> datetime.datetime | None:
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.day, value))
