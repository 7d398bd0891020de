"""Forms of the resident's 도어지킴이 pages: the application and the three actions on it.

The application form asks exactly the facts the round's rule reads (besides the person's own
fields), so a new round with another rule needs no code change. Forms only check shape; the
rules (age, Seoul, duplicates, eligibility, consent) are ``services.apply``'s.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.doorguard.models import HousingType, Sex
from anshim.eligibility.facts import FACTS, Kind
from anshim.eligibility.rules import as_rule
from anshim.geo.models import District

# Facts the form asks through the person's own fields (or computes from them).
PERSON_FACTS = frozenset({"birth_date", "age", "sex", "district"})
YES, NO = "yes", "no"
# How the form asks for the facts residents are most often asked, as a question.
QUESTIONS = {
    "lives_alone": _("혼자 살고 있나요? (1인가구)"),
    "registered_in_seoul": _("서울시에 주민등록이 되어 있나요?"),
    "home_wifi": _("집에 와이파이(무선 인터넷)가 있나요?"),
    "housing_tenure": _("집은 자가인가요, 임차인가요?"),
}
HINTS = {
    "home_wifi": _("현관 카메라가 와이파이로 연결되어 집에 와이파이가 있어야 설치할 수 있습니다."),
    "housing_tenure": _("전세·월세·고시원처럼 빌려 사는 집인지 확인합니다."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def asked_facts(rule) -> list[str]:
    """The facts of ``rule`` the form asks directly, derived ones replaced by what they are computed from."""
    names: set[str] = set()
    for name in as_rule(rule).fact_names:
        spec = FACTS[name]
        names.update(spec.derived_from or (name,))
    return sorted(names - PERSON_FACTS, key=list(FACTS).index)


def fact_field_name(fact: str) -> str:
    return f"fact_{fact}"


def _fact_field(fact: str) -> forms.Field:
    spec = FACTS[fact]
    label = QUESTIONS.get(fact, spec.label)
    required = {"required": gettext("‘%(label)s’에 답해 주세요.") % {"label": spec.label}}
    help_text = HINTS.get(fact, "")
    if spec.kind is Kind.BOOL:
        return forms.ChoiceField(
            label=label,
            choices=[(YES, _("예")), (NO, _("아니요"))],
            widget=forms.RadioSelect,
            error_messages=required,
            help_text=help_text,
        )
    if spec.kind is Kind.ENUM:
        return forms.ChoiceField(
            label=label,
            choices=[("", _("선택해 주세요")), *spec.choices],
            error_messages=required,
            help_text=help_text,
        )
    if spec.kind is Kind.DATE:
        return forms.DateField(label=label, widget=DateInput, error_messages=required, help_text=help_text)
    unit = gettext("원") if spec.kind is Kind.MONEY else spec.unit
    return forms.IntegerField(
        label=f"{label} ({unit})" if unit else label,
        min_value=spec.minimum,
        max_value=spec.maximum,
        error_messages=required,
        help_text=help_text,
    )


class ApplyForm(forms.Form):
    """신청서: the person, the address, the facts the round's rule needs and the priority facts."""

    name = forms.CharField(label=_("이름"), max_length=50, error_messages={"required": _("이름을 입력해 주세요.")})
    phone = forms.CharField(
        label=_("휴대전화"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("휴대전화 번호를 입력해 주세요.")},
    )
    birth_date = forms.DateField(
        label=_("생년월일"),
        widget=DateInput(attrs={"autocomplete": "bday"}),
        error_messages={
            "required": _("생년월일을 입력해 주세요."),
            "invalid": _("생년월일을 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
    )
    sex = forms.ChoiceField(
        label=_("성별"),
        required=False,
        choices=[("", _("답하지 않음")), *Sex.choices],
    )
    district = forms.ModelChoiceField(
        label=_("거주 자치구"),
        queryset=District.objects.order_by("name"),
        empty_label=_("자치구를 선택해 주세요"),
        error_messages={
            "required": _("서울시 25개 자치구 중 거주 자치구를 선택해 주세요."),
            "invalid_choice": _("서울시 25개 자치구 중 거주 자치구를 선택해 주세요."),
        },
    )
    address = forms.CharField(
        label=_("주소(도로명, 동·호수까지)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"required": _("주소를 입력해 주세요.")},
    )
    housing_type = forms.ChoiceField(
        label=_("주택 유형"),
        choices=[("", _("선택해 주세요")), *HousingType.choices],
        error_messages={"required": _("주택 유형을 선택해 주세요.")},
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.facts = asked_facts(round.rule)
        for fact in self.facts:
            self.fields[fact_field_name(fact)] = _fact_field(fact)

    def person_fields(self):
        return [self[name] for name in ("name", "phone", "birth_date", "sex")]

    def address_fields(self):
        return [self[name] for name in ("district", "address", "housing_type")]

    def fact_fields(self):
        return [self[fact_field_name(fact)] for fact in self.facts]

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def eligibility_facts(self) -> dict:
        """The cleaned answers as raw eligibility facts for ``services.apply``."""
        facts = {}
        for fact in self.facts:
            value = self.cleaned_data.get(fact_field_name(fact))
            if value in (None, ""):
                continue
            if FACTS[fact].kind is Kind.BOOL:
                value = value == YES
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            facts[fact] = value
        return facts

    @classmethod
    def initial_for(cls, user, round) -> dict:
        """Pre-filled answers: the account's name and phone and the facts kept in 내 정보."""
        initial = {"name": user.name, "phone": user.phone}
        profile = getattr(user, "profile", None)  # a missing 내 정보 raises a subclass of AttributeError
        facts = dict(getattr(profile, "facts", None) or {})
        if facts.get("birth_date"):
            initial["birth_date"] = facts["birth_date"]
        if facts.get("sex") in Sex.values:
            initial["sex"] = facts["sex"]
        if facts.get("district"):
            initial["district"] = facts["district"]
        for fact in asked_facts(round.rule):
            if fact in facts:
                value = facts[fact]
                if FACTS[fact].kind is Kind.BOOL:
                    value = YES if value else NO
                initial[fact_field_name(fact)] = value
        return initial


class CancelApplicationForm(forms.Form):
    reason = forms.CharField(
        label=_("취소 사유"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("취소 사유를 입력해 주세요.")},
    )


def _not_before_today(day: datetime.date, message: str) -> datetime.date:
    if day < timezone.localdate():
        raise forms.ValidationError(message)
    return day


class CancelSubscriptionForm(forms.Form):
    """중도해지: the last day of service, why, and a tick that the fee shown was read."""

    ended_on = forms.DateField(
        label=_("이용 마지막 날"),
        widget=DateInput,
        error_messages={
            "required": _("이용 마지막 날을 입력해 주세요."),
            "invalid": _("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
    )
    reason = forms.CharField(
        label=_("해지 사유"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("위 해지 비용을 확인했고 해지를 신청합니다."),
        error_messages={"required": _("해지 비용을 확인했다고 표시해 주세요.")},
    )

    def clean_ended_on(self):
        return _not_before_today(self.cleaned_data["ended_on"], gettext("이용 마지막 날은 오늘 이후여야 합니다."))


class MoveForm(forms.Form):
    """주소이전: the new address, the moving day, and a tick that the fee shown was read."""

    new_address = forms.CharField(
        label=_("새 주소"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"required": _("이사할 새 주소를 입력해 주세요.")},
    )
    moved_on = forms.DateField(
        label=_("이사하는 날(현재 주소의 이용 마지막 날)"),
        widget=DateInput,
        error_messages={
            "required": _("이사하는 날을 입력해 주세요."),
            "invalid": _("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
    )
    confirm = forms.BooleanField(
        label=_("위 주소이전 비용을 확인했고 주소이전을 신청합니다."),
        error_messages={"required": _("주소이전 비용을 확인했다고 표시해 주세요.")},
    )
