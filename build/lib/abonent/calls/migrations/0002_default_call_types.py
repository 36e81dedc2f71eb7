"""The call classifier of seed 002, shipped as editable defaults."""

from django.db import migrations

# code, Russian name, English name, order, callback priority, is the missed-call type
DEFAULT_TYPES = [
    ("internal", "Внутренний звонок", "Internal call", 10, 3, False),
    ("payment", "Вопрос по оплате", "Payment question", 20, 3, False),
    ("conditions", "Консультация по условиям", "Conditions consultation", 30, 3, False),
    ("coordination", "Координация", "Coordination", 40, 3, False),
    ("new_connection", "Новое подключение", "New connection", 50, 1, False),
    ("churn", "Отток", "Churn", 60, 2, False),
    ("missed", "Разговор не состоялся", "Call did not take place", 70, 3, True),
    ("service", "Сервис, техподдержка", "Service, tech support", 80, 3, False),
]


def load_defaults(apps, schema_editor):
    CallType = apps.get_model("calls", "CallType")
    for code, name_ru, name_en, order, priority, is_missed in DEFAULT_TYPES:
        CallType.objects.get_or_create(
            code=code,
            defaults={
                "name_ru": name_ru,
                "name_en": name_en,
                "order": order,
                "callback_priority": priority,
                "is_missed": is_missed,
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("calls", "CallType").objects.filter(code__in=[t[0] for t in DEFAULT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, remove_defaults)]
