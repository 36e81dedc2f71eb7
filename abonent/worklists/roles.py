VIEW = ["worklists.view_workitem", "worklists.view_campaign"]
WORK = ["worklists.change_workitem"]
PLAN = ["worklists.add_workitem", "worklists.add_campaign", "worklists.change_campaign"]

PERMISSIONS = {
    "head_of_retention": VIEW + WORK + PLAN,
    "retention_manager": VIEW + WORK + PLAN,
    "call_centre_agent": VIEW + WORK,
    "debt_agent": VIEW + WORK,
    "b2b_manager": VIEW + WORK,
    "analyst": VIEW,
}
