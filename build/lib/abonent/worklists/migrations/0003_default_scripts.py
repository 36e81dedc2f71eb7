from django.db import migrations


def load(apps, schema_editor):
    from abonent.worklists.scripts import ensure_scripts

    ensure_scripts(apps.get_model("churn", "Script"), apps.get_model("churn", "ReasonGroup"))


class Migration(migrations.Migration):
    dependencies = [("worklists", "0002_renewal_list"), ("churn", "0005_reason_norm_label")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
