"""Number formats of the 사각지대 pages: people with thousands separators, rates as percentages."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def people(value) -> str:
    return f"{int(value or 0):,}"


@register.filter
def rate(value) -> str:
    """A share as "12.3%"; a dash when nobody is eligible (no rate exists)."""
    if value is None:
        return _("–")
    return f"{value * 100:.1f}%"


@register.filter
def seconds(milliseconds) -> str:
    return _("%(seconds)s초") % {"seconds": f"{(milliseconds or 0) / 1000:.1f}"}
