"""Settings for the test suite: the real settings with fast hashing and isolated files."""

import os
import tempfile

os.environ.setdefault("ANSHIM_VAR_DIR", tempfile.mkdtemp(prefix="anshim-test-var-"))

from anshim.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests serve static files from the finders so they never depend on collectstatic.
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Look static files up when they are asked for instead of listing every file the finders know
# (node_modules included) each time a test client or live server loads the middleware.
WHITENOISE_AUTOREFRESH = True
ANSHIM_MAP_TILE_URL = ""
STATIC_ROOT = tempfile.mkdtemp(prefix="anshim-test-static-")
# One process per test worker: a local cache, emptied before every test (conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "anshim-tests"}}
# Connections opened by live-server and worker threads close when their work ends, so nothing
# still holds the test database when it is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
