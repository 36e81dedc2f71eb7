"""Who works which work lists: agents work the items of their lists that are theirs or nobody's; the head and the
retention managers plan the lists and give any item to anyone (manage_workitem)."""

from .choices import WorkList

VIEW = ["worklists.view_workitem", "worklists.view_campaign"]
WORK = ["worklists.change_workitem"]
PLAN = ["worklists.add_workitem", "worklists.add_campaign", "worklists.change_campaign", "worklists.manage_workitem"]


def lists(*values: str) -> list[str]:
    """The permissions to work these lists (all of them when none is named)."""
    return [f"worklists.work_{value}" for value in values or WorkList.values]


PERMISSIONS = {
    "head_of_retention": VIEW + WORK + PLAN + lists(),
    "retention_manager": VIEW + WORK + PLAN + lists(),
    "call_centre_agent": VIEW
    + WORK
    + lists(WorkList.HOT, WorkList.WARM, WorkList.WINBACK, WorkList.DETRACTOR, WorkList.CALL_BACK),
    # Blocked and non-paying subscribers (warm churn) only.
    "debt_agent": VIEW + WORK + lists(WorkList.WARM),
    "b2b_manager": VIEW + WORK + [p for p in lists() if p != "worklists.work_warm"],
    "analyst": VIEW,
}

# The debt agent works blocked and non-paying subscribers: the warm list is their day's work.
START = {
    "call_centre_agent": ("worklists:my_work", 40),
    "debt_agent": ("worklists:warm", 50),
    "retention_manager": ("worklists:my_work", 40),
}
