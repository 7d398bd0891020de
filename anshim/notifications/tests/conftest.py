"""Fixtures for the notification tests: task backends, a citizen, and a fake 문자/알림톡 provider.

The fake provider is a real HTTP server on 127.0.0.1 started by the test, so the HTTP backend is
exercised through sockets, timeouts and status codes without ever touching the network.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from anshim.notifications.channels import HTTP_BACKEND
from anshim.notifications.tests.backends import MODULE as BACKENDS
from anshim.notifications.tests.backends import FlakyBackend

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (after the transaction commits)."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def db_tasks(settings):
    """Tasks are stored in the database and run by the worker."""
    settings.TASKS = DATABASE


@pytest.fixture
def flaky(settings):
    """문자 goes through a backend that first raises the errors appended to the returned list."""
    settings.ANSHIM_NOTIFICATIONS_SMS_BACKEND = f"{BACKENDS}.FlakyBackend"
    FlakyBackend.errors = []
    yield FlakyBackend.errors
    FlakyBackend.errors = []


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user("hong", "hong@example.com", "pw-안심-2025", first_name="길동")


@pytest.fixture
def program_context():
    return {"name": "홍길동", "program_title": "함께 요리하는 저녁", "schedule": "매주 화요일 19:00~21:00"}


class FakeProvider:
    """Answers POSTs with queued replies (status, JSON body, delay) and records every request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict, float, dict]] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                provider.requests.append(
                    {"method": "POST", "path": self.path, "headers": dict(self.headers), "json": json.loads(raw)}
                )
                status, body, delay, headers = (
                    provider.replies.pop(0)
                    if provider.replies
                    else (200, {"message_id": f"msg-{len(provider.requests)}"}, 0.0, {})
                )
                time.sleep(delay)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (the timeout test)

            def do_GET(self):
                provider.requests.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
                self.send_response(200)
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1/messages"

    def reply(self, status: int = 200, body: dict | None = None, *, delay: float = 0.0, headers=None) -> None:
        self.replies.append((status, body if body is not None else {}, delay, headers or {}))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_provider(settings, monkeypatch):
    """문자 and 알림톡 go through the HTTP backend to a fake provider on 127.0.0.1."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    provider = FakeProvider()
    settings.ANSHIM_NOTIFICATIONS_SMS_BACKEND = HTTP_BACKEND
    settings.ANSHIM_NOTIFICATIONS_KAKAO_BACKEND = HTTP_BACKEND
    settings.ANSHIM_NOTIFICATIONS_HTTP_URL = provider.url
    settings.ANSHIM_NOTIFICATIONS_HTTP_API_KEY = "test-api-key"
    settings.ANSHIM_NOTIFICATIONS_SMS_SENDER = "0221330000"
    settings.ANSHIM_NOTIFICATIONS_KAKAO_SENDER_KEY = "anshim-kakao-profile"
    settings.ANSHIM_NOTIFICATIONS_HTTP_TIMEOUT = 2
    yield provider
    provider.close()
