"""Forms for the 자치구 담당자's 도어지킴이 pages: queue filters, decisions, priority facts, paper entry, settlement month."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anshim.doorguard.models import ApplicationStatus, Channel, HousingType, Sex
from anshim.eligibility.facts import FACTS, Kind

# "pending" (접수 + 검토 중) is what the queue is for; the rest lets the official look back.
STATUS_CHOICES = [("pending", _("선정 전(접수·검토 중)")), ("all", _("전체 상태")), *ApplicationStatus.choices]
PRIORITY_CHOICES = [
    ("female", _("여성")),
    ("older", _("고령")),
    ("gosiwon", _("고시원·쪽방 거주")),
    ("basement", _("반지하·옥탑 거주")),
    ("high_risk_area", _("범죄 취약지역")),
]
CHANNEL_CHOICES = [("", _("전체 경로")), *Channel.choices]
SORT_CHOICES = [("", _("선정 방식 기준")), ("score", _("우선순위 점수 높은 순")), ("submitted", _("신청 먼저 한 순"))]
_NUMBER = re.compile(r"(?:DG-?)?0*([0-9]{1,9})", re.IGNORECASE)


def application_number(pk: int) -> str:
    """신청번호 as officials read it out on the phone: DG-000123."""
    return f"DG-{pk:06d}"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("상태"),
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("상태 값 ‘%(value)s’은(는) 고를 수 없는 값입니다.")},
    )
    priority = forms.MultipleChoiceField(
        label=_("우선순위 항목"),
        choices=PRIORITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("우선순위 항목 ‘%(value)s’은(는) 고를 수 없는 값입니다.")},
    )
    channel = forms.ChoiceField(
        label=_("접수 경로"),
        choices=CHANNEL_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("접수 경로 ‘%(value)s’은(는) 고를 수 없는 값입니다.")},
    )
    q = forms.CharField(label=_("신청번호"), required=False, max_length=20)
    sort = forms.ChoiceField(
        label=_("정렬"),
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("정렬 방식 ‘%(value)s’은(는) 고를 수 없는 값입니다.")},
    )

    def clean_q(self):
        raw = (self.cleaned_data.get("q") or "").strip()
        if not raw:
            return None
        match = _NUMBER.fullmatch(raw)
        if not match:
            raise forms.ValidationError(_("신청번호는 DG-000123 또는 숫자로 입력해 주세요."))
        return int(match.group(1))


class ReasonForm(forms.Form):
    """A stated reason: for unmasking, for an unmasked export, for a rejection."""

    reason = forms.CharField(
        label=_("사유"),
        max_length=500,
        error_messages={
            "required": _("사유를 입력해 주세요."),
            "max_length": _("사유는 500자까지 입력할 수 있습니다."),
        },
    )


class DecisionForm(forms.Form):
    ACTIONS = [
        ("review", _("검토 시작")),
        ("select", _("선정")),
        ("waitlist", _("대기자 등록")),
        ("reject", _("미선정")),
    ]
    action = forms.ChoiceField(
        choices=ACTIONS,
        error_messages={
            "required": _("처리할 내용을 골라 주세요."),
            "invalid_choice": _("알 수 없는 처리입니다."),
        },
    )
    reason = forms.CharField(
        label=_("처리 사유"),
        max_length=500,
        required=False,
        error_messages={"max_length": _("사유는 500자까지 입력할 수 있습니다.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("미선정 사유를 입력해 주세요. 신청인에게 안내됩니다."))
        return cleaned


class PriorityFactsForm(forms.Form):
    committee_score = forms.DecimalField(
        label=_("선정심의 점수(0~100)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": _("선정심의 점수는 숫자여야 합니다."),
            "min_value": _("선정심의 점수는 0~100점이어야 합니다."),
            "max_value": _("선정심의 점수는 0~100점이어야 합니다."),
            "max_digits": _("선정심의 점수는 0~100점이어야 합니다."),
            "max_decimal_places": _("선정심의 점수는 소수점 둘째 자리까지 입력할 수 있습니다."),
        },
    )
    high_risk_area = forms.BooleanField(label=_("범죄 취약지역"), required=False)


class BulkSelectForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": _("선정할 신청을 하나 이상 골라 주세요."),
            "invalid_choice": _("신청 번호가 올바르지 않습니다."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any whole number is accepted here; whether it is this district's application is the service's call.
        values = self.data.getlist("applications") if hasattr(self.data, "getlist") else []
        self.fields["applications"].choices = [(v, v) for v in values if re.fullmatch(r"[0-9]{1,9}", v or "")]


class MonthForm(forms.Form):
    year = forms.IntegerField(
        label=_("연도"),
        min_value=2021,
        max_value=2100,
        error_messages={
            "required": _("연도를 입력해 주세요."),
            "invalid": _("연도는 숫자로 입력해 주세요."),
            "min_value": _("연도는 2021년부터 고를 수 있습니다."),
            "max_value": _("연도가 올바르지 않습니다."),
        },
    )
    month = forms.IntegerField(
        label=_("월"),
        min_value=1,
        max_value=12,
        error_messages={
            "required": _("월을 입력해 주세요."),
            "invalid": _("월은 1~12 사이의 숫자로 입력해 주세요."),
            "min_value": _("월은 1~12 사이의 숫자로 입력해 주세요."),
            "max_value": _("월은 1~12 사이의 숫자로 입력해 주세요."),
        },
    )


def previous_month(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


YES_NO = [("", _("선택")), ("yes", _("예")), ("no", _("아니오"))]
# Facts entered in their own fields (or derived), never as a rule fact field.
_OWN_FIELDS = {"birth_date", "age", "sex", "district"}


class PaperApplicationForm(forms.Form):
    """방문·전화 접수: the applicant's details as written on the paper form; the round's rule adds its fact fields."""

    channel = forms.ChoiceField(
        label=_("접수 경로"),
        choices=[(Channel.PAPER, Channel.PAPER.label), (Channel.PHONE, Channel.PHONE.label)],
        error_messages={"required": _("접수 경로를 골라 주세요."), "invalid_choice": _("접수 경로를 골라 주세요.")},
    )
    name = forms.CharField(label=_("이름"), max_length=50, error_messages={"required": _("이름을 입력해 주세요.")})
    phone = forms.CharField(
        label=_("휴대전화"),
        max_length=20,
        error_messages={"required": _("휴대전화 번호를 입력해 주세요.")},
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    birth_date = forms.DateField(
        label=_("생년월일"),
        error_messages={
            "required": _("생년월일을 입력해 주세요."),
            "invalid": _("생년월일을 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sex = forms.ChoiceField(
        label=_("성별"),
        choices=[("", _("선택 안 함")), *Sex.choices],
        required=False,
        error_messages={"invalid_choice": _("성별을 다시 선택해 주세요.")},
    )
    address = forms.CharField(label=_("주소"), max_length=200, error_messages={"required": _("주소를 입력해 주세요.")})
    housing_type = forms.ChoiceField(
        label=_("주택 유형"),
        choices=[("", _("선택")), *HousingType.choices],
        error_messages={"required": _("주택 유형을 선택해 주세요."), "invalid_choice": _("주택 유형을 선택해 주세요.")},
    )
    paper_consent_on = forms.DateField(
        label=_("서면 동의일"),
        help_text=_("개인정보 수집·이용과 보안업체 제3자 제공 동의서에 서명한 날"),
        error_messages={
            "required": _("개인정보 수집·이용과 제3자 제공 서면 동의서를 받은 날짜를 입력해 주세요."),
            "invalid": _("서면 동의일을 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, fact_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fact_fields = []
        for name in sorted(set(fact_names) - _OWN_FIELDS):
            spec = FACTS.get(name)
            if spec is None or spec.is_derived:
                continue
            label = spec.label
            if spec.kind is Kind.BOOL:
                field = forms.ChoiceField(
                    label=label,
                    choices=YES_NO,
                    error_messages={
                        "required": _("‘%(label)s’을(를) 골라 주세요.") % {"label": label},
                        "invalid_choice": _("‘%(label)s’을(를) 골라 주세요.") % {"label": label},
                    },
                )
            elif spec.kind is Kind.ENUM:
                field = forms.ChoiceField(
                    label=label,
                    choices=[("", _("선택")), *spec.choices],
                    error_messages={
                        "required": _("‘%(label)s’을(를) 골라 주세요.") % {"label": label},
                        "invalid_choice": _("‘%(label)s’을(를) 골라 주세요.") % {"label": label},
                    },
                )
            elif spec.kind in (Kind.INT, Kind.MONEY):
                field = forms.IntegerField(
                    label=label,
                    min_value=0,
                    error_messages={
                        "required": _("‘%(label)s’을(를) 입력해 주세요.") % {"label": label},
                        "invalid": _("‘%(label)s’은(는) 숫자로 입력해 주세요.") % {"label": label},
                        "min_value": _("‘%(label)s’은(는) 0 이상이어야 합니다.") % {"label": label},
                    },
                )
            else:
                continue
            key = f"fact_{name}"
            self.fields[key] = field
            self.fact_fields.append(key)

    def facts(self) -> dict:
        out = {}
        for key in self.fact_fields:
            value = self.cleaned_data.get(key)
            name = key.removeprefix("fact_")
            if value in ("yes", "no"):
                value = value == "yes"
            if value not in ("", None):
                out[name] = value
        return out

    def fact_bound_fields(self):
        return [self[key] for key in self.fact_fields]
