"""Inputs of the scoring pages and API."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abonent.core.forms import style_fields
from abonent.subscribers.forms import AsOfForm

from . import services


class TrackRecordForm(AsOfForm):
    """The track record's as-of date: outcomes known up to this day (`?as_of=`, not in the future).

    Empty: `services.latest_data_date()`, the latest imported data of any kind an outcome window reads
    (disconnections, payments, traffic, charge months) — never the wall clock, so a window counts as closed only when
    the data reaches its end. The page and the API both read it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = services.latest_data_date()


class CampaignForm(forms.Form):
    """The name of a campaign made of the risk list's selection; suggested from the day, the head may change it."""

    name = forms.CharField(label=_("Campaign name"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = _("Churn risk %(date)s") % {"date": timezone.localdate().strftime("%d.%m.%Y")}
        style_fields(self)
