"""The retention matrix as data: ``retention/data/matrix.yaml`` (measures, and which of them go with each reason).

Measures are matched by code, matrix entries by reason and measure. The data migration 0002 loads the shipped file
with its historical models; ``abonent load_defaults`` / ``export_defaults`` read and write files of the same shape.
"""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

MATRIX = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "matrix.yaml",
    Section(
        "measures",
        "retention.Measure",
        key=("code",),
        columns=(
            "process",
            "contract_kind",
            "cost_one_off",
            "cost_monthly",
            "cost_months",
            "grant_role",
            "limit_per_year",
            "order",
            "is_active",
            "name_ru",
            "name_en",
            "description",
        ),
        order_by=("order", "code"),
        first_history=True,
    ),
    Section(
        "matrix",
        "retention.MatrixEntry",
        key=("reason", "measure"),
        columns=("order",),
        refs={"reason": "code", "measure": "code"},
        order_by=("reason__order", "reason__code", "order", "measure__order"),
        flow=True,
    ),
    comment="The retention matrix (seed 001, 5.1.1): measures with indicative costs in RUB, and the measures an agent\n"
    "offers for each churn reason, in order. Keys: measures by code; matrix rows by reason and measure.",
)

# The contribution read by `abonent load_defaults` / `export_defaults`: file stem → (load, export).
FILES = {"matrix": (MATRIX.load, MATRIX.export)}
