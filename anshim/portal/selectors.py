"""What the home page shows, gathered from each app's own selectors.

The home page only reads: every list comes from the selector the full page uses,
so a policy or notice hidden there is hidden here too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from anshim.catalog.choices import Category
from anshim.catalog.selectors import featured_policies, policies
from anshim.content.selectors import latest_notices, latest_tips
from anshim.programs.selectors import open_for_signup

# One line per field, condensed from the directions of the city's special measures.
CATEGORY_INTROS = {
    Category.SAFETY: _("범죄 피해 예방과 첨단 기술을 활용한 안심 장비로 혼자 사는 집을 지킵니다."),
    Category.HOUSING: _("세대별 주거 서비스와 주거환경 개선으로 주거 안정을 돕습니다."),
    Category.ECONOMY: _("일자리 정보와 경제적 자립 지원으로 생활의 어려움을 덜어 드립니다."),
    Category.LONELINESS: _("외로움을 예방하고 이웃과 관계를 잇는 프로그램을 지원합니다."),
    Category.HEALTH: _("아플 때 병원 동행부터 질병 예방과 건강한 식생활까지 돕습니다."),
}


@dataclass(frozen=True)
class CategoryTile:
    value: str
    label: str
    intro: str
    policy_count: int
    url: str


def category_tiles() -> list[CategoryTile]:
    """The five fields in the portal's order, each linking to the policy finder filtered by it."""
    counts = dict(policies().order_by().values_list("category").annotate(n=Count("pk")))
    base = reverse("catalog:policy-list")
    return [
        CategoryTile(
            value=category.value,
            label=str(category.label),
            intro=str(CATEGORY_INTROS[category]),
            policy_count=counts.get(category.value, 0),
            url=f"{base}?{urlencode({'category': category.value})}",
        )
        for category in Category
    ]


def home_sections() -> dict:
    """Everything the home page lists, as template context."""
    return {
        "category_tiles": category_tiles(),
        "featured_policies": featured_policies(limit=6),
        "open_programs": open_for_signup(limit=6),
        "latest_notices": latest_notices(limit=5),
        "latest_tips": latest_tips(limit=4),
    }
