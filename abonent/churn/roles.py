"""Who reads the churn classifier, works disconnection requests and sees the diagnostics (merged into staff.roles)."""

VIEW_CLASSIFIER = ["churn.view_reasongroup", "churn.view_churnreason", "churn.view_script"]
KEEP_CLASSIFIER = [
    "churn.add_reasongroup",
    "churn.change_reasongroup",
    "churn.add_churnreason",
    "churn.change_churnreason",
    "churn.add_script",
    "churn.change_script",
]
WORK_REQUESTS = [
    "churn.view_disconnectionrequest",
    "churn.add_disconnectionrequest",
    "churn.change_disconnectionrequest",
]
# The call centre takes requests down; it does not work them.
TAKE_REQUESTS = ["churn.view_disconnectionrequest", "churn.add_disconnectionrequest"]
DIAGNOSTICS = ["churn.view_diagnostics"]

PERMISSIONS = {
    "head_of_retention": VIEW_CLASSIFIER
    + WORK_REQUESTS
    + KEEP_CLASSIFIER
    + DIAGNOSTICS
    + ["churn.delete_disconnectionrequest"],
    "retention_manager": VIEW_CLASSIFIER + WORK_REQUESTS + DIAGNOSTICS,
    "call_centre_agent": VIEW_CLASSIFIER + TAKE_REQUESTS,
    "debt_agent": VIEW_CLASSIFIER,
    "b2b_manager": VIEW_CLASSIFIER + WORK_REQUESTS + DIAGNOSTICS,
    "analyst": VIEW_CLASSIFIER + ["churn.view_disconnectionrequest"] + DIAGNOSTICS,
}

# A retention manager's day is the disconnection requests they work (a B2B manager's, after contracts' renewals).
START = {
    "retention_manager": ("churn:disconnectionrequest_list", 50),
    "b2b_manager": ("churn:disconnectionrequest_list", 40),
}
