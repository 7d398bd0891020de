"""People who sign in: citizens and officials share one user model.

The model exists from the first migration so that roles, scopes, consent and the
personal-data access log can hang off it later without swapping the user model.
Email is unique because it is how citizens sign in.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    email = models.EmailField(_("이메일"), unique=True, blank=True, null=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("사용자")
        verbose_name_plural = _("사용자")

    def save(self, *args, **kwargs):
        # Staff accounts may have no email; store NULL so the unique index allows many of them.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)
