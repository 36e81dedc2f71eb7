"""What each role may do in the retention toolkit (added to staff.roles.ROLES by sync_roles)."""

VIEW = [
    "retention.view_measure",
    "retention.view_matrixentry",
    "retention.view_retentionoffer",
    "retention.view_holdoutpolicy",
    "retention.view_retentionassignment",
]
WORK = ["retention.add_retentionoffer"]
# What retention costs and brings (measure and offer costs, revenue kept, the effectiveness report): not for agents.
COSTS = ["retention.view_costs"]
ECONOMICS = [
    "retention.view_retentionplan",
    "retention.view_bonusscheme",
    "staff.view_employee",
    "staff.view_timeentry",
]
KEEP = [
    "retention.add_measure",
    "retention.change_measure",
    "retention.add_matrixentry",
    "retention.change_matrixentry",
    "retention.delete_matrixentry",
    "retention.add_holdoutpolicy",
    "retention.change_holdoutpolicy",
    "retention.add_retentionplan",
    "retention.change_retentionplan",
    "retention.add_bonusscheme",
    "retention.change_bonusscheme",
    "retention.grant_any_measure",
    "staff.add_employee",
    "staff.change_employee",
]

PERMISSIONS = {
    "head_of_retention": VIEW + WORK + COSTS + ECONOMICS + KEEP,
    "retention_manager": VIEW + WORK + COSTS,
    "b2b_manager": VIEW + WORK + COSTS,
    "call_centre_agent": ["retention.view_measure", "retention.view_matrixentry", "retention.view_retentionoffer"],
    "analyst": VIEW + COSTS + ECONOMICS,
}
