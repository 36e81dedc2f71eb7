"""Who sees risk scores and who may retrain the models (applied by staff.roles.sync_roles)."""

VIEW = ["scoring.view_riskscore", "scoring.view_scoringmodel", "scoring.view_scoringrun"]
RUN = ["scoring.add_scoringrun"]

PERMISSIONS = {
    "head_of_retention": VIEW + RUN,
    "retention_manager": VIEW,
    "b2b_manager": ["scoring.view_riskscore"],
    "analyst": VIEW,
}
