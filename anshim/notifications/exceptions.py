"""Errors of the notification service, each carrying a Korean message fit to show or store.

``NotificationError`` subclasses ``ValueError``: it means the caller asked for something
impossible. ``DeliveryError`` is raised by channels; only its transient kind is retried.
"""


class NotificationError(ValueError):
    """The request to notify is invalid (unknown template, missing value, bad address)."""


class UnknownTemplateError(NotificationError):
    pass


class MissingContextError(NotificationError):
    pass


class InvalidRecipientError(NotificationError):
    pass


class DeliveryError(Exception):
    """A channel could not deliver; ``str(error)`` is the Korean reason stored on the row."""

    transient = False


class TransientDeliveryError(DeliveryError):
    """Worth trying again later: timeouts, 5xx, rate limits, a mail server that is down."""

    transient = True


class PermanentDeliveryError(DeliveryError):
    """Trying again cannot help: rejected address, bad credentials, missing configuration."""
