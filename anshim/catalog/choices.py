"""Vocabularies shared by policies and programmes (the portal's filters)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The five anxieties of living alone (5대 분야), in the portal's order."""

    SAFETY = "SAFETY", _("안전")
    HOUSING = "HOUSING", _("주거")
    ECONOMY = "ECONOMY", _("경제·일자리")
    LONELINESS = "LONELINESS", _("외로움")
    HEALTH = "HEALTH", _("질병")


class AgeGroup(models.TextChoices):
    """The 2021 portal's age filter. The bands overlap on purpose (20대 is in two)."""

    UNDER_29 = "U29", _("20대 이하")
    AGE_20_39 = "A2039", _("20~30대")
    AGE_40_59 = "A4059", _("40~50대")
    OVER_60 = "O60", _("60대 이상")


# Inclusive age bounds of each band; a policy matches when its age range overlaps.
AGE_GROUP_BOUNDS: dict[str, tuple[int, int]] = {
    AgeGroup.UNDER_29: (0, 29),
    AgeGroup.AGE_20_39: (20, 39),
    AgeGroup.AGE_40_59: (40, 59),
    AgeGroup.OVER_60: (60, 150),
}


class Sex(models.TextChoices):
    ALL = "ALL", _("성별 무관")
    FEMALE = "F", _("여성")
    MALE = "M", _("남성")


# The value of the district filter that means "서울시 사업만".
CITY_WIDE = "city"
