"""도어지킴이 pages, one module per audience: residents, district officials, the security company, the city.

Each module ends with its own ``urlpatterns``; ``doorguard/urls.py`` joins them, so the four audiences'
pages stay apart and each module reads top to bottom.
"""
