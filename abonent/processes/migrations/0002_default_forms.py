from django.db import migrations


def load(apps, schema_editor):
    # The data lives in processes/data/forms.yaml; existing forms (matched by kind) are left as they are.
    from abonent.processes.defaults import FORMS

    FORMS.load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("processes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
