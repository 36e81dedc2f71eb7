"""The head sets the targets; the head, the analyst and the retention manager read the scorecard."""

PERMISSIONS = {
    "head_of_retention": [
        "audit.view_scorecard",
        "audit.view_audittarget",
        "audit.add_audittarget",
        "audit.change_audittarget",
    ],
    "analyst": ["audit.view_scorecard", "audit.view_audittarget"],
    "retention_manager": ["audit.view_scorecard"],
}
