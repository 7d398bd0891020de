import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its sign-in rate limits in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()
