"""The annual-contract terms as data: ``contracts/data/offers.yaml`` (seed 001, 5.2.1–5.2.6), matched by name."""

from pathlib import Path

from abonent.core.defaults import DefaultsFile, Section

OFFERS = DefaultsFile(
    Path(__file__).resolve().parent / "data" / "offers.yaml",
    Section(
        "offers",
        "contracts.ContractOffer",
        key=("name",),
        columns=(
            "kind",
            "service",
            "benefit",
            "min_tenure_months",
            "min_arpu",
            "cost_monthly",
            "is_active",
            "script",
        ),
    ),
    comment="The annual-contract terms (seed 001, 5.2.1–5.2.6) and the agent's script for each (5.3.1–5.3.4).\n"
    "Key: the name.",
)

FILES = {"offers": (OFFERS.load, OFFERS.export)}
