from django.conf import settings
from django.utils.functional import SimpleLazyObject

from anshim.portal.work import work_links


def site(request):
    """Values every page's shell needs (menus, language switch, map tiles)."""
    return {
        "site_name": "서울 1인가구 포털 안심",
        "map_tile_url": settings.ANSHIM_MAP_TILE_URL,
        # Lazy: only pages that draw the signed-in header ask, so anonymous pages make no query.
        "has_work": SimpleLazyObject(lambda: bool(work_links(request.user))),
    }
