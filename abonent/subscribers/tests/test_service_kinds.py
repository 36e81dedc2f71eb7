"""The service types register: the head adds a type in the UI, the next import accepts it, the reports group by it."""

import datetime as dt

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from abonent.analytics.base import base_analysis
from abonent.core.defaults import DefaultsFileError
from abonent.core.testing import check_register_views
from abonent.imports.services import import_file
from abonent.subscribers import service_kinds
from abonent.subscribers.defaults import export_service_kinds, load_service_kinds, read_service_kinds
from abonent.subscribers.forms import TariffForm
from abonent.subscribers.models import ServiceKind, Subscriber, Tariff

pytestmark = pytest.mark.django_db

SHIPPED = ["internet", "catv", "iptv", "bundle", "telephony", "mobile", "other"]


@pytest.fixture(autouse=True)
def _fresh_register():
    # The register is cached within a request; a kind a test adds must not outlive the test's rolled-back data.
    service_kinds.forget()
    yield
    service_kinds.forget()


@pytest.fixture
def write(tmp_path):
    def _write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def sat(db):
    return ServiceKind.objects.create(code="sat", name_ru="Спутниковое ТВ", name_en="Satellite TV", order=80)


def test_the_seven_shipped_kinds_come_from_the_data_migration():
    assert list(ServiceKind.objects.values_list("code", flat=True)) == SHIPPED
    internet = ServiceKind.objects.get(code="internet")
    assert (internet.name_ru, internet.name_en, internet.alias_list) == ("Интернет", "Internet", ["интернет", "инет"])
    assert internet.history.count() == 1  # the first history row, so the first edit shows what changed


def test_the_head_adds_a_kind_in_the_ui_and_it_is_offered_at_once(client_for):
    client = client_for("head_of_retention")
    data = {"code": "sat", "name_ru": "Спутниковое ТВ", "name_en": "Satellite TV", "aliases": "спутник", "order": 80}
    response = client.post(reverse("subscribers:servicekind_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    sat = ServiceKind.objects.get(code="sat")
    assert sat.history.first().history_user == client.user
    page = client.get(reverse("subscribers:tariff_add")).content.decode()
    assert 'value="sat"' in page and "Спутниковое ТВ" in page


def test_others_view_the_register_and_only_the_head_edits_it(client_for, api_client_for, sat):
    check_register_views(client_for, sat, viewer="analyst", max_queries=15)
    analyst = client_for("analyst")
    assert analyst.get(reverse("subscribers:servicekind_add")).status_code == 403
    api = api_client_for("call_centre_agent")
    listed = api.get("/api/subscribers/service-kinds/")
    assert listed.status_code == 200
    assert "sat" in [row["code"] for row in listed.json()["results"]]
    assert api.post("/api/subscribers/service-kinds/", {"code": "x", "name_ru": "X"}).status_code == 403
    head = api_client_for("head_of_retention")
    created = head.post("/api/subscribers/service-kinds/", {"code": "cloud", "name_ru": "Облако", "order": 90})
    assert created.status_code == 201, created.content


def test_an_import_accepts_the_new_kind_by_code_and_by_name_and_the_base_analysis_groups_it(sat, write):
    tariffs = write(
        "tariffs.csv",
        "code;name;service_type;monthly_fee\nSAT-1;Спутник;sat;300\nSAT-2;Спутник+;Спутниковое ТВ;400\n"
        "NET-1;Домашний;интернет;500\n",
    )
    assert import_file("tariffs", tariffs).status == "succeeded"
    assert dict(Tariff.objects.values_list("code", "service_type")) == {
        "SAT-1": "sat",
        "SAT-2": "sat",
        "NET-1": "internet",
    }
    subscribers = write(
        "subscribers.csv",
        "account;name;connected_on\n5001;Спутников;01.01.2024\n5002;Тарелкин;01.01.2024\n5003;Сетевой;01.01.2024\n",
    )
    services = write(
        "services.csv",
        "account;tariff;started_on\n5001;SAT-1;01.01.2024\n5002;SAT-2;01.01.2024\n5003;NET-1;01.01.2024\n",
    )
    assert import_file("subscribers", subscribers).status == "succeeded"
    assert import_file("services", services).status == "succeeded"
    assert Subscriber.objects.get(external_id="5001").service_type == "sat"
    result = base_analysis(dt.date(2024, 1, 1), dt.date(2024, 2, 1), "service_type", today=dt.date(2024, 3, 1))
    rows = {row.key: row for row in result.rows}
    assert rows["sat"].subscribers == [2, 2] and str(rows["sat"].label) == "Спутниковое ТВ"
    assert rows["internet"].subscribers == [1, 1]


def test_an_unknown_service_type_names_the_file_row_column_and_the_accepted_values(sat, write):
    path = write("tariffs.csv", "code;name;service_type;monthly_fee\nR-1;Радио;радио;100\n")
    run = import_file("tariffs", path)
    assert run.status == "failed"
    (error,) = run.errors
    assert (error["file"], error["row"], error["column"], error["value"]) == ("tariffs.csv", 2, "service_type", "радио")
    assert all(code in error["expected"] for code in [*SHIPPED, "sat"]), error["expected"]


def test_an_archived_kind_is_refused_for_a_new_tariff_but_stored_rows_keep_showing_it(client_for, api_client_for, sat):
    old = Tariff.objects.create(code="SAT-OLD", name="Старый спутник", service_type="sat", monthly_fee=100)
    sat.is_archived = True
    sat.save()
    form = TariffForm(data={"code": "SAT-NEW", "name": "Новый", "service_type": "sat", "monthly_fee": 100})
    assert not form.is_valid() and "service_type" in form.errors
    # The tariff that has it is still edited with it, and its pages show the name.
    edit = TariffForm(
        instance=old, data={"code": "SAT-OLD", "name": "Старый", "service_type": "sat", "monthly_fee": 120}
    )
    assert edit.is_valid(), edit.errors
    client = client_for("analyst")
    assert "Спутниковое ТВ" in client.get(old.get_absolute_url()).content.decode()
    assert "Спутниковое ТВ" in client.get(reverse("subscribers:tariff_list")).content.decode()
    api = api_client_for("head_of_retention")
    refused = api.post(
        "/api/subscribers/tariffs/", {"code": "SAT-API", "name": "A", "service_type": "sat", "monthly_fee": "1"}
    )
    assert refused.status_code == 400 and "service_type" in refused.json()
    kept = api.patch(f"/api/subscribers/tariffs/{old.pk}/", {"service_type": "sat", "monthly_fee": "130"})
    assert kept.status_code == 200, kept.content


def test_deleting_a_kind_in_use_archives_it_and_an_unused_one_goes(client_for, sat):
    Tariff.objects.create(code="SAT-1", name="Спутник", service_type="sat", monthly_fee=100)
    cloud = ServiceKind.objects.create(code="cloud", name_ru="Облако")
    client = client_for("head_of_retention")
    client.post(reverse("subscribers:servicekind_delete", args=[sat.pk]))
    client.post(reverse("subscribers:servicekind_delete", args=[cloud.pk]))
    sat.refresh_from_db()
    assert sat.is_archived
    assert not ServiceKind.objects.filter(code="cloud").exists()


def test_a_word_names_one_kind_and_a_used_code_does_not_change(sat):
    twin = ServiceKind(code="sat2", name_ru="Спутник", aliases="Спутниковое тв")
    with pytest.raises(ValidationError) as raised:
        twin.full_clean()
    assert "aliases" in raised.value.message_dict
    Tariff.objects.create(code="SAT-1", name="Спутник", service_type="sat", monthly_fee=100)
    sat.code = "satellite"
    with pytest.raises(ValidationError) as raised:
        sat.full_clean()
    assert "code" in raised.value.message_dict


def test_the_openapi_schema_documents_service_type_as_a_string_not_an_enum(sat):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    fields = {
        name: component["properties"]["service_type"]
        for name, component in components.items()
        if "service_type" in component.get("properties", {})
    }
    assert {"Tariff", "Subscriber", "DisconnectionRequest", "CompetitorTariff"} <= set(fields)
    for name, field in fields.items():
        assert "enum" not in field and "$ref" not in field and "allOf" not in field, (name, field)
        assert field["type"] == "string", (name, field)
    assert "service-kinds" in fields["Tariff"]["description"]
    assert not any(name.startswith("ServiceType") for name in components)


def test_adding_a_kind_at_run_time_needs_no_migration(sat):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # SystemExit(1) if a migration were due


def test_the_shipped_file_loads_once_keeps_edits_and_exports_in_its_shape(tmp_path):
    internet = ServiceKind.objects.get(code="internet")
    internet.name_ru = "ШПД"
    internet.save()
    result = load_service_kinds()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 7)
    assert ServiceKind.objects.get(code="internet").name_ru == "ШПД"
    assert load_service_kinds(reset=True).updated == 1
    assert ServiceKind.objects.get(code="internet").name_ru == "Интернет"
    exported = tmp_path / "service_kinds.yaml"
    exported.write_text(export_service_kinds(), encoding="utf-8")
    assert read_service_kinds(exported) == read_service_kinds()
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"service_kinds": [{"code": "a b", "name_ru": "X"}]}), encoding="utf-8")
    with pytest.raises(DefaultsFileError, match="service_kinds row 1, column code"):
        read_service_kinds(bad)
