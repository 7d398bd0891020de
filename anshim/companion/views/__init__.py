"""병원 안심동행 pages, one module per audience: residents and call-centre bookings (``resident``),
the agency's coordinators, companions and the city (``dispatch``).

Each module ends with its own ``urlpatterns``; ``companion/urls.py`` joins them.
"""
