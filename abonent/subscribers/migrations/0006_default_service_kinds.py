"""The seven service types the code knew before the register, shipped as editable defaults."""

from django.db import migrations

from abonent.subscribers.defaults import load_service_kinds, read_service_kinds


def load_defaults(apps, schema_editor):
    # The data lives in subscribers/data/service_kinds.yaml; existing kinds (matched by code) are left as they are.
    load_service_kinds(apps=apps, record_history=True)


def remove_defaults(apps, schema_editor):
    codes = [row["code"] for row in read_service_kinds()]
    apps.get_model("subscribers", "ServiceKind").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("subscribers", "0005_service_kinds")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
