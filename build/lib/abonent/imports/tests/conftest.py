"""Fixtures of the import tests: files written to a temporary folder, churn reasons, table counts."""

from pathlib import Path

import pytest

from abonent.subscribers.models import MonthlyCharge, Payment, Service, Subscriber, Tariff, Usage

SUBSCRIBERS_CSV = (
    "лицевой счёт;тип абонента;ФИО;телефон;город;район;улица;дом;кв;дата подключения;статус;дата отключения;"
    "причина отключения\n"
    """\
1001;физлицо;Иванов Иван;8 912 345-67-89;Екатеринбург;Ленинский;ул. Ленина;1;10;01.02.2020;активен;;
1002;юрлицо;ООО Ромашка;+7 343 111-22-33;Екатеринбург;Кировский;ул. Мира;2;;2019-05-15;отключен;31.01.2024;competitor
1003;физлицо;Петров Пётр;;Берёзовский;;ул. Гагарина;3;5;10.10.2021;active;;
"""
)

TARIFFS_CSV = """\
code,name,service_type,monthly_fee,speed_mbps
INT-100,Домашний 100,internet,550.00,100
TV-BASE,Базовый КТВ,КТВ,"250,00",
"""


@pytest.fixture
def reasons(db):
    """The churn reasons the files refer to (shipped by churn's data migration; created here if absent)."""
    from abonent.churn.models import ChurnReason, ReasonGroup

    group, _ = ReasonGroup.objects.get_or_create(code="preferences", defaults={"name_ru": "Изменились предпочтения"})
    for code in ("competitor", "price"):
        ChurnReason.objects.get_or_create(code=code, defaults={"group": group, "name_ru": code})


@pytest.fixture
def write(tmp_path):
    """write("name.csv", text, encoding="utf-8") -> Path; bytes are written as they are."""

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return _write


@pytest.fixture
def counts(db):
    """counts() -> rows in every table an import writes, to check a failed import left them unchanged."""

    def _counts() -> dict[str, int]:
        return {m.__name__: m.objects.count() for m in (Subscriber, Tariff, Service, Payment, MonthlyCharge, Usage)}

    return _counts


@pytest.fixture
def base(db, reasons, write):
    """Three subscribers and two tariffs imported from files, as every other kind needs them."""
    from abonent.imports.services import import_file

    for kind, text in (("subscribers", SUBSCRIBERS_CSV), ("tariffs", TARIFFS_CSV)):
        run = import_file(kind, write(f"{kind}.csv", text))
        assert run.status == "succeeded", run.errors
    return {s.external_id: s for s in Subscriber.objects.all()}


def codes(run) -> list[tuple]:
    """(row, column, code) of each error, the part of an error a test can pin down exactly."""
    return [(e["row"], e["column"], e["code"]) for e in run.errors]
