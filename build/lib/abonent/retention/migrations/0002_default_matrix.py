"""The shipped retention matrix (seed 001, 5.1.1): the seed's measures with indicative costs, mapped to the default
churn reasons (churn/migrations/0004) in the order an agent offers them.

Costs are a starting template in RUB for the operator to edit. Existing rows (matched by code, or by reason and
measure) are left as they are, so re-running never overwrites an operator's edits.
"""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

MEASURES = [
    # code, process, contract kind, one-off, monthly, months, grant role, limit a year, Russian, English
    ("tariff_change", "tariff_change", "", 0, 100, 6, "", 2, "Смена тарифного плана", "Tariff change"),
    ("recalculation", "recalculation", "", 300, 0, 0, "", 2, "Перерасчёт абонентской платы", "Recalculation"),
    ("urgent_repair", "repair", "", 500, 0, 0, "", None, "Срочная заявка на ремонт", "Urgent repair"),
    (
        "suspension",
        "suspension",
        "",
        0,
        0,
        0,
        "",
        2,
        "Временная блокировка вместо расторжения",
        "Temporary suspension instead of termination",
    ),
    (
        "relocation",
        "relocation",
        "",
        1500,
        0,
        0,
        "",
        None,
        "Переоформление договора на новый адрес",
        "Relocation of the contract to a new address",
    ),
    (
        "annual_free_period",
        "annual_contract",
        "free_period",
        0,
        500,
        1,
        "retention_manager",
        1,
        "Годовой контракт: бесплатный период пользования",
        "Annual contract: free period",
    ),
    (
        "annual_fixed_fee",
        "annual_contract",
        "fixed_fee",
        0,
        50,
        12,
        "retention_manager",
        1,
        "Годовой контракт: гарантия постоянной абонентской платы",
        "Annual contract: fixed fee guarantee",
    ),
    (
        "annual_free_equipment",
        "annual_contract",
        "free_equipment",
        0,
        150,
        12,
        "retention_manager",
        1,
        "Годовой контракт: бесплатная аренда оборудования",
        "Annual contract: free equipment rental",
    ),
    (
        "annual_speed_increase",
        "annual_contract",
        "speed_increase",
        0,
        30,
        12,
        "retention_manager",
        1,
        "Годовой контракт: увеличение скорости",
        "Annual contract: speed increase",
    ),
    ("bonus_card", "bonus_card", "", 300, 0, 0, "", 1, "Бонусная карта", "Bonus card"),
    ("free_equipment_rental", "none", "", 0, 150, 6, "", 1, "Бесплатная аренда оборудования", "Free equipment rental"),
    ("speed_increase", "none", "", 0, 30, 3, "", 1, "Увеличение скорости", "Speed increase"),
    ("discount", "none", "", 0, 100, 3, "head_of_retention", 1, "Скидка на абонентскую плату", "Discount"),
]

MATRIX = {
    "not_decision_maker": ["tariff_change", "bonus_card"],
    "moving_to_unconnected_building": ["relocation", "suspension"],
    "could_not_get_through": ["bonus_card", "recalculation", "discount"],
    "slow_repair": ["urgent_repair", "recalculation", "bonus_card"],
    "rude_staff": ["recalculation", "bonus_card", "discount"],
    "low_speed": ["urgent_repair", "speed_increase", "annual_speed_increase", "tariff_change"],
    "outages": ["urgent_repair", "recalculation", "annual_fixed_fee"],
    "tv_picture": ["urgent_repair", "free_equipment_rental", "recalculation"],
    "temporary_money_trouble": ["suspension", "tariff_change", "annual_free_period"],
    "competitor": ["tariff_change", "annual_fixed_fee", "annual_free_period", "annual_speed_increase", "discount"],
    "mobile_internet": ["tariff_change", "annual_speed_increase", "discount"],
    "price": ["tariff_change", "annual_fixed_fee", "annual_free_equipment", "discount"],
    "no_longer_needed": ["suspension", "tariff_change"],
    "temporary_absence": ["suspension"],
    "other": ["tariff_change", "bonus_card"],
}


def load_defaults(apps, schema_editor):
    Measure = apps.get_model("retention", "Measure")
    MatrixEntry = apps.get_model("retention", "MatrixEntry")
    ChurnReason = apps.get_model("churn", "ChurnReason")
    HistoricalMeasure = apps.get_model("retention", "HistoricalMeasure")
    now = timezone.now()
    measures = {}
    for order, row in enumerate(MEASURES, start=1):
        code, process, kind, one_off, monthly, months, role, limit, name_ru, name_en = row
        measures[code], created = Measure.objects.get_or_create(
            code=code,
            defaults={
                "process": process,
                "contract_kind": kind,
                "cost_one_off": Decimal(one_off),
                "cost_monthly": Decimal(monthly),
                "cost_months": months,
                "grant_role": role,
                "limit_per_year": limit,
                "order": order,
                "name_ru": name_ru,
                "name_en": name_en,
            },
        )
        if created:
            # The first history row, so the first edit shows what changed from the template.
            values = {f.attname: getattr(measures[code], f.attname) for f in Measure._meta.concrete_fields}
            HistoricalMeasure.objects.create(**values, history_date=now, history_type="+")
    reasons = {r.code: r for r in ChurnReason.objects.filter(code__in=list(MATRIX))}
    for reason_code, codes in MATRIX.items():
        reason = reasons.get(reason_code)
        if reason is None:
            continue
        for order, code in enumerate(codes, start=1):
            MatrixEntry.objects.get_or_create(reason=reason, measure=measures[code], defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0001_initial"),
        ("churn", "0004_default_classifier"),
    ]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
