"""The shipped targets of the audit scorecard; the head changes them in the targets register."""

from django.db import migrations

from abonent.audit.defaults import TARGETS


def load_defaults(apps, schema_editor):
    # The data lives in audit/data/targets.yaml; existing targets (matched by code) are left as they are.
    TARGETS.load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
