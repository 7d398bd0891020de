"""The masked recipient of a message, by channel: an email address or a phone number.

The masks themselves are the platform's one set in ``anshim.accounts.masking``.
"""

from anshim.accounts.masking import mask_email, mask_phone
from anshim.notifications.models import Channel


def mask_address(channel: str, to: str) -> str:
    return mask_email(to) if channel == Channel.EMAIL else mask_phone(to)
