"""Load what the first request would otherwise wait for: the Korean analyser, the search
index, district boundaries and the published eligibility rules. Called once per server
worker (see gunicorn.conf.py), so no citizen's request pays seconds of start-up."""

from django.db import connections


def warm_up() -> None:
    from anshim.catalog import search
    from anshim.catalog.rule_selectors import published_rules
    from anshim.geo import boundaries

    search.get_kiwi()
    search.get_index()
    boundaries.district_shapes()
    boundaries.districts_geojson()
    published_rules()
    connections.close_all()
