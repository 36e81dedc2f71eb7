from django import forms
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import BootstrapMixin
from abonent.core.middleware import upload_limit

from .kinds import kind_choices, kinds, option_choices

ENCODINGS = [("", _("Detect")), ("utf-8", "UTF-8"), ("cp1251", "cp1251 (Windows)")]
DELIMITERS = [("", _("Detect")), (";", ";"), (",", ","), ("tab", _("Tab"))]


class UploadForm(BootstrapMixin, forms.Form):
    """An export to import: its kind, the file, and how to read it when detection is not enough."""

    kind = forms.ChoiceField(label=_("What the file holds"), choices=kind_choices)
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
        kind = kinds().get(data.get("kind"))
        for option, message in kind.required.items() if kind else ():
            if not data.get(option):
                self.add_error(option, message)
        return data
