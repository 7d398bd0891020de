from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat


def validate_attachment_size(file) -> None:
    limit = settings.ANSHIM_ATTACHMENT_MAX_BYTES
    if file.size > limit:
        raise ValidationError(f"첨부파일은 {filesizeformat(limit)} 이하만 올릴 수 있습니다.")
