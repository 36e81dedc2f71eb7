"""Inputs of the scoring pages and API."""

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
