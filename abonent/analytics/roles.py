"""Who sees the base reports and keeps competitor tariffs (merged into staff.roles); the analyst reads."""

VIEW = ["analytics.view_reports", "analytics.view_competitortariff"]
KEEP = [
    "analytics.add_competitortariff",
    "analytics.change_competitortariff",
    "analytics.delete_competitortariff",
]

PERMISSIONS = {
    "head_of_retention": VIEW + KEEP,
    "analyst": VIEW,
    "retention_manager": VIEW,
    "b2b_manager": VIEW,
}
