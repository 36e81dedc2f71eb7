"""Before the "one taken task per agent" constraint: an agent holding several tasks keeps the first taken one;
the others go back to the queue as they were (open, not assigned), so no caller is lost."""

from django.db import migrations
from django.db.models import Count


def release_extra(apps, schema_editor):
    CallbackTask = apps.get_model("callcentre", "CallbackTask")
    agents = (
        CallbackTask.objects.filter(status="assigned", assigned_to__isnull=False)
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("assigned_to", flat=True)
    )
    for agent in list(agents):
        keep, *extra = CallbackTask.objects.filter(status="assigned", assigned_to=agent).order_by("assigned_at", "pk")
        CallbackTask.objects.filter(pk__in=[t.pk for t in extra]).update(
            status="open", assigned_to=None, assigned_at=None
        )


class Migration(migrations.Migration):
    dependencies = [("callcentre", "0001_initial")]

    operations = [migrations.RunPython(release_extra, migrations.RunPython.noop)]
