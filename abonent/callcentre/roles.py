"""Agents work the callback queue; the head sees everything and edits the policy; the analyst reads reports."""

VIEW = ["callcentre.view_callbacktask", "callcentre.view_callbackattempt", "callcentre.view_callbackpolicy"]
WORK = ["callcentre.change_callbacktask", "callcentre.add_callbackattempt"]
REPORTS = ["callcentre.view_callcentre_reports"]

PERMISSIONS = {
    "head_of_retention": VIEW + WORK + REPORTS + ["callcentre.manage_callbacktask", "callcentre.change_callbackpolicy"],
    "retention_manager": VIEW + WORK,
    "call_centre_agent": VIEW + WORK,
    "analyst": VIEW + REPORTS,
}

# An agent's day starts with the callback in hand (their work items are the next page: worklists' START).
START = {"call_centre_agent": ("callcentre:my_callback", 50)}
