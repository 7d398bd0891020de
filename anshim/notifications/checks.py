"""System checks: a misconfigured channel is reported by ``manage.py check``, not by a failed message."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

from anshim.notifications.channels import (
    BACKEND_SETTINGS,
    ChannelBackend,
    HttpProviderBackend,
    backend_path,
    http_provider_url_problem,
)


@register()
def check_channel_backends(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    for channel, (setting, _default) in BACKEND_SETTINGS.items():
        path = backend_path(channel)
        try:
            backend = import_string(path)
        except ImportError:
            errors.append(Error(f"{setting}: 알림 발송 백엔드를 찾을 수 없습니다: {path}", id="notifications.E001"))
            continue
        if not (isinstance(backend, type) and issubclass(backend, ChannelBackend)):
            errors.append(Error(f"{setting}: {path} 는 ChannelBackend 를 상속해야 합니다.", id="notifications.E002"))
        elif issubclass(backend, HttpProviderBackend):
            problem = http_provider_url_problem(getattr(settings, "ANSHIM_NOTIFICATIONS_HTTP_URL", ""))
            if problem:
                errors.append(Error(f"{setting}: {problem}", id="notifications.E003"))
    return errors
