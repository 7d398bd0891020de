"""Forms of the city's pages: a round (차수) and the split of its quota among the districts."""

from __future__ import annotations

import datetime
import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from anshim.accounts.models import Partner
from anshim.catalog.models import Policy
from anshim.catalog.rule_services import parse_definition
from anshim.doorguard import selection
from anshim.doorguard.forms.partner import AccessibleMixin
from anshim.doorguard.models import Round, SelectionMethod

ROUND_FIELDS = (
    "year",
    "name",
    "policy",
    "partner",
    "rule",
    "default_method",
    "priority_weights",
    "monthly_price",
    "market_price",
    "city_share",
    "resident_share",
    "subsidy_months",
    "term_months",
    "early_cancel_fee",
    "move_fee",
    "budget",
    "city_quota",
    "opens_on",
    "closes_on",
)


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


class RoundForm(AccessibleMixin, forms.ModelForm):
    """차수 등록·수정. The rule is checked by ``anshim.eligibility`` and every problem names its JSON path."""

    rule = forms.CharField(
        label=_("신청 자격(규칙 JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "dg-json", "spellcheck": "false"}),
        help_text=_(
            '예: {"all": [{"fact": "age", "op": "gte", "value": 18}, …]} — 오류는 $.all[0].op처럼 위치와 함께 알려 드립니다.'
        ),
        error_messages={"required": _("신청 자격 규칙(JSON)을 입력해 주세요.")},
    )
    priority_weights = forms.CharField(
        label=_("우선순위 가중치(JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "dg-json", "spellcheck": "false"}),
        help_text=_(
            "비우면 기본값을 씁니다. 항목: female(여성), older(고령), older_age(고령 기준 나이), gosiwon, basement, high_risk_area, committee"
        ),
    )
    opens_on = forms.DateField(
        label=_("신청 시작일"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("신청 시작일을 입력해 주세요."),
            "invalid": _("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
    )
    closes_on = forms.DateField(
        label=_("신청 마감일"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("신청 마감일을 입력해 주세요."),
            "invalid": _("날짜를 YYYY-MM-DD 형식으로 입력해 주세요."),
        },
    )

    class Meta:
        model = Round
        fields = ROUND_FIELDS

    def __init__(self, *args, locked: set[str] | frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(kind=Partner.Kind.SECURITY)
        self.fields["partner"].empty_label = _("(아직 정하지 않음)")
        self.fields["policy"].queryset = Policy.objects.filter(district__isnull=True).order_by("title")
        self.fields["policy"].empty_label = _("(연결하지 않음)")
        if self.instance.pk:
            self.initial["rule"] = _json_text(self.instance.rule)
            self.initial["priority_weights"] = (
                _json_text(self.instance.priority_weights) if self.instance.priority_weights else ""
            )
        else:
            self.initial.setdefault("rule", "")
        for name, field in self.fields.items():
            if name not in ("rule", "priority_weights", "opens_on", "closes_on"):
                field.error_messages["required"] = _t("%(label)s을(를) 입력해 주세요.") % {"label": field.label}
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _t("%(label)s은(는) 숫자로 입력해 주세요.") % {"label": field.label}
                field.error_messages["min_value"] = _t("%(label)s은(는) 0 이상이어야 합니다.") % {"label": field.label}
        for name in locked:
            if name in self.fields:
                self.fields[name].disabled = True
        self.locked = set(locked)

    def clean_rule(self):
        try:
            data, _rule = parse_definition(self.cleaned_data["rule"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return data

    def clean_priority_weights(self):
        text = (self.cleaned_data.get("priority_weights") or "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                _t("$: 올바른 JSON이 아닙니다 (%(line)d번째 줄 %(col)d번째 글자).")
                % {"line": exc.lineno, "col": exc.colno}
            ) from None
        try:
            selection.clean_weights(data)
        except selection.SelectionError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ROUND_FIELDS}


class QuotaForm(forms.Form):
    """정원 배분 by hand: one quota and one method per district; the sum must be the city quota."""

    def __init__(self, *args, round: Round, districts, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.districts = list(districts)
        for district in self.districts:
            row = current.get(district.code)
            self.fields[f"quota_{district.code}"] = forms.IntegerField(
                label=_t("%(name)s 정원") % {"name": district.name},
                min_value=0,
                initial=row["quota"] if row else 0,
                error_messages={
                    "required": _t("%(name)s 정원을 입력해 주세요.") % {"name": district.name},
                    "invalid": _t("%(name)s 정원은 0 이상의 정수로 입력해 주세요.") % {"name": district.name},
                    "min_value": _t("%(name)s 정원은 0 이상의 정수로 입력해 주세요.") % {"name": district.name},
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )
            self.fields[f"method_{district.code}"] = forms.ChoiceField(
                label=_t("%(name)s 선정 방식") % {"name": district.name},
                choices=SelectionMethod.choices,
                initial=row["method"] if row else round.default_method,
                error_messages={
                    "invalid_choice": _t("%(name)s 선정 방식을 다시 골라 주세요.") % {"name": district.name}
                },
            )

    def rows(self):
        for district in self.districts:
            yield district, self[f"quota_{district.code}"], self[f"method_{district.code}"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        total = sum(cleaned[f"quota_{d.code}"] for d in self.districts)
        off = total - self.round.city_quota
        if off > 0:
            raise forms.ValidationError(
                _t(
                    "자치구 정원의 합이 %(total)s명으로, 전체 정원 %(quota)s명보다 %(off)s명 많습니다. %(off)s명을 줄여 주세요."
                )
                % {"total": f"{total:,}", "quota": f"{self.round.city_quota:,}", "off": f"{off:,}"}
            )
        if off < 0:
            raise forms.ValidationError(
                _t(
                    "자치구 정원의 합이 %(total)s명으로, 전체 정원 %(quota)s명보다 %(off)s명 적습니다. %(off)s명을 더 배분해 주세요."
                )
                % {"total": f"{total:,}", "quota": f"{self.round.city_quota:,}", "off": f"{-off:,}"}
            )
        return cleaned

    def quotas(self) -> dict[str, int]:
        return {d.code: self.cleaned_data[f"quota_{d.code}"] for d in self.districts}

    def methods(self) -> dict[str, str]:
        return {d.code: self.cleaned_data[f"method_{d.code}"] for d in self.districts}


class SplitForm(forms.Form):
    """정원 자동 배분: by single-person households, with one method for every district (or keep each)."""

    method = forms.ChoiceField(
        label=_("선정 방식"),
        required=False,
        choices=[("", _("자치구별 현재 방식 유지"))] + list(SelectionMethod.choices),
        error_messages={"invalid_choice": _("선정 방식을 다시 골라 주세요.")},
    )


class MonthForm(forms.Form):
    month = forms.CharField(required=False)

    def clean_month(self):
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return None
        try:
            year, month = (int(part) for part in text.split("-"))
            return datetime.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_t("정산월을 YYYY-MM 형식으로 골라 주세요.")) from None
