"""A register declared once (core.registers): its paths, API methods and fields follow the declaration."""

from django.urls import reverse

from abonent.core.tables import ChoiceBadgeColumn
from abonent.debts.views import exemptions, promises


def test_a_register_without_edit_and_delete_gets_no_such_pages_or_methods():
    assert [p.name for p in promises.urls()] == ["promisetopay_list", "promisetopay_add", "promisetopay_detail"]
    assert set(promises.viewset.http_method_names) == {"get", "head", "options", "post"}
    assert [p.name for p in exemptions.urls()][-2:] == ["debtexemption_edit", "debtexemption_delete"]
    assert {"put", "patch", "delete"} <= set(exemptions.viewset.http_method_names)
    assert reverse("debts:debtexemption_edit", args=[3]) == "/debts/exemptions/3/edit/"


def test_the_api_writes_the_form_fields_and_shows_the_rest():
    meta = exemptions.serializer_class.Meta
    assert meta.fields[:2] == ["id", "subscriber"]
    assert set(meta.fields) - set(meta.read_only_fields) == {"subscriber", "kind", "until", "reason"}
    assert {"approved_by", "approved_on"} <= set(meta.read_only_fields)


def test_statuses_are_badges_related_records_links_and_dates_periods():
    columns = promises.table_class.base_columns
    assert isinstance(columns["status"], ChoiceBadgeColumn) and columns["subscriber"].link is not None
    assert list(exemptions.form_type.base_fields)[:1] == ["account"]
    assert set(promises.filterset_class.base_filters) >= {"q", "status", "agent", "due"}
    assert type(exemptions.filterset_class.base_filters["until"]).__name__ == "DateFromToFilter"
