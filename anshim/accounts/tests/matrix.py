"""Helpers for the permission tables (every role against every page and POST)."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def undone():
    """Run a block and roll back everything it wrote, so the next role meets the same world.

    One world per POST, rolled back role by role, instead of one world per role and POST: the
    tables build it a dozen times less often, and each role still acts on untouched data.
    """
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
