from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UPLOAD_EXTENSIONS = ("xlsx", "csv")


class UptakeUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("파일 (xlsx 또는 csv)"),
        error_messages={
            "required": gettext_lazy("올릴 파일을 고르세요."),
            "empty": gettext_lazy("빈 파일입니다. 이용자 수를 적은 파일을 올려 주세요."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name).suffix.lower().lstrip(".")
        if extension not in UPLOAD_EXTENSIONS:
            raise forms.ValidationError(
                _("엑셀(xlsx) 또는 CSV 파일만 올릴 수 있습니다. 올린 파일: %(name)s") % {"name": upload.name[:80]}
            )
        limit = settings.ANSHIM_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("파일이 너무 큽니다(%(size)s). %(limit)s 이하로 나누어 올려 주세요.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload
