"""The call classifier of seed 002, shipped as editable defaults."""

from django.db import migrations

from abonent.calls.defaults import CALL_TYPES


def load_defaults(apps, schema_editor):
    # The data lives in calls/data/call_types.yaml; existing types (matched by code) are left as they are.
    CALL_TYPES.load(apps=apps)


def remove_defaults(apps, schema_editor):
    codes = [row["code"] for row in CALL_TYPES.read(apps=apps)["call_types"]]
    apps.get_model("calls", "CallType").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
