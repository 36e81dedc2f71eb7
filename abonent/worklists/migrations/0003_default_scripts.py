from django.db import migrations


def load(apps, schema_editor):
    # The data lives in worklists/data/scripts.yaml; existing scripts (matched by title) are left as they are.
    from abonent.worklists.defaults import SCRIPTS

    SCRIPTS.load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("worklists", "0002_renewal_list"), ("churn", "0005_reason_norm_label")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
