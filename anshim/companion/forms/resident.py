"""Forms of the resident's 병원 안심동행 pages and of the call centre's phone booking.

The form only turns what was typed into the arguments of ``services.book``; every rule of the
version in force (hours, window, limits, bars, similar care) is checked by the service.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anshim.companion import rules as booking_rules
from anshim.companion.models import Skill
from anshim.companion.services import MAX_MINUTES, MIN_MINUTES
from anshim.doorguard.addresses import OTHER_REGIONS
from anshim.geo.boundaries import district_centroid
from anshim.geo.districts import BY_NAME
from anshim.geo.selectors import all_districts

DURATION_STEP = 30
DEFAULT_MINUTES = 120
OUTSIDE_SEOUL = _("출발지(집) 주소가 서울시 밖입니다. 서울시 안의 주소만 이용할 수 있습니다.")


def duration_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return gettext("%(hours)d시간") % {"hours": hours}
    if not hours:
        return gettext("%(minutes)d분") % {"minutes": rest}
    return gettext("%(hours)d시간 %(minutes)d분") % {"hours": hours, "minutes": rest}


def duration_choices() -> list[tuple[int, str]]:
    return [(m, duration_label(m)) for m in range(MIN_MINUTES, MAX_MINUTES + 1, DURATION_STEP)]


def care_choices() -> list[tuple[str, str]]:
    # The labels live in the pure rules module (no gettext there); they are translated here.
    return [(code, gettext(label)) for code, label in booking_rules.CARE_LABELS.items()]


def _text_input(**attrs):
    return forms.TextInput(attrs={"class": "krds-input", **attrs})


class BookingForm(forms.Form):
    """예약하기: who is accompanied, where from and to, when, for how long, and what help is needed."""

    client_name = forms.CharField(
        label=_("이용자 이름"),
        max_length=50,
        error_messages={"required": _("이용자 이름을 입력해 주세요.")},
        widget=_text_input(autocomplete="name"),
    )
    client_phone = forms.CharField(
        label=_("이용자 휴대전화"),
        max_length=20,
        error_messages={"required": _("이용자 휴대전화 번호를 입력해 주세요.")},
        widget=_text_input(autocomplete="tel", inputmode="tel"),
    )
    district = forms.ChoiceField(
        label=_("출발지 자치구"),
        error_messages={
            "required": _("출발지(집)의 자치구를 골라 주세요."),
            "invalid_choice": _("서울시 25개 자치구 가운데에서 골라 주세요."),
        },
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    pickup_address = forms.CharField(
        label=_("출발지(집) 주소"),
        max_length=200,
        error_messages={"required": _("출발지(집) 주소를 입력해 주세요.")},
        widget=_text_input(autocomplete="street-address"),
    )
    hospital_name = forms.CharField(
        label=_("병원 이름"),
        max_length=100,
        error_messages={"required": _("병원 이름을 입력해 주세요.")},
        widget=_text_input(),
    )
    hospital_address = forms.CharField(label=_("병원 주소"), max_length=200, required=False, widget=_text_input())
    service_date = forms.DateField(
        label=_("이용 날짜"),
        error_messages={
            "required": _("이용 날짜를 골라 주세요."),
            "invalid": _("날짜를 2025-03-04처럼 입력해 주세요."),
        },
        widget=forms.DateInput(attrs={"type": "date", "class": "krds-input"}, format="%Y-%m-%d"),
    )
    pickup_time = forms.TimeField(
        label=_("출발(만남) 시각"),
        error_messages={
            "required": _("출발(만남) 시각을 입력해 주세요."),
            "invalid": _("시각을 09:30처럼 입력해 주세요."),
        },
        widget=forms.TimeInput(attrs={"type": "time", "class": "krds-input"}, format="%H:%M"),
    )
    appointment_time = forms.TimeField(
        label=_("진료 예약 시각"),
        error_messages={
            "required": _("진료 예약 시각을 입력해 주세요."),
            "invalid": _("시각을 09:30처럼 입력해 주세요."),
        },
        widget=forms.TimeInput(attrs={"type": "time", "class": "krds-input"}, format="%H:%M"),
    )
    expected_minutes = forms.TypedChoiceField(
        label=_("예상 이용 시간"),
        coerce=int,
        initial=DEFAULT_MINUTES,
        error_messages={"invalid_choice": _("예상 이용 시간을 목록에서 골라 주세요.")},
        widget=forms.Select(attrs={"class": "krds-form-select"}),
    )
    needs = forms.MultipleChoiceField(
        label=_("필요한 지원"),
        choices=Skill.choices,
        required=False,
        error_messages={"invalid_choice": _("필요한 지원을 목록에서 골라 주세요.")},
        widget=forms.CheckboxSelectMultiple,
    )
    lives_alone = forms.BooleanField(label=_("혼자 살고 있습니다(1인가구)"), required=False)
    similar_care = forms.MultipleChoiceField(
        label=_("지금 받고 있는 돌봄 서비스"),
        required=False,
        error_messages={"invalid_choice": _("돌봄 서비스를 목록에서 골라 주세요.")},
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("연락받을 사람(선택)"), max_length=50, required=False, widget=_text_input())
    contact_phone = forms.CharField(
        label=_("연락처(선택)"), max_length=20, required=False, widget=_text_input(inputmode="tel")
    )
    notes = forms.CharField(
        label=_("요청 사항"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", gettext("자치구 선택"))] + [(d.pk, d.name) for d in all_districts()]
        self.fields["expected_minutes"].choices = duration_choices()
        self.fields["similar_care"].choices = care_choices()

    def clean_pickup_address(self):
        address = self.cleaned_data["pickup_address"].strip()
        first = address.split()[0] if address.split() else ""
        if any(first.startswith(region) for region in OTHER_REGIONS):
            raise forms.ValidationError(OUTSIDE_SEOUL)
        return address

    def clean(self):
        data = super().clean()
        code, address = data.get("district"), data.get("pickup_address")
        if code and address:
            names = {d.pk: d.name for d in all_districts()}
            compact = address.replace(" ", "")
            named = [name for name in BY_NAME if name in compact]
            if named and names[code] not in named:
                self.add_error(
                    "pickup_address",
                    gettext("주소의 자치구(%(named)s)가 고른 자치구(%(chosen)s)와 다릅니다.")
                    % {"named": named[0], "chosen": names[code]},
                )
        day, pickup, appointment = data.get("service_date"), data.get("pickup_time"), data.get("appointment_time")
        if day and pickup and appointment:
            data["pickup_at"] = timezone.make_aware(datetime.datetime.combine(day, pickup))
            data["appointment_at"] = timezone.make_aware(datetime.datetime.combine(day, appointment))
        return data

    def booking_arguments(self) -> dict:
        """Keyword arguments of ``services.book`` from the cleaned form (the pick-up point is the
        district's representative point: the address is not geocoded)."""
        data = self.cleaned_data
        lat, lon = district_centroid(data["district"])
        return {
            "client_name": data["client_name"],
            "client_phone": data["client_phone"],
            "pickup_address": data["pickup_address"],
            "pickup_lat": lat,
            "pickup_lon": lon,
            "hospital_name": data["hospital_name"],
            "hospital_address": data["hospital_address"],
            "appointment_at": data["appointment_at"],
            "pickup_at": data["pickup_at"],
            "expected_minutes": data["expected_minutes"],
            "needs": data["needs"],
            "contact_name": data["contact_name"],
            "contact_phone": data["contact_phone"],
            "notes": data["notes"],
            "lives_alone": data["lives_alone"],
            "similar_care": data["similar_care"],
        }


class PhoneBookingForm(BookingForm):
    """전화 접수: the caller has no account; their agreement is given on the phone and ticked here."""

    verbal_consent = forms.BooleanField(
        label=_("전화로 개인정보 수집·이용과 운영기관 제공에 대한 동의를 받았습니다"),
        error_messages={"required": _("전화로 개인정보 수집·이용과 운영기관 제공 동의를 받았는지 확인해 주세요.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_name"].label = _("전화한 분(이용자) 이름")
        self.fields["client_phone"].label = _("전화한 분(이용자) 휴대전화")


class EstimateForm(forms.Form):
    """The fee-estimate query: the date decides the rule version, the minutes the fee."""

    service_date = forms.DateField(required=False)
    expected_minutes = forms.IntegerField(min_value=MIN_MINUTES, max_value=MAX_MINUTES)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("취소 사유"),
        max_length=500,
        error_messages={
            "required": _("취소 사유를 입력해 주세요."),
            "max_length": _("취소 사유는 500자까지 입력할 수 있습니다."),
        },
        widget=forms.Textarea(attrs={"rows": 3, "class": "krds-input"}),
    )
