from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin
from abonent.core.middleware import upload_limit
from abonent.core.registry import app_modules

from .choices import ImportKind

ENCODINGS = [("", _("Detect")), ("utf-8", "UTF-8"), ("cp1251", "cp1251 (Windows)")]
DELIMITERS = [("", _("Detect")), (";", ";"), (",", ","), ("tab", _("Tab"))]


def option_choices(option: str) -> list[tuple[str, str]]:
    """The choices of an upload option that importing apps offer (`<app>/importers.py`: OPTION_CHOICES)."""
    found: list[tuple[str, str]] = []
    for module in app_modules("importers"):
        provider = getattr(module, "OPTION_CHOICES", {}).get(option)
        if provider is not None:
            found.extend(provider())
    return found


class UploadForm(BootstrapMixin, forms.Form):
    """An export to import: its kind, the file, and how to read it when detection is not enough."""

    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(label=_("File"))
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITERS, required=False)
    sheet = forms.CharField(
        label=_("Sheet"), required=False, max_length=100, help_text=_("XLSX: sheet name or number; the first if empty")
    )
    mapping = forms.ChoiceField(
        label=_("Column mapping"),
        required=False,
        help_text=_("Cloud PBX calls: the saved mapping of this PBX's columns"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = upload_limit()
        self.fields["file"].help_text = _("CSV (UTF-8 or cp1251, separated by ; or ,) or XLSX")
        if limit:
            self.fields["file"].help_text += ", " + _("at most %(mb)s MB") % {"mb": limit // (1024 * 1024)}
            # The browser can tell the size before sending the file; the server refuses it with 413 anyway.
            self.fields["file"].widget.attrs["data-max-bytes"] = limit
        self.fields["mapping"].choices = [("", "---------"), *option_choices("mapping")]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ImportKind.PBX_CSV and not data.get("mapping"):
            self.add_error("mapping", _("Choose the column mapping of this PBX's export."))
        return data
