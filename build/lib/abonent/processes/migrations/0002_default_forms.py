from django.db import migrations


def load(apps, schema_editor):
    from abonent.processes.data.forms import load_defaults

    load_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
