from django.conf import settings


def site(request):
    """Values every page's shell needs (menus, language switch, map tiles)."""
    return {
        "site_name": "서울 1인가구 포털 안심",
        "map_tile_url": settings.ANSHIM_MAP_TILE_URL,
    }
