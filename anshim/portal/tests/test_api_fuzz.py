"""The open API under generated input (schemathesis): whatever a client sends, no 5xx.

Every operation of /api/openapi.json is called with values generated from its schema,
valid and not, against a small demo catalogue; a server error fails the test.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from anshim.catalog.choices import Category
from anshim.catalog.tests.factories import PolicyFactory
from anshim.content.tests.factories import FaqFactory, NoticeFactory, TipFactory
from anshim.programs.tests.factories import CenterFactory, ProgramFactory
from anshim.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def catalogue(db):
    PolicyFactory(title="청년 월세지원", category=Category.HOUSING, min_age=19, max_age=39)
    PolicyFactory(title="관악구 반찬 나눔", district_id="11620")
    CenterFactory()
    ProgramFactory()
    NoticeFactory()
    TipFactory()
    FaqFactory()


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI calls must not close the connection that holds
    the test's transaction (PostgreSQL would then refuse every later query)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, catalogue, keep_test_connection):
    response = case.call_and_validate(checks=[not_a_server_error])
    assert response.status_code < 500
