"""Saved segments moved to subscribers (state only, the table stays); the reports permission moves to competitor
tariffs, and the content type of saved segments follows the model so its permissions and history keep working."""

from django.db import migrations


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label="analytics", model="savedsegment").first()
    if old is None:  # a new database: content types are made after migrate
        return
    tariffs, _ = ContentType.objects.get_or_create(app_label="analytics", model="competitortariff")
    Permission.objects.filter(content_type=old, codename="view_reports").update(content_type=tariffs)
    if ContentType.objects.filter(app_label="subscribers", model="savedsegment").exists():
        return
    old.app_label = "subscribers"
    old.save(update_fields=["app_label"])


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0003_report_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("subscribers", "0003_savedsegment"),
        ("worklists", "0005_segment_in_subscribers"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="competitortariff",
            options={
                "ordering": ["service_type", "speed_mbps", "price", "competitor"],
                "permissions": [
                    ("view_reports", "Can view the base, tariff, churn-vs-inflow and survival reports"),
                ],
                "verbose_name": "competitor tariff",
                "verbose_name_plural": "competitor tariffs",
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SavedSegment")],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
