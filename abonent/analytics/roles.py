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

# Start pages (core.access.start_url): the head and the analyst begin their day on the dashboard.
START = {
    "head_of_retention": ("analytics:dashboard", 50),
    "analyst": ("analytics:dashboard", 50),
    "administrator": ("analytics:dashboard", 50),
}
